"""The code generators under comparison: how to run each one, and how to judge its output.

Each `GeneratorTool` knows its command line for a (spec, output dir) pair, whether it is
installed, and how to check what it wrote: does the output import (Python) or parse
(TypeScript), how many mypy --strict / tsc --strict errors it has, and which schemas and
operations of the spec it silently left out.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import environment as env
from bench.measure import ProcessRun, run_process

MYPY_CONFIG = env.BENCH / "mypy-generated.ini"
FOREIGN_SDK_CONFIG = env.BENCH / "foreign-sdk-config.yaml"


@dataclass(frozen=True)
class OutputCheck:
    """What the generated code is worth, beyond how fast it came out."""

    loads: bool | None
    """Python: every module imports. TypeScript: tsc finds no syntax errors. None: not checked."""
    type_errors: int | None
    """mypy --strict or tsc --strict error count; None: not checked."""
    skipped_schemas: list[str]
    skipped_operations: list[str] | None
    """None for a models-only tool, which has no operations to skip."""
    detail: str = ""


@dataclass(frozen=True)
class SpecFacts:
    """The names a complete generator output must contain."""

    schema_names: list[str]
    operation_ids: list[str]
    routes: dict[str, tuple[str, str]] = field(default_factory=dict)
    """operationId → (METHOD, path)."""
    schema_titles: dict[str, str] = field(default_factory=dict)
    """Component name → its `title`, the other name a generator may give it (FastAPI's
    identical `X-Input`/`X-Output` twins both carry the title `X`)."""

    @classmethod
    def load(cls, spec_path: Path) -> SpecFacts:
        spec = yaml.load(
            spec_path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
        schemas = list(spec.get("components", {}).get("schemas", {}))
        routes = {
            str(op["operationId"]): (method.upper(), str(path))
            for path, item in spec.get("paths", {}).items()
            for method, op in item.items()
            if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace")
            and isinstance(op, dict)
            and "operationId" in op
        }
        titles = {
            name: str(schema["title"])
            for name, schema in spec.get("components", {}).get("schemas", {}).items()
            if isinstance(schema, dict) and isinstance(schema.get("title"), str)
        }
        return cls(schemas, list(routes), routes, titles)


def _normalise(name: str) -> str:
    """`Conversation-Input`, `ConversationInput` and `conversation_input` all compare equal."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


_TOKEN = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*|\"[^\"\\\n]{1,200}\"|'[^'\\\n]{1,200}'")


def _output_names(files: Iterable[Path]) -> set[str]:
    names: set[str] = set()
    for path in files:
        names.add(_normalise(path.stem))  # openapi-python-client: one module per operation
        text = path.read_text(errors="replace")
        names.update(_normalise(token.strip("\"'")) for token in _TOKEN.findall(text))
    return names


def missing_names(
    wanted: Iterable[str], files: Iterable[Path], aliases: dict[str, str] | None = None
) -> list[str]:
    """Names of the spec with no identifier or string key of that (normalised) name in the
    output: the schema or operation was dropped. A heuristic, but one that cannot report a
    skip that did not happen unless a tool renames a schema beyond recognition. `aliases`
    gives a second acceptable name (a schema's title)."""
    present = _output_names(files)
    # Our generator shortens over-long names and appends `H` + 8 hex digits of a hash
    # (`OpenAiResponseObjectListToolsInProgressH3db6ea63`): such a name stands for a schema
    # whose normalised name contains the shortened one's letters in order.
    shortened = [m.group(1) for name in present if (m := _HASH_SUFFIXED.fullmatch(name))]
    return [
        name
        for name in wanted
        if _normalise(name) not in present
        and _normalise((aliases or {}).get(name, name)) not in present
        and not any(_is_subsequence(short, _normalise(name)) for short in shortened)
    ]


_HASH_SUFFIXED = re.compile(r"([0-9a-z]{8,})h[0-9a-f]{8}")


def _is_subsequence(short: str, full: str) -> bool:
    letters = iter(full)
    return all(c in letters for c in short)


def missing_routes(facts: SpecFacts, sdk_dir: Path, code_files: list[Path]) -> list[str]:
    """operationIds whose `METHOD /path` is not in the SDK's api.md or whose quoted path
    literal is in none of its code files."""
    api_md = sdk_dir / "api.md"
    listing = api_md.read_text() if api_md.exists() else ""
    code = "\n".join(p.read_text(errors="replace") for p in code_files)
    return [
        op_id
        for op_id, (method, path) in facts.routes.items()
        if f"{method} {path}" not in listing
        or (f'"{path}"' not in code and f"'{path}'" not in code)
    ]


@dataclass(frozen=True)
class GeneratorTool:
    name: str
    language: str
    """"python", "typescript", or "python+typescript" for ours."""
    version: Callable[[], str | None]
    commands: Callable[[Path, Path], list[list[str]]]
    """(spec, out_dir) → the command lines that generate the output into out_dir."""
    check_output: Callable[[Path, SpecFacts, list[ProcessRun], bool], OutputCheck]
    """(out_dir, facts, the last runs' processes, type_check) → the verdict."""
    unavailable: Callable[[], str | None]
    """None when the tool can run, else why not."""
    models_only: bool = False
    env_extra: dict[str, str] = field(default_factory=dict)

    @property
    def single_language(self) -> bool:
        return "+" not in self.language


# ---------------------------------------------------------------------------------------
# Checking generated code


def python_import_check(
    package_root: Path, modules: list[str], timeout_s: float
) -> tuple[bool, str]:
    """Import every module of the generated package(s) in a fresh interpreter."""
    script = (
        "import importlib, pkgutil, sys\n"
        f"roots = {modules!r}\n"
        "for root in roots:\n"
        "    mod = importlib.import_module(root)\n"
        "    if hasattr(mod, '__path__'):\n"
        "        for info in pkgutil.walk_packages(mod.__path__, root + '.'):\n"
        "            importlib.import_module(info.name)\n"
    )
    run = run_process(
        [env.PYTHON, "-c", script],
        cwd=package_root,
        timeout_s=timeout_s,
        env=env.child_env(PYTHONPATH=str(package_root)),
    )
    return run.ok, "" if run.ok else f"import failed: {run.failure_excerpt(300)}"


def mypy_error_count(target: Path, cwd: Path, timeout_s: float) -> tuple[int | None, str]:
    run = run_process(
        [
            env.PYTHON,
            "-m",
            "mypy",
            "--config-file",
            str(MYPY_CONFIG),
            "--no-color-output",
            "--cache-dir",
            str(cwd / ".mypy_cache"),
            str(target),
        ],
        cwd=cwd,
        timeout_s=timeout_s,
        env=env.child_env(),
    )
    if run.timed_out:
        return None, f"mypy timed out after {timeout_s:.0f}s"
    errors = sum(1 for line in run.stdout.splitlines() if ": error: " in line)
    if run.returncode not in (0, 1) or (run.returncode == 1 and errors == 0):
        return None, f"mypy crashed: {run.failure_excerpt(300)}"
    return errors, ""


TSCONFIG: dict[str, Any] = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "Bundler",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "skipLibCheck": True,
        "types": ["node"],
        "typeRoots": [str(env.BENCH / "node_modules" / "@types")],
    },
    "include": ["**/*.ts"],
    "exclude": ["node_modules", "dist"],
}


def tsc_check(project_dir: Path, timeout_s: float) -> tuple[bool | None, int | None, str]:
    """(no syntax errors, tsc --strict error count, detail) for every .ts file under the dir."""
    tsc = env.node_bin("tsc")
    if tsc is None:
        return None, None, "tsc not installed: " + env.missing_node_tools_reason()
    config = project_dir / "tsconfig.bench.json"
    config.write_text(json.dumps(TSCONFIG, indent=2))
    run = run_process(
        [tsc, "-p", str(config), "--pretty", "false"],
        cwd=project_dir,
        timeout_s=timeout_s,
        env=env.child_env(),
    )
    if run.timed_out:
        return None, None, f"tsc timed out after {timeout_s:.0f}s"
    codes = re.findall(r"error TS(\d+):", run.stdout)
    syntax_errors = [c for c in codes if c.startswith("1")]  # TS1xxx: the parser's errors
    first = next((line for line in run.stdout.splitlines() if "error TS" in line), "")
    return not syntax_errors, len(codes), first[:300]


# ---------------------------------------------------------------------------------------
# The tools


def _spec_stem(spec: Path) -> str:
    return spec.stem.replace("-", "_")


def _ours_unavailable() -> str | None:
    if not (env.ROOT / "generator" / "__main__.py").exists():
        return "our generator (`python -m generator`) does not exist yet"
    return None


def _ours_config(spec: Path, root: Path = env.ROOT) -> Path:
    # sdks/config.yaml names our API's operations; a foreign spec gets a neutral config. Each
    # checkout uses its own copies, since the config format moves with the generator.
    if spec.resolve() == env.OUR_SPEC.resolve():
        return root / env.SDK_CONFIG.relative_to(env.ROOT)
    return root / FOREIGN_SDK_CONFIG.relative_to(env.ROOT)


def _ours_env(root: Path = env.ROOT) -> dict[str, str]:
    # Peers run with their output dir as cwd; ours must still import from the checkout.
    return {"PYTHONPATH": str(root)}


def _generator_commands(
    root: Path, one_process: bool = True
) -> Callable[[Path, Path], list[list[str]]]:
    """Our generator in the checkout at `root`, every shipped language into out/<lang>: one
    process sharing one load and one IR (`--lang` repeated), or, for a baseline revision
    whose CLI takes one language, one process per language."""

    def commands(spec: Path, out: Path) -> list[list[str]]:
        base = [
            env.PYTHON, "-m", "generator", "generate",
            "--spec", str(spec), "--config", str(_ours_config(spec, root)),
        ]
        if one_process:
            langs = [arg for lang in OURS_LANGUAGES for arg in ("--lang", lang)]
            return [[*base, *langs, "--out", str(out / "{lang}")]]
        return [[*base, "--lang", lang, "--out", str(out / lang)] for lang in OURS_LANGUAGES]

    return commands


def _registered_languages() -> tuple[str, ...]:
    """Every language the generator ships (its registry, read without importing it here)."""
    languages = env.ROOT / "generator" / "languages"
    return tuple(sorted(p.parent.name for p in languages.glob("*/backend.py")))


# The languages "ours" is measured with: every one we ship (issue 18), against peers that
# each produce one.
OURS_LANGUAGES = _registered_languages()
OURS_LABEL = "+".join(OURS_LANGUAGES)
_ours_commands = _generator_commands(env.ROOT)


def _shallowest_packages(root: Path) -> list[Path]:
    inits = sorted(root.rglob("__init__.py"), key=lambda p: (len(p.parts), str(p)))
    packages: list[Path] = []
    for init in inits:
        pkg = init.parent
        if not any(parent in packages for parent in pkg.parents):
            packages.append(pkg)
    return packages


def _check_ours(
    out: Path, facts: SpecFacts, runs: list[ProcessRun], type_check: bool
) -> OutputCheck:
    py_out, ts_out = out / "python", out / "typescript"
    details: list[str] = []
    packages = [p for p in _shallowest_packages(py_out) if "tests" not in p.parts]
    loads: bool | None = None
    errors: int | None = None
    if not packages:
        loads, details = False, ["no Python package in the output"]
    else:
        root = packages[0].parent
        loads, why = python_import_check(root, [p.name for p in packages if p.parent == root], 300)
        details.append(why)
        if type_check:
            errors, why = mypy_error_count(packages[0], root, 900)
            details.append(why)
    if type_check:
        ts_loads, ts_errors, why = tsc_check(ts_out, 900)
        details.append(f"tsc: {why}" if why else "")
        loads = None if loads is None or ts_loads is None else loads and ts_loads
        errors = None if errors is None or ts_errors is None else errors + ts_errors
    py_files = list(py_out.rglob("*.py"))
    ts_files = [p for p in ts_out.rglob("*.ts") if "node_modules" not in p.parts]
    # Ours must keep every schema and operation in *both* languages.
    skipped_schemas = sorted(
        set(missing_names(facts.schema_names, py_files, facts.schema_titles))
        | set(missing_names(facts.schema_names, ts_files, facts.schema_titles))
    )
    # Ours names methods by resource (`conversations.retrieve`), never by operationId, so an
    # operation counts as generated when its route is listed in api.md and its path literal
    # is in the code, in both languages.
    skipped_ops = sorted(
        set(missing_routes(facts, py_out, py_files)) | set(missing_routes(facts, ts_out, ts_files))
    )
    # The generator's summary line: "generated … N models, M operations, K warnings, 0.4s"
    warnings = sum(int(m) for r in runs for m in re.findall(r"(\d+) warnings", r.stdout))
    if warnings:
        details.append(f"{warnings} warning(s) on stderr")
    return OutputCheck(
        loads, errors, skipped_schemas, skipped_ops, "; ".join(d for d in details if d)
    )


def _opc_commands(spec: Path, out: Path) -> list[list[str]]:
    exe = env.python_script("openapi-python-client") or "openapi-python-client"
    return [
        [
            exe,
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out / "bench_client"),
            "--meta",
            "none",
        ]
    ]


_OPC_SKIPPED_SCHEMA = re.compile(
    r"^Unable to (?:parse|process) schema /components/schemas/(\S+?):?$", re.MULTILINE
)
_OPC_SKIPPED_OP = re.compile(
    r"^WARNING parsing (\S+) (\S+) within \S+\. Endpoint will not be generated", re.MULTILINE
)


def _check_opc(
    out: Path, facts: SpecFacts, runs: list[ProcessRun], type_check: bool
) -> OutputCheck:
    package = out / "bench_client"
    log = "\n".join(r.stdout + r.stderr for r in runs)
    files = list(package.rglob("*.py"))
    reported_schemas = set(_OPC_SKIPPED_SCHEMA.findall(log))
    reported_ops = {f"{m} {p}" for m, p in _OPC_SKIPPED_OP.findall(log)}
    loads, why = python_import_check(out, ["bench_client"], 300)
    details = [why]
    errors: int | None = None
    if type_check:
        errors, why = mypy_error_count(package, out, 900)
        details.append(why)
    skipped_ops = sorted(set(missing_names(facts.operation_ids, files)) | reported_ops)
    # Schema skips as the tool reports them: it inlines a oneOf schema as a Union of its
    # members instead of naming it, so a missing name is no evidence of a skip here.
    return OutputCheck(
        loads, errors, sorted(reported_schemas), skipped_ops, "; ".join(d for d in details if d)
    )


def _dmcg_commands(spec: Path, out: Path) -> list[list[str]]:
    exe = env.python_script("datamodel-codegen") or "datamodel-codegen"
    return [
        [
            exe,
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(out / "models.py"),
            "--output-model-type",
            "pydantic_v2.BaseModel",
        ]
    ]


def _check_dmcg(
    out: Path, facts: SpecFacts, runs: list[ProcessRun], type_check: bool
) -> OutputCheck:
    models = out / "models.py"
    if not models.exists():
        return OutputCheck(False, None, list(facts.schema_names), None, "no models.py written")
    loads, why = python_import_check(out, ["models"], 300)
    details = [why]
    errors: int | None = None
    if type_check:
        errors, why = mypy_error_count(models, out, 900)
        details.append(why)
    return OutputCheck(
        loads,
        errors,
        missing_names(facts.schema_names, [models], facts.schema_titles),
        None,
        "; ".join(d for d in details if d),
    )


def _node_tool_unavailable(binary: str) -> Callable[[], str | None]:
    def probe() -> str | None:
        if env.node_bin(binary) is None:
            return f"{binary} is not installed: {env.missing_node_tools_reason()}"
        return None

    return probe


def _ts_checker(subdir: str) -> Callable[[Path, SpecFacts, list[ProcessRun], bool], OutputCheck]:
    def check(out: Path, facts: SpecFacts, runs: list[ProcessRun], type_check: bool) -> OutputCheck:
        target = out / subdir
        files = [p for p in target.rglob("*.ts") if "node_modules" not in p.parts]
        if not files:
            return OutputCheck(
                False,
                None,
                list(facts.schema_names),
                list(facts.operation_ids),
                "no .ts files written",
            )
        loads: bool | None = None
        errors: int | None = None
        detail = ""
        if type_check:
            loads, errors, detail = tsc_check(target, 900)
        return OutputCheck(
            loads,
            errors,
            missing_names(facts.schema_names, files, facts.schema_titles),
            missing_names(facts.operation_ids, files),
            detail,
        )

    return check


def _openapi_typescript_commands(spec: Path, out: Path) -> list[list[str]]:
    return [
        [
            env.node_bin("openapi-typescript") or "openapi-typescript",
            str(spec),
            "-o",
            str(out / "schema" / "schema.ts"),
        ]
    ]


def _hey_api_commands(spec: Path, out: Path) -> list[list[str]]:
    return [
        [env.node_bin("openapi-ts") or "openapi-ts", "-i", str(spec), "-o", str(out / "client")]
    ]


def _python_tool_unavailable(dist: str, script: str) -> Callable[[], str | None]:
    def probe() -> str | None:
        if env.python_package_version(dist) is None or env.python_script(script) is None:
            return f"{dist} is not installed: `pip install -r bench/requirements.txt`"
        return None

    return probe


def baseline_tool(root: Path, revision: str) -> GeneratorTool:
    """Our generator as of `revision` (exported to `root`), run exactly like ours, so a change
    is measured side by side with what it replaces (`python -m bench --baseline REV`)."""
    return GeneratorTool(
        name=f"parley @ {revision}",
        language=OURS_LABEL,
        version=lambda: revision,
        commands=_generator_commands(root, one_process=False),
        check_output=_check_ours,
        unavailable=lambda: None if (root / "generator" / "__main__.py").exists() else (
            f"{revision} has no generator"
        ),
        env_extra=_ours_env(root),
    )


OURS = "parley (ours)"

TOOLS: tuple[GeneratorTool, ...] = (
    GeneratorTool(
        name=OURS,
        language=OURS_LABEL,
        version=env.our_generator_version,
        commands=_ours_commands,
        check_output=_check_ours,
        unavailable=_ours_unavailable,
        env_extra=_ours_env(),
    ),
    GeneratorTool(
        name="openapi-python-client",
        language="python",
        version=lambda: env.python_package_version("openapi-python-client"),
        commands=_opc_commands,
        check_output=_check_opc,
        unavailable=_python_tool_unavailable("openapi-python-client", "openapi-python-client"),
    ),
    GeneratorTool(
        name="datamodel-code-generator",
        language="python",
        version=lambda: env.python_package_version("datamodel-code-generator"),
        commands=_dmcg_commands,
        check_output=_check_dmcg,
        models_only=True,
        unavailable=_python_tool_unavailable("datamodel-code-generator", "datamodel-codegen"),
    ),
    GeneratorTool(
        name="openapi-typescript",
        language="typescript",
        version=lambda: env.node_package_version("openapi-typescript"),
        commands=_openapi_typescript_commands,
        check_output=_ts_checker("schema"),
        unavailable=_node_tool_unavailable("openapi-typescript"),
    ),
    GeneratorTool(
        name="@hey-api/openapi-ts",
        language="typescript",
        version=lambda: env.node_package_version("@hey-api/openapi-ts"),
        commands=_hey_api_commands,
        check_output=_ts_checker("client"),
        unavailable=_node_tool_unavailable("openapi-ts"),
    ),
)


def reset_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
