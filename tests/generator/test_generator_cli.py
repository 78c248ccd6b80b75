"""CLI behaviour: determinism, --check, clear errors with JSON pointers and no partial output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.languages import BACKENDS

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "sdks" / "config.yaml"


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def test_generation_is_byte_identical(tmp_path: Path) -> None:
    args = ["generate", "--spec", str(SPEC), "--config", str(CONFIG), "--lang", "python"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first == second
    banner = "generated"
    for rel, data in first.items():
        assert (
            banner in data.decode("utf-8").splitlines()[0].lower()
            or banner in data.decode("utf-8")[:200].lower()
        ), rel
    assert b"spec-sha256:" in first[".spec-hash"]


def test_noop_regeneration_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["generate", "--spec", str(SPEC), "--config", str(CONFIG), "--lang", "python"]
    out = tmp_path / "sdk"
    assert main([*args, "--out", str(out)]) == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    capsys.readouterr()
    assert main([*args, "--out", str(out)]) == 0
    assert "nothing written" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    (out / "README.md").write_text("edited by hand")
    assert main([*args, "--out", str(out)]) == 0
    assert "edited by hand" not in (out / "README.md").read_text()


def test_check_passes_on_committed_tree_and_fails_when_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["generate", "--spec", str(SPEC), "--config", str(CONFIG), "--lang", "python"]
    assert main([*args, "--out", str(ROOT / "sdks" / "python"), "--check"]) == 0
    stale = tmp_path / "python"
    shutil.copytree(ROOT / "sdks" / "python", stale)
    (stale / "api.md").write_text("edited\n")
    (stale / "extra.txt").write_text("x\n")
    capsys.readouterr()
    assert main([*args, "--out", str(stale), "--check"]) == 1
    err = capsys.readouterr().err
    assert "api.md" in err and "extra.txt" in err
    assert (stale / "api.md").read_text() == "edited\n"  # --check writes nothing


BROKEN = {
    "dangling_ref": (
        {
            "/a": {
                "get": {
                    "operationId": "a",
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Missing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        "does not resolve",
    ),
    "remote_ref": (
        {
            "/a": {
                "get": {
                    "operationId": "a",
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "https://evil.example/x.json"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        "remote $ref",
    ),
}

# Flaws other generators tolerate: a warning with a deterministic fix, an error under --strict.
TOLERATED = {
    "invalid_status": (
        {"/a": {"get": {"operationId": "a", "responses": {"600": {"description": "x"}}}}},
        "#/paths/~1a/get/responses/600",
        "invalid response status code '600'; response ignored",
    ),
    "missing_path_param": (
        {"/a/{id}": {"get": {"operationId": "a", "responses": {"200": {"description": "x"}}}}},
        "#/paths/~1a~1{id}",
        "path parameter {id} is not declared in the parameters of /paths/~1a~1{id}/get; "
        "taken as a required string",
    ),
    "wrong_default_type": (
        {
            "/a": {
                "get": {
                    "operationId": "a",
                    "parameters": [
                        {
                            "name": "n",
                            "in": "query",
                            "schema": {"type": "integer", "default": "ten"},
                        }
                    ],
                    "responses": {"200": {"description": "x"}},
                }
            }
        },
        "#/paths/~1a/get/parameters/0/schema/default",
        "default 'ten' does not match the schema's type or enum; default dropped",
    ),
    "duplicate_operation_id": (
        {
            "/a": {"get": {"operationId": "same", "responses": {"200": {"description": "x"}}}},
            "/b": {"get": {"operationId": "same", "responses": {"200": {"description": "x"}}}},
        },
        "#/paths/~1b/get/operationId",
        "duplicate operationId 'same' (also at #/paths/~1a/get); using 'same_get'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_spec_exits_2_with_pointer_and_writes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    paths, where, message = BROKEN[case]
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    )
    out = tmp_path / "out"
    rc = main(["generate", "--spec", str(spec), "--lang", "python", "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2
    assert where in err and message in err, err
    assert "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["spec.json"]


@pytest.mark.parametrize("case", sorted(TOLERATED))
def test_tolerated_flaw_is_a_warning_and_an_error_under_strict(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    paths, where, message = TOLERATED[case]
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    )
    base = ["generate", "--spec", str(spec), "--lang", "python", "--out", str(tmp_path / "o")]
    assert main(base) == 0
    err = capsys.readouterr().err
    assert f"warning: spec {where}: {message}" in err.splitlines(), err
    assert main([*base[:-1], str(tmp_path / "strict"), "--strict"]) == 2
    assert f"warning: spec {where}: {message}" in capsys.readouterr().err
    assert not (tmp_path / "strict").exists()


def test_every_error_of_a_run_is_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The builder does not stop at its first error: three unrelated errors, one run."""
    import json

    def get(schema: object) -> dict[str, object]:
        content = {"application/json": {"schema": schema}}
        return {"get": {"responses": {"200": {"description": "x", "content": content}}}}

    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/a": get({"$ref": "#/components/schemas/Missing"}),
                    "/b": get({"type": "object", "properties": []}),
                    "/c": get(42),
                },
            }
        )
    )
    rc = main(["generate", "--spec", str(spec), "--lang", "python", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: spec #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: "
        "$ref '#/components/schemas/Missing' does not resolve (no 'components')",
        "error: spec #/paths/~1b/get/responses/200/content/application~1json/schema/properties: "
        "must be a mapping",
        "error: spec #/paths/~1c/get/responses/200/content/application~1json/schema: "
        "a schema must be a mapping, got int",
    ], err
    assert "generation failed: 3 error(s); nothing written" in err


def test_bad_config_is_reported_with_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("client:\n  name: 'not an identifier'\n  colour: red\n")
    rc = main(
        [
            "generate",
            "--spec",
            str(SPEC),
            "--config",
            str(config),
            "--lang",
            "python",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2
    assert "config #/client/name" in err and "config #/client/colour" in err
    assert not (tmp_path / "out").exists()


def test_strict_turns_warnings_into_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = ROOT / "tests" / "generator" / "fixtures" / "hazards" / "02_awkward_names.yaml"
    base = ["generate", "--spec", str(spec), "--lang", "python"]
    assert main([*base, "--out", str(tmp_path / "loose")]) == 0
    out = capsys.readouterr()
    assert "2 warnings" in out.out and "foo_bar_2" in out.err
    assert main([*base, "--out", str(tmp_path / "strict"), "--strict"]) == 2
    assert "foo_bar" in capsys.readouterr().err
    assert not (tmp_path / "strict").exists()


def test_yaml_11_implicit_types_reach_the_ir_as_meant() -> None:
    from generator.build_ir import build_ir
    from generator.config import default_config
    from generator.diagnostics import Diagnostics
    from generator.ir import EnumDecl, ModelDecl
    from generator.load import load_spec

    diags = Diagnostics()
    spec = load_spec(ROOT / "tests/generator/fixtures/hazards/13_yaml11.yaml", diags)
    ir = build_ir(spec.document, default_config(), diags, spec_sha256="x", generator_version="0")
    assert ir.api.version == "1.10"
    op = ir.operations()[0]
    assert op.response.status == "200"
    enum = next(d for d in ir.types if isinstance(d, EnumDecl))
    assert [m.value.value for m in enum.members] == ["on", "off", "yes", "no"]
    model = next(d for d in ir.types if isinstance(d, ModelDecl))
    since = next(p for p in model.properties if p.wire_name == "since")
    assert since.default is not None and since.default.value == "2024-01-01"


@pytest.mark.parametrize(
    "lang", sorted(name for name, backend in BACKENDS.items() if backend.build_outputs)
)
def test_a_backends_build_outputs_survive_regeneration_and_are_not_stale(
    lang: str, tmp_path: Path
) -> None:
    """`node_modules`, Maven's `target`...: what the SDK's own tools create is neither part of
    the generated tree (`--check` ignores it) nor deleted by regenerating."""
    out = tmp_path / "sdk"
    args = ["generate", "--spec", str(SPEC), "--config", str(CONFIG), "--lang", lang,
            "--out", str(out)]
    assert main(args) == 0
    for entry in BACKENDS[lang].build_outputs:
        (out / entry).mkdir(exist_ok=True)
        (out / entry / "artefact.bin").write_bytes(b"built")
    assert main([*args, "--check"]) == 0
    (out / "stray.txt").write_text("not generated", encoding="utf-8")
    assert main([*args, "--check"]) == 1  # anything else is still stale
    assert main(args) == 0  # regenerating removes the stray file...
    assert not (out / "stray.txt").exists()
    for entry in BACKENDS[lang].build_outputs:  # ...and keeps the build outputs
        assert (out / entry / "artefact.bin").read_bytes() == b"built"
