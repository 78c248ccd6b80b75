"""Auth schemes and pagination kinds end to end: Python and TypeScript SDKs generated from
``auth_pages_app.py``'s spec, against that server (Python in-process through httpx's ASGI
transport, sync on loopback; TypeScript on loopback under node).

Every route takes one scheme (bearer, ``x-api-key`` or basic) and pages by its own kind; the
server rejects a missing or extra credential and a missing ``x-api-version`` (a client default,
not a method argument). Iterating a list yields its items, across every page, in order.
"""

from __future__ import annotations

import importlib
import json
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
from tests.generator.auth_pages_app import (
    API_KEY,
    ITEMS,
    PASSWORD,
    SPEC,
    TOKEN,
    USER,
    create_auth_pages_app,
)
from tests.sdk_typescript import toolchain

PACKAGE = "multi_sdk"
IDS = [item["id"] for item in ITEMS]
# resource → its list method: the names follow the naming rules (an items field other than
# `data` does not make a `list` yet), the pagination does not depend on them.
LISTS = {"models": "list", "records": "list", "entries": "list", "things": "list",
         "nodes": "list"}


def lister(client: Any, resource: str) -> Any:
    return getattr(getattr(client, resource), LISTS[resource])
SDK_TSCONFIG = toolchain.REPO / "templates" / "typescript" / "static" / "tsconfig.json"
TS_SCRIPT = Path(__file__).resolve().parent / "fixtures" / "auth_pages" / "auth-pages.ts"
CONFIG = "client: {name: Multi, env_prefix: MULTI}\n"


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("auth_pages")
    (tmp / "spec.yaml").write_text(SPEC)
    (tmp / "config.yaml").write_text(
        CONFIG + f"languages:\n  python: {{package_name: {PACKAGE}, dist_name: multi-sdk}}\n"
    )
    return tmp


@pytest.fixture(scope="module")
def python_src(spec_dir: Path) -> Path:
    out = spec_dir / "py"
    args = ["generate", "--spec", str(spec_dir / "spec.yaml"), "--config",
            str(spec_dir / "config.yaml"), "--lang", "python", "--out", str(out)]
    assert main(args) == 0
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


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_on_loopback(create_auth_pages_app()) as url:
        yield url


CREDENTIALS = {"auth_token": TOKEN, "api_key": API_KEY, "username": USER, "password": PASSWORD}


def test_generated_python_surface(python_src: Path) -> None:
    client = (python_src / PACKAGE / "_client.py").read_text()
    for option in CREDENTIALS:
        assert f"        {option}: Optional[str] = None,\n" in client
    for env in ("MULTI_AUTH_TOKEN", "MULTI_API_KEY", "MULTI_USERNAME", "MULTI_PASSWORD"):
        assert f'os.environ.get("{env}")' in client
    assert '    "x-api-version": "2024-01-01",\n' in client
    models = (python_src / PACKAGE / "resources" / "models.py").read_text()
    assert "x_api_version" not in models  # a client default, not a method argument
    # `cursor_page` is the default config's (after/last_id): this after_id shape is another.
    assert "    ) -> SyncCursorPage2[Item]:\n" in models
    assert "    ) -> AsyncPaginator[Item, AsyncCursorPage2[Item]]:\n" in models
    readme = (python_src.parent / "README.md").read_text()
    assert "- `api_key` (`MULTI_API_KEY`): sent in the `x-api-key` header\n" in readme
    assert ("- `SyncNumberPage` / `AsyncNumberPage` (`page_number`, items in `entries`): "
            "`page` = the page number + 1\n") in readme
    pages = (python_src / PACKAGE / "pagination.py").read_text()
    for kind in ("cursor_token", "page_number", "offset", "next_url"):
        assert f'    _kind = "{kind}"\n' in pages


def _check_sync(client: Any, sdk: ModuleType) -> None:
    for name in LISTS:
        items = list(lister(client, name)())
        assert [item.id for item in items] == IDS, name
        assert all(isinstance(item, sdk.types.Item) for item in items), name
    page = client.models.list(limit=4)
    assert [m.id for m in page.data] == IDS[:4] and page.has_next_page()
    second = page.get_next_page()
    assert [m.id for m in second.data] == IDS[4:8]
    assert [len(p.data) for p in page.iter_pages()] == [4, 4, 2]
    assert [len(p.data) for p in client.entries.list().iter_pages()] == [3, 3, 3, 1]
    last = client.things.list(offset=9)
    assert [t.id for t in last.data] == IDS[9:] and not last.has_next_page()
    # security: [] sends no credential, though the client has all of them.
    health = client.health.retrieve()
    assert (health.authorization, health.api_key) == (None, None)


def test_python_sync_on_loopback(sdk: ModuleType, base_url: str) -> None:
    with sdk.Multi(base_url=base_url, max_retries=0, **CREDENTIALS) as client:
        _check_sync(client, sdk)


def test_python_credentials_from_the_environment(
    sdk: ModuleType, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for option, value in CREDENTIALS.items():
        monkeypatch.setenv(f"MULTI_{option.upper()}", value)
    with sdk.Multi(base_url=base_url, max_retries=0) as client:
        assert [r.id for r in client.records.list()] == IDS
        assert [e.id for e in client.entries.list()] == IDS
    with sdk.Multi(base_url=base_url, max_retries=0, username="ada", password="wrong") as client:
        with pytest.raises(sdk.AuthenticationError):
            client.entries.list()
        # The default header can be overridden (the server then refuses the request).
        other = client.copy(default_headers={"x-api-version": "1999-01-01"})
        with pytest.raises(sdk.BadRequestError):
            other.models.list()


async def test_python_async_in_process(sdk: ModuleType) -> None:
    transport = httpx.ASGITransport(app=create_auth_pages_app())
    async with sdk.AsyncMulti(base_url="http://multi.test", max_retries=0,
                              http_client=httpx.AsyncClient(transport=transport),
                              **CREDENTIALS) as client:
        for name in LISTS:
            listing = lister(client, name)()
            assert not hasattr(listing, "send"), "an async list is not a coroutine"
            assert [item.id async for item in listing] == IDS, name
        page = await client.records.list()
        assert [r.id for r in page.data] == IDS[:3] and page.has_next_page()
        assert [r.id for r in (await page.get_next_page()).data] == IDS[3:6]
        assert [len(p.data) async for p in page.iter_pages()] == [3, 3, 3, 1]
        assert [n.id async for n in await client.nodes.list()] == IDS
        health = await client.health.retrieve()
        assert (health.authorization, health.api_key) == (None, None)


@pytest.fixture(scope="module")
def ts_sdk(spec_dir: Path) -> Path:
    out = spec_dir / "ts"
    config = spec_dir / "ts-config.yaml"
    config.write_text(CONFIG)
    proc = toolchain.generate(spec_dir / "spec.yaml", out, config)
    assert proc.returncode == 0, proc.stderr
    shutil.copy2(TS_SCRIPT, out / TS_SCRIPT.name)
    tsconfig = json.loads(SDK_TSCONFIG.read_text())
    tsconfig["compilerOptions"].update(
        {"noEmit": False, "rootDir": ".", "outDir": "out", "types": ["node"]}
    )
    tsconfig["include"] = ["src", TS_SCRIPT.name]
    (out / "tsconfig.test.json").write_text(json.dumps(tsconfig, indent=2))
    (out / "node_modules").symlink_to(toolchain.ensure_tools(), target_is_directory=True)
    toolchain.tsc(out / "tsconfig.test.json")
    (out / "out" / "package.json").write_text('{"type": "module"}\n')
    return out


def test_typescript_on_loopback(ts_sdk: Path, base_url: str) -> None:
    env = {"MULTI_API_KEY": API_KEY}  # from the environment; the others are options
    proc = toolchain.node(["out/auth-pages.js", base_url], ts_sdk, env=env)
    result = json.loads(proc.stdout)
    for name in LISTS:
        assert result["lists"][name] == IDS, name
    assert result["firstPage"] == IDS[:4] and result["secondPage"] == IDS[4:8]
    assert result["pageSizes"] == [3, 3, 3, 1]
    assert result["health"] == {"authorization": None, "api_key": None}
    assert result["wrongPassword"] == 401
    client_ts = (ts_sdk / "src" / "client.ts").read_text()
    assert "export interface MultiOptions extends ClientOptions {" in client_ts
    assert 'defaultHeaders: { "x-api-version": "2024-01-01" },' in client_ts


def test_go_client_sends_the_default_header_and_the_header_api_key(spec_dir: Path) -> None:
    out = spec_dir / "go"
    args = ["generate", "--spec", str(spec_dir / "spec.yaml"), "--config",
            str(spec_dir / "config.yaml"), "--lang", "go", "--out", str(out)]
    assert main(args) == 0
    client = (out / "client.go").read_text()
    assert '\t\toption.WithHeader("x-api-version", "2024-01-01"),\n' in client
    assert ('\t\t\trequestconfig.AuthScheme{ID: "apiKeyAuth", Kind: "api_key", Location: "header", '
            'Name: "x-api-key", Credentials: []string{"api_key"}},\n') in client
    assert ('\tif v, ok := os.LookupEnv("MULTI_API_KEY"); ok && v != "" {\n'
            '\t\tdefaults = append(defaults, option.WithCredential("api_key", v))\n') in client
    assert 'os.LookupEnv("MULTI_AUTH_TOKEN")' in client  # the bearer token
