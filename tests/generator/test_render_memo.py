"""A session's second run (generator.session), reusing the first run's render pieces, writes what
a fresh session writes: for every registered language, every edit of tests/incremental_edits.py
and several real specs. Also the memo's own rules (reuse only on equal inputs, diagnostics
replayed, a failed run reuses nothing of itself)."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics, GenerationError
from generator.languages import BACKENDS
from generator.render_memo import RenderMemo
from generator.session import Rendered, Session
from tests.incremental_edits import EDITS, Document, read_spec
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
OUR_CONFIG = ROOT / "sdks" / "config.yaml"
LANGS = sorted(BACKENDS)
# Our spec with our config; llama-stack (streams, unions, many resources); three corpus specs
# of other shapes.
SPECS: dict[str, tuple[Path, Path | None]] = {
    "parley": (OUR_SPEC, OUR_CONFIG),
    "llama-stack": (LLAMA_STACK, None),
    **{name: (CORPUS[name], None) for name in ("petstore.yaml", "hf-tgi.json", "figma.yaml")
       if name in CORPUS},
}


def _sha(document: Document) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def _run(session: Session, document: Document, config: Path | None) -> tuple[Rendered, list[str]]:
    diags = Diagnostics()
    _ir, _config, rendered = session.generate_document(document, _sha(document), config, diags)
    return rendered, [d.format() for d in diags]


# The big specs take the edits that reach furthest (an inline type, a schema); ours and a small
# one take every edit.
EVERY_EDIT = frozenset({"parley", "hf-tgi.json"})
BIG_SPEC_EDITS = ("edit_description", "add_enum_query_parameter", "add_schema_property")
CASES = [
    (spec, edit) for spec in sorted(SPECS)
    for edit in (sorted(EDITS) if spec in EVERY_EDIT else BIG_SPEC_EDITS)
]


@functools.cache
def _document(spec: str) -> Document:
    return read_spec(SPECS[spec][0])


@pytest.mark.parametrize(("spec", "edit"), CASES)
def test_a_second_run_after_an_edit_is_a_fresh_run(spec: str, edit: str) -> None:
    document, config = _document(spec), SPECS[spec][1]
    edited = EDITS[edit](document)
    session = Session(LANGS)
    _run(session, document, config)
    again, again_diags = _run(session, edited, config)
    fresh, fresh_diags = _run(Session(LANGS), edited, config)
    for lang in LANGS:
        differing = sorted(
            path for path in set(again[lang]) | set(fresh[lang])
            if again[lang].get(path) != fresh[lang].get(path)
        )
        assert not differing, f"{lang}: {differing[:10]}"
    assert again_diags == fresh_diags


def test_an_unchanged_spec_reuses_what_it_rendered_and_changes_nothing() -> None:
    document = read_spec(OUR_SPEC)
    session = Session(LANGS)
    first, _ = _run(session, document, OUR_CONFIG)
    second, _ = _run(session, document, OUR_CONFIG)
    assert second == first


def test_a_failed_run_leaves_the_last_good_run_to_reuse() -> None:
    document = read_spec(OUR_SPEC)
    session = Session(LANGS)
    first, _ = _run(session, document, OUR_CONFIG)
    broken: Any = dict(document, paths={"/x": {"get": {"operationId": "x", "responses": {
        "200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Missing"}}}}}}}})
    with pytest.raises(GenerationError):
        _run(session, broken, OUR_CONFIG)
    after, _ = _run(session, document, OUR_CONFIG)
    assert after == first


# ------------------------------------------------------------------- the memo's own rules


def test_a_piece_is_reused_only_when_its_inputs_are_equal() -> None:
    memo, calls = RenderMemo(), []

    def compute(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert memo.piece("a", ("x", 1), lambda: compute("x")) == "X"
    memo.finish_run()
    assert memo.piece("a", ("x", 1), lambda: compute("never")) == "X"
    memo.finish_run()
    assert memo.piece("a", ("y", 1), lambda: compute("y")) == "Y"
    assert calls == ["x", "y"]
    assert (memo.reused, memo.computed) == (0, 1)


def test_a_reused_piece_records_its_diagnostics_again() -> None:
    memo = RenderMemo()
    first = Diagnostics()

    def warn() -> str:
        first.warn("#/paths/~1a", "odd")
        return "text"

    memo.piece("a", 1, warn, first)
    memo.finish_run()
    second = Diagnostics()
    assert memo.piece("a", 1, lambda: "other", second) == "text"
    assert [d.format() for d in second] == ["warning: spec #/paths/~1a: odd"]


def test_a_piece_asked_for_twice_in_one_run_is_a_backend_bug() -> None:
    memo = RenderMemo()
    memo.piece("a", 1, lambda: "x")
    with pytest.raises(ValueError, match="twice"):
        memo.piece("a", 1, lambda: "x")


def test_an_abandoned_run_is_not_reused() -> None:
    memo = RenderMemo()
    memo.piece("a", 1, lambda: "first")
    memo.finish_run()
    memo.piece("a", 2, lambda: "broken run")
    memo.abandon_run()
    assert memo.piece("a", 2, lambda: "second") == "second"
    memo.finish_run()
    assert memo.piece("a", 1, lambda: "third") == "third"  # only the last finished run counts


def test_a_one_shot_memo_keeps_nothing() -> None:
    memo, calls = RenderMemo(keep=False), []

    def compute() -> str:
        calls.append("a")
        return "x"

    assert not memo.keeps
    for _run in range(2):
        assert memo.piece("a", 1, compute) == "x"
        memo.piece("a", 1, lambda: "twice is fine: nothing is kept")
        memo.finish_run()
    assert calls == ["a", "a"]
    assert (memo.last_reused, memo.last_computed) == (0, 2)
