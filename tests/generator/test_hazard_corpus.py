"""The hazard corpus (one fixture per case of generator-hazards.md). A fixture whose first line
is ``# expect-error: <pointer>: <message>`` must fail with exit 2, that message and no output;
one whose first line is ``# expect-warning: <pointer>: <message>`` must give that warning (and
fail under ``--strict``). Every other fixture, warned ones included, must generate a package
that stays inside its out dir, imports without side effects, round-trips a sample payload and
passes mypy --strict (one batched mypy run)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ALL_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "hazards").glob("*.yaml"))


def _expected(spec: Path, what: str) -> str | None:
    first = spec.read_text(encoding="utf-8").splitlines()[0]
    prefix = f"# expect-{what}: "
    return first[len(prefix):] if first.startswith(prefix) else None


def _expected_error(spec: Path) -> str | None:
    return _expected(spec, "error")


FIXTURES = [f for f in ALL_FIXTURES if _expected_error(f) is None]
BROKEN = [f for f in ALL_FIXTURES if _expected_error(f) is not None]
WARNED = [f for f in ALL_FIXTURES if _expected(f, "warning") is not None]


@pytest.mark.parametrize("spec", WARNED, ids=lambda p: p.stem)
def test_tolerated_fixture_warns_and_fails_under_strict(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = f"warning: spec {_expected(spec, 'warning')}"
    base = ["generate", "--spec", str(spec), "--lang", "python", "--out"]
    assert main([*base, str(tmp_path / "out")]) == 0
    assert expected in capsys.readouterr().err.splitlines()
    assert main([*base, str(tmp_path / "strict"), "--strict"]) == 2
    assert expected in capsys.readouterr().err.splitlines()
    assert not (tmp_path / "strict").exists()


def _key(stem: str) -> str:
    """A unique, importable package suffix per fixture."""
    return "".join(ch if ch.isalnum() else "_" for ch in stem)


@pytest.mark.parametrize("spec", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_fails_clearly(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _expected_error(spec)
    assert expected is not None
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(spec), "--lang", "python", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hazards")
    packages: dict[str, Path] = {}
    for spec in FIXTURES:
        key = _key(spec.stem)
        config = root / f"config_{key}.yaml"
        config.write_text(
            f"languages:\n  python: {{package_name: hz_{key}, dist_name: hz-{key}}}\n"
        )
        out = root / "out" / spec.stem
        assert (
            main(
                [
                    "generate",
                    "--spec",
                    str(spec),
                    "--config",
                    str(config),
                    "--lang",
                    "python",
                    "--out",
                    str(out),
                ]
            )
            == 0
        ), spec.name
        packages[spec.stem] = out
    return packages


def test_output_stays_inside_out_dir(generated: dict[str, Path]) -> None:
    for out in generated.values():
        parent = out.parent
        assert sorted(p.name for p in parent.iterdir()) == sorted(generated)  # no stray siblings
        for path in out.rglob("*"):
            assert out in path.resolve().parents


def test_every_package_imports_without_side_effects(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    for stem, out in generated.items():
        key = _key(stem)
        code = (
            "import importlib, pkgutil, sys\n"
            f"sys.path.insert(0, {str(out / 'src')!r})\n"
            f"import hz_{key}\n"
            f"for m in pkgutil.walk_packages(hz_{key}.__path__, 'hz_{key}.'):\n"
            "    importlib.import_module(m.name)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, (stem, result.stderr)
        assert result.stdout == "" and result.stderr == ""
        assert list(tmp_path.iterdir()) == []
    assert not Path("/tmp/pwned").exists()


def _deep(depth: int) -> dict[str, object]:
    payload: dict[str, object] = {"name": "leaf"}
    for level in range(depth):
        payload = {"name": f"n{level}", "children": [payload], "value": [{"k": [level, None]}]}
    return payload


def _nested(depth: int) -> dict[str, object]:
    payload: dict[str, object] = {"leaf": "x"}
    for level in range(1, depth + 1):
        payload = {f"level{level}": payload}
    return payload


# fixture -> (type name, payload, class name expected after validation or None)
SAMPLES: dict[str, list[tuple[str, object, str | None]]] = {
    "01_reserved_words": [("Class", {"class": "c", "from": "f", "None": "n", "True": True,
                                     "self": "s", "type": "t", "id": "i", "json": "j",
                                     "model_config": "m", "__proto__": "p", "kind": "None"},
                           "Class")],
    "02_awkward_names": [("MySchemaV2", {"foo-bar": "1", "foo_bar": "2", "fooBar": "3",
                                         "with space": "4", "1st": 5, "": "e", "😀": "x"},
                          "MySchemaV2")],
    "03_injection_text": [("Canary", {'a"""b': "\\", "mode": "\r\n"}, "Canary")],
    "04_path_like_names": [("Con", {"d": {"b": "x"}}, "Con")],
    "05_recursion": [("Node", _deep(50), "Node"), ("JsonValue", [{"a": [1, "b", None]}], None)],
    "06_enums": [("Holder", {"members": "count", "mixed": 1, "floats": 1.5, "bools": False,
                             "single": "only", "const": "only", "empty_string": ""},
                  "Holder"),
                 ("Holder", {"members": "added-later"}, "Holder")],
    "07_nullability": [("Nulls", {"a": None, "b": None, "c": None, "d": None}, "Nulls"),
                       ("Nulls", {"a": "x", "b": 1, "c": "y", "d": None}, "Nulls")],
    "08_composition": [("Pet", {"pet_type": "kitty", "meows": True}, "Cat"),
                       ("Pet", {"pet_type": "dog", "name": 3}, "Dog"),
                       ("Pet", {"pet_type": "axolotl", "gills": 6}, "UnknownPet"),
                       ("Shape", {"side": 2.0}, "Square"),
                       ("ModelOutput", {"computed": "c"}, "ModelOutput"),
                       ("Same", {"y": 1}, "Same")],
    "08_discriminator_inline_mapping": [("U", {"kind": "b", "y": "s"}, "UB")],
    "09_maps": [("Maps", {"open": {"a": [1]}, "closed": {}, "typed": {"a": 1},
                          "pattern": {"x-a": "b"}, "names": {"abc": "d"}, "anything": [None]},
                 "Maps")],
    "10_deep_inline": [("Deep", _nested(32), "Deep")],
    "13_yaml11": [("Switch", {"state": "on", "since": "2024-01-01"}, "Switch")],
    # Tolerated flaws (expect-warning): the package works around them.
    "08_discriminator_mapping_missing": [("U", {"kind": "a"}, "A"),
                                         ("U", {"kind": "b"}, "UnknownU")],
    "11_broken_default_type": [("A", {"n": 3}, "A")],
    "11_broken_duplicate_operation_id": [("Thing", {"id": "x"}, "Thing")],
    "11_broken_path_param": [("Thing", {"id": "x"}, "Thing")],
    "11_broken_status_code": [("Thing", {"id": "x"}, "Thing")],
    "08_shared_discriminator": [
        ("Item", {"type": "message", "role": "user", "content": "hi"}, "InputMessage"),
        ("Item", {"type": "message", "id": "m", "role": "assistant", "content": "c",
                  "status": "completed"}, "OutputMessage"),
        ("Item", {"type": "message", "role": "assistant", "content": "c"}, "UnknownItem"),
        ("Item", {"type": "function_call", "name": "f"}, "FunctionCall"),
        ("CompoundFilter", {"type": "and", "filters": [{"type": "eq", "key": "k"},
                                                       {"type": "or", "filters": []}]},
         "CompoundFilter"),
    ],
}


def test_sample_payloads_round_trip(generated: dict[str, Path]) -> None:
    assert set(SAMPLES) == set(generated), "every valid fixture needs a sample payload"
    for stem, samples in SAMPLES.items():
        key = _key(stem)
        src = str(generated[stem] / "src")
        sys.path.insert(0, src)
        try:
            types = importlib.import_module(f"hz_{key}.types")
            models = importlib.import_module(f"hz_{key}._models")
            for type_name, payload, class_name in samples:
                value = models.validate_response(getattr(types, type_name), payload, strict=False)
                if class_name is not None:
                    assert type(value).__name__ == class_name, (stem, type_name, value)
                    assert value.to_dict() == payload, (stem, type_name)
                else:
                    assert value == payload
        finally:
            sys.path.remove(src)


def test_mypy_strict_on_every_package(generated: dict[str, Path]) -> None:
    targets = [str(p) for out in generated.values() for p in (out / "src").iterdir() if p.is_dir()]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-incremental",
            *targets,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
def test_scale_1000_operations_5000_schemas_generates_completely(tmp_path: Path) -> None:
    """Hazard 12: a 1,000-operation / 5,000-schema spec generates with nothing skipped.

    How fast, and how the time grows with size, is measured by `nox -s bench` (bench/), not
    asserted here: timings on a shared 2-core machine make flaky tests.
    """
    import json

    from bench.bench_generate import synthetic_spec
    from generator.cli import generate_files
    from generator.diagnostics import Diagnostics

    spec = tmp_path / "synthetic-1000.json"
    spec.write_text(json.dumps(synthetic_spec(1000, 5000)))
    diagnostics = Diagnostics()
    ir, _config, files = generate_files(spec, None, "python", diagnostics)
    assert len(ir.operations()) == 1000
    assert len(ir.types) >= 5000
    assert not diagnostics.warnings(), diagnostics.warnings()[:5]
    assert len(files) > 20
