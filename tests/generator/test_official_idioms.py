"""User programs written the way the official (Stainless-built) SDKs' READMEs show it type-check
against our generated SDKs: narrowing a union by `type`, `for` over a list call, `async for` over
an async list, iterating a `stream=True` call (issue 12, Tests: official-idiom programs).

The programs are in tests/fixtures/idioms/. Python ones go through mypy --strict and pyright
strict; every line whose comment starts ``# error:`` must be reported by both checkers and no
other line may be, so a misuse that stops failing fails the test as surely as an idiom that
stops passing. TypeScript ones go through tsc with the SDK's own strict settings, each misuse
under a ``// @ts-expect-error`` that is also removed in turn to see that very line fail.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sdk_typescript import toolchain as ts_toolchain
from tests.third_party import LLAMA_STACK
from tests.toolchain import run

ROOT = Path(__file__).resolve().parents[2]
IDIOMS = ROOT / "tests" / "fixtures" / "idioms"
CONVERSATIONS = (ROOT / "spec" / "openapi.yaml", ROOT / "sdks" / "config.yaml")
ERROR_MARK = re.compile(r"#\s*error:")


def _generate(spec: Path, config: Path | None, lang: str, out: Path) -> Path:
    cmd = [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--lang", lang,
           "--out", str(out)]
    if config is not None:
        cmd += ["--config", str(config)]
    run(cmd, ROOT)
    return out


def _marked_lines(program: Path) -> set[int]:
    return {n for n, line in enumerate(program.read_text().splitlines(), 1)
            if ERROR_MARK.search(line)}


def _mypy_errors(program: Path, sdk_src: Path) -> set[int]:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental",
         "--no-error-summary", "--hide-error-context", str(program)],
        cwd=program.parent, env={"MYPYPATH": str(sdk_src), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=900, check=False,
    )
    lines: set[int] = set()
    for row in proc.stdout.splitlines():
        match = re.match(rf"^{re.escape(program.name)}:(\d+): error:", row)
        if match:
            lines.add(int(match.group(1)))
        elif ": error:" in row:  # an error outside the program (in the SDK) fails on its own
            raise AssertionError(proc.stdout[-4000:])
    assert proc.returncode in (0, 1), proc.stdout[-4000:] + proc.stderr[-2000:]
    return lines


def _pyright_errors(program: Path, sdk_src: Path) -> set[int]:
    pyright = shutil.which("pyright") or str(Path(sys.executable).parent / "pyright")
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10",
              "extraPaths": [str(sdk_src)], "include": [program.name]}
    (program.parent / "pyrightconfig.json").write_text(json.dumps(config))
    # The interpreter running the tests has pydantic and httpx, which the SDK imports.
    proc = subprocess.run([pyright, "--outputjson", "--pythonpath", sys.executable],
                          cwd=program.parent, capture_output=True, text=True, timeout=900,
                          check=False)
    report = json.loads(proc.stdout)
    lines: set[int] = set()
    for diag in report["generalDiagnostics"]:
        if diag["severity"] != "error":
            continue
        assert Path(diag["file"]).name == program.name, diag
        lines.add(diag["range"]["start"]["line"] + 1)
    return lines


def _check_python(program_name: str, sdk: Path, tmp_path: Path) -> None:
    program = tmp_path / program_name
    shutil.copy2(IDIOMS / program_name, program)
    expected = _marked_lines(program)
    assert expected, "a program without a misuse cannot fail"
    src = sdk / "src"
    mypy = _mypy_errors(program, src)
    assert mypy == expected, (
        f"mypy: unexpected errors on lines {sorted(mypy - expected)}, "
        f"misuses it accepted on lines {sorted(expected - mypy)}")
    pyright = _pyright_errors(program, src)
    assert pyright == expected, (
        f"pyright: unexpected errors on lines {sorted(pyright - expected)}, "
        f"misuses it accepted on lines {sorted(expected - pyright)}")


@pytest.fixture(scope="module")
def conversations_py(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(*CONVERSATIONS, "python", tmp_path_factory.mktemp("conv_py") / "sdk")


@pytest.fixture(scope="module")
def llama_py(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(LLAMA_STACK, None, "python", tmp_path_factory.mktemp("llama_py") / "sdk")


def test_conversations_python_idioms_type_check(conversations_py: Path, tmp_path: Path) -> None:
    _check_python("conversations_idioms.py", conversations_py, tmp_path)


def test_python_unknown_variant_is_kept_at_runtime_where_checkers_do_not_see_it(
        conversations_py: Path) -> None:
    """The other half of the trade-off: the union type checkers see lists the known members
    only, yet an unknown `type` still validates to the fallback member, reached by
    `is_unknown`, and re-encodes unchanged (never coerced into a known member)."""
    code = (
        "import pydantic, typing\n"
        "from parley_client import is_unknown\n"
        "from parley_client.types import ConversationItem, MessageItem, UnknownConversationItem\n"
        "raw = {'type': 'computer_call', 'id': 'cc_1', 'action': {'x': 1}}\n"
        "item = pydantic.TypeAdapter(ConversationItem).validate_python(raw)\n"
        "assert type(item) is UnknownConversationItem and is_unknown(item), item\n"
        "assert item.type == 'computer_call' and item.to_dict() == raw, item.to_dict()\n"
        "known = pydantic.TypeAdapter(ConversationItem).validate_python("
        "{'type': 'message', 'role': 'user', 'content': 'hi'})\n"
        "assert type(known) is MessageItem and not is_unknown(known)\n"
        "assert typing.get_origin(ConversationItem) is typing.Annotated\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(
        conversations_py / "src")}, capture_output=True, text=True, timeout=300, check=False)
    assert proc.stdout.strip() == "ok", proc.stderr[-3000:]


def test_conversations_readme_documents_the_narrowing_mechanism(conversations_py: Path) -> None:
    readme = (conversations_py / "README.md").read_text()
    section = readme[readme.index("### Narrowing unions by `type`"):]
    section = section[:section.index("\n## ")]
    assert "known** members only" in section
    assert "from parley_client import is_unknown" in section
    assert "assert_never" in section


@pytest.mark.slow
def test_llama_stack_python_idioms_type_check(llama_py: Path, tmp_path: Path) -> None:
    _check_python("llama_stack_idioms.py", llama_py, tmp_path)


def _compile_ts(sdk: Path, programs: list[Path]) -> str:
    """``programs`` beside the SDK's sources, type-checked together (one tsc run) with the SDK's
    strict tsconfig; the compiler's output."""
    for program in programs:
        shutil.copy2(program, sdk / program.name)
    config = json.loads((ROOT / "templates" / "typescript" / "static" / "tsconfig.json")
                        .read_text())
    config["compilerOptions"].update({"rootDir": ".", "noEmit": True})
    config["include"] = ["src", *(program.name for program in programs)]
    (sdk / "tsconfig.idioms.json").write_text(json.dumps(config, indent=2))
    modules = sdk / "node_modules"
    if not modules.exists():
        modules.symlink_to(ts_toolchain.ensure_tools(), target_is_directory=True)
    return ts_toolchain.tsc(sdk / "tsconfig.idioms.json", check=False).stdout


EXPECT_ERROR = "// @ts-expect-error"
TSC_ERROR = re.compile(r"^(\S+?)\((\d+),\d+\): error TS\d+:", re.MULTILINE)


def _check_typescript(program_name: str, sdk: Path, tmp_path: Path) -> None:
    """The program compiles, and each misuse is an error of its own: without its
    ``@ts-expect-error`` the line below it fails to compile. The program and each variant
    (one expectation removed) are modules of their own, checked in one tsc run."""
    source = (IDIOMS / program_name).read_text()
    lines = source.splitlines(keepends=True)
    marked = [n for n, line in enumerate(lines) if line.strip().startswith(EXPECT_ERROR)]
    assert len(marked) >= 3
    stem = program_name.removesuffix(".ts")
    variants: dict[str, int] = {}  # file name → the line that must fail
    for n in marked:
        variant = tmp_path / f"{stem}.without-{n + 1}.ts"
        variant.write_text("".join(lines[:n] + ["// (expectation removed)\n"] + lines[n + 1:]))
        variants[variant.name] = n + 2
    output = _compile_ts(sdk, [IDIOMS / program_name, *(tmp_path / v for v in variants)])
    errors = {(Path(file).name, int(line)) for file, line in TSC_ERROR.findall(output)}
    assert {file for file, _line in errors} <= set(variants), output[-3000:]
    for name, line in variants.items():
        assert (name, line) in errors, (name, line, output[-3000:])


def test_conversations_typescript_idioms_type_check(tmp_path: Path) -> None:
    sdk = _generate(*CONVERSATIONS, "typescript", tmp_path / "sdk")
    _check_typescript("conversations-idioms.ts", sdk, tmp_path)


@pytest.mark.slow
def test_llama_stack_typescript_idioms_type_check(llama_typescript: Path, tmp_path: Path) -> None:
    sdk = ts_toolchain.copy_sdk(llama_typescript, tmp_path / "sdk")  # the program goes beside it
    _check_typescript("llama-stack-idioms.ts", sdk, tmp_path)
