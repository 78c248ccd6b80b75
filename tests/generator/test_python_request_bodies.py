"""Generated Python SDKs send multipart/form-data, URL-encoded and raw request bodies for real.

A small spec with one operation per body kind, and the llama-stack spec's file upload, are
generated, imported and driven through ``httpx.MockTransport``; multipart bodies are parsed back
with the standard library's ``email`` MIME parser (independent of the runtime's encoder).
"""

from __future__ import annotations

import email.parser
import email.policy
import importlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.cli import main
from tests.third_party import LLAMA_STACK as LLAMA

BODIES_SPEC = """\
openapi: 3.1.0
info: {title: Uploads, version: "1"}
servers: [{url: "http://api.test"}]
paths:
  /uploads:
    post:
      operationId: createUpload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary, description: The file.}
                extras: {type: array, items: {type: string, format: binary}}
                thumbnail: {anyOf: [{type: string, format: binary}, {type: "null"}]}
                purpose: {type: string}
                tags: {type: array, items: {type: string}}
                meta: {type: object, properties: {size: {type: integer}, note: {type: string}}}
                public: {type: boolean}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Upload"}}}
  /uploads/{upload_id}/content:
    put:
      operationId: putUploadContent
      parameters: [{name: upload_id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "204": {description: stored}
  /tokens:
    post:
      operationId: createToken
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [grant_type]
              properties:
                grant_type: {type: string}
                scope: {type: array, items: {type: string}}
                remember: {type: boolean}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Token"}}}
components:
  schemas:
    Upload:
      type: object
      required: [id, filename]
      properties: {id: {type: string}, filename: {type: string}}
    Token:
      type: object
      required: [access_token]
      properties: {access_token: {type: string}}
"""

Handler = Callable[[httpx.Request], httpx.Response]


def _generate(tmp: Path, spec: Path, package: str) -> Path:
    config = tmp / f"{package}.yaml"
    config.write_text(
        f"languages:\n  python: {{package_name: {package}, dist_name: x-{package}}}\n"
    )
    out = tmp / package
    args = ["generate", "--spec", str(spec), "--config", str(config), "--lang", "python"]
    assert main([*args, "--out", str(out)]) == 0
    return out / "src"


def _import(src: Path, package: str) -> Iterator[ModuleType]:
    sys.path.insert(0, str(src))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(src))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def bodies_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bodies")
    spec = tmp / "spec.yaml"
    spec.write_text(BODIES_SPEC)
    return _generate(tmp, spec, "ub_bodies")


@pytest.fixture
def bodies(bodies_src: Path) -> Iterator[ModuleType]:
    yield from _import(bodies_src, "ub_bodies")


def parse_multipart(request: httpx.Request) -> list[tuple[str | None, str | None, bytes]]:
    """``(name, filename, content)`` of every part, via the stdlib MIME parser."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    assert message.is_multipart() and not message.defects
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        name = part.get_param("name", header="content-disposition")
        assert name is None or isinstance(name, str)
        parts.append((name, part.get_filename(), payload))
    return parts


def _recording(reply: Callable[[httpx.Request], httpx.Response]) -> tuple[
    list[httpx.Request], httpx.MockTransport
]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return reply(request)

    return seen, httpx.MockTransport(handle)


def _json(body: object, status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, json=body)


UPLOAD = {"id": "up_1", "filename": "a.txt"}


def test_generated_signatures_type_check(bodies_src: Path) -> None:
    uploads = (bodies_src / "ub_bodies" / "resources" / "uploads.py").read_text()
    assert "        file: FileTypes,\n" in uploads
    assert "        extras: Union[Sequence[FileTypes], NotGiven] = NOT_GIVEN,\n" in uploads
    assert "        thumbnail: Union[Optional[FileTypes], NotGiven] = NOT_GIVEN,\n" in uploads
    assert "        body: Union[str, FileContent],\n" in uploads
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10",
         "--no-incremental", "ub_bodies"],
        cwd=bodies_src, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_multipart_operation_sends_files_and_form_fields(bodies: Any, tmp_path: Path) -> None:
    thumb = tmp_path / "thumb.png"
    thumb.write_bytes(b"\x89PNG\r\n\x1a\n")
    seen, transport = _recording(_json(UPLOAD))
    client = bodies.Uploads(
        base_url="http://api.test", http_client=httpx.Client(transport=transport)
    )
    upload = client.uploads.create(
        file=("a.txt", b"hello\r\nworld"),
        extras=[b"\x00one", ("two.csv", b"2,2", "text/csv")],
        thumbnail=thumb,
        purpose="fine-tune",
        tags=["x", "y"],
        meta={"size": 12},
        public=False,
    )
    assert upload.id == "up_1"
    (request,) = seen
    assert request.method == "POST" and request.url.path == "/uploads"
    assert parse_multipart(request) == [
        ("purpose", None, b"fine-tune"),
        ("tags", None, b"x"),
        ("tags", None, b"y"),
        ("meta[size]", None, b"12"),
        ("public", None, b"false"),
        ("file", "a.txt", b"hello\r\nworld"),
        ("extras", "upload", b"\x00one"),
        ("extras", "two.csv", b"2,2"),
        ("thumbnail", "thumb.png", b"\x89PNG\r\n\x1a\n"),
    ]
    assert b'name="extras"; filename="two.csv"\r\nContent-Type: text/csv\r\n' in request.content
    assert b'filename="thumb.png"\r\nContent-Type: image/png\r\n' in request.content


def test_omitted_optional_files_are_not_sent(bodies: Any) -> None:
    seen, transport = _recording(_json(UPLOAD))
    client = bodies.Uploads(
        base_url="http://api.test", http_client=httpx.Client(transport=transport)
    )
    client.uploads.create(file=b"only", purpose="p", thumbnail=None)
    assert parse_multipart(seen[0]) == [("purpose", None, b"p"), ("file", "upload", b"only")]


def test_form_operation_is_url_encoded(bodies: Any) -> None:
    seen, transport = _recording(_json({"access_token": "tok"}))
    client = bodies.Uploads(
        base_url="http://api.test", http_client=httpx.Client(transport=transport)
    )
    token = client.tokens.create(grant_type="client credentials", scope=["a", "b"], remember=True)
    assert token.access_token == "tok"
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen[0].content == b"grant_type=client+credentials&scope=a&scope=b&remember=true"


def test_raw_operation_sends_bytes_with_its_media_type(bodies: Any) -> None:
    seen, transport = _recording(lambda request: httpx.Response(204))
    client = bodies.Uploads(
        base_url="http://api.test", http_client=httpx.Client(transport=transport)
    )
    assert client.uploads.content("up 1", body=b"\x00\xffraw") is None
    assert seen[0].method == "PUT" and seen[0].url.raw_path == b"/uploads/up%201/content"
    assert seen[0].headers["content-type"] == "application/octet-stream"
    assert seen[0].content == b"\x00\xffraw"


async def test_async_multipart_operation(bodies: Any) -> None:
    seen, transport = _recording(_json(UPLOAD))
    client = bodies.AsyncUploads(
        base_url="http://api.test", http_client=httpx.AsyncClient(transport=transport)
    )
    await client.uploads.create(file=("a.txt", b"async"), purpose="p")
    assert parse_multipart(seen[0]) == [("purpose", None, b"p"), ("file", "a.txt", b"async")]


def test_llama_stack_file_upload_is_a_real_multipart_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _generate(tmp_path, LLAMA, "ub_llama")
    data = tmp_path / "batch.jsonl"
    data.write_bytes(b'{"custom_id": "1"}\n{"custom_id": "2"}\n')
    file_object = {
        "object": "file", "id": "file-1", "bytes": 38, "created_at": 1, "expires_at": 3601,
        "filename": "batch.jsonl", "purpose": "batch", "status": "uploaded",
        "status_details": "",
    }
    replies = iter([httpx.Response(503), httpx.Response(200, json=file_object)])
    seen, transport = _recording(lambda request: next(replies))
    for llama in _import(src, "ub_llama"):
        client = llama.LlamaStack(
            base_url="http://llama.test", http_client=httpx.Client(transport=transport)
        )
        monkeypatch.setattr(client, "_sleep", lambda seconds: None)
        with data.open("rb") as handle:
            created = client.files.upload(
                file=handle,
                purpose="batch",
                expires_after={"anchor": "created_at", "seconds": 3600},
            )
        assert created.id == "file-1" and created.bytes_ == 38
    assert len(seen) == 2  # the 503 was retried...
    assert seen[0].content == seen[1].content  # ...with the same file bytes
    request = seen[1]
    assert request.method == "POST" and request.url.path == "/v1/files"
    assert parse_multipart(request) == [
        ("purpose", None, b"batch"),
        ("expires_after[anchor]", None, b"created_at"),
        ("expires_after[seconds]", None, b"3600"),
        ("file", "batch.jsonl", data.read_bytes()),
    ]
