"""Successive generations in one process: spec → config → IR → every language's files.

``parley generate`` is a session's only run. ``parley watch`` keeps one session for as long as
it watches: each run re-reads the spec parsing only the pieces whose text changed
(generator.reparse), builds the IR with the session's :class:`~generator.build_ir.IrReuse` and
hands the backends the :class:`~generator.render_memo.RenderMemo` of the last successful run,
so what the edit did not touch is reused instead of parsed, built or rendered again. A run's
output and diagnostics are what a fresh session would give (tests/generator/test_reparse.py,
test_ir_reuse.py and test_render_memo.py check it edit by edit, language by language).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.build_ir import build_ir
from generator.builder.reuse import IrReuse
from generator.config import SdkConfig, load_config
from generator.diagnostics import Diagnostic, Diagnostics, GenerationError
from generator.forked import usable_cpus
from generator.languages import BACKENDS, get_backend, unknown_language
from generator.render_memo import RenderMemo
from generator.render_processes import render_languages
from generator.reparse import SpecReader

if TYPE_CHECKING:
    from generator.ir import IR

Rendered = dict[str, dict[str, str]]
"""{language: {relative POSIX path: text}}"""


def config_for(document: Any, config_path: Path | None, diags: Diagnostics) -> SdkConfig:
    """The SDK config of this spec: the file's settings, with defaults that depend on the
    spec (its title names the client; component names are kept free of SDK names)."""
    info = document.get("info") if isinstance(document, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    names = schemas if isinstance(schemas, dict) else {}
    avoid = frozenset(k for k in names if isinstance(k, str))
    return load_config(config_path, diags, title if isinstance(title, str) else None, avoid)


class Session:
    """Generates for ``langs``, run after run, reusing what the last successful run rendered."""

    def __init__(
        self, langs: list[str], *, incremental: bool = True, processes: int | None = None
    ) -> None:
        """``incremental=False``: one run only (``parley generate``), nothing kept for a next.

        ``processes``: how many processes render (generator.render_processes); default one
        per usable CPU for a one-shot run. A watch renders in this process, where its memos
        live."""
        unknown = [lang for lang in langs if get_backend(lang) is None]
        if unknown:
            raise GenerationError(
                [Diagnostic("error", "#", unknown_language(lang), source="--lang")
                 for lang in unknown]
            )
        self.langs = list(langs)
        self.memos = {lang: RenderMemo(keep=incremental) for lang in langs}
        self.reader = SpecReader()
        # The last successful IR build's work, for the next one (none for a one-shot run).
        self.ir_reuse = IrReuse() if incremental else None
        if processes is not None and (processes < 1 or (incremental and processes > 1)):
            raise ValueError(f"processes={processes}: at least 1, and 1 for a watch")
        self.processes = processes or (1 if incremental else usable_cpus())

    def generate(
        self, spec: Path, config_path: Path | None, diags: Diagnostics
    ) -> tuple[IR, SdkConfig, Rendered]:
        """Load ``spec`` and generate every language; GenerationError with every error if
        the spec or config is bad (the session then still holds the last good run)."""
        loaded = self.reader.load(spec, diags, processes=self.processes)
        return self.generate_document(loaded.document, loaded.sha256, config_path, diags)

    def generate_document(
        self, document: Any, spec_sha256: str, config_path: Path | None, diags: Diagnostics
    ) -> tuple[IR, SdkConfig, Rendered]:
        try:
            config = config_for(document, config_path, diags)
            ir = build_ir(
                document, config, diags, spec_sha256=spec_sha256, generator_version=__version__,
                reuse=self.ir_reuse, processes=self.processes,
            )
            rendered = render_languages(
                self.langs, lambda lang, own: self._render(lang, ir, config, own), diags,
                weights={lang: BACKENDS[lang].render_weight for lang in self.langs},
                processes=self.processes,
            )
            diags.raise_if_errors()
        except BaseException:  # a bad spec, or a bug: this run's pieces are not the last good
            for memo in self.memos.values():
                memo.abandon_run()
            raise
        for memo in self.memos.values():
            memo.finish_run()
        return ir, config, rendered

    def _render(self, lang: str, ir: IR, config: SdkConfig, diags: Diagnostics) -> dict[str, str]:
        backend = BACKENDS[lang]
        if backend.reuses_pieces:
            return backend.render(ir, config, diags, self.memos[lang])
        return backend.render(ir, config, diags)

    def reuse_counts(self) -> dict[str, tuple[int, int]]:
        """{language: (pieces reused, pieces computed)} of the last successful run."""
        return {lang: (memo.last_reused, memo.last_computed) for lang, memo in self.memos.items()}
