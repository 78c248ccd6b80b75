"""Spec snippet → resource and method names: one small spec per naming rule (operationId verbs,
action segments, alpha/beta/admin namespaces, vendor hints, clean fallbacks, names from
``info.title``), then a table of method paths over the real specs in tests/fixtures/specs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.builder.method_names import operation_words, refine, split_verb
from generator.config import SdkConfig, default_config, parse_config
from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import IR, Resource
from generator.languages.python.backend import python_config
from generator.languages.typescript.backend import typescript_config
from generator.load import load_spec
from generator.naming import title_names
from tests.third_party import CORPUS, LLAMA_STACK

OK = {"200": {"description": "ok"}}
LIST = {"200": {"description": "ok", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}}}}}}}


def op(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": OK, **extra}


def build(
    paths: dict[str, Any], config: SdkConfig | None = None, **extra: Any
) -> tuple[IR, list[str]]:
    document: dict[str, Any] = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, **extra,
    }
    diags = Diagnostics()
    ir = build_ir(document, config or default_config(), diags, spec_sha256="0",
                  generator_version="test")
    assert diags.errors() == []
    return ir, [d.format() for d in diags.warnings()]


def _walk(resource: Resource) -> dict[str, str]:
    found = {op.id: ".".join((*resource.path, op.name.snake())) for op in resource.operations}
    for child in resource.resources:
        found.update(_walk(child))
    return found


def method_paths(ir: IR) -> dict[str, str]:
    """operationId → ``resource.path.method``."""
    return _walk(ir.root)


def resource_paths(ir: IR) -> set[str]:
    found: set[str] = set()

    def visit(resource: Resource) -> None:
        found.add(".".join(resource.path))
        for child in resource.resources:
            visit(child)

    visit(ir.root)
    return found


# ------------------------------------------------------------------ operationId verbs


def test_a_non_crud_verb_names_the_method_and_drops_the_resource_noun() -> None:
    ir, _ = build({
        "/v1/files": {"post": op("upload_file"), "get": op("list_files", responses=LIST)},
        "/v1/files/{file_id}": {"get": op("get_file_metadata"), "delete": op("delete_file")},
        "/v1/files/{file_id}/content": {"get": op("download_file")},
        "/v1/shields": {"post": op("register_shield"), "get": op("list_shields")},
        "/v1/shields/{identifier}": {"get": op("get_shield")},
    })
    assert method_paths(ir) == {
        "upload_file": "files.upload",
        "list_files": "files.list",
        # A read verb on the item path is `retrieve`, whatever it calls the item...
        "get_file_metadata": "files.retrieve",
        "delete_file": "files.delete",
        "download_file": "files.download",
        "register_shield": "shields.register",
        "list_shields": "shields.list",
        "get_shield": "shields.retrieve",
    }


def test_a_read_verb_on_a_sub_path_keeps_the_noun() -> None:
    # ...and only a sub-path of its own makes it a noun method.
    ir, _ = build({
        "/files/{file_id}": {"get": op("get_file")},
        "/files/{file_id}/metadata": {"get": op("get_file_metadata")},
        "/files/{file_id}/content": {"get": op("retrieve_file_content")},
    })
    assert method_paths(ir) == {
        "get_file": "files.retrieve",
        "get_file_metadata": "files.metadata",
        "retrieve_file_content": "files.content",
    }


def test_fastapi_suffixes_and_group_prefixes_are_not_words_of_the_name() -> None:
    assert operation_words("upload_file_v1_files_post", "/v1/files", "post") == ("upload", "file")
    assert operation_words(
        "run_shield_v1_safety_run_shield_post", "/v1/safety/run-shield", "post"
    ) == ("run", "shield")
    assert operation_words("api-keys/list", "/api-keys", "get") == ("list",)
    assert operation_words("files.upload", "/files", "post") == ("upload",)
    assert split_verb(("openai", "list", "models")) == ("list", ("models",))
    # A word of the resource path is a noun there, not a verb.
    noun = ("move", "ailment", "list")
    assert split_verb(noun, ("move", "ailment")) == (None, noun)


def test_action_segments_are_methods_not_sub_resources() -> None:
    ir, _ = build({
        "/v1/safety/run-shield": {"post": op("run_shield_v1_safety_run_shield_post")},
        "/v1/batches": {"get": op("list_batches", responses=LIST)},
        "/v1/batches/{batch_id}": {"get": op("retrieve_batch")},
        "/v1/batches/{batch_id}/cancel": {"post": op("cancel_batch")},
        "/v1/vector-io/insert": {"post": op("insert_chunks")},
        "/v1/vector-io/query": {"post": op("query_chunks")},
    })
    paths = method_paths(ir)
    assert paths["run_shield_v1_safety_run_shield_post"] == "safety.run_shield"
    assert paths["cancel_batch"] == "batches.cancel"
    assert paths["insert_chunks"] == "vector_io.insert"
    assert paths["query_chunks"] == "vector_io.query"
    assert "safety.run_shield" not in resource_paths(ir)


def test_a_verb_on_a_noun_segment_keeps_the_segment() -> None:
    ir, _ = build({
        "/fine_tuning/jobs": {"get": op("listFineTuningJobs", responses=LIST)},
        "/fine_tuning/jobs/{job_id}": {"get": op("retrieveFineTuningJob")},
        "/fine_tuning/jobs/{job_id}/events": {"get": op("listFineTuningEvents")},
        "/images/{image_id}": {"get": op("getImage")},
        "/images/{image_id}/variations": {"post": op("createImageVariation")},
        "/uploads/{upload_id}/content": {"put": op("putUploadContent")},
    })
    paths = method_paths(ir)
    assert paths["listFineTuningEvents"] == "fine_tuning.jobs.list_events"
    assert paths["createImageVariation"] == "images.create_variation"
    assert paths["putUploadContent"] == "uploads.content"  # `put` only repeats the HTTP method


@pytest.mark.parametrize(
    ("proposed", "action", "op_words", "resource", "expected"),
    [
        (("create",), False, ("upload", "file"), ("files",), ("upload",)),
        (("create",), False, ("add", "items"), ("conversations", "items"), ("create",)),
        (("retrieve",), False, ("list", "metrics"), ("emails", "metrics"), ("list",)),
        (("create",), False, ("tokenize",), ("tokenize",), ("create",)),
        (("update",), False, ("transfer", "a", "users", "playback"), ("me", "player"),
         ("transfer",)),
        (("delete",), False, ("disable", "my", "other", "sessions"), ("sessions",),
         ("disable", "other")),
        (("create",), False, ("run", "moderation"), ("moderations",), ("create",)),
        (("content",), True, ("download", "file"), ("files",), ("download",)),
        (("set", "default", "version"), True, ("set", "default", "version"), ("prompts",),
         ("set", "default", "version")),
    ],
)
def test_refine_rules(
    proposed: tuple[str, ...], action: bool, op_words: tuple[str, ...],
    resource: tuple[str, ...], expected: tuple[str, ...],
) -> None:
    assert refine(proposed, action=action, collection_get=proposed == ("retrieve",),
                  op_words=op_words, resource_words=resource) == expected


# ------------------------------------------------------------------ namespaces


def test_alpha_and_beta_path_versions_are_namespaces() -> None:
    ir, _ = build({
        "/v1/models": {"get": op("list_models", responses=LIST)},
        "/v1alpha/eval/benchmarks": {"get": op("list_benchmarks", responses=LIST)},
        "/v1beta/datasets": {"post": op("register_dataset")},
        "/v2beta1/things": {"post": op("create_thing")},
    })
    paths = method_paths(ir)
    assert paths["list_models"] == "models.list"
    assert paths["list_benchmarks"] == "alpha.eval.benchmarks.list"
    assert paths["register_dataset"] == "beta.datasets.register"
    assert paths["create_thing"] == "beta.things.create"


def test_a_beta_query_in_the_path_key_is_a_namespace_not_a_name() -> None:
    ir, _ = build({
        "/v1/messages": {"post": op("messages_post")},
        "/v1/messages?beta=true": {"post": op("beta_messages_post")},
        "/v1/responses?beta=true": {"post": op("createResponse")},
    })
    paths = method_paths(ir)
    assert paths["messages_post"] == "messages.create"
    assert paths["beta_messages_post"] == "beta.messages.create"
    assert paths["createResponse"] == "beta.responses.create"
    assert not any("true" in p for p in [*paths.values(), *resource_paths(ir)])


def test_beta_extension_markers_are_a_namespace() -> None:
    ir, _ = build({
        "/assistants": {"post": op("createAssistant", **{"x-oaiMeta": {"beta": True}})},
        "/threads": {"post": op("createThread", **{"x-beta": True})},
        "/models": {"get": op("listModels", **{"x-beta": False})},
    })
    paths = method_paths(ir)
    assert paths["createAssistant"] == "beta.assistants.create"
    assert paths["createThread"] == "beta.threads.create"
    assert paths["listModels"] == "models.list"  # `x-beta: false` is no marker


def test_resources_all_behind_an_admin_scheme_go_under_admin() -> None:
    schemes = {"securitySchemes": {
        "ApiKeyAuth": {"type": "http", "scheme": "bearer"},
        "AdminApiKeyAuth": {"type": "http", "scheme": "bearer"},
    }}
    admin = [{"AdminApiKeyAuth": []}]
    ir, _ = build(
        {
            "/organization/users": {"get": op("list-users", security=admin, responses=LIST)},
            "/organization/users/{user_id}": {"delete": op("delete-user", security=admin)},
            "/files": {"get": op("listFiles", responses=LIST)},
            "/mixed": {"get": op("listMixed", security=admin, responses=LIST),
                       "post": op("createMixed")},
        },
        components=schemes,
        security=[{"ApiKeyAuth": []}],
    )
    paths = method_paths(ir)
    assert paths["list-users"] == "admin.organization.users.list"
    assert paths["delete-user"] == "admin.organization.users.delete"
    assert paths["listFiles"] == "files.list"
    assert paths["listMixed"] == "mixed.list"  # one non-admin operation keeps it in place


# ------------------------------------------------------------------ hints and the config


def test_fern_and_speakeasy_naming_hints_are_honoured() -> None:
    ir, warnings = build({
        "/v1/things": {
            "post": op("a", **{"x-fern-sdk-group-name": ["catalog", "things"],
                               "x-fern-sdk-method-name": "makeOne"}),
            "get": op("b", **{"x-speakeasy-group": "catalog.things",
                              "x-speakeasy-name-override": "listAll"}),
        },
        "/v1/other": {"get": op("c", **{"x-fern-sdk-method-name": 3}),
                      "post": op("d", **{"x-fern-sdk-group-name": ["ok", 1]})},
    })
    paths = method_paths(ir)
    assert paths["a"] == "catalog.things.make_one"
    assert paths["b"] == "catalog.things.list_all"
    assert paths["c"] == "other.retrieve"
    assert paths["d"] == "other.create"
    assert warnings == [
        "warning: spec #/paths/~1v1~1other/get: naming hint method must be a name; ignored",
        "warning: spec #/paths/~1v1~1other/post: naming hint group must be a name or a list of "
        "names; ignored",
    ]


def test_fern_parameter_name_hints_rename_the_sdk_parameter_not_the_wire_one() -> None:
    params = [
        {"name": "X-Marketplace-Id", "in": "header", "schema": {"type": "string"},
         "x-fern-parameter-name": "marketplaceId"},
        {"name": "q", "in": "query", "schema": {"type": "string"},
         "x-fern-parameter-name": "searchText"},
        {"name": "n", "in": "query", "schema": {"type": "integer"},
         "x-fern-parameter-name": "  "},
    ]
    ir, warnings = build({"/v1/things": {"get": op("listThings", parameters=params)}})
    (operation,) = ir.operations()
    names = {p.wire_name: p.name.snake()
             for p in (*operation.query_params, *operation.header_params)}
    assert names == {"X-Marketplace-Id": "marketplace_id", "q": "search_text", "n": "n"}
    assert warnings == [
        "warning: spec #/paths/~1v1~1things/get/parameters/2/x-fern-parameter-name: "
        "parameter name hint must be a non-empty name; ignored"
    ]


def test_malformed_security_does_not_break_naming() -> None:
    document: dict[str, Any] = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": "oops",
        "security": "admin", "paths": {"/things": {"post": op("createThing", security=[1])}},
    }
    diags = Diagnostics()
    with pytest.raises(GenerationError):  # `components` must be a mapping: an error, no crash
        build_ir(document, default_config(), diags, spec_sha256="0", generator_version="t")
    assert [d.pointer for d in diags.errors()] == ["#/components"]


def test_the_config_overrides_the_spec_hints() -> None:
    config = parse_config({"operations": {"a": {"resource": "mine", "method": "go"}}},
                          Diagnostics())
    ir, _ = build({"/v1/things": {"post": op("a", **{"x-fern-sdk-method-name": "makeOne"})}},
                  config)
    assert method_paths(ir) == {"a": "mine.go"}


# ------------------------------------------------------------------ clean fallbacks


def test_a_method_never_takes_a_sub_resource_name() -> None:
    item = {"parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"}}]}
    ir, warnings = build({
        "/threads": {"post": op("createThread")},
        "/threads/runs": {"post": op("createThreadAndRun")},
        "/threads/{id}/runs": {**item, "get": op("listRuns", responses=LIST),
                               "post": op("createRun")},
        "/domains": {"get": op("listDomains", responses=LIST)},
        "/domains/claim": {"post": op("claimDomain")},
        "/domains/{id}/claim": {**item, "get": op("getClaim")},
        "/domains/{id}/claim/verify": {**item, "post": op("verifyClaim")},
    })
    paths = method_paths(ir)
    assert paths["createThreadAndRun"] == "threads.create_and_run"  # the verb + the segment
    assert paths["listRuns"] == "threads.runs.list"
    assert paths["claimDomain"] == "domains.claim_domain"  # not `claim`: a sub-resource
    assert paths["getClaim"] == "domains.claim.retrieve"
    assert warnings == [
        "warning: spec #/paths/~1domains~1claim/post: method name 'claim' already used by a "
        "sub-resource of resource domains; named 'claim_domain'"
    ]


def test_clashing_methods_get_readable_deterministic_names() -> None:
    paths = {
        "/things/{id}": {"put": op("updateThing"), "patch": op("patchThing"),
                         "post": op("updateThingLegacy")},
        "/widgets/{id}": {"put": {"responses": OK}, "patch": {"responses": OK}},
    }
    first = method_paths(build(paths)[0])
    assert first == method_paths(build(paths)[0])
    assert first["updateThing"] == "things.update"
    assert first["patchThing"] == "things.patch"
    assert first["updateThingLegacy"] == "things.update_legacy"
    for name in first.values():
        assert not name.endswith("_") and "__" not in name, name


# ------------------------------------------------------------------ names from info.title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("OpenAI", (("openai",), "OpenAI", "OPENAI")),
        ("Llama Stack Specification", (("llama", "stack"), "LlamaStack", "LLAMA_STACK")),
        ("Anthropic API", (("anthropic",), "Anthropic", "ANTHROPIC")),
        ("Spotify Web API with fixes and improvements from sonallux",
         (("spotify",), "Spotify", "SPOTIFY")),
        ("PokéAPI", (("pokeapi",), "PokeAPI", "POKEAPI")),
        ("Hazards */ globalThis.PWNED = 1", (("hazards",), "Hazards", "HAZARDS")),
        ("Два.ч", None),
        ("API", None),
        ("2ch", None),
    ],
)
def test_title_names(title: str, expected: object) -> None:
    assert title_names(title) == expected


def test_defaults_come_from_the_title_unless_the_config_names_them() -> None:
    openai = default_config("OpenAI")
    assert (openai.client_name, openai.env_prefix) == ("OpenAI", "OPENAI")
    assert python_config(openai).package_name == "openai_client"
    assert python_config(openai).async_client_name == "AsyncOpenAI"
    assert typescript_config(openai).package_name == "openai-client"
    assert (default_config().client_name, default_config().env_prefix) == ("Client", "API")
    assert default_config("Два.ч").env_prefix == "API"
    named = parse_config({"client": {"name": "Acme"}}, Diagnostics(), "OpenAI")
    assert (named.client_name, named.env_prefix) == ("Acme", "ACME")  # env from the class
    both = parse_config({"client": {"name": "Parley", "env_prefix": "PARLEY"}}, Diagnostics(),
                        "Parley Conversations API")
    assert (both.client_name, both.env_prefix) == ("Parley", "PARLEY")
    assert python_config(both).package_name == "parley_client"
    # A schema named like the API keeps its name; the client class steps aside.
    nulls = default_config("Nulls", frozenset({"Nulls", "Other"}))
    assert (nulls.client_name, nulls.env_prefix) == ("NullsClient", "NULLS")
    assert python_config(nulls).package_name == "nulls_client"


# ------------------------------------------------------------------ the real specs

REAL = {"llama-stack": LLAMA_STACK, **CORPUS}
EXPECTED = {
    "llama-stack": {
        "upload_file_v1_files_post": "files.upload",
        "retrieve_file_content_v1_files__file_id__content_get": "files.content",
        "get_file_v1_files__file_id__get": "files.retrieve",
        "run_shield_v1_safety_run_shield_post": "safety.run_shield",
        "insert_chunks_v1_vector_io_insert_post": "vector_io.insert",
        "cancel_batch_v1_batches__batch_id__cancel_post": "batches.cancel",
        "openai_list_models_v1_models_get": "models.list",
        "count_message_tokens_v1_messages_count_tokens_post": "messages.count_tokens",
        "add_items_v1_conversations__conversation_id__items_post": "conversations.items.create",
        "run_moderation_v1_moderations_post": "moderations.create",
    },
    "resend-email.yaml": {
        "emails/send": "emails.send",
        "emails/send-batch": "emails.send_batch",
        "domains/create-claim": "domains.create_claim",
        "domains/get-claim": "domains.claim.retrieve",
        "oauth/revoke-grant": "oauth.grants.revoke",
        "api-keys/list": "api_keys.list",
    },
    "figma.yaml": {
        "getFileNodes": "files.nodes",
        "getComments": "files.comments.list",
        "getWebhooks": "webhooks.list",
    },
    "together-ai.yaml": {
        "uploadModel": "models.upload",
        "startTrainingSession": "rl.training_sessions.start",
    },
    "ory-kratos.json": {
        "disableMySession": "sessions.disable",
        "disableMyOtherSessions": "sessions.disable_other",
    },
    "meilisearch.json": {
        "delete_documents_by_filter": "indexes.documents.delete_by_filter",
        "cancel_logs": "logs.stream.cancel",
    },
    "spotify.yaml": {
        "transfer-a-users-playback": "me.player.transfer",
        "upload-custom-playlist-cover": "playlists.images.upload",
    },
    "pokeapi.yaml": {"move_ailment_list": "api.v2.move_ailment.list"},
    "hf-tgi.json": {"generate_stream": "generate_stream.create", "tokenize": "tokenize.create"},
}


def _real_ir(spec: Path) -> IR:
    diags = Diagnostics()
    loaded = load_spec(spec, diags)
    return build_ir(loaded.document, default_config(), diags, spec_sha256="0",
                    generator_version="test")


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_real_spec_method_paths(key: str) -> None:
    paths = method_paths(_real_ir(REAL[key]))
    assert {op_id: paths.get(op_id) for op_id in EXPECTED[key]} == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(REAL))
def test_real_spec_names_are_clean(key: str) -> None:
    """No trailing-underscore chain, no `true`/`false` word from a path key's query, and no
    method sharing its name with a sub-resource of the same parent."""
    ir = _real_ir(REAL[key])

    def visit(resource: Resource) -> None:
        children = {"".join(c.name.words) for c in resource.resources}
        for operation in resource.operations:
            assert "".join(operation.name.words) not in children, (resource.path, operation.id)
            assert not {"true", "false"} & set(operation.name.words)
        assert not {"true", "false"} & {w for n in resource.path for w in n.split("_")}
        for child in resource.resources:
            visit(child)

    visit(ir.root)


def test_resource_names_are_word_tuples_decided_by_the_builder() -> None:
    ir, _ = build({"/v1/vector-io/insert": {"post": op("insert_chunks")},
                   "/v1/vector_stores/{id}/file_batches": {
                       "parameters": [{"name": "id", "in": "path", "required": True,
                                       "schema": {"type": "string"}}],
                       "post": op("createBatch"), "get": op("listBatches", responses=LIST)}})
    stores = next(r for r in ir.root.resources if r.path == ("vector_stores",))
    batches = stores.resources[0]
    assert batches.path == ("vector_stores", "file_batches")
    assert [n.words for n in batches.path_names] == [("vector", "stores"), ("file", "batches")]
    assert batches.path_words == ("vector", "stores", "file", "batches")
    assert batches.name == batches.path_names[-1]
    assert ir.root.path_names == () and ir.root.path_words == ()
