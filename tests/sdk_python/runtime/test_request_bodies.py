"""Non-JSON request bodies: multipart/form-data uploads, URL-encoded forms and raw bytes.

Multipart bodies are checked byte for byte where the layout matters, and parsed back with the
standard library's ``email`` parser (a MIME multipart reader independent of our encoder)
everywhere else.
"""

from __future__ import annotations

import datetime
import email.parser
import email.policy
import enum
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest
from pydantic import Field
from rt_pkg._body import flatten_form
from rt_pkg._models import BaseModel
from rt_pkg._options import FinalRequestOptions
from rt_pkg._types import NOT_GIVEN

from .fake_sdk import AsyncFake, Fake, FileObject
from .scripted import Reply, ScriptedTransport

FILE_REPLY = Reply(json={"id": "file_1", "object": "file", "filename": "data.jsonl"})
BINARY = b'\x00\xff\r\n--not-a-boundary\r\n{"a": 1}\n'


@dataclass
class Part:
    name: str | None
    filename: str | None
    content_type: str | None
    """The part's own Content-Type header (``None`` when absent, as for plain fields)."""
    content: bytes


def boundary_of(request: httpx.Request) -> str:
    match = re.fullmatch(
        r"multipart/form-data; boundary=([0-9a-f]{32})", request.headers["content-type"]
    )
    assert match is not None, request.headers["content-type"]
    return match.group(1)


def parse_multipart(request: httpx.Request) -> list[Part]:
    """Parse a multipart/form-data request body with the stdlib MIME parser."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    assert message.is_multipart()
    parts: list[Part] = []
    for part in message.iter_parts():
        assert part.get_content_disposition() == "form-data"
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        name = part.get_param("name", header="content-disposition")
        assert name is None or isinstance(name, str)
        parts.append(
            Part(
                name=name,
                filename=part.get_filename(),
                content_type=part.get("content-type"),
                content=payload,
            )
        )
    return parts


def fields_of(parts: list[Part]) -> list[tuple[str | None, str]]:
    return [(p.name, p.content.decode()) for p in parts if p.filename is None]


def client_for(transport: ScriptedTransport) -> Fake:
    return Fake(http_client=transport.sync_client())


# --------------------------------------------------------------------------- multipart


def test_multipart_body_is_exact_on_the_wire() -> None:
    transport = ScriptedTransport(FILE_REPLY)
    created = client_for(transport).files.create(
        file=("data.jsonl", b'{"x": 1}\n', "application/jsonl"),
        purpose="batch",
        expires_after={"anchor": "created_at", "seconds": 3600},
        tags=["a", "b"],
        public=True,
    )
    assert isinstance(created, FileObject) and created.id == "file_1"
    (request,) = transport.requests
    boundary = boundary_of(request)
    expected = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="expires_after[anchor]"\r\n\r\ncreated_at\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="expires_after[seconds]"\r\n\r\n3600\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="tags"\r\n\r\na\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="tags"\r\n\r\nb\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="public"\r\n\r\ntrue\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="data.jsonl"\r\n'
        "Content-Type: application/jsonl\r\n\r\n"
        '{"x": 1}\n\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    assert request.content == expected
    assert request.headers["content-length"] == str(len(expected))
    assert request.method == "POST"
    assert request.headers["idempotency-key"]  # uploads are non-GET requests like any other


def test_every_file_form_is_read_with_its_name_and_type(tmp_path: Path) -> None:
    on_disk = tmp_path / "notes.txt"
    on_disk.write_bytes(b"from a path")
    opened = tmp_path / "report.json"
    opened.write_bytes(b'{"from": "a file object"}')
    transport = ScriptedTransport(FILE_REPLY)
    with opened.open("rb") as handle:
        client_for(transport).files.create(
            file=on_disk,
            purpose="assistants",
            attachments=[
                BINARY,  # bare bytes: default name, octet-stream
                handle,  # an open binary file: its base name, type guessed from it
                ("custom.bin", io.BytesIO(b"tuple content")),  # named, type guessed (none)
                (None, b"no filename", "text/csv"),  # an explicit None filename is respected
            ],
        )
    parts = parse_multipart(transport.requests[0])
    assert [(p.name, p.filename, p.content_type, p.content) for p in parts] == [
        ("purpose", None, None, b"assistants"),
        ("file", "notes.txt", "text/plain", b"from a path"),
        ("attachments", "upload", "application/octet-stream", BINARY),
        ("attachments", "report.json", "application/json", b'{"from": "a file object"}'),
        ("attachments", "custom.bin", "application/octet-stream", b"tuple content"),
        ("attachments", None, "text/csv", b"no filename"),
    ]


def test_none_and_not_given_fields_are_left_out() -> None:
    transport = ScriptedTransport(FILE_REPLY)
    client_for(transport).files.create(
        file=b"x", purpose="batch", expires_after=None, tags=NOT_GIVEN, public=False
    )
    parts = parse_multipart(transport.requests[0])
    assert fields_of(parts) == [("purpose", "batch"), ("public", "false")]
    assert [p.name for p in parts if p.filename is not None] == ["file"]


def test_field_names_and_filenames_are_escaped_and_unicode_survives() -> None:
    transport = ScriptedTransport(FILE_REPLY)
    client_for(transport).files.create(
        file=('we"ird\r\nname ü.txt', b"body"),
        purpose="caf\u00e9 \u2615",
        extra_body={'quote"key': "v"},
    )
    request = transport.requests[0]
    assert b'name="quote%22key"' in request.content
    assert b'filename="we%22ird%0D%0Aname \xc3\xbc.txt"' in request.content
    parts = parse_multipart(request)
    assert fields_of(parts) == [("purpose", "caf\u00e9 \u2615"), ("quote%22key", "v")]


def test_callers_content_type_cannot_break_the_boundary() -> None:
    transport = ScriptedTransport(FILE_REPLY)
    client_for(transport).files.create(
        file=b"x", purpose="batch", extra_headers={"Content-Type": "multipart/form-data"}
    )
    request = transport.requests[0]
    boundary_of(request)  # ours, with the boundary the body uses
    assert [p.name for p in parse_multipart(request)] == ["purpose", "file"]


def test_a_boundary_never_occurs_inside_the_content() -> None:
    transport = ScriptedTransport(FILE_REPLY)
    client_for(transport).files.create(file=BINARY * 50, purpose="batch")
    request = transport.requests[0]
    boundary = boundary_of(request).encode()
    assert request.content.count(boundary) == 3  # two delimiters and the close delimiter


def test_retries_resend_the_same_file_bytes(sleeps: list[float]) -> None:
    class ReadOnce(io.BytesIO):
        """A stream that cannot be rewound: only a read-once-then-reuse client can retry it."""

        name = "stream.bin"
        reads = 0

        def read(self, size: int | None = -1) -> bytes:
            self.reads += 1
            return super().read(size)

        def seek(self, offset: int, whence: int = 0) -> int:
            raise io.UnsupportedOperation("not seekable")

    stream = ReadOnce(BINARY)
    transport = ScriptedTransport(
        Reply(500, json={"error": {"message": "busy"}}),
        httpx.ConnectError("reset"),
        FILE_REPLY,
    )
    client_for(transport).files.create(file=stream, purpose="batch")
    assert len(transport.requests) == 3
    assert len(sleeps) == 2
    bodies = [r.content for r in transport.requests]
    assert bodies[0] == bodies[1] == bodies[2]
    assert [p.content for p in parse_multipart(transport.requests[2]) if p.filename] == [BINARY]
    assert stream.reads == 1
    assert len(set(transport.headers("idempotency-key"))) == 1
    assert transport.headers("x-retry-count") == ["0", "1", "2"]


async def test_async_upload_and_retry(tmp_path: Path, sleeps: list[float]) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(BINARY)
    transport = ScriptedTransport(Reply(503), FILE_REPLY)
    client = AsyncFake(http_client=transport.async_client())
    created = await client.files.create(file=path, purpose="batch")
    assert created.filename == "data.jsonl"
    assert transport.requests[0].content == transport.requests[1].content
    parts = parse_multipart(transport.requests[1])
    assert [(p.name, p.filename, p.content) for p in parts] == [
        ("purpose", None, b"batch"),
        ("file", "a.jsonl", BINARY),
    ]


def test_bad_files_raise_a_clear_error_before_any_request(tmp_path: Path) -> None:
    text_file = tmp_path / "t.txt"
    text_file.write_text("hello")
    transport = ScriptedTransport()
    files = client_for(transport).files
    with text_file.open("r") as handle, pytest.raises(TypeError, match=r"file: .*'rb'"):
        files.create(file=handle, purpose="batch")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^file: expected a file"):
        files.create(file="data.jsonl", purpose="batch")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^attachments\[1\]: expected a file, got int"):
        files.create(file=b"x", purpose="batch", attachments=[b"ok", 3])  # type: ignore[list-item]
    with pytest.raises(FileNotFoundError):
        files.create(file=tmp_path / "missing.bin", purpose="batch")
    assert transport.requests == []


# --------------------------------------------------------------------------- URL-encoded forms


def test_form_body_is_url_encoded() -> None:
    transport = ScriptedTransport(Reply(json={"access_token": "t"}))
    result = client_for(transport).files.create_token(
        grant_type="client credentials",
        scope=["read", "write:all"],
        remember=True,
        client={"id": 7, "tags": ["x"], "meta": {"k": None}},
    )
    assert result == {"access_token": "t"}
    (request,) = transport.requests
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == (
        b"grant_type=client+credentials&scope=read&scope=write%3Aall&remember=true"
        b"&client%5Bid%5D=7&client%5Btags%5D=x"
    )
    assert parse_qsl(request.content.decode()) == [
        ("grant_type", "client credentials"),
        ("scope", "read"),
        ("scope", "write:all"),
        ("remember", "true"),
        ("client[id]", "7"),
        ("client[tags]", "x"),
    ]


def test_files_cannot_go_in_a_form_body() -> None:
    with pytest.raises(ValueError, match="multipart"):
        FinalRequestOptions.build(
            "post", "/x", body={}, files={"f": b"x"}, options={"body_encoding": "form"}
        )
    transport = ScriptedTransport()
    with pytest.raises(TypeError, match=r"^client\[blob\]: files can only be sent in a multipart"):
        client_for(transport).files.create_token(grant_type="x", client={"blob": b"bytes"})
    assert transport.requests == []


def test_models_dates_and_enums_are_sent_as_their_json_values() -> None:
    class Color(enum.Enum):
        RED = "red"

    class Point(BaseModel):
        x_: int = Field(alias="x")
        label: str = "not sent: unset fields are left out"

    utc = datetime.timezone.utc  # noqa: UP017 (these tests also run on Python 3.9)
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc)
    pairs = flatten_form({"when": when, "color": Color.RED, "point": Point(x=1)})
    assert pairs == [("when", "2024-01-02T03:04:05Z"), ("color", "red"), ("point[x]", 1)]
    # Models in a list are objects, so they are indexed exactly like dicts (and like the TS SDK).
    assert flatten_form({"points": [Point(x=1), Point(x=2)]}) == [
        ("points[0][x]", 1),
        ("points[1][x]", 2),
    ]
    with pytest.raises(
        TypeError, match=r"^thing: cannot send a value of type object in a form body"
    ):
        flatten_form({"thing": object()})


def test_flattening_rules() -> None:
    assert flatten_form(
        {
            "n": 1.5,
            "none": None,
            "unset": NOT_GIVEN,
            "list": [1, True, None, "s"],
            "objects": [{"a": 1}, {"b": [2, 3]}],
            "matrix": [[1, 2]],
        }
    ) == [
        ("n", 1.5),
        ("list", 1),
        ("list", True),
        ("list", "s"),
        ("objects[0][a]", 1),
        ("objects[1][b]", 2),
        ("objects[1][b]", 3),
        ("matrix[0]", 1),
        ("matrix[0]", 2),
    ]


# --------------------------------------------------------------------------- raw bodies


def test_raw_body_is_sent_as_given_with_the_operations_content_type(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(BINARY)
    transport = ScriptedTransport(Reply(204), Reply(204), Reply(204), Reply(204))
    files = client_for(transport).files
    files.upload_content("file_1", body=BINARY)
    files.upload_content("file_1", body="text \u00e9")
    files.upload_content("file_1", body=path)
    files.upload_content("file_1", body=io.BytesIO(b"io"), extra_headers={"Content-Type": "x/y"})
    assert [r.content for r in transport.requests] == [
        BINARY,
        "text \u00e9".encode(),
        BINARY,
        b"io",
    ]
    assert transport.headers("content-type") == [
        "application/jsonl",
        "application/jsonl",
        "application/jsonl",
        "x/y",  # a caller's header wins for raw bodies
    ]
    assert {r.method for r in transport.requests} == {"PUT"}


def test_json_stays_the_default_encoding() -> None:
    options = FinalRequestOptions.build("post", "/x", body={"a": 1})
    assert options.body_encoding == "json"
    assert FinalRequestOptions.build("post", "/x", files={"f": b""}).body_encoding == "multipart"
    with pytest.raises(ValueError, match="multipart"):
        FinalRequestOptions.build("post", "/x", files={"f": b""}, options={"body_encoding": "json"})
