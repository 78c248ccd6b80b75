"""Differential fuzzing: the app with the hot path answers exactly as the app without it.

The same app is built twice (`Settings.hot_path_enabled` on and off), each on its own fresh
in-memory database seeded through the API in the same way. A fixed-seed generator then sends
both the same sequence of hostile requests (odd query strings, path ids, methods, content
types and bodies) and every answer must match: status, every header (the client sends its
own `x-request-id`, so none is volatile) and the body, after the ids each app generates
itself (conversation ids, `msg_`/`item_` ids, `created_at`) are replaced by names given in
order of appearance. Requests change state (items are created), so a divergence in what was
stored shows up in later listings too.

With the hot path on, no request may get a 5xx, and every 4xx must be the error envelope.
The comparison runs without auth on every backend, and with auth on (SQLite) for callers
who own the conversations, who do not (bob), the admin, and no or bad credentials.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args
from urllib.parse import quote

import httpx
import pytest

from app.auth.config import AuthSettings, RateLimitSettings
from app.conversations.hot_path import HotPathMiddleware
from app.conversations.models import MAX_ITEM_ID_LENGTH, IncludeOption
from app.main import create_app
from app.settings import Settings
from tests.app.auth_support import (
    ADMIN_TOKEN,
    ALICE_TOKEN,
    BOB_TOKEN,
    bearer,
    write_static_tokens,
)
from tests.app.samples import ITEMS

SEED = 20261201
REQUEST_COUNT = 900
TENANT_REQUEST_COUNT = 400

# Placeholders in generated requests, resolved per app: seeded conversations with items, one
# left empty, one deleted, one of another owner (bob's, with auth on), a well-formed id that
# never existed, and the last generated id the app returned.
CONVERSATION_SLOTS = ("C0", "C1", "EMPTY", "DELETED", "BOB")
MISSING = "conv_" + "0" * 48
CLIENT_IDS = ["a", "it/1", "it/2", "é", "a b", "100%", "x+y", "q?r", "h#", "ü/ß", "\U0001f600"]

_GENERATED_ID = re.compile(rb"(?:msg|item)_[0-9a-f]{48}")
_CONVERSATION_ID = re.compile(rb"conv_[0-9a-f]{48}")
_CREATED_AT = re.compile(rb'"created_at":[0-9]+')


@dataclass
class FuzzRequest:
    method: str
    target: str  # path and query, with {SLOT} placeholders
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | list[bytes] | None = None  # a list is sent chunked

    def describe(self) -> str:
        body = self.body if not isinstance(self.body, list) else b"|".join(self.body)
        return f"{self.method} {self.target:.300} {self.headers} {body!r:.300}"


@dataclass
class Side:
    """One app under test, and what it generated (for placeholders and normalisation)."""

    client: httpx.AsyncClient
    slots: dict[str, str] = field(default_factory=dict)
    names: dict[bytes, bytes] = field(default_factory=dict)
    last_generated: str = "none"

    def resolve(self, text: str) -> str:
        for slot, value in self.slots.items():
            text = text.replace("{" + slot + "}", value)
        return text.replace("{G}", self.last_generated)

    def normalise(self, body: bytes) -> bytes:
        for generated in _GENERATED_ID.findall(body):
            self.last_generated = generated.decode()
        for pattern, prefix in ((_CONVERSATION_ID, b"conv"), (_GENERATED_ID, b"gen")):
            for found in pattern.findall(body):
                self.names.setdefault(found, b"<%s%d>" % (prefix, len(self.names)))
        for original, name in self.names.items():
            body = body.replace(original, name)
        return _CREATED_AT.sub(b'"created_at":0', body)


def _settings(database_url: str, hot_path_enabled: bool, auth: AuthSettings) -> Settings:
    return Settings(
        database_url=database_url,
        auth=auth,
        rate_limits=RateLimitSettings(),
        hot_path_enabled=hot_path_enabled,
    )


@asynccontextmanager
async def _pair(database_url: str, auth: AuthSettings) -> AsyncIterator[tuple[Side, Side]]:
    """The app with and without the hot path, seeded alike (by alice and bob with auth on).

    In-memory SQLite: a database per app. PostgreSQL: one shared server, on which each app
    only ever sees the conversations it created itself.
    """
    apps = [create_app(_settings(database_url, on, auth)) for on in (True, False)]
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        for app in apps
    ]
    try:
        pair = (Side(clients[0]), Side(clients[1]))
        for side in pair:
            await _seed(side, auth.enabled)
        yield pair
    finally:
        for client, app in zip(clients, apps, strict=True):
            await client.aclose()
            await app.state.database.dispose()


@pytest.fixture
async def sides(database_url: str) -> AsyncIterator[tuple[Side, Side]]:
    async with _pair(database_url, AuthSettings()) as pair:
        yield pair


async def _seed(side: Side, auth: bool) -> None:
    alice = bearer(ALICE_TOKEN) if auth else {}
    for slot in CONVERSATION_SLOTS:
        headers = bearer(BOB_TOKEN) if auth and slot == "BOB" else alice
        response = await side.client.post("/v1/conversations", json={}, headers=headers)
        assert response.status_code == 200, response.text
        side.slots[slot] = response.json()["id"]
        side.normalise(response.content)
    side.slots["MISSING"] = MISSING
    seeded = [
        (
            "C0",
            [{**item, "id": f"s{n}/{item['type']}"} for n, item in enumerate(ITEMS)]
            + [_message(f"m{n}", CLIENT_IDS[n]) for n in range(len(CLIENT_IDS))],
        ),
        ("C1", [_message("one"), _message("two", "a")]),
        ("DELETED", [_message("gone", "a")]),
        ("BOB", [_message("bob's", "a"), _message("bob's too")]),
    ]
    for slot, items in seeded:
        headers = bearer(BOB_TOKEN) if auth and slot == "BOB" else alice
        for start in range(0, len(items), 20):
            response = await side.client.post(
                f"/v1/conversations/{side.slots[slot]}/items",
                json={"items": items[start:][:20]},
                headers=headers,
            )
            assert response.status_code == 200, response.text
            side.normalise(response.content)
    response = await side.client.delete(f"/v1/conversations/{side.slots['DELETED']}", headers=alice)
    assert response.status_code == 200, response.text


def _message(text: str, item_id: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "message", "role": "user", "content": text}
    if item_id is not None:
        item["id"] = item_id
    return item


# --- the generator -------------------------------------------------------------------------

# A request starts valid and gets hostile parts with a probability (its hostility), so most
# requests get far enough for the hot path to answer them or to decline one precise thing.

# The values the API accepts, in the order the spec lists them.
INCLUDE_VALUES = list(get_args(get_args(IncludeOption.__value__)[0]))
VALID_LIMITS = ["1", "2", "3", "5", "20", "99", "100"]
HOSTILE_LIMITS = [
    "101", "0", "0100", "010", "-1", " 5", "%205", "5%20", "5+", "+5", "%2B5", "1e2", "1.0",
    "5.5", "", "abc", "%D9%A1", "%EF%BC%91", "99999999999999999999", "0x10", "1_0", "true",
    "5%00", "%FF", "1000", "00", "%35", "５",
]  # fmt: skip
HOSTILE_ORDERS = ["ASC", "Desc", "", "asc%00", "desc+", "up", "%FF", "asc%20", "%61sc", "déc"]
ODD_VALUES = ["", "%00", "%FF", "%C3%A9", "%ED%A0%80", "%", "%zz", "+", "%2B", "a%26b", "\u00e9"]
JUNK_PIECES = [
    "zz=1", "", "=", "=x", "limit", "include", "after", "%FF=1", "LIMIT=5", "limit%3D5",
    "a=%zz", "a=%", "include[]=" + INCLUDE_VALUES[0], "order", "lim%69t=3", "limit+=3",
    "x=" + "y" * 3000, "%00=1", "&", "order=asc=desc",
]  # fmt: skip
SEEDED_IDS = CLIENT_IDS + [f"s{n}/{item['type']}" for n, item in enumerate(ITEMS)]


def _after(rng: random.Random, hostile: bool) -> str:
    if not hostile:
        roll = rng.random()
        if roll < 0.15:
            return "{G}"
        if roll < 0.25:
            return rng.choice(["nope", "a%0A", "a%09b", "+a+", "%E2%80%A8"])  # no such item
        return quote(rng.choice(SEEDED_IDS), safe="")
    return rng.choice(
        ODD_VALUES
        + ["a" * MAX_ITEM_ID_LENGTH, "a" * (MAX_ITEM_ID_LENGTH + 1), "%E2%82%AC" * 86,
           "%F0%9F%98%80" * 257, "it/1", "s0%2Fmessage%00", "%EF%BB%BFa"]
    )  # fmt: skip


def _include(rng: random.Random, hostile: bool) -> str:
    if not hostile:
        value = rng.choice(INCLUDE_VALUES)
        return quote(value, safe="") if rng.random() < 0.2 else value
    return rng.choice(
        ODD_VALUES + ["nope", "message", INCLUDE_VALUES[0].upper(), INCLUDE_VALUES[1] + "%00",
                      INCLUDE_VALUES[2] + "+", f"{INCLUDE_VALUES[0]},{INCLUDE_VALUES[1]}"]
    )  # fmt: skip


def _value(rng: random.Random, name: str, hostile: bool) -> str:
    if name == "limit":
        return rng.choice(HOSTILE_LIMITS if hostile else VALID_LIMITS)
    if name == "order":
        return rng.choice(HOSTILE_ORDERS if hostile else ["asc", "desc"])
    if name == "after":
        return _after(rng, hostile)
    return _include(rng, hostile)


def _query(rng: random.Random, names: list[str], hostility: float) -> str:
    pieces: list[str] = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        if rng.random() < hostility * 0.3:
            pieces.append(rng.choice(JUNK_PIECES))
            continue
        name = rng.choice(names)
        pieces.append(f"{name}={_value(rng, name, rng.random() < hostility)}")
    separator = ";" if rng.random() < hostility * 0.1 else "&"
    query = separator.join(pieces)
    return "?" + query if query or rng.random() < 0.1 else ""


def _conversation_segment(rng: random.Random, hostility: float) -> str:
    if rng.random() >= hostility * 0.4:
        return (
            "{" + rng.choice(["C0", "C0", "C0", "C1", "EMPTY", "DELETED", "BOB", "MISSING"]) + "}"
        )
    return rng.choice(
        [
            "{C0}%2F", "{C0}%00", "%7BC0%7D", "{C0}/", "conv_" + "A" * 48, "conv_" + "0" * 47,
            "conv_" + "0" * 49, "conv_%30" + "0" * 47, "%63onv_" + "0" * 48, "conv_" + "é" * 48,
            "conv_" + "0" * 47 + "%0A", "conv_" + "0" * 47 + "%C2%A0", "", "%20", "conv",
            "conv_" + "\u0660" * 48, "{C0}%20", "{C0}.", "conv_" + "0" * 48 + "%00",
            "conv_" + "0" * 48 + "%0A", "conv_" + "0" * 47 + "%FF",
        ]
    )  # fmt: skip


ODD_TAILS = [
    "/items/", "/items//", "/%69tems", "/Items", "/items%2F", "/items/x", "/items%00",
    "/items.json", "/item", "/items/%2F", "/items%0A",
]  # fmt: skip


def _items_path(rng: random.Random, hostility: float) -> str:
    tail = "/items"
    if rng.random() < hostility * 0.2:
        tail = rng.choice(ODD_TAILS)
    prefix = "/v1/conversations/"
    if rng.random() < hostility * 0.05:
        prefix = rng.choice(["//v1/conversations/", "/v1//conversations/", "/V1/conversations/"])
    return prefix + _conversation_segment(rng, hostility) + tail


# Valid JSON values that are easy to store or render differently: floats that print with an
# exponent, -0.0, integers past 64 bits, control and line-separator characters.
TRICKY_VALUES: list[Any] = [
    1e16, 1e-7, 1.5e300, -0.0, 0.1, 2**64, -(2**63) - 1, 10**40, 123456789.123456789, "\x00",
    "\x7f", "\u2028", "\ufeff", "\U0001f600", "<script>", "\\u0000", {"": [None, {}]}, [[[]]],
]  # fmt: skip
WRONG_VALUES: list[Any] = [
    None, 0, 1, -1, 1.5, True, False, "", "s", "\x00", [], {}, [1, [2]], {"a": {"b": None}},
    "message", "completed", "user", ["x"], [{"type": "input_text"}], {"type": "message"},
]  # fmt: skip


def _extras(rng: random.Random, value: Any) -> None:
    """Give some of the objects in `value` unknown fields with tricky values (kept as sent)."""
    if isinstance(value, dict):
        for child in value.values():
            _extras(rng, child)
        if rng.random() < 0.3:
            name = rng.choice(["x_extra", "x", "\u00e9", "annotations_x"])
            value[name] = json.loads(json.dumps(rng.choice(TRICKY_VALUES)))
    elif isinstance(value, list):
        for child in value:
            _extras(rng, child)


def _item(rng: random.Random, hostility: float) -> Any:
    item: dict[str, Any] = json.loads(json.dumps(rng.choice(ITEMS)))
    roll = rng.random()
    if roll < 0.4 and item["type"] in ("message", "function_call", "function_call_output"):
        del item["id"]  # the app generates one
    elif roll < 0.6:
        item["id"] = rng.choice(CLIENT_IDS + ["{G}", "x" * MAX_ITEM_ID_LENGTH])
    _extras(rng, item)
    if rng.random() < hostility:
        mutation = rng.random()
        if mutation < 0.6:
            item[rng.choice(sorted(item))] = rng.choice(WRONG_VALUES)
        elif mutation < 0.8:
            del item[rng.choice(sorted(item))]
        elif mutation < 0.9:
            item["id"] = rng.choice(["", "\x00", "a\x00", "a" * (MAX_ITEM_ID_LENGTH + 1)])
        else:
            return rng.choice(WRONG_VALUES)
    return item


def _items_body(rng: random.Random, hostility: float) -> bytes:
    hostile = rng.random() < hostility * 0.3
    count = rng.choice([0, 21, 1]) if hostile else rng.choice([1, 1, 1, 2, 3, 5, 20])
    body: Any = {"items": [_item(rng, hostility) for _ in range(count)]}
    if rng.random() < hostility * 0.1:
        body = rng.choice([[], None, "items", 1, {"Items": []}, {**body, "extra": 1}])
    text = json.dumps(body, ensure_ascii=rng.random() < 0.3)
    return text.encode("utf-8", "surrogatepass")


_MESSAGE = b'{"type":"message","role":"user","content":"x"}'


def _with_field(raw: bytes) -> bytes:
    return b'{"items":[' + _MESSAGE[:-1] + b"," + raw + b"}]}"


RAW_BODIES = [
    b"", b" ", b"null", b"{}", b"[]", b"{", b"not json", b'\x00{"items":[]}', b"{'items':[]}",
    b'{"items":[' + _MESSAGE + b'],"items":[' + _MESSAGE + b"]}",
    b'{"items":[],"items":[' + _MESSAGE + b"]}",
    b'{"items":[' + _MESSAGE + b'],"items":[]}',
    _with_field(b'"type":"message"'), _with_field(b'"role":"bogus","role":"user"'),
    _with_field(b'"role":"user","role":"bogus"'), _with_field(b'"x":NaN'),
    _with_field(b'"x":-Infinity'), _with_field(b'"x":1e400'), _with_field(b'"x":1' + b"0" * 5000),
    _with_field(b'"x":1' + b"0" * 4000), _with_field(b'"x":12345678901234567890123456789'),
    _with_field(b'"x":1E5,"y":-0,"z":1.0e-7,"w":1E+2'), _with_field(b'"x":"\\udc00"'),
    _with_field(b'"x":"\\ud83d\\ude00"'), _with_field(b'"\\udc00":1'),
    _with_field(b'"x":' + b"[" * 60 + b"]" * 60), _with_field(b'"x":' + b"[" * 70 + b"]" * 70),
    _with_field(b'"x":' + b"[" * 5000 + b"]" * 5000), _with_field(b'"x":"' + b"[" * 200 + b'"'),
    _with_field(b'"x":"\xff"'), _with_field(b'"x":"\xc3"'), _with_field(b'"x":"\xed\xa0\x80"'),
    _with_field(b'"x":"a\tb"'), _with_field(b'"x":"a\x00b"'),
    b'{"items":[' + _MESSAGE + b"]} trailing", b'{"items":[' + _MESSAGE + b"]}\n\t ",
    b'{"items":[' + _MESSAGE + b",]}", b'{"items":[' + _MESSAGE + b"]}" * 2,
    b'{"items":[' + _MESSAGE + b"]}\x00",
    b'{"items":[' + _MESSAGE + b"]}" + b" " * (1024 * 1024),  # over the body limit
]  # fmt: skip


def _body(rng: random.Random, hostility: float) -> bytes | list[bytes]:
    body = _items_body(rng, hostility)
    roll = rng.random()
    if roll < hostility * 0.15:
        return rng.choice(
            [*RAW_BODIES, b"\xef\xbb\xbf" + body, body.decode().encode("utf-16"), body[:-1]]
        )
    if roll < 0.15:  # sent in chunks (chunked transfer), some of them empty
        cut = rng.randrange(len(body))
        return [body[:cut], b"", body[cut:]]
    return body


VALID_CONTENT_TYPES = [
    "application/json", "application/json", "application/json", "application/json; charset=utf-8",
    "application/json;charset=UTF-8", "Application/JSON", "APPLICATION/JSON; CHARSET=utf-8",
    "application/merge-patch+json", "application/vnd.x+json", "application/json; charset=latin-1",
    'application/json; charset="utf-8"', "application/json ; q=1",
]  # fmt: skip
HOSTILE_CONTENT_TYPES = [
    "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data", "",
    "application/jsonx", "application/json, text/plain", "application", "application/",
    '"application/json"', " application/json", "json", "application/json+xml", "*/*",
    "text/plain; charset=utf-8; x=application/json",
]  # fmt: skip


def _headers(
    rng: random.Random, body: bytes | list[bytes], hostility: float
) -> list[tuple[str, str]]:
    if rng.random() >= hostility * 0.4:
        headers = [("content-type", rng.choice(VALID_CONTENT_TYPES))]
    else:
        headers = rng.choice(
            [
                [],
                [("content-type", rng.choice(HOSTILE_CONTENT_TYPES))],
                [("content-type", "application/json"), ("content-type", "text/plain")],
                [("content-type", "application/json"), ("content-type", "application/json")],
            ]
        )
    if isinstance(body, bytes) and rng.random() < hostility * 0.2:
        headers.append(("content-length", rng.choice(["0", "1", str(len(body) + 5), "x", "-1"])))
    return headers


def generate(rng: random.Random, count: int) -> list[FuzzRequest]:
    requests: list[FuzzRequest] = []
    for _ in range(count):
        hostility = rng.choice([0.0, 0.0, 0.2, 0.4, 0.8])
        path = _items_path(rng, hostility)
        roll = rng.random()
        if roll < 0.45:
            method = "GET" if rng.random() < 0.9 else "HEAD"
            query = _query(rng, ["limit", "limit", "order", "after", "after", "include"], hostility)
            request = FuzzRequest(method, path + query)
            if rng.random() < hostility * 0.1:  # a body where none is expected
                request.body = b'{"items":[]}'
                request.headers = [("content-type", "application/json")]
            requests.append(request)
        elif roll < 0.93:
            query = _query(rng, ["include"] * 5 + ["limit", "after"], hostility)
            body = _body(rng, hostility)
            requests.append(FuzzRequest("POST", path + query, _headers(rng, body, hostility), body))
        else:
            method = rng.choice(["OPTIONS", "PUT", "PATCH", "DELETE", "TRACE", "get", "post"])
            requests.append(FuzzRequest(method, path + _query(rng, ["limit"], hostility)))
    return requests


# --- running -------------------------------------------------------------------------------


async def _send(
    side: Side, request: FuzzRequest, number: int, credentials: dict[str, str]
) -> tuple[int, list[Any], bytes]:
    content: Any = request.body
    if isinstance(content, list):
        chunks = [side.resolve(chunk.decode("latin-1")).encode("latin-1") for chunk in content]

        async def stream() -> AsyncIterator[bytes]:
            for chunk in chunks:
                yield chunk

        content = stream()
    elif content is not None:
        content = side.resolve(content.decode("latin-1")).encode("latin-1")
    headers = [("x-request-id", f"fuzz-{number}"), *credentials.items(), *request.headers]
    response = await side.client.request(
        request.method, side.resolve(request.target), headers=headers, content=content
    )
    return response.status_code, response.headers.multi_items(), side.normalise(response.content)


def _check_envelope(method: str, status: int, body: bytes) -> str | None:
    """Why this 4xx/5xx answer breaks the error rules, or None."""
    if status >= 500:
        return "a 5xx"
    if status < 400:
        return None
    if method == "HEAD":
        return None if body == b"" else "a HEAD body"
    try:
        envelope = json.loads(body)
    except ValueError:
        return "not JSON"
    error = envelope.get("error") if isinstance(envelope, dict) else None
    if set(envelope) != {"error"} or not isinstance(error, dict):
        return "not the envelope"
    if set(error) != {"message", "type", "param", "code"} or b"Traceback" in body:
        return "not the envelope"
    return None


def test_the_switch_removes_the_hot_path() -> None:
    """Without this, the differential test could be comparing the hot path with itself."""
    for on in (True, False):
        app = create_app(_settings("sqlite+aiosqlite://", on, AuthSettings()))
        classes: list[object] = [middleware.cls for middleware in app.user_middleware]
        assert (HotPathMiddleware in classes) is on


async def _compare(
    hot: Side, slow: Side, count: int, credentials: list[dict[str, str]]
) -> dict[int, int]:
    """Send both the generated requests, the n-th with `credentials[n]`; return the statuses."""
    requests = generate(random.Random(SEED), count)
    mismatches: list[str] = []
    broken: list[str] = []
    statuses: dict[int, int] = {}
    for number, (request, credential) in enumerate(zip(requests, credentials, strict=True)):
        fast_answer = await _send(hot, request, number, credential)
        slow_answer = await _send(slow, request, number, credential)
        statuses[fast_answer[0]] = statuses.get(fast_answer[0], 0) + 1
        if fast_answer != slow_answer:
            mismatches.append(f"{request.describe()}\n  hot:  {fast_answer}\n  slow: {slow_answer}")
        problem = _check_envelope(request.method, fast_answer[0], fast_answer[2])
        if problem is not None:
            broken.append(f"{problem}: {request.describe()} -> {fast_answer}")
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:10])
    assert not broken, f"{len(broken)} bad errors:\n" + "\n".join(broken[:10])
    # The generator must reach both the hot path's answers and the errors it passes on.
    assert statuses.get(200, 0) > count // 8, statuses
    assert {400, 404, 405, 415} <= set(statuses), statuses
    return statuses


async def test_the_hot_path_is_indistinguishable_from_fastapi(sides: tuple[Side, Side]) -> None:
    await _compare(*sides, REQUEST_COUNT, [{}] * REQUEST_COUNT)


async def test_the_hot_path_is_indistinguishable_for_every_caller(tmp_path: Path) -> None:
    """With auth on: alice (the owner), bob (another owner), the admin, and bad callers."""
    auth = AuthSettings(static_tokens_file=write_static_tokens(tmp_path), admin_principal="ops")
    rng = random.Random(SEED)
    callers = [bearer(ALICE_TOKEN)] * 6 + [bearer(BOB_TOKEN)] * 2 + [bearer(ADMIN_TOKEN)]
    callers += [{}, bearer("not-a-token")]
    credentials = [rng.choice(callers) for _ in range(TENANT_REQUEST_COUNT)]
    async with _pair("sqlite+aiosqlite://", auth) as (hot, slow):
        statuses = await _compare(hot, slow, TENANT_REQUEST_COUNT, credentials)
    assert 401 in statuses, statuses
