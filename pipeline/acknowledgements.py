"""Acknowledged breaking changes (`spec/breaking-changes.yaml`) and their matching.

Each entry names an oasdiff check id and an operation, with the reason the break is
deliberate and the version it ships in. An entry acknowledges every change of that check
on that operation; the conformance gate turns the matched changes into oasdiff's ignore
file and reports entries that match nothing as stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.oasdiff import Change
from pipeline.specfile import SpecFileError, load_spec

DEFAULT_ACKNOWLEDGEMENTS = Path("spec/breaking-changes.yaml")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_METHOD_AND_PATH = re.compile(r"^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (/\S*)$")


@dataclass(frozen=True)
class Acknowledgement:
    check: str
    operation: str  # "GET /v1/path", an operationId, or "components"
    reason: str
    version: str
    index: int  # position in the file, for messages

    def matches(self, change: Change) -> bool:
        if change.check != self.check:
            return False
        return self.operation in (change.where, change.operation_id)

    def describe(self) -> str:
        return f"acknowledged[{self.index}] ({self.check} on {self.operation})"


def _validate_operation(operation: str, where: str) -> None:
    if operation == "components" or _METHOD_AND_PATH.match(operation):
        return
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", operation):
        return  # an operationId
    raise SpecFileError(
        f"{where}.operation: {operation!r} must be `METHOD /path`, an operationId or `components`"
    )


def load_acknowledgements(
    path: Path, known_checks: set[str] | None = None
) -> list[Acknowledgement]:
    """Read and validate the file; errors name the file and the entry."""
    document = load_spec(path)
    entries = document.get("acknowledged")
    if not isinstance(entries, list):
        raise SpecFileError(f"{path}: `acknowledged` must be a list (use `acknowledged: []`)")
    acknowledgements = []
    for index, entry in enumerate(entries):
        where = f"{path}: acknowledged[{index}]"
        if not isinstance(entry, dict):
            raise SpecFileError(
                f"{where}: must be a mapping with check, operation, reason, version"
            )
        unknown = sorted(set(entry) - {"check", "operation", "reason", "version"})
        if unknown:
            raise SpecFileError(f"{where}: unknown field(s) {', '.join(unknown)}")
        for field in ("check", "operation", "reason", "version"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise SpecFileError(f"{where}.{field}: required, a non-empty string")
        if known_checks is not None and entry["check"] not in known_checks:
            raise SpecFileError(f"{where}.check: {entry['check']!r} is not an oasdiff check id")
        _validate_operation(entry["operation"], where)
        if not _VERSION.match(entry["version"]):
            raise SpecFileError(f"{where}.version: {entry['version']!r} is not MAJOR.MINOR.PATCH")
        acknowledgements.append(
            Acknowledgement(
                check=entry["check"],
                operation=entry["operation"],
                reason=" ".join(entry["reason"].split()),
                version=entry["version"],
                index=index,
            )
        )
    return acknowledgements


def acknowledgement_for(
    change: Change, acknowledgements: list[Acknowledgement]
) -> Acknowledgement | None:
    return next((a for a in acknowledgements if a.matches(change)), None)


def stale(acknowledgements: list[Acknowledgement], changes: list[Change]) -> list[Acknowledgement]:
    """Entries that acknowledge no change between the baseline and the spec."""
    return [a for a in acknowledgements if not any(a.matches(c) for c in changes)]
