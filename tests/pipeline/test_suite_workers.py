"""How `nox -s test` splits the suite over pytest-xdist workers (tests/conftest.py): the users
of each costly session fixture share one unit of work, so one worker builds the fixture once."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import xdist_unit

TESTS = Path(__file__).resolve().parents[1]
COSTLY_SESSION_FIXTURES = ("ts_project", "llama_typescript", "hazard_corpus")


def _modules_requesting(fixture: str) -> list[str]:
    """Test modules with a function (a test or a fixture) that takes ``fixture``."""
    signature = re.compile(r"\bdef \w+\(([^)]*)\)", re.DOTALL)
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if any(re.search(rf"\b{fixture}\b", match.group(1))
               for match in signature.finditer(text)):
            found.append(path.relative_to(TESTS.parent).as_posix())
    return found


def test_the_users_of_each_costly_session_fixture_share_one_unit() -> None:
    for fixture in COSTLY_SESSION_FIXTURES:
        modules = _modules_requesting(fixture)
        assert modules, f"no test requests {fixture}: drop it from this list"
        units = {xdist_unit(f"{module}::test") for module in modules}
        assert len(units) == 1, (fixture, {m: xdist_unit(f"{m}::test") for m in modules})


def test_any_other_module_is_a_unit_of_its_own() -> None:
    module = "tests/app/test_roundtrip.py"
    assert xdist_unit(f"{module}::test_x[sqlite]") == module
    assert (xdist_unit("tests/generator/test_real_specs.py::test_y")
            != xdist_unit("tests/generator/test_ir_reuse.py::test_y"))
