"""The per-PR SDK preview: every stage for every language, then one report.

    python -m pipeline.preview [--base <git ref>] [--title "feat: …"] [--out build/preview]
                               [--languages <names>] [--stages generate,build,lint,test]
                               [--fail-on-error]

Runs, without stopping at a failure: the spec drift check, then generate → build → lint →
test for each language (its backend's stages, from the registry in `generator.languages`),
then the same stages at the base commit in a temporary worktree (cached per base commit)
for the "was" column, then oasdiff between the base's spec and this one, then (unless
--no-compat) the last release's SDKs against this server and its typed code against these
SDKs (`pipeline.compat`), which decide the verdict per change and the suggested bump. Writes
`<out>/report.json` and `<out>/report.md`. Built artifacts go to `build/dist/`.

Exit status: 0 when the report was written (even if stages failed: the report is the
product); with --fail-on-error, 1 when anything is an error. 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import SdkConfig, load_config
from generator.diagnostics import Diagnostics, GenerationError
from generator.languages import BACKENDS, backends
from pipeline import base_checkout
from pipeline.base_checkout import GitError
from pipeline.baselines import ReleaseError, newest_release
from pipeline.compat import CompatError, check_compatibility
from pipeline.conformance import run_gate
from pipeline.oasdiff import OasdiffError
from pipeline.release_notes import (
    BumpSuggestion,
    SpecChange,
    classify,
    render_entry,
    suggest_bump,
)
from pipeline.report import PreviewInputs, build_report, render_markdown
from pipeline.sdk_version import SdkVersionError, read_version
from pipeline.semver import Version
from pipeline.specfile import SpecFileError
from pipeline.stage_runner import RunContext, run_language, run_stage
from pipeline.stages import SDK_CONFIG, SPEC, SPEC_CHECK, STAGE_ORDER, Status
from pipeline.verdict import compatibility_report

DEFAULT_OUT = Path("build/preview")
ACKNOWLEDGEMENTS = "spec/breaking-changes.yaml"
SEVERITY_POLICY = "spec/severity-levels.yaml"


class UsageError(Exception):
    """Bad command-line input; the message names the option."""


@dataclass(frozen=True)
class Options:
    root: Path
    out: Path
    base: str | None
    title: str | None
    languages: list[str]
    stages: list[str]
    use_cache: bool
    compat: bool = False
    """Run the compatibility checks against the newest release (`pipeline.compat`)."""
    compat_release: Path | None = None
    """The release to check against (default: the newest spec/released/<v>.yaml)."""
    compat_server: tuple[str, ...] | None = None
    """The server command (default: `python -m app` on loopback, see pipeline.compat)."""


def _choices(raw: str | None, allowed: tuple[str, ...], option: str) -> list[str]:
    if raw is None:
        return list(allowed)
    chosen = [item.strip() for item in raw.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in allowed]
    if unknown or not chosen:
        raise UsageError(
            f"{option}: unknown {', '.join(map(repr, unknown)) or 'empty list'}; "
            f"choose from {', '.join(allowed)}"
        )
    return [item for item in allowed if item in chosen]  # table order, not argument order


def run_preview(options: Options, progress: bool = True) -> dict[str, object]:
    """Run everything and write the reports; returns the JSON report."""
    root, out = options.root, options.out
    say: Callable[[str], None] = _print_progress if progress else _quiet
    out.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(root=root, logs=out / "logs", progress=say)
    notes: list[str] = []

    base_sha = base_checkout.resolve_commit(root, options.base) if options.base else None
    head = _head(root)  # before the stages: generating rewrites sdks/ in place
    spec_check = run_stage("spec", SPEC_CHECK, ctx)
    results = {
        language: run_language(BACKENDS[language], options.stages, ctx)
        for language in options.languages
    }

    base_statuses = None
    if options.base and base_sha:
        base_statuses = _base_statuses(options, base_sha, say)

    spec_changes, spec_error, changelog, against = _spec_changes(root, out, base_sha)
    current = _current_version(root, notes)
    suggestion = suggest_bump(spec_changes or [], options.title, current)
    compatibility = None
    if options.compat:
        compatibility, compat_suggestion = _compatibility(options, spec_changes, current, say)
        suggestion = compat_suggestion or suggestion
    inputs = PreviewInputs(
        title=options.title,
        head=head,
        base={"ref": options.base, "sha": base_sha} if options.base and base_sha else None,
        results=results,
        base_statuses=base_statuses,
        spec_check=spec_check,
        spec_changes=spec_changes,
        spec_error=spec_error,
        spec_changelog=changelog,
        spec_against=against,
        suggestion=suggestion,
        changelog_entry=render_entry(
            f"{suggestion.next} (suggested)", spec_changes or [], options.title
        ),
        notes=notes,
        sdk_config=_sdk_config(root, notes),
        compatibility=compatibility,
    )
    report = build_report(inputs)
    (out / "report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "report.md").write_text(render_markdown(report), encoding="utf-8")
    return report


def _compatibility(
    options: Options, spec_changes: list[SpecChange] | None, current: Version,
    say: Callable[[str], None],
) -> tuple[dict[str, object], BumpSuggestion | None]:
    """The compatibility section for the languages whose backends can run the checks."""
    languages = [name for name in options.languages
                 if BACKENDS[name].wire_driver is not None or BACKENDS[name].consumer_corpus]
    say(f"compatibility with the last release: {', '.join(languages)}")
    try:
        run = check_compatibility(
            options.root, languages, options.compat_release,
            server=options.compat_server, work=options.out / "compat",
        )
    except (CompatError, ReleaseError, GitError) as exc:
        return {"error": str(exc)}, None
    section, suggestion = compatibility_report(run, spec_changes or [], options.title, current)
    section["not_checked"] = [name for name in options.languages if name not in languages]
    return section, suggestion


def _print_progress(message: str) -> None:
    print(f"preview: {message}", flush=True)


def _quiet(message: str) -> None:
    del message


def _head(root: Path) -> dict[str, str]:
    try:
        sha = base_checkout.git(root, "rev-parse", "HEAD").strip()
        dirty = bool(base_checkout.git(root, "status", "--porcelain", "--untracked-files=no"))
    except GitError:
        return {"ref": "working tree", "sha": ""}
    return {"ref": "working tree" if dirty else "HEAD", "sha": sha}


def _base_statuses(
    options: Options, base_sha: str, say: Callable[[str], None]
) -> dict[str, dict[str, str]]:
    """Stage statuses at the base commit: from the cache, or a run in a temporary worktree."""
    selection = {language: options.stages for language in options.languages}
    key = base_checkout.cache_key(base_sha, selection)
    if options.use_cache:
        cached = base_checkout.load_cached(options.root, key)
        if cached is not None:
            return {lang: {k: str(v) for k, v in stages.items()} for lang, stages in cached.items()}
    statuses: dict[str, dict[str, str]] = {}
    with base_checkout.worktree(options.root, base_sha) as base_root:
        ctx = RunContext(
            root=base_root,
            logs=options.out / "base-logs",
            progress=lambda message: say(f"(base) {message}"),
        )
        for language in options.languages:
            results = run_language(BACKENDS[language], options.stages, ctx)
            statuses[language] = {r.stage: r.status.value for r in results}
    base_checkout.store_cached(options.root, key, statuses)
    return statuses


def _spec_changes(
    root: Path, out: Path, base_sha: str | None
) -> tuple[list[SpecChange] | None, str | None, str | None, str | None]:
    """(changes, error, changelog path, what was compared) between the base spec and ours.

    With no base commit, the newest release baseline stands in: that is what the next
    release's notes will be measured against.
    """
    if base_sha is not None:
        content = base_checkout.file_at(root, base_sha, SPEC)
        if content is None:
            return None, None, None, None
        base_spec = out / "base-openapi.yaml"
        base_spec.write_bytes(content)
        against = f"the base commit's {SPEC}"
    else:
        try:
            base_spec = newest_release(root / "spec/released")
        except ReleaseError:
            return None, None, None, None
        against = f"the newest release baseline {base_spec.relative_to(root)}"
    try:
        result = run_gate(
            base_spec,
            root / SPEC,
            acknowledgements_path=root / ACKNOWLEDGEMENTS,
            policy_path=root / SEVERITY_POLICY,
            build_dir=out,
        )
    except (OasdiffError, SpecFileError) as exc:
        return None, str(exc), None, against
    assert result.changelog is not None  # run_gate always writes it
    markdown, as_json = result.changelog
    summary = json.loads(as_json.read_text(encoding="utf-8"))
    return classify(summary["changes"]), None, _relative(markdown, root), against


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _current_version(root: Path, notes: list[str]) -> Version:
    try:
        return read_version(root / SDK_CONFIG)
    except SdkVersionError as exc:
        notes.append(f"cannot read the current SDK version ({exc}); assuming 0.0.0")
        return Version(0, 0, 0)


def _sdk_config(root: Path, notes: list[str]) -> SdkConfig | None:
    """The PR's SDK config, for the install lines (the generate stage reports its errors)."""
    try:
        return load_config(root / SDK_CONFIG, Diagnostics(source="config"))
    except GenerationError:
        notes.append(f"{SDK_CONFIG} has errors; the install lines use the default config")
        return None


def _print_summary(report: dict[str, object], out: Path) -> None:
    languages = report["languages"]
    assert isinstance(languages, list)
    for language in languages:
        line = " → ".join(
            f"{s['stage']} {Status(s['status']).icon}" for s in language["stages"]
        )
        print(f"{language['language']:<11} {line}")
    semver = report["semver"]
    if isinstance(semver, dict):
        print(f"suggested bump: {semver['bump']} ({semver['current']} → {semver['next']})")
    print(f"report: {out / 'report.md'} ({out / 'report.json'})")


def parse_args(argv: list[str] | None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.preview", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--base", help="git ref of the PR's base, e.g. origin/main")
    parser.add_argument("--title", help="the PR title (conventional commits: feat:, fix:, …)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report directory")
    names = tuple(b.name for b in backends())
    parser.add_argument("--languages", help=f"comma list (default: {','.join(names)})")
    parser.add_argument("--stages", help=f"comma list (default: {','.join(STAGE_ORDER)})")
    parser.add_argument("--no-cache", action="store_true", help="re-evaluate the base")
    parser.add_argument(
        "--no-compat", action="store_true",
        help="skip the wire/source compatibility checks against the last release",
    )
    parser.add_argument(
        "--fail-on-error", action="store_true", help="exit 1 when the report has an error"
    )
    args = parser.parse_args(argv)
    root = Path.cwd()
    options = Options(
        root=root,
        out=args.out if args.out.is_absolute() else root / args.out,
        base=args.base,
        title=args.title.strip() if args.title and args.title.strip() else None,
        languages=_choices(args.languages, names, "--languages"),
        stages=_choices(args.stages, STAGE_ORDER, "--stages"),
        use_cache=not args.no_cache,
        compat=not args.no_compat,
    )
    return options, bool(args.fail_on_error)


def main(argv: list[str] | None = None) -> int:
    try:
        options, fail_on_error = parse_args(argv)
        if shutil.which("git") is None and options.base:
            raise UsageError("--base needs git on PATH")
        report = run_preview(options)
    except (UsageError, GitError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_summary(report, options.out)
    return 1 if fail_on_error and report["status"] == Status.ERROR.value else 0


if __name__ == "__main__":
    raise SystemExit(main())
