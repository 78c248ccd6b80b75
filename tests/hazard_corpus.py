"""The hazard corpus: ONE table of hostile and malformed specs, run through every backend in
``generator.languages.BACKENDS`` by one harness (``tests/generator/test_hazard_corpus.py``).

A case is a fixture file (``tests/generator/fixtures/hazards/*``, plus the TypeScript-flavoured
``tests/sdk_typescript/fixtures/ts-hazards.yaml``) or an inline spec snippet. Its expected outcome
is either one exact error line (``#/pointer: message``; exit 2, nothing written) or generation,
with the exact warnings listed. A fixture file states its outcome in header comments:
``# expect-error: <pointer>: <message>`` and any number of ``# expect-warning: ...``.

Every generated SDK then goes through its language's own toolchain check (the one per-language
part: Python imports + ``mypy --strict``, TypeScript ``tsc --strict`` + import, Go
``gofmt -l`` + ``go vet``, Kotlin one ``-Werror`` Maven compile), and every
generated manifest (TOML, JSON) is parsed by a real parser.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.cli import main
from generator.load import MAX_DEPTH

ROOT = Path(__file__).resolve().parents[1]
HAZARDS = ROOT / "tests" / "generator" / "fixtures" / "hazards"
TS_HAZARDS = ROOT / "tests" / "sdk_typescript" / "fixtures" / "ts-hazards.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    """The spec itself (read from the fixture file, or the inline snippet)."""
    suffix: str = ".yaml"
    error: str | None = None
    """The error expected: an error line starts with ``#/pointer: message`` (the snippets give
    the whole line); None: the SDK is generated."""
    warnings: tuple[str, ...] = ()
    """Warnings expected (each exactly ``#/pointer: message``), when generated."""
    source: Path | None = None

    @property
    def key(self) -> str:
        """A unique, importable identifier per case (package names, folder names)."""
        return "".join(ch if ch.isalnum() else "_" for ch in self.name)


def _file_case(path: Path) -> Case:
    error, warnings = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# expect-error: "):
            error = line[len("# expect-error: "):]
        elif line.startswith("# expect-warning: "):
            warnings.append(line[len("# expect-warning: "):])
    return Case(path.stem, path.read_text(encoding="utf-8"), path.suffix, error,
                tuple(warnings), path)


HEAD = "openapi: 3.1.0\ninfo: {title: Snippet, version: '1'}\n"
OK = "      responses:\n        '200': {description: ok}\n"


def _op(body: str = "", responses: str = OK) -> str:
    return HEAD + "paths:\n  /a:\n    post:\n      operationId: a\n" + body + responses


def _json(document: object) -> str:
    return json.dumps(document)


def _doc(**extra: object) -> dict[str, object]:
    return {"openapi": "3.1.0", "info": {"title": "Snippet", "version": "1"}, "paths": {},
            **extra}


_LEVELS = "abcdefghi"
_BOMB = HEAD + "paths: {}\nx-a: &a [" + ", ".join(["x"] * 10) + "]\n" + "".join(
    f"x-{name}: &{name} [" + ", ".join([f"*{below}"] * 10) + "]\n"
    for below, name in zip(_LEVELS, _LEVELS[1:], strict=False)
)  # x-i expands to 10**9 scalars


def _nest(depth: int) -> object:
    value: object = []
    for _ in range(depth - 1):
        value = [value]
    return value


_DEEP = "/0" * MAX_DEPTH  # the pointer of the first container past the nesting cap, less one
_NOT_DEEP = f"nested more than {MAX_DEPTH} levels deep; refusing the document"

SNIPPETS: list[Case] = [
    # ---------------------------------------------------------------- the loader
    Case("snippet_duplicate_yaml_key", _op() + "    post:\n      operationId: b\n" + OK,
         error="#/paths/~1a/post: duplicate key 'post' (line 9 column 5)"),
    Case("snippet_duplicate_json_key",
         '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {'
         '"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}, '
         '"get": {"operationId": "b", "responses": {"200": {"description": "ok"}}}}}}',
         ".json", error="#/paths/~1a/get: duplicate key 'get'"),
    Case("snippet_yaml_alias_bomb", _BOMB,
         error="#/x-g/3: the document expands to more than 5,000,000 nodes "
               "(a YAML alias bomb?) (line 10 column 22)"),
    Case("snippet_recursive_yaml_alias", HEAD + "paths: {}\nx-loop: &loop [*loop]\n",
         error="#/x-loop/0: unknown or recursive YAML alias *loop (line 4 column 16)"),
    Case("snippet_deep_json_extension",
         _json(_doc(**{"x-deep": _nest(MAX_DEPTH + 10)})), ".json",
         error=f"#/x-deep{_DEEP[:-2]}: {_NOT_DEEP}"),
    Case("snippet_deeper_than_the_json_parser",
         '{"openapi": "3.1.0", "x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}", ".json",
         error=f"#: invalid JSON at line 1 column {31 + MAX_DEPTH}: {_NOT_DEEP}"),
    Case("snippet_deep_yaml_extension",
         HEAD + "paths: {}\nx-deep: " + "[" * 100_000 + "]" * 100_000 + "\n",
         error=f"#/x-deep{_DEEP[:-2]}: {_NOT_DEEP} (line 4 column {9 + MAX_DEPTH - 1})"),
    Case("snippet_infinite_yaml_number",
         HEAD + "paths: {}\ncomponents:\n  schemas:\n    N:\n      type: number\n"
         "      maximum: 1e400\n",
         error="#/components/schemas/N/maximum: number 1e400 is not a finite 64-bit float "
               "(line 8 column 16)"),
    Case("snippet_infinite_json_number",
         '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, '
         '"components": {"schemas": {"N": {"type": "number", "default": 1e400, '
         '"enum": [NaN]}}}}', ".json",
         error="#/components/schemas/N/default: number 1e400 is not a finite 64-bit float"),
    Case("snippet_lone_surrogate",
         '{"openapi": "3.1.0", "info": {"title": "T\\ud800", "version": "1"}, "paths": {'
         '"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", '
         '"content": {"application/json": {"schema": {"type": "string", '
         '"enum": ["x\\udfffy"]}}}}}}}}}', ".json",
         warnings=("#/info/title: lone UTF-16 surrogate \\ud800 replaced with U+FFFD",
                   "#/paths/~1a/get/responses/200/content/application~1json/schema/enum/0: "
                   "lone UTF-16 surrogate \\udfff replaced with U+FFFD")),
    Case("snippet_two_yaml_documents", HEAD + "paths: {}\n---\nopenapi: 3.1.0\n",
         error="#: a spec file must hold one YAML document (line 4 column 1)"),
    Case("snippet_unsupported_yaml_tag", HEAD + "paths: {}\nx-blob: !!binary aGk=\n",
         error="#/x-blob: unsupported YAML tag 'tag:yaml.org,2002:binary' (line 4 column 9)"),
    # ---------------------------------------------------------------- malformed shapes
    Case("snippet_response_content_not_a_mapping",
         _op(responses="      responses:\n        '200': {description: ok, content: 5}\n"),
         error="#/paths/~1a/post/responses/200/content: must be a mapping of media types"),
    Case("snippet_responses_not_a_mapping", _op(responses="      responses: [1]\n"),
         error="#/paths/~1a/post/responses: an operation needs a 'responses' mapping"),
    Case("snippet_response_not_a_mapping", _op(responses="      responses: {'200': 5}\n"),
         error="#/paths/~1a/post/responses/200: a response must be a mapping"),
    Case("snippet_parameter_media_not_a_mapping",
         _op("      parameters: [{name: q, in: query, content: {application/json: 5}}]\n")),
    Case("snippet_all_of_not_a_list",
         HEAD + "paths: {}\ncomponents:\n  schemas:\n    A: {allOf: {type: object}}\n",
         error="#/components/schemas/A/allOf: must be a list of schemas"),
    Case("snippet_all_of_part_not_a_mapping",
         HEAD + "paths: {}\ncomponents:\n  schemas:\n    A: {allOf: [5, {type: object}]}\n",
         error="#/components/schemas/A/allOf/0: an allOf part must be a mapping, got int"),
    Case("snippet_all_of_part_properties_not_a_mapping",
         HEAD + "paths: {}\ncomponents:\n  schemas:\n"
         "    A: {allOf: [{properties: [1]}, {type: object}]}\n",
         error="#/components/schemas/A/allOf/0/properties: must be a mapping"),
    Case("snippet_server_variables_not_a_mapping",
         HEAD + "servers:\n  - url: 'http://{h}/'\n    variables: [h]\n" + _op()[len(HEAD):],
         warnings=("#/servers/0/variables: must be a mapping; ignored",)),
    Case("snippet_schema_alias_of_itself",
         HEAD + "paths: {}\ncomponents:\n  schemas:\n"
         "    Self: {$ref: '#/components/schemas/Self'}\n",
         error="#/components/schemas/Self: schema is an alias of itself: Self -> Self"),
    Case("snippet_path_item_ref_not_a_mapping",
         HEAD + "paths:\n  /a: {$ref: '#/components/pathItems/P'}\n"
         "components:\n  pathItems:\n    P: 5\n",
         error="#/components/pathItems/P: a path item must be a mapping"),
    Case("snippet_webhooks_not_a_mapping", HEAD + "paths: {}\nwebhooks: [1]\n",
         error="#/webhooks: must be a mapping"),
    Case("snippet_missing_anchor",
         HEAD + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#nope'}\n",
         error="#/components/schemas/A/$ref: $ref '#nope' names no $anchor in the document"),
]


def cases() -> list[Case]:
    files = sorted(p for p in HAZARDS.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    return [*(_file_case(p) for p in files), _file_case(TS_HAZARDS), *SNIPPETS]


@dataclass
class Outcome:
    case: Case
    lang: str
    out: Path
    returncode: int
    stdout: str
    stderr: str
    written: list[Path] = field(default_factory=list)


def python_config(case: Case) -> str:
    """A unique package per case, so one mypy run can check them all."""
    return (f"languages:\n  python: {{package_name: hz_{case.key}, "
            f"dist_name: hz-{case.key.replace('_', '-')}}}\n"
            f"  kotlin: {{package: hz.k_{case.key.lower()}}}\n")


def run(case: Case, lang: str, root: Path) -> Outcome:
    """Generate ``case`` with the ``lang`` backend, in-process, exactly as the CLI does."""
    specs = root / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    spec = specs / f"{case.key}{case.suffix}"
    spec.write_text(case.text, encoding="utf-8")
    config = specs / f"{case.key}.config.yaml"
    config.write_text(python_config(case), encoding="utf-8")
    out = root / "out" / case.key
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        returncode = main(["generate", "--spec", str(spec), "--config", str(config),
                           "--lang", lang, "--out", str(out)])
    written = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
    return Outcome(case, lang, out, returncode, stdout.getvalue(), stderr.getvalue(), written)


# ------------------------------------------------------------------ the per-language toolchains


def check_python(generated: list[Outcome], work: Path) -> Path:
    """Every package imports (every module) without side effects; one ``mypy --strict`` run."""
    for outcome in generated:
        package = f"hz_{outcome.case.key}"
        code = (
            "import importlib, pkgutil, sys\n"
            f"sys.path.insert(0, {str(outcome.out / 'src')!r})\n"
            f"import {package}\n"
            f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
            "    importlib.import_module(m.name)\n"
        )
        scratch = work / "import-cwd"
        scratch.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([sys.executable, "-c", code], cwd=scratch, capture_output=True,
                                text=True, timeout=120, check=False)
        assert result.returncode == 0, (outcome.case.name, result.stderr)
        assert result.stdout == "" and result.stderr == "", outcome.case.name
        assert list(scratch.iterdir()) == [], outcome.case.name
    assert not Path("/tmp/pwned").exists()
    targets = [str(p) for o in generated for p in (o.out / "src").iterdir() if p.is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental",
         "--cache-dir", str(work / "mypy-cache"), *targets],
        capture_output=True, text=True, timeout=1800, check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return work


def check_typescript(generated: list[Outcome], work: Path) -> Path:
    """Every SDK compiles in one strict ``tsc`` run (the SDK's own tsconfig, emitting ES modules
    to ``work/out/<case>``) and imports without side effects. Returns ``work``."""
    from tests.sdk_typescript import toolchain

    config = json.loads((ROOT / "templates" / "typescript" / "static" / "tsconfig.json")
                        .read_text(encoding="utf-8"))
    config["compilerOptions"].update({"noEmit": False, "rootDir": str(generated[0].out.parent),
                                      "outDir": str(work / "out")})
    config["include"] = [f"{o.out}/src/**/*.ts" for o in generated]
    work.mkdir(parents=True, exist_ok=True)
    (work / "tsconfig.json").write_text(json.dumps(config, indent=2))
    toolchain.tsc(work / "tsconfig.json")
    (work / "out" / "package.json").write_text('{"type": "module"}\n')
    script = work / "import-all.mjs"
    script.write_text(
        "const before = new Set(Object.getOwnPropertyNames(globalThis));\n"
        f"for (const name of {json.dumps([o.out.name for o in generated])}) {{\n"
        "  const sdk = await import(`./out/${name}/src/index.js`);\n"
        "  if (typeof sdk.APIError !== 'function') throw new Error(`${name}: no APIError`);\n"
        "}\n"
        "const added = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k));\n"
        "console.log(JSON.stringify(added));\n"
    )
    proc = toolchain.node([str(script)], work)
    assert json.loads(proc.stdout) == [], proc.stdout
    return work


def check_go(generated: list[Outcome], work: Path) -> Path:
    """Every module is gofmt-clean as written and passes ``go vet ./...`` (which builds it),
    with the installed toolchain and no downloads; no NUL or bidi control reaches a Go file."""
    from tests.sdk_go import toolchain

    bidi = {chr(c) for c in [0, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    for outcome in generated:
        assert toolchain.gofmt_unclean(outcome.out) == [], outcome.case.name
        toolchain.go("vet", "./...", cwd=outcome.out)
        for path in outcome.written:
            if path.suffix == ".go":
                assert not bidi & set(path.read_text(encoding="utf-8")), path
    work.mkdir(parents=True, exist_ok=True)
    return work


def check_kotlin(generated: list[Outcome], work: Path) -> Path:
    """Every project compiles with -Werror, all in ONE Maven run (each in its own package);
    no NUL or bidi control reaches a Kotlin file."""
    from tests.sdk_kotlin import toolchain

    bidi = {chr(c) for c in [0, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    for outcome in generated:
        for path in outcome.written:
            if path.suffix in (".kt", ".kts"):
                assert not bidi & set(path.read_text(encoding="utf-8")), path
    toolchain.compile_all([o.out for o in generated], work)
    return work


TOOLCHAINS: dict[str, Callable[[list[Outcome], Path], Path]] = {
    "go": check_go,
    "kotlin": check_kotlin,
    "python": check_python,
    "typescript": check_typescript,
}
"""Each backend's own check of what it generated (the only per-language part of the corpus)."""


class Corpus:
    """Runs the table through a backend once per test session, and its toolchain once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._outcomes: dict[str, list[Outcome]] = {}
        self._checked: dict[str, Path] = {}

    def outcomes(self, lang: str) -> list[Outcome]:
        if lang not in self._outcomes:
            self._outcomes[lang] = [run(case, lang, self.root / lang) for case in cases()]
        return self._outcomes[lang]

    def generated(self, lang: str) -> list[Outcome]:
        return [o for o in self.outcomes(lang) if o.returncode == 0]

    def checked(self, lang: str) -> Path:
        """The backend's toolchain check over every generated SDK; its work directory."""
        if lang not in self._checked:
            self._checked[lang] = TOOLCHAINS[lang](self.generated(lang),
                                                   self.root / f"{lang}-toolchain")
        return self._checked[lang]
