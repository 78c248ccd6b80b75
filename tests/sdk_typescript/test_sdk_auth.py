"""The TypeScript SDK against a protected, rate-limited app: it waits out a real 429."""

from __future__ import annotations

from pathlib import Path

from app.auth.config import AuthSettings, RateLimitSettings
from tests.app.auth_support import ALICE_TOKEN, make_app, write_static_tokens
from tests.app.live_server import serve_on_loopback
from tests.sdk_typescript import toolchain
from tests.sdk_typescript.conftest import TsProject


def test_waits_on_a_real_429_and_succeeds(ts_project: TsProject, tmp_path: Path) -> None:
    app = make_app(
        "sqlite+aiosqlite://",
        auth=AuthSettings(static_tokens_file=write_static_tokens(tmp_path)),
        rate_limits=RateLimitSettings(write_per_minute=60),
    )
    with serve_on_loopback(app) as base_url:
        counts = toolchain.node_test(
            ["out/ratelimit.test.js"],
            ts_project.root,
            env={"PARLEY_BASE_URL": base_url, "PARLEY_API_KEY": ALICE_TOKEN},
        )
    assert counts["pass"] == counts["tests"] == 2, counts
