"""Response model base classes, forward-compatible unions and enums, and response validation.

Two validation modes:

* loose (default): a 2xx JSON body is never rejected. Forward-compatible drift is accepted by
  pydantic itself (unknown fields kept as extras, unknown enum values as plain strings, unknown
  union variants as an ``UnknownVariant`` subclass). A body that still does not fit (a required
  field missing, a wrong JSON type, a ``date-time`` that does not parse) is then built
  tolerantly by :func:`construct_loose`: what arrived is kept, a mistyped value as it was
  received, and a missing required field is an absent attribute (reading it raises an
  ``AttributeError`` naming the field). Valid bodies never reach that slower path.
* strict (``strict=True``): every mismatch fails, including the drift above, and pydantic's
  strict mode is on (no ``"1"`` -> ``1`` coercion).

The fast path runs no Python code per value: unions dispatch on their discriminator and open
enums match their literals inside pydantic-core; Python runs only for what falls outside (an
unknown variant or enum value), and strict mode's extra-field check is one walk afterwards.
"""

import functools
import json
from collections.abc import Mapping, Sequence
import types
from typing import TYPE_CHECKING, Any, ClassVar, Final, Optional, Union, cast

import pydantic
from pydantic import ConfigDict, GetCoreSchemaHandler, ValidationInfo
from pydantic_core import CoreSchema, PydanticCustomError, core_schema
from typing_extensions import (
    Annotated,
    Literal,
    TypeAliasType,
    TypeIs,
    final,
    get_args,
    get_origin,
    override,
)

__all__ = [
    "UNKNOWN_TAG",
    "BaseModel",
    "OpenEnum",
    "UnknownVariant",
    "check_strict",
    "construct_loose",
    "discriminated_union",
    "is_unknown",
    "validate_response",
    "validate_response_json",
]

STRICT_CONTEXT_KEY: Final = "strict"

UNKNOWN_TAG: Final = "__unknown_variant__"
"""The ``Tag`` of the fallback member of every discriminated union."""


_ANNOTATED: Final[object] = Annotated
_UNION_ORIGINS: Final[tuple[object, ...]] = (Union, getattr(types, "UnionType", Union))  # X | Y


def _is_strict(context: object) -> bool:
    return (
        isinstance(context, dict)
        and cast(dict[str, object], context).get(STRICT_CONTEXT_KEY) is True
    )


class BaseModel(pydantic.BaseModel):
    """Base of every generated response model.

    ``extra="allow"`` keeps fields this SDK version does not know (``model_extra``), and
    ``to_dict()`` / ``to_json()`` give back exactly what was received: wire names, unknown
    fields, and the difference between an explicit ``null`` and an absent field.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        # Build validators on first use: large SDKs import hundreds of models.
        defer_build=True,
        protected_namespaces=(),
    )

    if not TYPE_CHECKING:  # like pydantic's own: type checkers must not see a __getattr__

        def __getattr__(self, name: str) -> Any:
            try:
                return super().__getattr__(name)
            except AttributeError:
                if name in type(self).model_fields:
                    # Built tolerantly (loose mode) from a body that lacked this required field.
                    field = type(self).model_fields[name]
                    raise AttributeError(
                        f"{type(self).__name__}.{name} is required by the API spec but was "
                        f"absent from the response (field {field.alias or name!r}); loose mode "
                        "kept the rest of the object. Check `'"
                        f"{name}' in obj.model_fields_set`, or use strict_response_validation="
                        "True to reject such responses."
                    ) from None
                raise

    def _strict_violation(self) -> Optional[str]:
        """Why this instance is not acceptable under strict validation, or ``None``."""
        if self.model_extra:
            names = ", ".join(repr(name) for name in sorted(self.model_extra))
            return f"unexpected field(s) {names} on {type(self).__name__}"
        return None

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "json",
        by_alias: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The model as a dict. By default: wire names, only the fields that were received."""
        # warnings=False: a loosely built model may hold a value of another type than declared
        # (kept as received), which is then dumped as it is.
        return self.model_dump(
            mode=mode,
            by_alias=by_alias,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            warnings=False,
        )

    def to_json(
        self,
        *,
        indent: Optional[int] = None,
        by_alias: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> str:
        """The model as JSON text. By default: wire names, only the fields that were received."""
        return self.model_dump_json(
            indent=indent,
            by_alias=by_alias,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            warnings=False,
        )


class UnknownVariant(BaseModel):
    """Base of the fallback member of a discriminated union.

    A newer server may send a variant this SDK does not know. It is kept here, with all its
    data, instead of crashing or being coerced into the wrong member. The generated subclass
    declares the discriminator field (``type: str``); everything else lands in the extras.
    """

    discriminator_property: ClassVar[Optional[str]] = None
    """Wire name of the discriminator. Inferred from the subclass's only field when unset."""

    @property
    def discriminator_value(self) -> Optional[str]:
        """The discriminator value the server sent, such as an unknown ``type`` string."""
        property_name = _unknown_variant_property(type(self))
        if property_name is None:
            return None
        value = self.to_dict().get(property_name)
        return value if isinstance(value, str) else None

    @property
    def raw(self) -> dict[str, Any]:
        """The variant exactly as received."""
        return self.to_dict()

    @override
    def _strict_violation(self) -> Optional[str]:
        property_name = _unknown_variant_property(type(self)) or "discriminator"
        return (
            f"unknown variant {property_name}={self.discriminator_value!r} "
            f"for {type(self).__name__}"
        )


@functools.cache
def _unknown_variant_property(cls: type) -> Optional[str]:
    explicit = getattr(cls, "discriminator_property", None)
    if isinstance(explicit, str):
        return explicit
    assert issubclass(cls, pydantic.BaseModel)
    fields = list(cls.model_fields.items())
    if len(fields) != 1:
        return None
    name, field = fields[0]
    return field.alias or name


@functools.cache
def _wire_to_attribute(cls: type) -> Mapping[str, str]:
    """Map wire names to attribute names for a model class (``"class"`` -> ``"class_"``)."""
    assert issubclass(cls, pydantic.BaseModel)
    return {(field.alias or name): name for name, field in cls.model_fields.items()}


def _wire_value(value: pydantic.BaseModel, wire_name: str) -> object:
    attribute = _wire_to_attribute(type(value)).get(wire_name)
    if attribute is not None:
        return getattr(value, attribute, None)
    extra = value.model_extra or {}
    return extra.get(wire_name)


ShapeTests = Mapping[str, Sequence[tuple[str, Sequence[str], Mapping[str, Sequence[object]]]]]
"""Discriminator value → its members' ``(member tag, required keys, allowed values by key)``,
most specific first, for a value that several members share."""


def _fits(data: Mapping[str, object], required: Sequence[str],
          values: Mapping[str, Sequence[object]]) -> bool:
    if any(key not in data for key in required):
        return False
    return all(key not in data or data[key] in allowed for key, allowed in values.items())


def _tag_function(
    property_name: str, known_values: frozenset[str], shared: Mapping[str, Any]
) -> Any:
    def tag_of(value: Any) -> str:
        data: Mapping[str, object] = {}
        model: Optional[pydantic.BaseModel] = None
        if isinstance(value, dict):
            data = cast(dict[str, object], value)
            tag: object = data.get(property_name)
        elif isinstance(value, pydantic.BaseModel):
            model = value
            tag = _wire_value(value, property_name)
        else:
            tag = None
        if not isinstance(tag, str) or tag not in known_values:
            return UNKNOWN_TAG
        candidates = shared.get(tag)
        if candidates is None:
            return tag
        if model is not None:  # serializing: the model's own wire data
            data = model.model_dump(by_alias=True, exclude_unset=True, warnings=False)
        for member_tag, required, allowed in candidates:
            if _fits(data, required, allowed):
                return str(member_tag)
        return UNKNOWN_TAG

    tag_of.__name__ = f"discriminate_on_{property_name}"
    return tag_of


@final
class DiscriminatedUnion:
    """The marker ``discriminated_union`` returns: ``Annotated[Union[...], marker]``.

    Each member is tagged with its wire value (``Tag("message")``) and the fallback with
    ``Tag(UNKNOWN_TAG)``. When every value names one member, validation is pydantic-core's own
    tagged union (one dict lookup, no Python call), tried before the fallback; the fallback
    accepts only a value that is not known (a known ``type`` whose fields do not fit is a broken
    payload, never an unknown variant) and only in loose mode. Values several members share
    (``shapes``) go through the Python ``tag_of`` instead: the first member, most specific first,
    whose shape the data fits (required keys present, ``const``/``enum`` keys holding allowed
    values), else the fallback, never the first member listed.
    """

    def __init__(
        self, property_name: str, known: Sequence[str], shapes: Optional[ShapeTests]
    ) -> None:
        self.property_name = property_name
        self.known = frozenset(known)
        self.shared: dict[str, Any] = dict(shapes or {})
        self.tag_of: Any = _tag_function(property_name, self.known, self.shared)

    def members(self, source: Any) -> Optional[dict[str, Any]]:
        """Tag → member type of the union ``source``, or None when it is not tagged plainly."""
        found: dict[str, Any] = {}
        for member in get_args(source):
            if get_origin(member) is not _ANNOTATED:
                return None
            inner, *metadata = get_args(member)
            tags = [m.tag for m in metadata if isinstance(m, pydantic.Tag)]
            if len(tags) != 1 or not isinstance(inner, type):  # a forward reference, say
                return None
            found[tags[0]] = inner
        return found

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        members = None if self.shared else self.members(source)
        if members is None or UNKNOWN_TAG not in members:
            return handler.generate_schema(
                Annotated[source, pydantic.Discriminator(self.tag_of)]
            )
        choices = {
            tag: handler.generate_schema(member)
            for tag, member in members.items()
            if tag != UNKNOWN_TAG
        }
        known = self.known
        property_name = self.property_name
        # Dicts carry the wire name; a model instance (revalidated) its attribute name.
        paths: list[list[Union[str, int]]] = [[property_name]]
        for member in members.values():
            attribute = _wire_to_attribute(member).get(property_name)
            if attribute is not None and [attribute] not in paths:
                paths.append([attribute])

        def only_unknown(value: Any, info: ValidationInfo) -> Any:
            tag = _wire_value(value, property_name)
            if isinstance(tag, str) and tag in known:
                raise PydanticCustomError(
                    "known_variant_mismatch",
                    "{property}={tag!r} is a known variant, but the data does not fit it",
                    {"property": property_name, "tag": tag},
                )
            if _is_strict(info.context):
                unknown = cast(UnknownVariant, value)
                problem = unknown._strict_violation()  # pyright: ignore[reportPrivateUsage]
                raise PydanticCustomError(
                    "unknown_variant", "{problem}", {"problem": problem or "unknown variant"}
                )
            return value

        fallback = core_schema.with_info_after_validator_function(
            only_unknown, handler.generate_schema(members[UNKNOWN_TAG])
        )
        return core_schema.union_schema(
            [
                core_schema.tagged_union_schema(
                    choices, paths if len(paths) > 1 else property_name
                ),
                fallback,
            ],
            mode="left_to_right",
        )

    @override
    def __repr__(self) -> str:
        return f"discriminated_union({self.property_name!r}, {sorted(self.known)!r})"


def discriminated_union(
    property_name: str, known: Sequence[str], shapes: Optional[ShapeTests] = None
) -> DiscriminatedUnion:
    """The discriminator of a forward-compatible union (see :class:`DiscriminatedUnion`)."""
    return DiscriminatedUnion(property_name, known, shapes)


@final
class _OpenEnumMarker:
    """``Annotated[Literal[...], OpenEnum]``: an enum that tolerates values added later.

    A known value matches the ``Literal`` in pydantic-core; only another string reaches Python,
    which keeps it in loose mode and rejects it in strict mode."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        closed_schema = handler(source)

        def keep_unknown_string(value: str, info: ValidationInfo) -> str:
            if _is_strict(info.context):
                raise PydanticCustomError(
                    "enum_value", "{value!r} is not one of the known values", {"value": value}
                )
            return value

        return core_schema.union_schema(
            [
                closed_schema,
                core_schema.with_info_after_validator_function(
                    keep_unknown_string, core_schema.str_schema()
                ),
            ],
            mode="left_to_right",
            # Serialize whatever was kept, known or not, without a "not a Literal" warning.
            serialization=core_schema.plain_serializer_function_ser_schema(_identity),
        )

    @override
    def __repr__(self) -> str:
        return "OpenEnum"


def _identity(value: Any) -> Any:
    return value


OpenEnum: Final = _OpenEnumMarker()


_adapters: dict[Any, "pydantic.TypeAdapter[Any]"] = {}


_adapters_by_id: dict[int, tuple[Any, "pydantic.TypeAdapter[Any]"]] = {}


def _adapter_for(type_: Any) -> "pydantic.TypeAdapter[Any]":
    # By identity first: hashing an ``Annotated`` union walks all of it, on every call.
    known = _adapters_by_id.get(id(type_))
    if known is not None and known[0] is type_:
        return known[1]
    try:
        cached = _adapters[type_]
    except KeyError:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(type_)
        _adapters[type_] = adapter
        _adapters_by_id[id(type_)] = (type_, adapter)
        return adapter
    except TypeError:  # unhashable annotation: validate without caching
        return pydantic.TypeAdapter(type_)
    _adapters_by_id[id(type_)] = (type_, cached)
    return cached


_LOOSE: Final = {STRICT_CONTEXT_KEY: False}
_STRICT: Final = {STRICT_CONTEXT_KEY: True}


def validate_response(type_: Any, data: object, *, strict: bool) -> Any:
    """Validate decoded JSON against ``type_``. Strict: raises ``pydantic.ValidationError`` on
    any mismatch. Loose: never raises; what does not validate is built by
    :func:`construct_loose`."""
    adapter = _adapter_for(type_)
    if strict:
        # Validating from JSON text lets pydantic's strict mode accept what JSON cannot express
        # natively (dates as strings) while still refusing "1" for an int.
        return check_strict(adapter.validate_json(json.dumps(data), strict=True, context=_STRICT))
    try:
        return adapter.validate_python(data, context=_LOOSE)
    except pydantic.ValidationError:
        return construct_loose(type_, data)


def validate_response_json(
    type_: Any, content: Union[str, bytes], *, strict: bool, decode: Any
) -> Any:
    """:func:`validate_response` straight from the JSON text, in one pass (no ``json.loads``
    first). ``decode()`` gives the decoded body (or raises for a body that is not JSON): it is
    called only when the text does not validate, for the loose fallback."""
    adapter = _adapter_for(type_)
    try:
        if strict:
            return check_strict(adapter.validate_json(content, strict=True, context=_STRICT))
        return adapter.validate_json(content, context=_LOOSE)
    except pydantic.ValidationError:
        data = decode()  # a body that is not JSON at all raises here
        if strict:
            raise
        return construct_loose(type_, data)


def list_of(item_type: Any) -> Any:
    """``List[item_type]`` for an item type only known at runtime (pagination)."""
    return list[item_type]


def is_unknown(value: object) -> TypeIs[UnknownVariant]:
    """Whether ``value`` is a union member this SDK version does not know (a newer server's).

    Type checkers see a discriminated union as its known members only, so that
    ``if item.type == "text": item.text`` narrows; an unknown member is still returned at
    runtime, and this is the check that reaches it (``raw``, ``discriminator_value``).
    """
    return isinstance(value, UnknownVariant)


# -- strict mode: the checks pydantic's schema does not make --------------------------------


def check_strict(value: Any) -> Any:
    """``value`` when no model in it holds extra fields, else ``pydantic.ValidationError``."""
    problem = _strict_problem(value, ())
    if problem is not None:
        location, message, bad = problem
        raise pydantic.ValidationError.from_exception_data(
            "strict response validation",
            [
                {
                    "type": PydanticCustomError("strict_response", "{problem}",
                                                {"problem": message}),
                    "loc": location,
                    "input": bad,
                }
            ],
        )
    return value


def _strict_problem(
    value: object, location: tuple[Union[str, int], ...]
) -> Optional[tuple[tuple[Union[str, int], ...], str, object]]:
    if isinstance(value, BaseModel):
        problem = value._strict_violation()  # pyright: ignore[reportPrivateUsage]
        if problem is not None:
            return location, problem, value.to_dict()
        fields = type(value).model_fields
        for name, item in value.__dict__.items():
            field = fields.get(name)
            found = _strict_problem(item, (*location, (field.alias if field else None) or name))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(cast(list[object], value)):
            found = _strict_problem(item, (*location, index))
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, item in cast(dict[str, object], value).items():
            found = _strict_problem(item, (*location, key))
            if found is not None:
                return found
    return None


# -- loose mode: building what pydantic would reject ----------------------------------------


def _validates(type_: Any, value: object) -> tuple[bool, Any]:
    try:
        return True, _adapter_for(type_).validate_python(value, context=_LOOSE)
    except (pydantic.ValidationError, TypeError, pydantic.PydanticSchemaGenerationError):
        return False, None




def construct_loose(type_: Any, value: object) -> Any:
    """``value`` as ``type_`` as far as it fits, never raising: each part that validates is
    validated, a model is built from the fields that arrived (unknown ones kept as extras, a
    missing required one absent), a union member is chosen by its discriminator (an unknown
    value is the fallback member, never coerced), and anything else is kept as received."""
    if isinstance(type_, TypeAliasType):
        return construct_loose(type_.__value__, value)
    origin = get_origin(type_)
    if origin is _ANNOTATED:
        inner, *metadata = get_args(type_)
        for marker in metadata:
            if isinstance(marker, DiscriminatedUnion):
                return _construct_tagged(marker, inner, value)
        ok, result = _validates(type_, value)  # an open enum, a Field(...) constraint
        return result if ok else construct_loose(inner, value)
    if origin in _UNION_ORIGINS:
        return _construct_union(get_args(type_), value)
    if origin in (list, Sequence):
        (item_type,) = get_args(type_) or (Any,)
        if isinstance(value, list):
            return [construct_loose(item_type, item) for item in cast(list[object], value)]
        return value
    if origin in (dict, Mapping):
        value_type = (get_args(type_) or (str, Any))[1]
        if isinstance(value, dict):
            return {
                key: construct_loose(value_type, item)
                for key, item in cast(dict[str, object], value).items()
            }
        return value
    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        if isinstance(value, dict):
            data = cast(dict[str, object], value)
            ok, result = _validates(type_, data)
            return result if ok else _construct_model(type_, data)
        return value
    if type_ is Any or type_ is object:
        return value
    ok, result = _validates(type_, value)
    return result if ok else value


def _construct_model(cls: type[pydantic.BaseModel], data: dict[str, object]) -> Any:
    if not cls.__pydantic_complete__:
        cls.model_rebuild()  # resolve forward references before reading field annotations
    fields = cls.model_fields
    values: dict[str, object] = {}
    for key, item in data.items():
        name = _wire_to_attribute(cls).get(key)
        if name is None:
            values[key] = item  # an unknown field: an extra (model_construct keeps it)
        else:
            values[key] = construct_loose(_field_type(fields[name]), item)
    construct: Any = cls.model_construct  # keys are wire names and extras, not parameters
    return construct(**values)


@functools.lru_cache(maxsize=None)
def _field_type_cached(field: Any) -> Any:
    annotation = field.annotation
    metadata = list(field.metadata)
    if field.discriminator is not None:
        metadata.append(field.discriminator)
    return Annotated[tuple([annotation, *metadata])] if metadata else annotation


def _field_type(field: Any) -> Any:
    try:
        return _field_type_cached(field)
    except TypeError:  # an unhashable field: not cached
        return _field_type_cached.__wrapped__(field)


def _construct_tagged(marker: DiscriminatedUnion, source: Any, value: object) -> Any:
    members = marker.members(source) or {}
    member = members.get(marker.tag_of(value))
    if member is None:
        return value
    return construct_loose(member, value)


def _construct_union(members: tuple[Any, ...], value: object) -> Any:
    if value is None and type(None) in members:
        return None
    ok, result = _validates(Union[members], value)  # pyright: ignore[reportInvalidTypeArguments]
    if ok:
        return result
    if not isinstance(value, dict):
        return value
    data = cast(dict[str, object], value)
    models = [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
    if models:  # the model the data has most fields of (the first one on a tie)
        best = max(models, key=lambda m: len(data.keys() & set(_wire_to_attribute(m))))
        return construct_loose(best, data)
    return data
