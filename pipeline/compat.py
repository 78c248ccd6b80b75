"""Compatibility by execution: does the last release's SDK still work against this server?

Run it (with the verdicts and the gate) as `python -m pipeline.verdict`.

Wire compatibility. The SDKs of the newest release are generated from its spec (with the
generator of the release tag ``v<version>`` when git has one, else the current generator;
the result says which) into ``.parley-cache/compat/<key>/``, keyed by release, spec and
generator, so a preview builds them once. The round-trip suite stored with the release
(``spec/released/roundtrip/<v>.yaml``: steps naming an operationId, its parameters and body,
and what to save from the response) is resolved against the released spec (method, path,
the status it promises, the response schema) and sent through each released SDK, via its
backend's ``wire_driver``, to the server of the checkout under review (``python -m app`` on
loopback). A step breaks on the wire when the status differs from the released one, the SDK
fails (a decode error), or the body no longer satisfies the released schema (a missing
required field, a wrong type). Unknown union variants, unknown enum values and extra
fields pass: the SDKs keep them (``spec/severity-levels.yaml``).

Nothing here names a language: the languages, their SDK directories, dependency installs,
compile commands and drivers come from the backend registry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.backend import Backend, Command
from generator.ir import json_kind
from generator.languages import BACKENDS
from pipeline import base_checkout
from pipeline.base_checkout import GitError
from pipeline.baselines import newest_release, release_version
from pipeline.specfile import SpecFileError, load_spec
from pipeline.stages import SDK_CONFIG

CACHE_DIR = Path(".parley-cache/compat")
SUITE_DIR = "roundtrip"
COMMAND_TIMEOUT_SECONDS = 600
STEP_TIMEOUT_SECONDS = 60
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][\w]*(?:\.[\w-]+)*)\}")
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# What a generator run reads: the cache key covers all of it.
_GENERATOR_INPUTS = ("generator", "templates")


class CompatError(Exception):
    """A suite or release that cannot be used; the message names the file and entry."""


# --------------------------------------------------------------------------- the suite


@dataclass(frozen=True)
class Step:
    name: str
    operation: str
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    save: str | None = None


@dataclass(frozen=True)
class Operation:
    """What the released spec promises for one operationId."""

    id: str
    method: str
    path: str
    status: int
    model: str | None
    schema: dict[str, Any] | None


def suite_path(release: Path) -> Path:
    return release.parent / SUITE_DIR / release.name


def load_suite(path: Path) -> list[Step]:
    try:
        document = load_spec(path)
    except SpecFileError as exc:
        raise CompatError(str(exc)) from exc
    entries = document.get("steps")
    if not isinstance(entries, list) or not entries:
        raise CompatError(f"{path}: `steps` must be a non-empty list")
    steps = []
    for index, entry in enumerate(entries):
        where = f"{path}: steps[{index}]"
        if not isinstance(entry, dict):
            raise CompatError(f"{where}: must be a mapping with name and operation")
        unknown = sorted(set(entry) - {"name", "operation", "path", "query", "body", "save"})
        if unknown:
            raise CompatError(f"{where}: unknown field(s) {', '.join(unknown)}")
        for key in ("name", "operation"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise CompatError(f"{where}.{key}: required, a non-empty string")
        for key in ("path", "query"):
            if not isinstance(entry.get(key, {}), dict):
                raise CompatError(f"{where}.{key}: must be a mapping")
        steps.append(
            Step(
                name=entry["name"],
                operation=entry["operation"],
                path=dict(entry.get("path") or {}),
                query=dict(entry.get("query") or {}),
                body=entry.get("body"),
                save=entry.get("save"),
            )
        )
    return steps


def released_operations(spec: dict[str, Any]) -> dict[str, Operation]:
    """Every operationId of the released spec with the status and body it promises."""
    found: dict[str, Operation] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in _METHODS:
            operation = (item or {}).get(method)
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            responses = operation.get("responses") or {}
            success = sorted(code for code in map(str, responses) if code.startswith("2"))
            status = int(success[0]) if success else 200
            schema = (
                ((responses.get(success[0]) or responses.get(int(success[0])) or {})
                 .get("content") or {}).get("application/json", {}).get("schema")
                if success else None
            )
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            found[operation["operationId"]] = Operation(
                id=operation["operationId"],
                method=method,
                path=path,
                status=status,
                model=ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None,
                schema=schema if isinstance(schema, dict) else None,
            )
    return found


def substitute(value: Any, saved: dict[str, Any]) -> Any:
    """``${name.field.0}`` from the saved responses; a whole-string placeholder keeps the
    value's JSON type. Raises KeyError naming the missing placeholder."""
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if not isinstance(value, str):
        return value
    whole = _PLACEHOLDER.fullmatch(value)
    if whole:
        return _lookup(whole.group(1), saved)
    return _PLACEHOLDER.sub(lambda m: str(_lookup(m.group(1), saved)), value)


def _lookup(dotted: str, saved: dict[str, Any]) -> Any:
    current: Any = saved
    for part in dotted.split("."):
        if isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        elif isinstance(current, dict) and part in current:
            current = current[part]
        else:
            raise KeyError(dotted)
    return current


def fill_path(template: str, values: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(name)
        return urllib.parse.quote(str(values[name]), safe="")

    return re.sub(r"\{([^}]+)\}", one, template)


# --------------------------------------------------------------------------- the schema check


def conformance_problems(
    value: Any, schema: Any, spec: dict[str, Any], where: str = ""
) -> list[str]:
    """Why `value` does not satisfy the released `schema`, as a client built from it sees it.

    Lenient where our SDKs are: extra fields, unknown enum values and unknown union
    variants (a discriminator tag the release did not know) pass.
    """
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        return conformance_problems(value, _resolve(schema["$ref"], spec), spec, where)
    if value is None and (schema.get("nullable") or _allows_null(schema)):
        return []
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return _union_problems(value, schema, key, spec, where)
    if "allOf" in schema:
        return [
            p for part in schema["allOf"] for p in conformance_problems(value, part, spec, where)
        ]
    expected = schema.get("type")
    if isinstance(expected, list):
        expected = next((t for t in expected if t != "null"), None)
    if expected is None and "properties" in schema:
        expected = "object"
    if expected and not _is_type(value, expected):
        return [f"{where or '/'}: expected {expected}, got {json_kind(value)}"]
    problems: list[str] = []
    if expected == "object" and isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}/{name}: required field missing")
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                problems += conformance_problems(value[name], sub, spec, f"{where}/{name}")
    elif expected == "array" and isinstance(value, list):
        for index, item in enumerate(value):
            problems += conformance_problems(item, schema.get("items"), spec, f"{where}/{index}")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where or '/'}: expected {schema['const']!r}, got {value!r}")
    return problems


def _union_problems(value: Any, schema: dict[str, Any], key: str, spec: dict[str, Any],
                    where: str) -> list[str]:
    variants = schema[key]
    discriminator = schema.get("discriminator") or {}
    tag_name = discriminator.get("propertyName")
    if tag_name and isinstance(value, dict):
        mapping = discriminator.get("mapping") or {}
        tag = value.get(tag_name)
        target = mapping.get(tag) if isinstance(tag, str) else None
        if target is None:
            target = next((v.get("$ref") for v in variants if isinstance(v, dict)
                           and _tag_of(v, tag_name, spec) == tag), None)
        if target is None:
            return []  # a variant this release does not know: decoded as the unknown variant
        return conformance_problems(value, {"$ref": target}, spec, where)
    attempts = [conformance_problems(value, v, spec, where) for v in variants]
    if any(not problems for problems in attempts):
        return []
    return min(attempts, key=len)


def _tag_of(variant: dict[str, Any], tag_name: str, spec: dict[str, Any]) -> Any:
    target = _resolve(variant["$ref"], spec) if "$ref" in variant else variant
    tag_schema = (target.get("properties") or {}).get(tag_name) or {}
    if "const" in tag_schema:
        return tag_schema["const"]
    enum = tag_schema.get("enum") or []
    return enum[0] if len(enum) == 1 else None


def _allows_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(isinstance(v, dict) and v.get("type") == "null"
               for v in schema.get("anyOf", []) + schema.get("oneOf", []))


def _resolve(ref: str, spec: dict[str, Any]) -> Any:
    current: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        current = current.get(part.replace("~1", "/").replace("~0", "~"), {})
    return current


def _is_type(value: Any, expected: str) -> bool:
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return json_kind(value) == expected


# --------------------------------------------------------------------------- release SDKs


@dataclass(frozen=True)
class ReleaseBuild:
    version: str
    root: Path
    """A directory laid out like a checkout: ``<root>/<backend.sdk_dir>`` per language."""
    generator: str
    """Which generator built it, in words, for the report."""
    key: str
    built: dict[str, str | None]
    """Per language: None when built (or cached), else why it could not be."""
    cached: bool
    build_seconds: dict[str, float] = field(default_factory=dict)
    """Per language built now (not from the cache): how long generating and compiling took."""


def _release_tag(root: Path, version: str) -> str | None:
    try:
        return base_checkout.resolve_commit(root, f"v{version}")
    except GitError:
        return None


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for top in _GENERATOR_INPUTS:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and "node_modules" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    config = root / SDK_CONFIG
    if config.is_file():
        digest.update(config.read_bytes())
    return digest.hexdigest()


def build_release_sdks(
    root: Path, release: Path, languages: Sequence[str], python: str = sys.executable,
    cache: Path | None = None,
) -> ReleaseBuild:
    """The released SDKs, from the cache or built now (see the module docstring)."""
    version = str(release_version(release))
    tag = _release_tag(root, version)
    generator_note = (
        f"the generator of release tag v{version} ({tag[:12]})" if tag
        else f"the current generator (no release tag v{version} is recorded)"
    )
    source = tag or _fingerprint(root)
    key_digest = hashlib.sha256(release.read_bytes() + b"\0" + source.encode()).hexdigest()
    key = f"{version}-{key_digest[:16]}"
    build_root = (cache or root / CACHE_DIR) / key
    built: dict[str, str | None] = {}
    build_seconds: dict[str, float] = {}
    all_cached = True
    with contextlib.ExitStack() as stack:
        generator_root: Path | None = None
        for language in languages:
            backend = BACKENDS[language]
            marker = build_root / f"{language}.built"
            if marker.is_file():
                built[language] = None
                continue
            all_cached = False
            if generator_root is None:
                generator_root = (
                    stack.enter_context(base_checkout.worktree(root, tag)) if tag else root
                )
            started = time.monotonic()
            built[language] = _build_one(backend, root, generator_root, release, build_root,
                                         python)
            build_seconds[language] = time.monotonic() - started
            if built[language] is None:
                marker.write_text(generator_note + "\n", encoding="utf-8")
    return ReleaseBuild(version, build_root, generator_note, key, built, all_cached,
                        build_seconds)


def _build_one(backend: Backend, root: Path, generator_root: Path, release: Path,
               build_root: Path, python: str, compile_sdk: bool = True) -> str | None:
    """Generate `backend`'s SDK from `release` into ``build_root/<sdk_dir>``, with the
    dependencies of `root`'s copy (borrowed when the lockfiles match) and, for programs to
    load it, compiled. Returns why it failed, or None."""
    sdk = build_root / backend.sdk_dir
    build_root.mkdir(parents=True, exist_ok=True)
    generate = [python, "-m", "generator", "generate", "--spec", str(release.resolve()),
                "--config", str((generator_root / SDK_CONFIG).resolve()),
                "--lang", backend.name, "--out", str(sdk)]
    failure = _run(generate, generator_root)
    if failure:
        return f"generating the released SDK failed: {failure}"
    borrowed = True
    for install in backend.setup:
        if install.installs is None:
            continue
        directory, lockfile = install.installs
        ours, theirs = root / lockfile, build_root / lockfile
        target = build_root / directory
        # Borrow only a finished install (an empty or stale directory would break the build).
        if install.up_to_date(root) and ours.is_file() and theirs.is_file() and (
            ours.read_bytes() == theirs.read_bytes()
        ):
            if not target.exists():
                target.symlink_to((root / directory).resolve(), target_is_directory=True)
        else:
            borrowed = False
    commands: list[Command] = [*(() if borrowed else backend.setup),
                               *(backend.compile if compile_sdk else ())]
    for command in commands:
        argv = command.expand(python=python, spec="", config="", dist="", junit="")
        failure = _run(argv, build_root / command.cwd)
        if failure:
            return f"`{' '.join(command.argv)}` failed: {failure}"
    return None


def build_sdk(root: Path, spec: Path, language: str, dest: Path,
              python: str = sys.executable) -> str | None:
    """The SDK `spec` generates with this checkout's generator, in ``dest/<sdk_dir>`` (for a
    fixture's "new" SDK); returns why it failed, or None."""
    return _build_one(BACKENDS[language], root, root, spec, dest, python, compile_sdk=False)


def _run(argv: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, errors="replace",
                              timeout=COMMAND_TIMEOUT_SECONDS, check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
    return f"exit {done.returncode}: " + " | ".join(tail)


# --------------------------------------------------------------------------- the server


def default_server(python: str = sys.executable) -> list[str]:
    """`python -m app` on loopback with a throwaway SQLite database; {port} and {db} filled in."""
    return [python, "-m", "app", "--host", "127.0.0.1", "--port", "{port}",
            "--database-url", "sqlite+aiosqlite:///{db}"]


@contextlib.contextmanager
def serve(root: Path, argv: Sequence[str], timeout: float = 30) -> Iterator[str]:
    """Start the checkout's server; yield its base URL; stop it on exit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="parley-compat-") as scratch:
        values = {"port": str(port), "db": str(Path(scratch) / "compat.db")}
        command = [arg.format(**values) for arg in argv]
        log = open(Path(scratch) / "server.log", "w+", encoding="utf-8")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(root)})
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise CompatError(f"the server `{' '.join(command)}` exited:\n{log.read()}")
                try:
                    urllib.request.urlopen(base_url + "/openapi.json", timeout=2).close()
                    break
                except urllib.error.HTTPError:
                    break  # it answers
                except OSError:
                    if time.monotonic() > deadline:
                        raise CompatError(f"the server did not start within {timeout}s") from None
                    time.sleep(0.1)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


# --------------------------------------------------------------------------- the wire run


@dataclass(frozen=True)
class WireFinding:
    step: str
    request: str
    """``METHOD /path`` as sent, plus the body when there was one."""
    operation: str
    expected: int
    status: int | None
    problem: str
    response: str
    """The response body (shortened), for the report."""

    def describe(self) -> str:
        got = f"got {self.status}" if self.status is not None else "no response"
        return (f"{self.step}: {self.request} → expected {self.expected}, {got}: "
                f"{self.problem}; response: {self.response}")

    def to_json(self) -> dict[str, object]:
        return {"step": self.step, "operation": self.operation, "request": self.request,
                "expected_status": self.expected, "status": self.status,
                "problem": self.problem, "response": self.response}


@dataclass
class WireResult:
    language: str
    status: str  # "ok" | "break" | "error" (could not run: no verdict)
    passed: list[str] = field(default_factory=list)
    """Operation ids whose every step passed."""
    findings: list[WireFinding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def broken_operations(self) -> set[str]:
        return {f.operation for f in self.findings}

    def to_json(self) -> dict[str, object]:
        return {"language": self.language, "status": self.status, "passed": self.passed,
                "findings": [f.to_json() for f in self.findings], "skipped": self.skipped,
                "error": self.error}


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_wire(
    backend: Backend, sdk: Path, base_url: str, steps: list[Step], spec: dict[str, Any],
    root: Path, python: str = sys.executable,
) -> WireResult:
    """Send every step through one released SDK; each failing step is a finding."""
    result = WireResult(language=backend.name, status="ok")
    if backend.wire_driver is None:
        return WireResult(backend.name, "error", error="its backend has no wire_driver")
    operations = released_operations(spec)
    command = backend.wire_driver
    argv = command.expand(python=python, sdk=str(sdk), base_url=base_url, spec="", config="",
                          dist="", junit="")
    process = subprocess.Popen(argv, cwd=root / command.cwd, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None
    saved: dict[str, Any] = {}
    failed_ops: set[str] = set()
    seen_ops: list[str] = []
    try:
        for step in steps:
            operation = operations.get(step.operation)
            if operation is None:
                raise CompatError(f"step {step.name!r}: the released spec has no operationId "
                                  f"{step.operation!r}")
            if operation.id not in seen_ops:
                seen_ops.append(operation.id)
            try:
                path = fill_path(operation.path, substitute(step.path, saved))
                query = substitute(step.query, saved)
                body = substitute(step.body, saved)
            except KeyError as exc:
                result.skipped.append(f"{step.name}: needs {exc.args[0]} from a failed step")
                continue
            request = {"method": operation.method, "path": path, "query": query or None,
                       "body": body, "model": operation.model}
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
            if not line:
                errors = process.stderr.read() if process.stderr else ""
                raise CompatError(f"the driver exited: {errors[-2000:]}")
            answer = json.loads(line)
            problem = _judge(answer, operation, spec)
            described = f"{operation.method.upper()} {path}" + (
                f"?{urllib.parse.urlencode(query, doseq=True)}" if query else ""
            ) + (f" {_short(body, 200)}" if body is not None else "")
            if problem:
                failed_ops.add(operation.id)
                result.findings.append(WireFinding(
                    step=step.name, request=described, operation=operation.id,
                    expected=operation.status, status=answer.get("status"), problem=problem,
                    response=_short(answer.get("body")),
                ))
            if step.save and answer.get("status") == operation.status:
                # Saved even when it does not decode: later steps need its ids, and this
                # step's finding is already recorded.
                saved[step.save] = answer.get("body")
    except (CompatError, OSError, json.JSONDecodeError) as exc:
        return WireResult(backend.name, "error", error=str(exc))
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()
        try:
            process.wait(timeout=STEP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    result.passed = [op for op in seen_ops if op not in failed_ops]
    result.status = "break" if result.findings else "ok"
    return result


def _judge(answer: dict[str, Any], operation: Operation, spec: dict[str, Any]) -> str | None:
    if answer.get("status") != operation.status:
        return (f"changed status (the release promises {operation.status})"
                if answer.get("status") is not None else f"request failed: {answer.get('error')}")
    if answer.get("error"):
        return f"the released SDK cannot decode the response: {answer['error']}"
    if operation.schema is not None:
        problems = conformance_problems(answer.get("body"), operation.schema, spec)
        if problems:
            return "the response no longer fits the released model: " + "; ".join(problems[:5])
    return None


# --------------------------------------------------------------------------- source compatibility


@dataclass(frozen=True)
class SourceFinding:
    snippet: str
    """The corpus file, e.g. ``op_retrieveConversationItem.py`` or ``example_2.ts``."""
    operation: str | None
    """The operationId the snippet uses (None for a README example)."""
    errors: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"snippet": self.snippet, "operation": self.operation,
                "errors": list(self.errors)}


@dataclass
class SourceResult:
    language: str
    status: str  # "ok" | "break" | "error"
    checked: list[str] = field(default_factory=list)
    findings: list[SourceFinding] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    """Snippets that fail against the release's own SDK too: no evidence either way."""
    error: str | None = None

    @property
    def broken_operations(self) -> set[str]:
        return {f.operation for f in self.findings if f.operation}

    def to_json(self) -> dict[str, object]:
        return {"language": self.language, "status": self.status, "checked": self.checked,
                "findings": [f.to_json() for f in self.findings], "excluded": self.excluded,
                "error": self.error}


_FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def readme_examples(sdk: Path, fence: str) -> list[str]:
    """The code blocks of the SDK's README.md and api.md fenced as `fence`."""
    found = []
    for name in ("README.md", "api.md"):
        path = sdk / name
        if fence and path.is_file():
            found += [m.group(2) for m in _FENCE.finditer(path.read_text(encoding="utf-8"))
                      if m.group(1) == fence]
    return found


def consumer_corpus(backend: Backend, release: Path, config: Path,
                    release_sdk: Path) -> dict[str, str]:
    """The release's corpus: the backend's snippets per operation of the released spec,
    plus the released SDK's README/api.md examples."""
    from generator.build_ir import build_ir
    from generator.config import load_config
    from generator.diagnostics import Diagnostics, GenerationError
    from generator.load import load_spec as load_generator_spec

    assert backend.consumer_corpus is not None
    diagnostics = Diagnostics()
    try:
        sdk_config = load_config(config, diagnostics)
        loaded = load_generator_spec(release, diagnostics)
        ir = build_ir(loaded.document, sdk_config, diagnostics, spec_sha256=loaded.sha256,
                      generator_version="compat")
        diagnostics.raise_if_errors()
    except GenerationError as exc:
        raise CompatError(f"{release}: " + "; ".join(d.format() for d in exc.diagnostics)) from exc
    files = backend.consumer_corpus(ir, sdk_config)
    for index, code in enumerate(readme_examples(release_sdk, backend.example_fence), 1):
        wrap = backend.example_wrapper
        text = wrap(index, code, sdk_config) if wrap else code
        files[f"example_{index}{backend.corpus_suffix}"] = text
    return files


def _snippets(files: dict[str, str], backend: Backend) -> list[str]:
    return sorted(n for n in files if backend.corpus_suffix and n.endswith(backend.corpus_suffix))


def type_check(backend: Backend, files: dict[str, str], sdk: Path, corpus_dir: Path,
               root: Path, python: str = sys.executable) -> tuple[dict[str, list[str]], str | None]:
    """Write the corpus for `sdk` into `corpus_dir` and run the backend's checker: the
    errors per snippet, and a problem when the checker failed without naming a snippet."""
    if corpus_dir.exists():
        for old in corpus_dir.iterdir():
            if old.is_file():
                old.unlink()
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (corpus_dir / name).write_text(text.replace("@SDK_DIR@", str(sdk)), encoding="utf-8")
    values = dict(python=python, corpus=str(corpus_dir), sdk=str(sdk), spec="", config="",
                  dist="", junit="")
    snippets = _snippets(files, backend)
    is_error = re.compile(backend.source_error)
    errors: dict[str, list[str]] = {}
    for command in backend.source_check:
        argv = command.expand(**values)
        cwd = Path(command.cwd.format(**values))
        env = {**os.environ, **{k: v.format(**values) for k, v in command.env.items()}}
        try:
            done = subprocess.run(argv, cwd=cwd if cwd.is_absolute() else root / cwd, env=env,
                                  capture_output=True, text=True, errors="replace",
                                  timeout=COMMAND_TIMEOUT_SECONDS, check=False)
        except (FileNotFoundError, subprocess.TimeoutExpired) as exc:
            return errors, f"`{' '.join(command.argv)}`: {exc}"
        output = done.stdout + done.stderr
        named = False
        for line in output.splitlines():
            snippet = next((n for n in snippets if line.startswith(n) or f"/{n}" in line), None)
            if snippet and is_error.search(line):
                named = True
                message = _with_source(line.strip(), snippet, files[snippet])
                where = message.rpartition(" — in ")[2]
                # One error per line of user code: a union yields one per member.
                if not any(e.endswith(f" — in {where}") for e in errors.get(snippet, [])):
                    errors.setdefault(snippet, []).append(message)
        if done.returncode != 0 and not named:
            tail = " | ".join(output.strip().splitlines()[-5:])
            return errors, f"`{' '.join(command.argv)}` exited {done.returncode}: {tail}"
    return errors, None


def _with_source(line: str, snippet: str, text: str) -> str:
    """The checker's message and the user code it is about (`file:12:` or `file(12,9)`)."""
    found = re.search(rf"{re.escape(snippet)}[:(](\d+)", line)
    lines = text.splitlines()
    if found and 0 < int(found.group(1)) <= len(lines):
        return f"{line} — in `{lines[int(found.group(1)) - 1].strip()}`"
    return line


def run_source(backend: Backend, build: ReleaseBuild, release: Path, new_sdk: Path,
               root: Path, work: Path, python: str = sys.executable) -> SourceResult:
    """Type-check the release's corpus against `new_sdk`; a snippet that compiled against the
    release's own SDK (checked once per cache key) and fails now is a source break."""
    if backend.consumer_corpus is None or not backend.source_check:
        return SourceResult(backend.name, "error", error="its backend has no consumer corpus")
    release_sdk = build.root / backend.sdk_dir
    try:
        files = consumer_corpus(backend, release, root / SDK_CONFIG, release_sdk)
    except CompatError as exc:
        return SourceResult(backend.name, "error", error=str(exc))
    # Which snippets compile against the release itself, cached per corpus content.
    corpus_key = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    baseline_file = build.root / f"{backend.name}.source-baseline-{corpus_key}.json"
    if baseline_file.is_file():
        baseline = json.loads(baseline_file.read_text(encoding="utf-8"))
    else:
        failing, problem = type_check(backend, files, release_sdk,
                                      build.root / "corpus" / backend.name, root, python)
        if problem:
            return SourceResult(backend.name, "error",
                                error=f"the corpus does not check against the release: {problem}")
        baseline = sorted(failing)
        baseline_file.write_text(json.dumps(baseline), encoding="utf-8")
    errors, problem = type_check(backend, files, new_sdk, work / backend.name, root, python)
    if problem:
        return SourceResult(backend.name, "error", error=problem)
    result = SourceResult(backend.name, "ok", excluded=list(baseline))
    operation_of = {f"op_{op}{backend.corpus_suffix}": op
                    for op in (n.removeprefix("op_").removesuffix(backend.corpus_suffix)
                               for n in files if n.startswith("op_"))}
    for snippet in _snippets(files, backend):
        if snippet in baseline:
            continue
        result.checked.append(snippet)
        if snippet in errors:
            result.findings.append(SourceFinding(snippet, operation_of.get(snippet),
                                                 tuple(errors[snippet][:10])))
    result.status = "break" if result.findings else "ok"
    return result


# --------------------------------------------------------------------------- both checks


@dataclass
class CompatRun:
    release: str
    generator: str
    cache_key: str
    cached: bool
    suite: str
    wire: dict[str, WireResult]
    source: dict[str, SourceResult]
    seconds: float
    timings: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per language: the seconds of its ``build`` (when not cached), ``wire`` and ``source``
    runs: what the check adds to a preview for that language."""

    def to_json(self) -> dict[str, object]:
        return {"release": self.release, "generator": self.generator,
                "cache_key": self.cache_key, "cached": self.cached, "suite": self.suite,
                "seconds": round(self.seconds, 2),
                "timings": {lang: {k: round(v, 2) for k, v in t.items()}
                            for lang, t in self.timings.items()},
                "wire": {k: v.to_json() for k, v in self.wire.items()},
                "source": {k: v.to_json() for k, v in self.source.items()}}


def check_compatibility(
    root: Path,
    languages: Sequence[str],
    release: Path | None = None,
    server: Sequence[str] | None = None,
    new_sdks: dict[str, Path] | None = None,
    work: Path | None = None,
    python: str = sys.executable,
    cache: Path | None = None,
) -> CompatRun:
    """Build (or reuse) the released SDKs; run the release's suite through them against
    `server` (default: this checkout's app) and type-check the release's corpus against the
    new SDKs (default: this checkout's ``sdks/<lang>``)."""
    started = time.monotonic()
    release = release or newest_release(root / "spec/released")
    suite_file = suite_path(release)
    if not suite_file.is_file():
        raise CompatError(f"{suite_file}: the release has no round-trip suite")
    steps = load_suite(suite_file)
    try:
        spec = load_spec(release)
    except SpecFileError as exc:
        raise CompatError(str(exc)) from exc
    build = build_release_sdks(root, release, languages, python, cache)
    timings = {lang: ({"build": build.build_seconds[lang]} if lang in build.build_seconds
                      else {}) for lang in languages}
    work = work or root / "build/compat"
    wire: dict[str, WireResult] = {}
    with serve(root, server or default_server(python)) as base_url:
        for language in languages:
            problem = build.built.get(language)
            backend = BACKENDS[language]
            if problem:
                wire[language] = WireResult(language, "error", error=problem)
                continue
            started_wire = time.monotonic()
            wire[language] = run_wire(backend, build.root / backend.sdk_dir, base_url,
                                      steps, spec, root, python)
            timings[language]["wire"] = time.monotonic() - started_wire
    source: dict[str, SourceResult] = {}
    for language in languages:
        backend = BACKENDS[language]
        problem = build.built.get(language)
        if problem:
            source[language] = SourceResult(language, "error", error=problem)
            continue
        new_sdk = (new_sdks or {}).get(language) or root / backend.sdk_dir
        started_source = time.monotonic()
        source[language] = run_source(backend, build, release, new_sdk, root, work, python)
        timings[language]["source"] = time.monotonic() - started_source
    return CompatRun(str(release_version(release)), build.generator, build.key, build.cached,
                     _relative(suite_file, root), wire, source, time.monotonic() - started,
                     timings)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
