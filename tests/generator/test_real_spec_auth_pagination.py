"""The real specs (``tests/fixtures/specs``): the auth schemes, which schemes a few operations
accept, and the pagination detected for a few operations per spec (and that plain ``GET``s are
not wrapped)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from generator.build_ir import build_ir
from generator.config import default_config
from generator.diagnostics import Diagnostics
from generator.ir import IR
from generator.load import load_spec
from tests.third_party import CORPUS, LLAMA_STACK

SPECS = {"llama-stack": LLAMA_STACK, **CORPUS}

# spec → [(scheme id, kind, wire name, environment variables)]
AUTH = {
    "llama-stack": [("bearer", "bearer", "Authorization", ("API_API_KEY",))],  # says `Default`
    "2ch.yaml": [("bearer", "bearer", "Authorization", ("API_API_KEY",))],
    "figma.yaml": [
        ("PersonalAccessToken", "api_key", "X-Figma-Token", ("API_API_KEY",)),
        ("OAuth2", "bearer", "Authorization", ("API_AUTH_TOKEN",)),
        ("OrgOAuth2", "bearer", "Authorization", ("API_ORG_O_AUTH2_AUTH_TOKEN",)),
    ],
    "meilisearch.json": [("Bearer", "bearer", "Authorization", ("API_API_KEY",))],
    "ory-kratos.json": [("oryAccessToken", "api_key", "Authorization", ("API_API_KEY",))],
    "resend-email.yaml": [("bearerAuth", "bearer", "Authorization", ("API_API_KEY",))],
    "spotify.yaml": [("oauth_2_0", "bearer", "Authorization", ("API_API_KEY",))],
    "superset.json": [
        ("jwt", "bearer", "Authorization", ("API_API_KEY",)),
        ("jwt_refresh", "bearer", "Authorization", ("API_JWT_REFRESH_API_KEY",)),
    ],
    "together-ai.yaml": [("bearerAuth", "bearer", "Authorization", ("API_API_KEY",))],
    "xero-accounting.yaml": [("OAuth2", "bearer", "Authorization", ("API_API_KEY",))],
}

# (spec, operationId) → the schemes it accepts
SECURITY = {
    ("figma.yaml", "getActivityLogs"): ("OrgOAuth2",),
    ("figma.yaml", "getFile"): ("PersonalAccessToken", "OAuth2"),
    ("superset.json", "get_api_version_openapi"): ("jwt",),
    ("resend-email.yaml", "emails/list"): ("bearerAuth",),
    ("llama-stack", "list_batches_v1_batches_get"): ("bearer",),
}

# (spec, operationId) → (kind, items, cursor param, cursor field, has_more, item field, total);
# None: not paginated.
PAGINATION: dict[tuple[str, str], tuple[str | None, ...] | None] = {
    ("llama-stack", "list_batches_v1_batches_get"):
        ("cursor_id", "data", "after", "last_id", "has_more", None, None),
    ("llama-stack", "list_files_v1_files_get"):
        ("cursor_id", "data", "after", "last_id", "has_more", None, None),
    ("llama-stack", "retrieve_batch_v1_batches__batch_id__get"): None,
    ("resend-email.yaml", "emails/list"):
        ("cursor_id", "data", "after", None, "has_more", "id", None),
    ("resend-email.yaml", "api-keys/list"):
        ("cursor_id", "data", "after", None, "has_more", "id", None),
    ("meilisearch.json", "list_indexes"):
        ("offset", "results", "offset", None, None, None, "total"),
    ("meilisearch.json", "get_batches"): None,
    ("pokeapi.yaml", "ability_list"): ("next_url", "results", None, "next", None, None, None),
    ("pokeapi.yaml", "ability_retrieve"): None,
    ("spotify.yaml", "get-an-albums-tracks"):
        ("next_url", "items", None, "next", None, None, None),
    ("spotify.yaml", "get-an-album"): None,
    ("xero-accounting.yaml", "getQuotes"):
        ("page_number", "Quotes", "page", None, None, None, None),
    ("xero-accounting.yaml", "getAccounts"): None,
    ("ory-kratos.json", "listCourierMessages"): None,  # a bare array: nothing to page by
}


@cache
def ir_of(spec: str) -> IR:
    diags = Diagnostics()
    document = load_spec(Path(SPECS[spec]), diags).document
    return build_ir(document, default_config(), diags, spec_sha256="0", generator_version="t")


@pytest.mark.parametrize("spec", sorted(AUTH))
def test_auth_schemes_of_real_specs(spec: str) -> None:
    assert [(s.id, s.kind, s.wire_name, tuple(c.env_var for c in s.credentials))
            for s in ir_of(spec).auth_schemes] == AUTH[spec]


@pytest.mark.parametrize(("spec", "op_id"), sorted(SECURITY))
def test_operation_security_of_real_specs(spec: str, op_id: str) -> None:
    operation = next(o for o in ir_of(spec).operations() if o.id == op_id)
    assert operation.security == SECURITY[(spec, op_id)]


@pytest.mark.parametrize(("spec", "op_id"), sorted(PAGINATION))
def test_detected_pagination_of_real_specs(spec: str, op_id: str) -> None:
    ir = ir_of(spec)
    operation = next(o for o in ir.operations() if o.id == op_id)
    expected = PAGINATION[(spec, op_id)]
    if expected is None:
        assert operation.pagination is None
        return
    assert operation.pagination is not None
    s = ir.pagination_scheme(operation.pagination.scheme)
    assert s is not None and operation.pagination.kind == s.kind
    assert (s.kind, s.items_field, s.cursor_param, s.cursor_field, s.has_more_field,
            s.cursor_item_field, s.total_field) == expected
