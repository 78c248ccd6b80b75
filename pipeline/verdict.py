"""One verdict per spec change, from oasdiff's static diff and the compatibility runs.

    python -m pipeline.verdict [--release spec/released/<v>.yaml] [--languages python,...]

oasdiff says whether a change *could* break a client; `pipeline.compat` says whether the
last release's clients *do* break: on the wire (the release's SDKs against this server) and
in source (typed code written against the release, compiled against the new SDKs). Per
change, the strongest evidence wins:

  wire break    a released SDK's request to the changed operation fails now;
  source break  typed code using the operation no longer compiles;
  static only (correction)   oasdiff flags it, every run passes;
  no break      oasdiff does not flag it and every run passes.

The semver follows: a wire or source break (all our SDKs are typed) is major, a static-only
change at most minor. An acknowledgement (`spec/breaking-changes.yaml`) is accepted only when
the runs agree with it: an acknowledged change that breaks on the wire fails the gate, and
so does one whose runs could not be made.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.languages import BACKENDS, backends
from pipeline.baselines import ReleaseError, newest_release
from pipeline.compat import CompatError, CompatRun, check_compatibility
from pipeline.conformance import run_gate
from pipeline.oasdiff import OasdiffError
from pipeline.release_notes import (
    KIND_BUMPS,
    BumpSuggestion,
    Kind,
    SpecChange,
    classify,
    suggest_bump,
)
from pipeline.report import compatibility_failed
from pipeline.sdk_version import SdkVersionError, read_version
from pipeline.semver import Bump, Version
from pipeline.specfile import SpecFileError
from pipeline.stages import SDK_CONFIG


class Verdict(StrEnum):
    NO_BREAK = "no break"
    STATIC_ONLY = "static only (correction)"
    SOURCE_BREAK = "source break"
    WIRE_BREAK = "wire break"


VERDICT_BUMPS = {Verdict.WIRE_BREAK: Bump.MAJOR, Verdict.SOURCE_BREAK: Bump.MAJOR,
                 Verdict.STATIC_ONLY: Bump.MINOR}


@dataclass
class ChangeVerdict:
    check: str
    where: str
    operation_id: str
    text: str
    static: bool
    """oasdiff calls it breaking (ERR under our policy)."""
    kind: Kind | None
    acknowledged: bool
    wire: dict[str, str] = field(default_factory=dict)
    """Per language: ok, break, or error (no verdict)."""
    source: dict[str, str] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    verdict: Verdict = Verdict.NO_BREAK

    def to_json(self) -> dict[str, object]:
        return {"check": self.check, "where": self.where, "operationId": self.operation_id,
                "text": self.text, "static": "break" if self.static else "ok",
                "wire": self.wire, "source": self.source, "verdict": self.verdict.value,
                "acknowledged": self.acknowledged, "evidence": self.evidence}


def _language_status(status: str, broken: set[str], operations: set[str] | None) -> str:
    if status == "error":
        return "error"
    if operations is None:  # a change outside any operation: any unclaimed break counts
        return "break" if broken else "ok"
    return "break" if broken & operations else "ok"


def change_verdicts(changes: list[SpecChange], run: CompatRun) -> list[ChangeVerdict]:
    """A row per spec change, plus a row per operation that breaks with no change listed."""
    rows: list[ChangeVerdict] = []
    claimed = {c.operation_id for c in changes if c.operation_id}
    for change in changes:
        if change.kind is Kind.NOTE:
            continue
        rows.append(ChangeVerdict(
            check=change.check, where=change.where, operation_id=change.operation_id,
            text=change.text, static=change.kind is Kind.BREAKING, kind=change.kind,
            acknowledged=change.acknowledged,
        ))
    unclaimed: dict[str, str] = {}
    for wire in run.wire.values():
        for finding in wire.findings:
            if finding.operation not in claimed:
                unclaimed.setdefault(finding.operation, finding.request.split(" {")[0])
    for source in run.source.values():
        for snippet in source.findings:
            if snippet.operation and snippet.operation not in claimed:
                unclaimed.setdefault(snippet.operation, snippet.operation)
    for operation, where in unclaimed.items():
        rows.append(ChangeVerdict(
            check="(no spec change)", where=where, operation_id=operation,
            text="the spec does not say this changed, but the released clients break",
            static=False, kind=None, acknowledged=False,
        ))
    # A README/api.md example of the release that no longer compiles belongs to no operation.
    examples = sorted({f"{lang}: {f.snippet}" for lang, r in run.source.items()
                       for f in r.findings if not f.operation})
    if examples:
        rows.append(ChangeVerdict(
            check="(release examples)", where="README.md / api.md", operation_id="",
            text="examples of the release's README no longer compile: " + ", ".join(examples),
            static=False, kind=None, acknowledged=False,
        ))
    for row in rows:
        operations = {row.operation_id} if row.operation_id else None
        for language, wire in run.wire.items():
            if row.check == "(release examples)":  # examples are compiled, not sent
                row.wire[language] = "error" if wire.status == "error" else "ok"
                continue
            broken = wire.broken_operations if operations else wire.broken_operations - claimed
            row.wire[language] = _language_status(wire.status, broken, operations)
            row.evidence += [f"{language} wire: {f.describe()}" for f in wire.findings
                             if operations is None or f.operation in operations]
        for language, source in run.source.items():
            if row.check == "(release examples)":
                found = [f for f in source.findings if not f.operation]
                row.source[language] = ("error" if source.status == "error"
                                        else "break" if found else "ok")
            else:
                broken = (source.broken_operations if operations
                          else source.broken_operations - claimed)
                row.source[language] = _language_status(source.status, broken, operations)
                found = [f for f in source.findings
                         if operations is None or f.operation in operations]
            row.evidence += [f"{language} source: {f.snippet}: {f.errors[0]}"
                             for f in found if f.errors]
        if "break" in row.wire.values():
            row.verdict = Verdict.WIRE_BREAK
        elif "break" in row.source.values():
            row.verdict = Verdict.SOURCE_BREAK
        elif row.static:
            row.verdict = Verdict.STATIC_ONLY
    return rows


def _statuses(run: CompatRun) -> list[tuple[str, str, str]]:
    """(language, "wire" or "source", status) of every run."""
    return [*((lang, "wire", r.status) for lang, r in run.wire.items()),
            *((lang, "source", r.status) for lang, r in run.source.items())]


def runs_complete(run: CompatRun) -> bool:
    return all(status != "error" for _, _, status in _statuses(run))


def gate_problems(rows: list[ChangeVerdict], run: CompatRun) -> list[str]:
    """Why the acknowledgements cannot be accepted: the runs contradict or cannot confirm."""
    problems = []
    for row in rows:
        if not row.acknowledged:
            continue
        if row.verdict is Verdict.WIRE_BREAK:
            broken = ", ".join(lang for lang, status in row.wire.items() if status == "break")
            problems.append(
                f"{row.where} [{row.check}] is acknowledged as deliberate, but the "
                f"{run.release} SDKs break on the wire ({broken}): the acknowledgement "
                "does not make it safe; fix the server or the spec"
            )
        elif not runs_complete(run):
            failed = ", ".join(f"{lang} {kind}" for lang, kind, status in _statuses(run)
                               if status == "error")
            problems.append(
                f"{row.where} [{row.check}] is acknowledged, but the compatibility runs that "
                f"would confirm it did not run ({failed})"
            )
    return problems


def suggest(rows: list[ChangeVerdict], changes: list[SpecChange], title: str | None,
            current: Version, run_complete: bool) -> BumpSuggestion:
    """The bump from the verdicts (oasdiff's alone when a run could not be made)."""
    static = suggest_bump(changes, title, current)
    if not run_complete:
        return static
    from_spec = max(
        (VERDICT_BUMPS.get(row.verdict) or (KIND_BUMPS[row.kind] if row.kind else Bump.NONE)
         for row in rows),
        default=Bump.NONE,
    )
    notes = [n for n in static.notes if "spec diff needs" not in n]
    if static.from_title is not None and from_spec > static.from_title:
        notes.append(
            f"run against the released clients, the change needs a {from_spec.label} bump but "
            f"the title implies {static.from_title.label}; the larger one is suggested"
        )
    bump = max(from_spec, static.from_title or Bump.NONE)
    return BumpSuggestion(bump, current, from_spec, static.from_title, tuple(notes))


def acknowledgement_entry(row: ChangeVerdict, run: CompatRun, version: str) -> str:
    """The `spec/breaking-changes.yaml` entry for a flagged change no released client breaks
    on the wire, ready to paste; its reason cites the runs."""
    steps = ", ".join(f"{lang}: {len(r.passed)} operations" for lang, r in run.wire.items())
    checked = ", ".join(f"{lang}: {len(r.checked)} snippets" for lang, r in run.source.items())
    wire = (f"The {run.release} SDKs ({', '.join(run.wire)}) pass the {run.release} "
            f"round-trip suite against this server ({steps})")
    if row.verdict is Verdict.SOURCE_BREAK:
        broken = ", ".join(lang for lang, status in row.source.items() if status == "break")
        reason = (f"Source break only: {wire}, but typed code written against "
                  f"{run.release} no longer compiles in {broken}; a major release.")
    else:
        reason = (f"Static only (a correction): oasdiff flags it, but no client breaks. "
                  f"{wire}, and typed code written against {run.release} still compiles "
                  f"against the new SDKs ({checked}).")
    operation = row.where if row.where != "components" else row.operation_id or "components"
    return (
        f"  - check: {row.check}\n"
        f"    operation: {_yaml_scalar(operation)}\n"
        f"    reason: >-\n      {reason}\n"
        f"    version: {version}\n"
    )


def _yaml_scalar(text: str) -> str:
    # `GET /v1/x/{id}` needs no quotes; a leading `{`/`*`/`&` or `: ` would.
    return text if text[:1].isalnum() and ": " not in text else f"'{text}'"


def _language_verdict(rows: list[ChangeVerdict], language: str) -> Verdict:
    if any(r.wire.get(language) == "break" for r in rows):
        return Verdict.WIRE_BREAK
    if any(r.source.get(language) == "break" for r in rows):
        return Verdict.SOURCE_BREAK
    return Verdict.STATIC_ONLY if any(r.static for r in rows) else Verdict.NO_BREAK


def _summary(rows: list[ChangeVerdict], run: CompatRun) -> str:
    """The verdict in plain words, for the PR's reviewers."""
    static = [r for r in rows if r.static]
    wire = sorted({lang for r in rows for lang, s in r.wire.items() if s == "break"})
    source = sorted({lang for r in rows for lang, s in r.source.items() if s == "break"})
    failed = sorted({lang for lang, _, status in _statuses(run) if status == "error"})
    parts = [f"oasdiff flags {len(static)} change(s) as breaking" if static
             else "oasdiff flags no breaking change"]
    parts.append(f"the {run.release} SDKs break on the wire in {', '.join(wire)}" if wire
                 else f"every {run.release} SDK still works against this server")
    parts.append(f"typed code written against {run.release} no longer compiles in "
                 f"{', '.join(source)}" if source
                 else f"typed code written against {run.release} still compiles")
    if failed:
        parts.append(f"no verdict for {', '.join(failed)} (a run failed)")
    corrections = [r for r in rows if r.verdict is Verdict.STATIC_ONLY]
    sentence = "; ".join(parts) + "."
    if corrections and not wire and not source:
        sentence += " The flagged changes are corrections: no client breaks."
    return sentence[0].upper() + sentence[1:]


def compatibility_report(run: CompatRun, changes: list[SpecChange], title: str | None,
                         current: Version) -> tuple[dict[str, object], BumpSuggestion]:
    """The report's `compatibility` section (plain data) and the bump it implies."""
    rows = change_verdicts(changes, run)
    complete = runs_complete(run)
    suggestion = suggest(rows, changes, title, current, complete)
    problems = gate_problems(rows, run)
    version = str(suggestion.next)
    acknowledgements = [acknowledgement_entry(r, run, version) for r in rows
                        if r.static and not r.acknowledged
                        and r.verdict in (Verdict.STATIC_ONLY, Verdict.SOURCE_BREAK)]
    languages = []
    for language in run.wire:
        languages.append({
            "language": language,
            "static": "break" if any(r.static for r in rows) else "ok",
            "wire": run.wire[language].status,
            "source": run.source[language].status,
            "verdict": _language_verdict(rows, language).value,
            "wire_error": run.wire[language].error,
            "source_error": run.source[language].error,
        })
    section = {
        **run.to_json(),
        "summary": _summary(rows, run),
        "table": languages,
        "changes": [r.to_json() for r in rows],
        "gate": {"passed": not problems, "problems": problems},
        "acknowledgements": "acknowledged:\n" + "".join(acknowledgements)
        if acknowledgements else None,
    }
    return section, suggestion


def main(argv: list[str] | None = None) -> int:
    """Run both checks, judge every change against the release, and gate like the preview."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.verdict",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--release", type=Path, help="default: the newest spec/released/*.yaml")
    names = [b.name for b in backends() if b.wire_driver is not None and b.consumer_corpus]
    parser.add_argument("--languages", default=",".join(names))
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.languages.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BACKENDS]
    if unknown:
        print(f"error: --languages: unknown {', '.join(unknown)}", file=sys.stderr)
        return 2
    root = Path.cwd()
    try:
        release = args.release or newest_release(root / "spec/released")
        run = check_compatibility(root, chosen, release)
        gate = run_gate(release, root / "spec/openapi.yaml",
                        acknowledgements_path=root / "spec/breaking-changes.yaml",
                        policy_path=root / "spec/severity-levels.yaml",
                        build_dir=root / "build/compat")
        assert gate.changelog is not None  # run_gate always writes it
        summary = json.loads(gate.changelog[1].read_text(encoding="utf-8"))
        section, suggestion = compatibility_report(
            run, classify(summary["changes"]), None, read_version(root / SDK_CONFIG)
        )
    except (CompatError, ReleaseError, OasdiffError, SpecFileError, SdkVersionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"compatibility with {run.release} (SDKs from {run.generator}"
          f"{', cached' if run.cached else ''}; suite {run.suite}; {run.seconds:.1f}s)")
    print(section["summary"])
    for row in section["table"]:  # type: ignore[attr-defined]
        print(f"  {row['language']:<11} static {row['static']:<6} wire {row['wire']:<6} "
              f"source {row['source']:<6} → {row['verdict']}")
    for change in section["changes"]:  # type: ignore[attr-defined]
        print(f"  {change['where']} [{change['check']}]: {change['verdict']}")
        for item in change["evidence"][:6]:
            print(f"      {item}")
    for problem in section["gate"]["problems"]:  # type: ignore[index]
        print(f"GATE: {problem}")
    if section["acknowledgements"]:
        print("pre-filled acknowledgements for spec/breaking-changes.yaml:")
        print(section["acknowledgements"])
    print(f"suggested bump: {suggestion.bump.label} ({suggestion.current} → {suggestion.next})")
    return 1 if compatibility_failed(section) else 0


if __name__ == "__main__":
    raise SystemExit(main())
