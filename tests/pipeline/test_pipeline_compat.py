"""Compatibility by execution (pipeline.compat, pipeline.verdict): fixture pull requests.

Each scenario is a released spec (with the repository's 0.1.0 round-trip suite beside it),
a new spec, and a server (`tests.pipeline.compat_app`, the real app with one deliberate
change). The released SDKs are built once per release and generator
(`.parley-cache/compat/`), so a second run only generates the new SDKs, type-checks the
corpus and replays the suite. The languages come from the backend registry.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.languages import backends
from pipeline.compat import (
    CompatRun,
    build_sdk,
    check_compatibility,
    conformance_problems,
    substitute,
)
from pipeline.conformance import run_gate
from pipeline.release_notes import SpecChange, classify
from pipeline.report import PreviewInputs, build_report, compatibility_failed, render_markdown
from pipeline.semver import Version
from pipeline.verdict import compatibility_report, main

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [b.name for b in backends() if b.wire_driver is not None and b.consumer_corpus]
ITEM_PATH = "/v1/conversations/{conversation_id}/items/{item_id}"
RETRIEVE_ITEM = f"GET {ITEM_PATH}"
CURRENT = Version(0, 1, 0)


def _spec(path: str = "spec/openapi.yaml") -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


class Scenario:
    """A fixture pull request: release, new spec, server; run once, judged many ways."""

    def __init__(self, tmp: Path, released: dict[str, Any], new: dict[str, Any],
                 variants: str) -> None:
        self.tmp = tmp
        self.release = _write(tmp / "released/0.1.0.yaml", released)
        suite = self.release.parent / "roundtrip/0.1.0.yaml"
        suite.parent.mkdir(parents=True)
        shutil.copyfile(ROOT / "spec/released/roundtrip/0.1.0.yaml", suite)
        self.spec = _write(tmp / "openapi.yaml", new)
        new_sdks = {}
        for language in LANGUAGES:
            problem = build_sdk(ROOT, self.spec, language, tmp / "new")
            assert problem is None, problem
            new_sdks[language] = tmp / "new" / next(
                b.sdk_dir for b in backends() if b.name == language
            )
        server = [sys.executable, "-m", "tests.pipeline.compat_app", variants,
                  "--port", "{port}", "--db", "{db}"]
        self.run: CompatRun = check_compatibility(
            ROOT, LANGUAGES, self.release, server=server, new_sdks=new_sdks, work=tmp / "work"
        )
        self.run_root = ROOT / ".parley-cache/compat" / self.run.cache_key
        """The released SDKs (``<run_root>/<sdk_dir>``)."""

    def changes(self, acknowledged: list[dict[str, str]] | None = None) -> list[SpecChange]:
        acks = _write(self.tmp / "acks.yaml", {"acknowledged": acknowledged or []})
        result = run_gate(self.release, self.spec, acknowledgements_path=acks,
                          policy_path=ROOT / "spec/severity-levels.yaml",
                          build_dir=self.tmp / "build")
        assert result.changelog is not None
        summary = json.loads(result.changelog[1].read_text(encoding="utf-8"))
        return classify(summary["changes"])

    def report(self, acknowledged: list[dict[str, str]] | None = None,
               title: str | None = None) -> dict[str, Any]:
        changes = self.changes(acknowledged)
        section, suggestion = compatibility_report(self.run, changes, title, CURRENT)
        return build_report(PreviewInputs(
            title=title, head={"ref": "HEAD", "sha": "0" * 40}, base=None, results={},
            spec_changes=changes, suggestion=suggestion, compatibility=section,
        ))


# --------------------------------------------------------------------------- fixtures


def _seed_specs() -> tuple[dict[str, Any], dict[str, Any]]:
    """The seed's pull request on our app: 0.1 said the item endpoint returns a message, the
    server always returned any item type, the new spec says so with the oneOf. The release
    also documented longer item ids for deletes than the server ever accepted; the new spec
    states the server's real limit (a correction: oasdiff flags it, nothing breaks)."""
    new = _spec()
    released = copy.deepcopy(new)
    retrieve = released["paths"][ITEM_PATH]["get"]
    retrieve["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/MessageItem"
    }
    delete = released["paths"][ITEM_PATH]["delete"]
    for parameter in delete["parameters"]:
        if parameter["name"] == "item_id":
            parameter["schema"]["maxLength"] = 1024
    return released, new


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    released, new = _seed_specs()
    return Scenario(tmp_path_factory.mktemp("seed"), released, new, "same")


def _breaking_spec() -> dict[str, Any]:
    """Conversations lose `created_at`, single items move to `…/entries/{item_id}`, and
    lists only go oldest first."""
    new = _spec()
    conversation = new["components"]["schemas"]["Conversation"]
    del conversation["properties"]["created_at"]
    conversation["required"].remove("created_at")
    new["paths"][ITEM_PATH.replace("/items/", "/entries/")] = new["paths"].pop(ITEM_PATH)
    new["components"]["schemas"]["ListOrder"]["enum"] = ["asc"]
    return new


@pytest.fixture(scope="module")
def breaking(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return Scenario(tmp_path_factory.mktemp("breaking"), _spec("spec/released/0.1.0.yaml"),
                    _breaking_spec(), "drop-field,rename-path,narrow-enum")


def _additions_spec() -> dict[str, Any]:
    """A new optional field, a new operation and a new union member."""
    new = _spec()
    schemas = new["components"]["schemas"]
    schemas["Conversation"]["properties"]["labels"] = {
        "type": "array", "items": {"type": "string"}, "description": "Labels."}
    schemas["CompactionItem"] = {
        "type": "object", "title": "CompactionItem", "description": "Earlier turns, summarised.",
        "required": ["type", "id", "summary"],
        "properties": {"type": {"type": "string", "const": "compaction"},
                       "id": {"type": "string"}, "summary": {"type": "string"}},
    }
    union = schemas["ConversationItem"]
    union["oneOf"].append({"$ref": "#/components/schemas/CompactionItem"})
    union["discriminator"]["mapping"]["compaction"] = "#/components/schemas/CompactionItem"
    health = new["paths"]["/v1/health"]["get"]
    new["paths"]["/v1/health/ready"] = {"get": {**copy.deepcopy(health),
                                                "operationId": "ready", "summary": "Ready"}}
    return new


@pytest.fixture(scope="module")
def additions(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return Scenario(tmp_path_factory.mktemp("additions"), _spec("spec/released/0.1.0.yaml"),
                    _additions_spec(), "additions")


# --------------------------------------------------------------------------- the seed


def test_the_registry_gives_every_language_its_checks() -> None:
    assert {"python", "typescript", "go", "kotlin"} <= set(LANGUAGES)


def test_seed_is_red_statically_green_on_the_wire_red_in_source(seed: Scenario) -> None:
    section = seed.report()["compatibility"]
    rows = {row["language"]: row for row in section["table"]}
    assert set(rows) == set(LANGUAGES)
    for language, row in rows.items():
        assert (row["static"], row["wire"], row["source"]) == ("break", "ok", "break"), language
        assert row["verdict"] == "source break"
    retrieve = next(c for c in section["changes"] if c["where"] == RETRIEVE_ITEM)
    assert retrieve["check"] == "response-body-wrapped-in-one-of-original-preserved"
    assert retrieve["verdict"] == "source break"
    assert set(retrieve["wire"].values()) == {"ok"}
    for language in LANGUAGES:
        findings = section["source"][language]["findings"]
        assert [f["snippet"].split(".")[0] for f in findings] == ["op_retrieveConversationItem"]
        # Typed code read `.content` (Go: `.Content`) straight off what used to be a message.
        assert any("content" in error.lower() for error in findings[0]["errors"]), findings[0]


def test_seed_correction_is_static_only_with_a_prefilled_acknowledgement(seed: Scenario) -> None:
    report = seed.report()
    section = report["compatibility"]
    delete = next(c for c in section["changes"] if c["where"] == f"DELETE {ITEM_PATH}")
    assert delete["static"] == "break"
    assert delete["verdict"] == "static only (correction)"
    entries = yaml.safe_load(section["acknowledgements"])["acknowledged"]
    by_operation = {(e["operation"], e["check"]): e for e in entries}
    correction = by_operation[(f"DELETE {ITEM_PATH}", delete["check"])]
    assert correction["reason"].startswith("Static only (a correction)")
    assert "round-trip suite" in correction["reason"]
    assert by_operation[(RETRIEVE_ITEM, "response-body-wrapped-in-one-of-original-preserved")]
    # The entries are valid for the acknowledgements file: pasting them passes the gate.
    changes = seed.changes(entries)
    assert all(c.acknowledged for c in changes if c.kind.value == "breaking")
    # A source break in typed SDKs is major, whatever oasdiff's level.
    assert report["semver"]["bump"] == "major"


def test_seed_report_says_it_in_plain_words(seed: Scenario) -> None:
    markdown = render_markdown(seed.report())
    assert "### Compatibility with 0.1.0" in markdown
    assert "every 0.1.0 SDK still works against this server" in markdown
    assert "no longer compiles in" in markdown
    assert "| python | ❌ break | ✅ ok | ❌ break | **source break** |" in markdown
    assert "spec/breaking-changes.yaml" in markdown and "```yaml" in markdown


# --------------------------------------------------------------------------- a real break


@pytest.mark.parametrize(
    ("operation", "request_start", "problem"),
    [
        ("createConversation", "POST /v1/conversations ", "created_at"),
        ("retrieveConversationItem", "GET /v1/conversations/conv_", "expected 200, got 404"),
        ("listConversationItems", "GET /v1/conversations/conv_", "order=desc"),
    ],
    ids=["removed-required-field", "renamed-path", "narrowed-enum"],
)
def test_real_breaks_are_red_on_the_wire_with_the_request(
    breaking: Scenario, operation: str, request_start: str, problem: str
) -> None:
    for language in LANGUAGES:
        wire = breaking.run.wire[language]
        assert wire.status == "break", language
        found = [f for f in wire.findings if f.operation == operation]
        assert found, f"{language}: no finding for {operation}: {wire.findings}"
        described = found[0].describe()
        assert found[0].request.startswith(request_start), described
        assert problem in described, described
    section = breaking.report()["compatibility"]
    assert all(row["verdict"] == "wire break" for row in section["table"])
    assert any(c["operationId"] == operation and c["verdict"] == "wire break"
               for c in section["changes"])


def test_a_wire_break_is_major_and_fails_the_preview(breaking: Scenario) -> None:
    report = breaking.report()
    assert report["semver"]["bump"] == "major"
    assert report["status"] == "error"
    markdown = render_markdown(report)
    assert "break on the wire in" in markdown
    assert "order=desc" in markdown  # the failing request, named


def test_an_acknowledgement_the_runs_contradict_fails_the_gate(breaking: Scenario) -> None:
    changes = breaking.changes()
    removed = next(c for c in changes if c.kind.value == "breaking"
                   and c.operation_id == "createConversation")
    acknowledged = [{"check": c.check, "operation": c.where, "reason": "we meant it",
                     "version": "1.0.0"}
                    for c in changes if c.kind.value == "breaking"]
    report = breaking.report(acknowledged)
    # oasdiff alone would pass now: every breaking change is acknowledged...
    assert all(c["acknowledged"] for c in report["spec"]["breaking"])
    # ...but the runs contradict the acknowledgements, so the gate does not.
    gate = report["compatibility"]["gate"]
    assert not gate["passed"]
    assert any(removed.where in problem and "break on the wire" in problem
               for problem in gate["problems"])
    assert compatibility_failed(report["compatibility"])
    assert report["status"] == "error"


# --------------------------------------------------------------------------- a pure addition


def test_a_pure_addition_is_green_in_every_verdict_and_minor(additions: Scenario) -> None:
    """A new optional field, a new operation and a new union member: oasdiff, the wire and the
    corpus (generated snippets and the release's README/api.md examples) all green, in every
    language; so the bump is minor."""
    report = additions.report()
    section = report["compatibility"]
    rows = {row["language"]: row for row in section["table"]}
    assert set(rows) == set(LANGUAGES)
    for language, row in rows.items():
        assert (row["static"], row["wire"], row["source"]) == ("ok", "ok", "ok"), row
        assert row["verdict"] == "no break", row
        source = section["source"][language]
        assert source["findings"] == [], source["findings"]
        assert any(name.startswith("op_") for name in source["checked"]), language
        assert section["wire"][language]["findings"] == [], language
    assert {c["verdict"] for c in section["changes"]} == {"no break"}
    assert any("one-of-added" in c["check"] for c in section["changes"])
    assert section["gate"]["passed"] and section["acknowledgements"] is None
    assert report["semver"]["bump"] == "minor"


def test_the_release_readme_handles_a_new_union_member(additions: Scenario) -> None:
    """Unions are open (an Unknown member), so the README no longer teaches an exhaustive
    `never` check that the next member would break: the release's TypeScript examples, the
    union switch among them, compile against the SDK with the new member."""
    readme = (additions.run_root / "sdks/typescript/README.md").read_text(encoding="utf-8")
    assert "switch (item.type)" in readme and ": never" not in readme
    source = additions.run.source["typescript"]
    corpus = additions.tmp / "work/typescript"
    switch = [p.name for p in corpus.glob("example_*.ts") if "switch (item.type)" in p.read_text()]
    assert switch and set(switch) <= set(source.checked), (switch, source.checked)
    assert not source.findings


# --------------------------------------------------------------------------- units


def test_unknown_variants_and_extra_fields_fit_the_released_model() -> None:
    spec = _spec("spec/released/0.1.0.yaml")
    union = {"$ref": "#/components/schemas/ConversationItem"}
    assert conformance_problems({"type": "compaction", "id": "x"}, union, spec) == []
    message = {"type": "message", "id": "m", "role": "user", "content": "hi", "extra": 1}
    assert conformance_problems(message, union, spec) == []
    del message["role"]
    assert conformance_problems(message, union, spec) == ["/role: required field missing"]


def test_placeholders_keep_json_types_and_name_what_is_missing() -> None:
    saved = {"added": {"data": [{"id": "a", "n": 2}]}}
    assert substitute({"x": "${added.data.0.n}", "y": "id ${added.data.0.id}"}, saved) == {
        "x": 2, "y": "id a"}
    with pytest.raises(KeyError, match="added.data.1.id"):
        substitute("${added.data.1.id}", saved)


def test_the_cli_names_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--languages", "python,cobol"]) == 2
    assert "unknown cobol" in capsys.readouterr().err


def test_the_kotlin_corpus_compiles_against_a_jar_of_the_same_sources_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which compiled Kotlin SDK the corpus is compiled against (no Maven run here): the build
    stage's jar, the checkout's when the sources are the same, or the wire driver's classes;
    never one older than a source, so the check then compiles the sources themselves."""
    from generator.languages.kotlin import compat_tools

    def sdk(root: Path) -> Path:
        (root / "src/main/kotlin").mkdir(parents=True)
        (root / "pom.xml").write_text("<project/>")
        (root / "src/main/kotlin/Types.kt").write_text("package p\n")
        return root

    def touch_later(path: Path, than: Path) -> None:
        later = than.stat().st_mtime + 10
        os.utime(path, (later, later))

    monkeypatch.chdir(tmp_path)
    checkout, new = sdk(tmp_path / "sdks/kotlin"), sdk(tmp_path / "scratch/sdks/kotlin")
    assert compat_tools.compiled_sdk(new) is None
    jar = checkout / "target/parley-kotlin-0.1.0.jar"
    jar.parent.mkdir()
    jar.write_bytes(b"jar")
    touch_later(jar, checkout / "pom.xml")
    assert compat_tools.compiled_sdk(checkout) == jar  # the build stage's
    assert compat_tools.compiled_sdk(new) == jar  # the same sources
    (new / "src/main/kotlin/Types.kt").write_text("package p\n\nclass Added\n")
    assert compat_tools.compiled_sdk(new) is None
    classes = tmp_path / "classes"
    (classes / "META-INF").mkdir(parents=True)
    (classes / "META-INF/main.kotlin_module").write_bytes(b"module")
    compat_tools._keep_compiled(new, classes)  # what the wire driver's build leaves
    kept = compat_tools.compiled_sdk(new)
    assert kept is not None and kept.name == "sdk.jar"
    with zipfile.ZipFile(kept) as archive:
        assert archive.namelist() == ["META-INF/main.kotlin_module"]
    (new / "src/main/kotlin/Types.kt").write_text("package p\n\nclass Changed\n")
    assert compat_tools.compiled_sdk(new) is None
    touch_later(checkout / "src/main/kotlin/Types.kt", jar)  # a stale build-stage jar
    assert compat_tools.compiled_sdk(checkout) is None
