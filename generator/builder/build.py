"""The orchestration: spec + config → IR, in the order the parts must run.

Checks every ``$ref``, declares every component schema (:mod:`.declarations`, with
:mod:`.schemas` and :mod:`.unions`), checks alias cycles, builds the operations
(:mod:`.operations`) and the resource tree (:mod:`.resources`), stops if any error was
recorded, then sets usage (:mod:`.usage`) and reads the API info (title, version, base URL).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from generator.auth import build_auth
from generator.builder.context import BuildContext, ReadLog
from generator.builder.declarations import Declarations
from generator.builder.operations import Operations
from generator.builder.resources import Resources
from generator.builder.reuse import IrReuse, NoReuse, RecordingResolver
from generator.builder.schemas import SchemaTypes
from generator.builder.unions import Unions
from generator.builder.usage import common_error_type, with_usage
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic, Diagnostics, GenerationError
from generator.examples import with_examples
from generator.forked import fork
from generator.ir import IR, ApiInfo
from generator.resolve import Resolver


def build_ir(
    document: dict[str, Any],
    config: SdkConfig,
    diags: Diagnostics,
    *,
    spec_sha256: str,
    generator_version: str,
    reuse: IrReuse | None = None,
    processes: int = 1,
) -> IR:
    """Build the IR; fatal problems raise GenerationError, warnings stay in ``diags``.

    ``reuse`` (one per session, see :mod:`.reuse`) carries the last successful build's work
    into this one where its inputs are unchanged; the IR and diagnostics are the same.
    ``processes``: a build with no reuse may check the ``$ref``s in a second process."""
    if reuse is None:  # nothing to reuse, nothing to keep
        if processes > 1:
            return _build_refs_checked_apart(document, config, diags, spec_sha256,
                                             generator_version)
        return _build(document, config, diags, spec_sha256, generator_version, NoReuse())
    reuse.start()
    ir = _build(document, config, diags, spec_sha256, generator_version, reuse)
    reuse.finish()  # not reached when the build fails: the last good build's work stays
    return ir


def _build_refs_checked_apart(
    document: dict[str, Any], config: SdkConfig, diags: Diagnostics, spec_sha256: str,
    generator_version: str,
) -> IR:
    """A one-shot build whose whole-document ``$ref`` check (a sixth of the build) runs
    meanwhile in a forked child. The check only records diagnostics: when it finds nothing
    (every spec that generates), this build is exactly what one process gives. Otherwise, or
    when the child fails, the build is done again with the check first, so the diagnostics are
    those of one process, in its order (tests/generator/test_render_processes.py)."""
    child = fork(functools.partial(_ref_problems, document, diags.source))
    if child is None:
        return _build(document, config, diags, spec_sha256, generator_version, NoReuse())
    mark = diags.checkpoint()
    failure: GenerationError | None = None
    try:
        ir = _build(document, config, diags, spec_sha256, generator_version,
                    _RefsCheckedElsewhere())
    except GenerationError as exc:
        failure = exc
    except BaseException:
        child.stop()
        raise
    if child.result() != []:
        diags.rewind(mark)
        return _build(document, config, diags, spec_sha256, generator_version, NoReuse())
    if failure is not None:
        raise failure
    return ir


def _ref_problems(document: dict[str, Any], source: str) -> list[Diagnostic]:
    """What the ``$ref`` check of ``document`` records."""
    found = Diagnostics(source=source)
    Resolver(document, found).check_all_refs()
    return found.items


class _RefsCheckedElsewhere(NoReuse):
    """A build with no reuse whose ``$ref`` check runs in another process."""

    def check_refs(self, resolver: Resolver, document: dict[str, Any]) -> None:
        pass


def _build(
    document: dict[str, Any],
    config: SdkConfig,
    diags: Diagnostics,
    spec_sha256: str,
    generator_version: str,
    reuse: IrReuse,
) -> IR:
    diags = reuse.logged(diags)
    reads = ReadLog()
    resolver = RecordingResolver(document, diags, reads)
    probe = RecordingResolver(document, Diagnostics(), reads)
    reuse.check_refs(resolver, document)
    components = document.get("components") or {}
    if not isinstance(components, dict):
        diags.error("#/components", "'components' must be a mapping")
        components = {}
    schemas = components.get("schemas") or {}
    if not isinstance(schemas, dict):
        diags.error("#/components/schemas", "must be a mapping")
        schemas = {}
    ctx = BuildContext(document, config, diags, resolver, probe, schemas, reads)
    registry = Declarations(ctx)
    types = SchemaTypes(ctx, registry)
    unions = Unions(ctx, registry, types)
    registry.connect(types, unions)
    types.connect(unions)
    resources = Resources(ctx, reuse)
    ops = Operations(ctx, registry, types, resources, reuse)

    inputs = reuse.component_inputs(ctx)
    if not reuse.restore_components(inputs, ctx, registry):
        reads.active = True  # what the phase reads beside components/schemas
        registry.assign_component_ids()
        for key in schemas:  # every component, even unused ones: 0 skipped schemas
            registry.component_ref(key)
        registry.check_alias_cycles()
        reads.active = False
        reuse.save_components(inputs, ctx, registry)
    reuse.start_operations(ctx, registry)
    auth = build_auth(document, ops.operations(), config, diags)
    operations = auth.operations
    root = resources.resource_tree(operations)
    _check_info(document, diags)
    # After the operations: they declare schemas too.
    registry.check_unguarded_cycles()
    registry.mark_recursive_aliases()
    diags.raise_if_errors()
    declared = with_usage(registry.decls, operations, reuse.usage_memo())
    # The README example plan is a neutral fact too: computed here, once, for every backend.
    return with_examples(IR(
        api=dataclasses.replace(
            _api_info(ctx, spec_sha256, generator_version),
            auth="bearer" if auth.schemes else "none",
        ),
        types=reuse.same_types(tuple(sorted(declared, key=lambda d: d.id))),
        root=root,
        pagination_schemes=ops.paginator.schemes(),
        error_type=common_error_type(operations),
        auth_schemes=auth.schemes,
        default_headers=auth.default_headers,
    ))


def _check_info(document: dict[str, Any], diags: Diagnostics) -> None:
    """``info`` names and versions the SDK: a wrong shape is an error (it would be printed
    into the package as ``{'a': 1}``); a missing one falls back with a warning."""
    info = document.get("info")
    if info is None:
        diags.warn("#/info", "missing 'info'; the API is titled 'API', version '0'")
        return
    if not isinstance(info, dict):
        diags.error("#/info", f"must be a mapping, got {type(info).__name__}")
        return
    for key in ("title", "version"):
        value = info.get(key)
        if value is None:
            diags.warn(f"#/info/{key}", f"missing 'info.{key}'")
        elif not isinstance(value, str) and (
            key == "title" or isinstance(value, (bool, dict, list))
        ):
            diags.error(f"#/info/{key}", f"must be a string, got {type(value).__name__}")


def _api_info(ctx: BuildContext, spec_sha256: str, generator_version: str) -> ApiInfo:
    info = ctx.doc.get("info") or {}
    if not isinstance(info, dict):
        info = {}
    base_url = ctx.config.base_url
    if base_url is None:
        base_url = "http://localhost"
        servers = ctx.doc.get("servers")
        if isinstance(servers, list) and servers and isinstance(servers[0], dict):
            url = servers[0].get("url")
            if isinstance(url, str) and url:
                variables = servers[0].get("variables") or {}
                if not isinstance(variables, dict):
                    ctx.diags.warn("#/servers/0/variables", "must be a mapping; ignored")
                    variables = {}
                for var, spec in variables.items():
                    if isinstance(spec, dict) and "default" in spec:
                        url = url.replace("{" + var + "}", str(spec["default"]))
                base_url = url if "://" in url else "http://localhost" + "/" + url.lstrip("/")
    description = info.get("description")
    return ApiInfo(
        title=str(info.get("title") or "API"),
        version=str(getattr(info.get("version"), "source", None) or info.get("version") or "0"),
        description=description if isinstance(description, str) else None,
        base_url=base_url.rstrip("/") or base_url,
        spec_sha256=spec_sha256,
        generator_version=generator_version,
    )
