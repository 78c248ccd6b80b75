"""Binary downloads, text, 204 and multi-file uploads, byte-exact, through generated Python and
TypeScript SDKs against a real server (``binary_app.py``): in-process (httpx's ASGI transport)
and on loopback (uvicorn on an ephemeral port, for Python and for node).

Downloads are random bytes (every run different, invalid UTF-8 almost surely) and a PNG with
``\\r\\n`` and NUL inside, so any text decoding on the way would show.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.cli import main
from tests.app.live_server import serve_on_loopback
from tests.generator.binary_app import NOTES, SPEC, create_binary_app
from tests.sdk_typescript import toolchain

PACKAGE = "binary_sdk"
RANDOM = os.urandom(256)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64) + b"\r\n\x00\xff\xfe"
SDK_TSCONFIG = toolchain.REPO / "templates" / "typescript" / "static" / "tsconfig.json"
TS_SCRIPT = Path(__file__).resolve().parent / "fixtures" / "binary" / "binary-roundtrip.ts"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("binary_spec") / "spec.yaml"
    path.write_text(SPEC)
    return path


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_on_loopback(create_binary_app(RANDOM, PNG)) as url:
        yield url


@pytest.fixture(scope="module")
def python_src(spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("binary_py")
    config = tmp / "config.yaml"
    config.write_text(f"languages:\n  python: {{package_name: {PACKAGE}, dist_name: x-bin}}\n")
    out = tmp / "sdk"
    args = ["generate", "--spec", str(spec_path), "--config", str(config), "--lang", "python"]
    assert main([*args, "--out", str(out)]) == 0
    return out / "src"


@pytest.fixture
def sdk(python_src: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(python_src))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(python_src))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_generated_python_types(python_src: Path) -> None:
    resources = python_src / PACKAGE / "resources"
    blobs = (resources / "blobs.py").read_text()
    assert "    ) -> BinaryAPIResponse:\n" in blobs
    assert "    ) -> AsyncBinaryAPIResponse:\n" in blobs
    # The 204 declares a JSON media type (a flaw): it is still empty, like in TypeScript.
    assert "    def delete(" in blobs and "    ) -> None:\n" in blobs
    assert "    ) -> str:\n" in (resources / "notes.py").read_text()
    uploads = (resources / "uploads.py").read_text()
    assert "        cover: FileTypes,\n" in uploads
    assert "        attachments: Sequence[FileTypes],\n" in uploads
    assert "        thumbnail: Union[FileTypes, NotGiven] = NOT_GIVEN,\n" in uploads
    readme = (python_src.parent / "README.md").read_text()
    assert "## Binary responses" in readme
    downloads = "(`client.blobs.image.download()`, `client.blobs.random.download()`)"
    assert f"{downloads} return a\n" in readme


def _check_sync(client: Any, sdk: ModuleType, tmp_path: Path) -> None:
    download = client.blobs.random.download()
    assert isinstance(download, sdk._response.BinaryAPIResponse)
    assert download.content == RANDOM and download.read() == RANDOM
    chunks = list(download.iter_bytes(100))
    assert [len(c) for c in chunks] == [100, 100, 56] and b"".join(chunks) == RANDOM
    target = tmp_path / "random.bin"
    download.write_to_file(target)
    assert target.read_bytes() == RANDOM
    assert download.response.headers["content-type"] == "application/octet-stream"
    assert download.response.headers["x-seen-accept"] == "application/octet-stream"
    assert isinstance(download.text, str)

    image = client.blobs.image.download()
    assert image.content == PNG and image.response.headers["x-seen-accept"] == "image/png"
    raw = client.blobs.random.with_raw_response.download()
    assert raw.status_code == 200 and raw.parse().content == RANDOM

    assert client.notes.retrieve() == NOTES
    assert client.blobs.delete("blob 1") is None
    assert client.blobs.update("blob 1", body=RANDOM).sha256 == sha(RANDOM)

    path = tmp_path / "third.bin"
    path.write_bytes(b"\x00\r\n--\xff")
    report = client.uploads.create(
        label="several files",
        cover=("cover.png", PNG, "image/png"),
        attachments=[RANDOM, ("second.png", PNG), path],
        thumbnail=PNG,
    )
    assert [(p.name, p.filename, p.size, p.sha256) for p in report.parts] == [
        ("label", None, 13, sha(b"several files")),
        ("cover", "cover.png", len(PNG), sha(PNG)),
        ("attachments", "upload", 256, sha(RANDOM)),
        ("attachments", "second.png", len(PNG), sha(PNG)),
        ("attachments", "third.bin", 6, sha(b"\x00\r\n--\xff")),
        ("thumbnail", "upload", len(PNG), sha(PNG)),
    ]


async def _check_async(client: Any, sdk: ModuleType, tmp_path: Path) -> None:
    download = await client.blobs.random.download()
    assert isinstance(download, sdk._response.AsyncBinaryAPIResponse)
    assert download.content == RANDOM and await download.aread() == RANDOM
    chunks = [chunk async for chunk in download.aiter_bytes(200)]
    assert [len(c) for c in chunks] == [200, 56] and b"".join(chunks) == RANDOM
    target = tmp_path / "random-async.bin"
    await download.write_to_file(target)
    assert target.read_bytes() == RANDOM
    assert (await client.blobs.image.download()).content == PNG
    raw = await client.blobs.image.with_raw_response.download()
    assert (await raw.parse()).content == PNG
    assert await client.notes.retrieve() == NOTES
    assert await client.blobs.delete("blob 1") is None
    report = await client.uploads.create(
        label="x", cover=PNG, attachments=[RANDOM, RANDOM[:1]]
    )
    assert [(p.name, p.sha256) for p in report.parts] == [
        ("label", sha(b"x")),
        ("cover", sha(PNG)),
        ("attachments", sha(RANDOM)),
        ("attachments", sha(RANDOM[:1])),
    ]


async def test_python_in_process(sdk: ModuleType, tmp_path: Path) -> None:
    transport = httpx.ASGITransport(app=create_binary_app(RANDOM, PNG))
    async with sdk.AsyncBinaryTest(
        base_url="http://binary.test", http_client=httpx.AsyncClient(transport=transport)
    ) as client:
        await _check_async(client, sdk, tmp_path)


def test_python_sync_on_loopback(sdk: ModuleType, base_url: str, tmp_path: Path) -> None:
    with sdk.BinaryTest(base_url=base_url, max_retries=0) as client:
        _check_sync(client, sdk, tmp_path)


async def test_python_async_on_loopback(sdk: ModuleType, base_url: str, tmp_path: Path) -> None:
    async with sdk.AsyncBinaryTest(base_url=base_url, max_retries=0) as client:
        await _check_async(client, sdk, tmp_path)


@pytest.fixture(scope="module")
def ts_sdk(spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TypeScript SDK with the round-trip script, compiled together under the SDK's strict
    settings (plus Node's typings for the script) to ES modules in ``out/``."""
    out = tmp_path_factory.mktemp("binary_ts") / "sdk"
    proc = toolchain.generate(spec_path, out)
    assert proc.returncode == 0, proc.stderr
    shutil.copy2(TS_SCRIPT, out / TS_SCRIPT.name)
    config = json.loads(SDK_TSCONFIG.read_text())
    config["compilerOptions"].update(
        {"noEmit": False, "rootDir": ".", "outDir": "out", "types": ["node"]}
    )
    config["include"] = ["src", TS_SCRIPT.name]
    (out / "tsconfig.test.json").write_text(json.dumps(config, indent=2))
    (out / "node_modules").symlink_to(toolchain.ensure_tools(), target_is_directory=True)
    toolchain.tsc(out / "tsconfig.test.json")
    (out / "out" / "package.json").write_text('{"type": "module"}\n')
    return out


def test_generated_typescript_types(ts_sdk: Path) -> None:
    api = (ts_sdk / "api.md").read_text()
    for call, route, result in [
        ("blobs.random.download()", "GET /blobs/random", "Response"),
        ("blobs.delete(blobId)", "DELETE /blobs/{blob_id}", "void"),
        ("notes.retrieve()", "GET /notes", "string"),
    ]:
        assert f"| `client.{call}` | `{route}` | – | `APIPromise<{result}>` |" in api
    readme = (ts_sdk / "README.md").read_text()
    downloads = "(`client.blobs.image.download()`, `client.blobs.random.download()`)"
    assert f"{downloads} resolve to" in readme
    types = (ts_sdk / "src" / "types.ts").read_text()
    assert "  attachments: Blob[];\n" in types and "  thumbnail?: Blob;\n" in types


def test_typescript_on_loopback(ts_sdk: Path, base_url: str) -> None:
    proc = toolchain.node(["out/binary-roundtrip.js", base_url], ts_sdk)
    result = json.loads(proc.stdout)
    assert bytes.fromhex(result["random"]) == RANDOM
    assert bytes.fromhex(result["image"]) == PNG
    assert result["randomStatus"] == 200 and result["randomType"] == "application/octet-stream"
    assert result["randomAccept"] == "application/octet-stream"
    assert result["imageAccept"] == "image/png" and result["imageType"] == "image/png"
    assert result["rawIsSame"] is True
    assert result["notes"] == NOTES
    assert result["deleted"] is True
    sent = result["sent"]
    parts = [(p["name"], p["filename"], p["sha256"]) for p in result["report"]["parts"]]
    assert parts == [
        ("label", None, sha(b"several files")),
        ("cover", "cover.png", sent["cover"]),
        *[("attachments", f"part-{i}.bin", digest) for i, digest in enumerate(sent["attachments"])],
        ("thumbnail", "upload", sent["thumbnail"]),
    ]
    assert sent["cover"] == sha(PNG)
    assert sent["attachments"] == [sha(RANDOM[:100]), sha(PNG), sha(b"\x00\r\n--\xff")]
    assert result["stored"] == {"size": 256, "sha256": sha(RANDOM)}
    assert bytes.fromhex(result["retried"]) == RANDOM
    assert result["notFound"].startswith("404 ") and "no such blob" in result["notFound"]


def test_python_binary_download_retries_and_raises_like_any_call(sdk: ModuleType) -> None:
    replies = iter(
        [
            httpx.Response(503, json={"error": {"message": "busy"}}),
            httpx.Response(200, content=RANDOM),
            httpx.Response(404, json={"error": {"message": "no such blob"}}),
        ]
    )
    transport = httpx.MockTransport(lambda request: next(replies))
    http = httpx.Client(transport=transport)
    client = sdk.BinaryTest(base_url="http://binary.test", http_client=http)
    client._sleep = lambda seconds: None  # no real backoff in a test
    assert client.blobs.random.download().content == RANDOM  # after one retry
    with pytest.raises(sdk.NotFoundError, match="no such blob"):
        client.blobs.random.download()


def test_python_binary_download_through_with_streaming_response(
        sdk: ModuleType, base_url: str) -> None:
    """The body arrives unread: iterated in chunks, byte-exact; or ``parse()`` reads it."""
    with sdk.BinaryTest(base_url=base_url, max_retries=0) as client:
        with client.blobs.random.with_streaming_response.download() as response:
            assert response.status_code == 200
            assert not response.http_response.is_stream_consumed
            assert b"".join(response.iter_bytes(64)) == RANDOM
        with client.with_streaming_response.blobs.image.download() as response:
            assert response.parse().content == PNG
