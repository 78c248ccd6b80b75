"""The pydantic floor: the SDK's response models redone as the most minimal pydantic models.

`floor_models(types_module)` derives, from the generated SDK's `types` module, one plain
`pydantic.BaseModel` per model with the same fields, wire names and defaults, but none of the
SDK's guarantees: no `extra="allow"` (unknown fields are dropped), no by-name population,
closed `Literal`s instead of open enums, and `Field(discriminator=...)` unions of the known
members only (an unknown `type` fails). Validating a page with these models is what pydantic
itself costs for the same instances, so the SDK's distance from it is the cost of its
guarantees.
"""

from __future__ import annotations

import functools
import operator
from types import ModuleType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic


def floor_models(types_module: ModuleType) -> dict[str, Any]:
    """Name → minimal model (or union alias) for every model and union of `types_module`."""
    sdk_base = _sdk_base(types_module)
    out: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    converting: set[str] = set()

    def convert(annotation: Any) -> Any:
        origin = get_origin(annotation)
        if origin is Annotated:
            inner, *metadata = get_args(annotation)
            discriminator = next(
                (m for m in metadata if type(m).__name__ == "DiscriminatedUnion"), None
            )
            if discriminator is not None:
                members = [
                    convert(get_args(member)[0])
                    for member in get_args(inner)
                    if not _is_unknown_variant(get_args(member)[0])
                ]
                if len(members) == 1:
                    return members[0]
                return Annotated[
                    _union(members), pydantic.Field(discriminator=discriminator.property_name)
                ]
            if any(type(m).__name__ == "_OpenEnumMarker" for m in metadata):
                return inner  # the closed Literal
            kept = [m for m in metadata if type(m).__name__ not in ("_OpenEnumMarker",)]
            return Annotated[tuple([convert(inner), *kept])] if kept else convert(inner)
        if origin is Union:
            return _union([convert(arg) for arg in get_args(annotation)])
        if origin is list:
            return list[convert(get_args(annotation)[0])]  # type: ignore[misc]
        if origin is dict:
            key, value = get_args(annotation)
            return dict[convert(key), convert(value)]  # type: ignore[misc]
        if origin is Literal:
            return annotation
        if isinstance(annotation, type) and issubclass(annotation, sdk_base):
            return model(annotation)
        return annotation

    def model(cls: type[pydantic.BaseModel]) -> Any:
        name = cls.__name__
        if name in namespace:
            return namespace[name]
        if not cls.__pydantic_complete__:
            cls.model_rebuild()
        if name in converting:
            raise ValueError(f"{name} refers to itself: not supported by the floor models")
        converting.add(name)
        fields: dict[str, Any] = {}
        for field_name, info in cls.model_fields.items():
            annotation = _field_annotation(info)
            kwargs: dict[str, Any] = {}
            if info.alias and info.alias != field_name:
                kwargs["alias"] = info.alias
            if not info.is_required():
                kwargs["default"] = info.default
            fields[field_name] = (
                convert(annotation),
                pydantic.Field(**kwargs) if kwargs else ...,
            )
        built = pydantic.create_model(name, **fields)  # plain config: extra="ignore"
        namespace[name] = built
        return built

    for name in getattr(types_module, "__all__", dir(types_module)):
        value = getattr(types_module, name, None)
        if isinstance(value, type) and issubclass(value, sdk_base):
            if not _is_unknown_variant(value):
                out[name] = model(value)
        elif get_origin(value) is Annotated:
            out[name] = convert(value)
    return out


def _union(members: list[Any]) -> Any:
    return functools.reduce(operator.or_, members)


def _field_annotation(info: Any) -> Any:
    metadata = list(info.metadata)
    if info.discriminator is not None:
        metadata.append(info.discriminator)
    return Annotated[tuple([info.annotation, *metadata])] if metadata else info.annotation


def _sdk_base(types_module: ModuleType) -> type[pydantic.BaseModel]:
    for value in vars(types_module).values():
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
            for base in value.__mro__:
                if base.__name__ == "BaseModel" and base is not pydantic.BaseModel:
                    return base
    return pydantic.BaseModel


def _is_unknown_variant(cls: Any) -> bool:
    return isinstance(cls, type) and any(b.__name__ == "UnknownVariant" for b in cls.__mro__)


def floor_page_adapter(types_module: ModuleType, item_type: str) -> pydantic.TypeAdapter[Any]:
    """A page of `item_type` items (`data`, `has_more`, other fields dropped), minimal models."""
    item = floor_models(types_module)[item_type]
    page = pydantic.create_model(
        "FloorPage",
        data=(list[item], ...),  # type: ignore[valid-type]
        has_more=(bool | None, None),
    )
    return pydantic.TypeAdapter(page)
