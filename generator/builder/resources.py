"""Resource and method naming: ``plan_names`` turns path shapes into resource paths and
method names (``create``/``list``/``retrieve``/``update``/``delete`` plus actions), with config
renames, version-segment stripping and list detection; ``resource_tree`` nests the operations.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from generator import media as media_kinds
from generator.builder.context import HTTP_METHODS, BuildContext
from generator.builder.method_names import (
    is_verb_phrase,
    known_forms,
    operation_words,
    refine,
)
from generator.builder.reuse import IrReuse, NoReuse
from generator.diagnostics import GenerationError, pointer
from generator.ir import Name, Operation, Resource
from generator.naming import Scope, collision_key, make_name, shorten, words_of

# ``v1``, ``v2beta1``, and dated versions (``/2010-04-01/Accounts``) are not resources.
_VERSION_SEGMENT = re.compile(r"^(?:v[0-9]+(?:(?:alpha|beta)[0-9]*)?|[0-9]{4}-[0-9]{2}-[0-9]{2})$")


_CRUD_NAMES = frozenset({("create",), ("list",), ("retrieve",), ("update",), ("delete",)})


def _without_resource_words(
    words: tuple[str, ...], resource: tuple[str, ...]
) -> tuple[str, ...]:
    """``create_thread_and_run`` in ``threads`` → ``create_and_run``."""
    known = known_forms(tuple(w for r in resource for w in r.split("_")))
    kept = tuple(w for w in words if w not in known)
    return kept or words


def _namespace(stripped: list[str], query_words: tuple[str, ...]) -> tuple[str, ...]:
    """``alpha``/``beta`` from a stripped version segment (``v1alpha``, ``v2beta1``) or the
    path key's query (``?beta=true``)."""
    words = [w for s in stripped for w in re.split(r"[0-9]+", s.lower()) if w]
    for kind in ("alpha", "beta"):
        if kind in words or kind in query_words:
            return (kind,)
    return ()


def _marker_namespace(op: dict[str, Any]) -> tuple[str, ...]:
    """``beta`` when an ``x-…beta`` extension is true (``x-beta: true``) or an extension
    mapping says ``beta: true`` (``x-oaiMeta: {beta: true}``); ``alpha`` likewise."""
    for key, value in op.items():
        if not isinstance(key, str) or not key.startswith("x-"):
            continue
        for kind in ("alpha", "beta"):
            if kind in words_of(key) and value is True:
                return (kind,)
            if isinstance(value, dict) and value.get(kind) is True:
                return (kind,)
    return ()


@dataclass
class _Draft:
    """One operation's names before they are made unique."""

    path: str
    method: str
    where: str
    resource: tuple[str, ...]
    name: Name
    op_words: tuple[str, ...]
    derived: bool
    """Named from the spec's shape (not by a hint or the config): may move under ``admin``."""
    admin_only: bool


def _is_json_media(media: str) -> bool:
    return media_kinds.is_json(media)


class Resources:
    """Plans resource and method names from the paths and the config."""

    def __init__(self, ctx: BuildContext, reuse: IrReuse | None = None) -> None:
        self.ctx = ctx
        self.reuse = reuse or NoReuse()  # a session's last build's list detection (see .reuse)

    def _strip_prefix(self, segments: list[str]) -> tuple[list[str], list[str]]:
        """(segments without the leading version-like ones, the stripped ones)."""
        prefixes = self.ctx.config.strip_path_prefixes
        stripped: list[str] = []
        while segments and (
            segments[0] in prefixes if prefixes else _VERSION_SEGMENT.match(segments[0])
        ):
            stripped.append(segments[0])
            segments = segments[1:]
        return segments, stripped

    def plan_names(
        self, paths: dict[str, Any]
    ) -> dict[tuple[str, str], tuple[tuple[str, ...], Name]]:
        """Resource path and method name of every operation: from the path shape, refined by
        the operationId (:mod:`.method_names`), put under an ``alpha``/``beta``/``admin``
        namespace when the spec marks it, then the spec's naming hints, then the config."""
        shapes: dict[str, list[str]] = {}
        namespaces: dict[str, tuple[str, ...]] = {}
        methods_by_path: dict[str, list[str]] = {}
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            # ``/v1/messages?beta=true`` (Anthropic) names ``messages`` in the beta namespace.
            clean, _, query = path.partition("?")
            segments, stripped = self._strip_prefix([s for s in clean.split("/") if s])
            shapes[path] = segments
            namespaces[path] = _namespace(stripped, words_of(query))
            methods_by_path[path] = [m for m in HTTP_METHODS if m in item]
        static_prefixes_with_ops = {
            tuple(s for s in segs if not s.startswith("{")) for segs in shapes.values()
        }
        # Computed once, not by scanning every path per operation (quadratic in the paths):
        # the segment tuples some other path extends, and those it extends with a parameter.
        extended: set[tuple[str, ...]] = set()
        extended_by_param: set[tuple[str, ...]] = set()
        for segs in shapes.values():
            for length in range(len(segs)):
                extended.add(tuple(segs[:length]))
                if segs[length].startswith("{"):
                    extended_by_param.add(tuple(segs[:length]))
        drafts: list[_Draft] = []
        for path, segments in shapes.items():
            item = paths[path]
            for method in methods_by_path[path]:
                op = item[method] if isinstance(item[method], dict) else {}
                statics = [s for s in segments if not s.startswith("{")]
                ends_with_param = bool(segments) and segments[-1].startswith("{")
                list_like = self.reuse.by_path_item(
                    ("list", path, method), item, op,
                    functools.partial(self._looks_like_list, op), self.ctx)
                resource: list[str] = [self._segment_name(s) for s in statics]
                has_children = tuple(segments) in extended
                action = (
                    not ends_with_param
                    and not has_children
                    and len(methods_by_path[path]) == 1
                    and len(segments) >= 2
                    and not (method == "get" and list_like)
                    and (segments[-2].startswith("{") or method != "get")
                    and (
                        segments[-2].startswith("{")
                        or tuple(statics[:-1]) in static_prefixes_with_ops
                    )
                )
                op_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
                op_words = operation_words(op_id, path, method) if op_id else ()
                if not action and not has_children and len(methods_by_path[path]) == 1:
                    action = self._named_action(segments, method, op_words)
                if action:
                    verb = resource.pop()
                    method_words = shorten(words_of(verb)) or ("call",)
                elif ends_with_param:
                    method_words = {"get": ("retrieve",), "delete": ("delete",)}.get(
                        method, ("update",)
                    )
                else:
                    # A collection with an item path below it (``/things/{id}``) is listed.
                    has_items = tuple(segments) in extended_by_param
                    method_words = {
                        "get": ("list",) if list_like or has_items else ("retrieve",),
                        "post": ("create",),
                        "put": ("update",),
                        "patch": ("update",),
                        "delete": ("delete",),
                    }.get(method, (method,))
                method_words = shorten(
                    refine(
                        method_words,
                        action=action,
                        collection_get=method == "get" and not ends_with_param,
                        op_words=op_words,
                        resource_words=tuple(w for r in resource for w in r.split("_")),
                    )
                )
                where = pointer("paths", path, method)
                namespace = namespaces[path] or _marker_namespace(op)
                resource_path = tuple(resource)
                if namespace and resource_path[: len(namespace)] != namespace:
                    resource_path = namespace + resource_path
                derived = True
                hinted = self._hints(op, where)
                if hinted is not None:
                    hint_resource, hint_method = hinted
                    derived = False
                    if hint_resource is not None:
                        resource_path = hint_resource
                    if hint_method is not None:
                        method_words = hint_method
                override = self.ctx.config.operations.get(op_id) if op_id else None
                if override and override.resource is not None:
                    derived = False
                    resource_path = tuple(override.resource.split(".")) if override.resource else ()
                if override and override.method:
                    method_words = tuple(override.method.split("_"))
                resource_path = self._renamed(resource_path)
                drafts.append(
                    _Draft(path, method, where, resource_path, Name(method_words, method),
                           op_words, derived, self._admin_only(op))
                )
        self._admin_namespace(drafts)
        return self._claim(drafts)

    @staticmethod
    def _named_action(segments: list[str], method: str, op_words: tuple[str, ...]) -> bool:
        """``POST /v1/safety/run-shield`` (``run_shield``) is ``safety.run_shield``, not
        ``safety.run_shield.create``, although ``/v1/safety`` has no operations: a last static
        segment the operationId starts with, or one that is a verb phrase (``vector-io/query``),
        is an action. ``/images/variations`` (``create_image_variation``) stays a resource."""
        if method == "get" or len(segments) < 2 or any(s.startswith("{") for s in segments[-2:]):
            return False
        words = words_of(segments[-1])
        return bool(words) and (op_words[: len(words)] == words or is_verb_phrase(words))

    def _claim(
        self, drafts: list[_Draft]
    ) -> dict[tuple[str, str], tuple[tuple[str, ...], Name]]:
        """Unique method names per resource; a method never takes the name of a child
        resource (``threads.runs`` the method and ``threads.runs`` the resource): the method
        gets its operationId's words, deterministically, with a warning."""
        children: dict[tuple[str, ...], set[str]] = {}
        for draft in drafts:
            for length in range(1, len(draft.resource) + 1):
                children.setdefault(draft.resource[: length - 1], set()).add(
                    collision_key(words_of(draft.resource[length - 1]))
                )
        plans: dict[tuple[str, str], tuple[tuple[str, ...], Name]] = {}
        used: dict[tuple[str, ...], Scope] = {}
        for draft in drafts:
            scope = used.setdefault(draft.resource, Scope(children.get(draft.resource)))
            claimed, clashed = scope.claim(draft.name)
            if clashed:
                # The operationId's words, else the HTTP verb before the name (``get_data``),
                # else the name numbered (``delete_2``): readable, deterministic, no ``_`` chains.
                candidates = [
                    _without_resource_words(draft.op_words, draft.resource), draft.op_words
                ]
                if draft.name.words not in _CRUD_NAMES:
                    candidates.append((draft.method, *draft.name.words))
                for words in candidates:
                    if words and words[0] != words[-1] or len(words) == 1:
                        fallback = Name(shorten(words), draft.method)
                        if collision_key(fallback.words) not in scope.taken:
                            break
                else:
                    fallback = draft.name
                claimed, _ = scope.claim(fallback)
                taken = (
                    "a sub-resource"
                    if collision_key(draft.name.words) in children.get(draft.resource, set())
                    else "a method"
                )
                self.ctx.diags.warn(
                    draft.where,
                    f"method name {draft.name.snake()!r} already used by {taken} of resource "
                    f"{'.'.join(draft.resource) or '(client)'}; named {claimed.snake()!r}",
                )
            plans[(draft.path, draft.method)] = (draft.resource, claimed)
        return plans

    def _hints(
        self, op: dict[str, Any], where: str
    ) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None] | None:
        """The spec's own naming hints (Fern, Speakeasy): (resource path, method words), None
        when the operation has none. A hint that is not a usable string is warned about."""
        group = op.get("x-fern-sdk-group-name", op.get("x-speakeasy-group"))
        method = op.get("x-fern-sdk-method-name", op.get("x-speakeasy-name-override"))
        if group is None and method is None:
            return None
        resource: tuple[str, ...] | None = None
        if group is not None:
            parts = group.split(".") if isinstance(group, str) else group
            names = (
                ["_".join(shorten(words_of(p))) if isinstance(p, str) else "" for p in parts]
                if isinstance(parts, list)
                else []
            )
            if names and all(names):
                resource = tuple(names)
            else:  # the value itself is not echoed: it may be any size
                self.ctx.diags.warn(
                    where, "naming hint group must be a name or a list of names; ignored"
                )
        method_words: tuple[str, ...] | None = None
        if method is not None:
            words = shorten(words_of(method)) if isinstance(method, str) else ()
            if words:
                method_words = words
            else:
                self.ctx.diags.warn(where, "naming hint method must be a name; ignored")
        return resource, method_words

    def _admin_only(self, op: dict[str, Any]) -> bool:
        """Every security requirement of the operation names only admin schemes."""
        components = self.ctx.doc.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        if not isinstance(schemes, dict):
            return False
        admin = {key for key in schemes if isinstance(key, str) and "admin" in words_of(key)}
        security = op.get("security", self.ctx.doc.get("security"))
        if not admin or not isinstance(security, list) or not security:
            return False
        return all(
            isinstance(req, dict) and req and all(k in admin for k in req) for req in security
        )

    @staticmethod
    def _admin_namespace(drafts: list[_Draft]) -> None:
        """A top-level resource whose operations are all admin-only goes under ``admin``."""
        groups: dict[str, list[_Draft]] = {}
        for draft in drafts:
            if draft.derived and draft.resource and draft.resource[0] != "admin":
                groups.setdefault(draft.resource[0], []).append(draft)
        for group in groups.values():
            if all(d.admin_only for d in group):
                for draft in group:
                    draft.resource = ("admin", *draft.resource)

    def _renamed(self, resource_path: tuple[str, ...]) -> tuple[str, ...]:
        for length in range(len(resource_path), 0, -1):
            key = ".".join(resource_path[:length])
            if key in self.ctx.config.resources:
                return tuple(self.ctx.config.resources[key].split(".")) + resource_path[length:]
        return resource_path

    @staticmethod
    def _segment_name(segment: str) -> str:
        return "_".join(shorten(words_of(segment))) or "resource"

    def _looks_like_list(self, op: dict[str, Any]) -> bool:
        """A 2xx JSON response that is an array or has an array items field (``data``)."""
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return False
        item_fields = {p.items for p in self.ctx.config.pagination} or {"data"}
        for status in sorted(responses):
            if not status.startswith("2"):
                continue
            try:
                resp, _ = self.ctx.probe.deref(responses[status], "#")
                content = (resp.get("content") or {}) if isinstance(resp, dict) else None
                if not isinstance(content, dict):  # malformed: reported by _responses
                    return False
                for media, media_obj in content.items():
                    if not _is_json_media(media) or not isinstance(media_obj, dict):
                        continue
                    schema, _ = self.ctx.probe.deref(media_obj.get("schema", {}), "#")
                    if not isinstance(schema, dict):
                        return False
                    if schema.get("type") == "array":
                        return True
                    props = schema.get("properties")
                    if not isinstance(props, dict):
                        return False
                    for field_name in item_fields:
                        field_schema, _ = self.ctx.probe.deref(props.get(field_name, {}), "#")
                        if isinstance(field_schema, dict) and field_schema.get("type") == "array":
                            return True
                    return False
            except GenerationError:
                return False
        return False

    def resource_tree(self, operations: list[tuple[Operation, tuple[str, ...]]]) -> Resource:
        grouped: dict[tuple[str, ...], list[Operation]] = {}
        for op, resource_path in operations:
            grouped.setdefault(resource_path, []).append(op)
            for length in range(len(resource_path)):
                grouped.setdefault(resource_path[:length], [])
        # Every prefix of a path is in `grouped`, so a node's children are the paths one
        # segment longer that start with it: one pass, not a scan of every path per node.
        below: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for path in grouped:
            if path:
                below.setdefault(path[:-1], set()).add(path)

        def node(path: tuple[str, ...]) -> Resource:
            children = sorted(below.get(path, ()))
            method_names = {"".join(op.name.words) for op in grouped.get(path, [])}
            for child in children:
                if "".join(words_of(child[-1])) in method_names:
                    self.ctx.diags.warn(
                        "#/paths",
                        f"resource {'.'.join(child)!r} has the same name as a method of its parent",
                    )
            names = tuple(make_name(p, ("resource",)) for p in path)
            return Resource(
                name=names[-1] if names else Name(("client",), ""),
                path=path,
                operations=tuple(grouped.get(path, [])),
                resources=tuple(node(c) for c in children),
                path_names=names,
            )

        return node(())
