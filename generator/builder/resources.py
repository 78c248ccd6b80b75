"""Resource and method naming: ``plan_names`` turns path shapes into resource paths and
method names (``create``/``list``/``retrieve``/``update``/``delete`` plus actions), with config
renames, version-segment stripping and list detection; ``resource_tree`` nests the operations.
"""

from __future__ import annotations

import re
from typing import Any

from generator import media as media_kinds
from generator.builder.context import HTTP_METHODS, BuildContext
from generator.diagnostics import GenerationError, pointer
from generator.ir import Name, Operation, Resource
from generator.naming import Scope, make_name, shorten, words_of

# ``v1``, ``v2beta1``, and dated versions (``/2010-04-01/Accounts``) are not resources.
_VERSION_SEGMENT = re.compile(r"^(?:v[0-9]+(?:(?:alpha|beta)[0-9]*)?|[0-9]{4}-[0-9]{2}-[0-9]{2})$")


def _is_json_media(media: str) -> bool:
    return media_kinds.is_json(media)


class Resources:
    """Plans resource and method names from the paths and the config."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def _strip_prefix(self, segments: list[str]) -> list[str]:
        prefixes = self.ctx.config.strip_path_prefixes
        while segments and (
            segments[0] in prefixes if prefixes else _VERSION_SEGMENT.match(segments[0])
        ):
            segments = segments[1:]
        return segments

    def plan_names(
        self, paths: dict[str, Any]
    ) -> dict[tuple[str, str], tuple[tuple[str, ...], Name]]:
        """Resource path and method name of every operation, from the path shape + config."""
        shapes: dict[str, list[str]] = {}
        methods_by_path: dict[str, list[str]] = {}
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            segments = self._strip_prefix([s for s in path.split("/") if s])
            shapes[path] = segments
            methods_by_path[path] = [m for m in HTTP_METHODS if m in item]
        static_prefixes_with_ops = {
            tuple(s for s in segs if not s.startswith("{")) for segs in shapes.values()
        }
        plans: dict[tuple[str, str], tuple[tuple[str, ...], Name]] = {}
        used: dict[tuple[str, ...], Scope] = {}
        for path, segments in shapes.items():
            item = paths[path]
            for method in methods_by_path[path]:
                op = item[method] if isinstance(item[method], dict) else {}
                statics = [s for s in segments if not s.startswith("{")]
                ends_with_param = bool(segments) and segments[-1].startswith("{")
                list_like = self._looks_like_list(op)
                resource: list[str] = [self._segment_name(s) for s in statics]
                has_children = any(
                    len(other) > len(segments) and other[: len(segments)] == segments
                    for other in shapes.values()
                )
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
                if action:
                    verb = resource.pop()
                    method_words = shorten(words_of(verb)) or ("call",)
                elif ends_with_param:
                    method_words = {"get": ("retrieve",), "delete": ("delete",)}.get(
                        method, ("update",)
                    )
                else:
                    # A collection with an item path below it (``/things/{id}``) is listed.
                    has_items = any(
                        len(other) > len(segments)
                        and other[: len(segments)] == segments
                        and other[len(segments)].startswith("{")
                        for other in shapes.values()
                    )
                    method_words = {
                        "get": ("list",) if list_like or has_items else ("retrieve",),
                        "post": ("create",),
                        "put": ("update",),
                        "patch": ("update",),
                        "delete": ("delete",),
                    }.get(method, (method,))
                resource_path = tuple(resource)
                op_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
                override = self.ctx.config.operations.get(op_id) if op_id else None
                if override and override.resource is not None:
                    resource_path = tuple(override.resource.split(".")) if override.resource else ()
                if override and override.method:
                    method_words = tuple(override.method.split("_"))
                resource_path = self._renamed(resource_path)
                name = Name(method_words, method)
                scope = used.setdefault(resource_path, Scope())
                claimed, clashed = scope.claim(name)
                if clashed:
                    fallback = make_name(op_id or method, (method,))
                    claimed, _ = scope.claim(fallback)
                    self.ctx.diags.warn(
                        pointer("paths", path, method),
                        f"method name {name.snake()!r} already used in resource "
                        f"{'.'.join(resource_path) or '(client)'}; named {claimed.snake()!r}",
                    )
                plans[(path, method)] = (resource_path, claimed)
        return plans

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

        def node(path: tuple[str, ...]) -> Resource:
            children = sorted(
                {
                    p[: len(path) + 1]
                    for p in grouped
                    if len(p) > len(path) and p[: len(path)] == path
                }
            )
            method_names = {"".join(op.name.words) for op in grouped.get(path, [])}
            for child in children:
                if "".join(words_of(child[-1])) in method_names:
                    self.ctx.diags.warn(
                        "#/paths",
                        f"resource {'.'.join(child)!r} has the same name as a method of its parent",
                    )
            name = make_name(path[-1], ("resource",)) if path else Name(("client",), "")
            return Resource(
                name=name,
                path=path,
                operations=tuple(grouped.get(path, [])),
                resources=tuple(node(c) for c in children),
            )

        return node(())
