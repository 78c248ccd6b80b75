# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Response model base classes, forward-compatible unions and enums, and response validation.

Two validation modes:

* loose (default): forward-compatible drift from a newer server is accepted. Unknown fields
  are kept as extras, unknown enum values as plain strings and unknown union variants as an
  ``UnknownVariant`` subclass. A payload that is genuinely broken (a required field missing,
  a wrong JSON type) still fails; it is never silently accepted.
* strict (``context={"strict": True}``): every mismatch fails, including the drift above, and
  pydantic's strict mode is on (no ``"1"`` -> ``1`` coercion).
"""

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Final, Optional, cast

import pydantic
from pydantic import ConfigDict, GetCoreSchemaHandler, ValidationInfo, model_validator
from pydantic_core import CoreSchema, core_schema
from typing_extensions import Literal, Self, TypeIs, final, override

__all__ = [
    "UNKNOWN_TAG",
    "BaseModel",
    "OpenEnum",
    "UnknownVariant",
    "discriminated_union",
    "is_unknown",
    "validate_response",
]

STRICT_CONTEXT_KEY: Final = "strict"

UNKNOWN_TAG: Final = "__unknown_variant__"
"""The ``Tag`` of the fallback member of every discriminated union."""


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

    @model_validator(mode="after")
    def _check_strict_response(self, info: ValidationInfo) -> Self:
        if _is_strict(info.context):
            problem = self._strict_violation()
            if problem is not None:
                raise ValueError(problem)
        return self

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
        return self.model_dump(
            mode=mode, by_alias=by_alias, exclude_unset=exclude_unset, exclude_none=exclude_none
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
            indent=indent, by_alias=by_alias, exclude_unset=exclude_unset, exclude_none=exclude_none
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


def discriminated_union(
    property_name: str, known: Sequence[str], shapes: Optional[ShapeTests] = None
) -> pydantic.Discriminator:
    """A callable discriminator: the tag for a known value, ``UNKNOWN_TAG`` for anything else.

    Each member of the union is tagged with its wire value (``Tag("message")``) and the
    fallback with ``Tag(UNKNOWN_TAG)``. Dispatch is one frozenset lookup, on raw dicts during
    validation and on model instances during serialization. A value several members share
    (``shapes``) then goes to the first of them, most specific first, whose shape the data fits:
    its required keys present, its ``const``/``enum`` keys holding allowed values. Data that fits
    none of them is the fallback, never the first member listed.
    """
    known_values = frozenset(known)
    shared = dict(shapes or {})

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
            data = model.model_dump(by_alias=True, exclude_unset=True)
        for member_tag, required, allowed in candidates:
            if _fits(data, required, allowed):
                return member_tag
        return UNKNOWN_TAG

    tag_of.__name__ = f"discriminate_on_{property_name}"
    return pydantic.Discriminator(tag_of)


@final
class _OpenEnumMarker:
    """``Annotated[Literal[...], OpenEnum]``: an enum that tolerates values added later."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        closed_schema = handler(source)

        def keep_unknown_string(
            value: Any,
            validate_closed: core_schema.ValidatorFunctionWrapHandler,
            info: ValidationInfo,
        ) -> Any:
            try:
                return validate_closed(value)
            except pydantic.ValidationError:
                if _is_strict(info.context) or not isinstance(value, str):
                    raise
                return value

        return core_schema.with_info_wrap_validator_function(
            keep_unknown_string,
            closed_schema,
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


def _adapter_for(type_: Any) -> "pydantic.TypeAdapter[Any]":
    try:
        return _adapters[type_]
    except KeyError:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(type_)
        _adapters[type_] = adapter
        return adapter
    except TypeError:  # unhashable annotation: validate without caching
        return pydantic.TypeAdapter(type_)


def validate_response(type_: Any, data: object, *, strict: bool) -> Any:
    """Validate decoded JSON against ``type_``; raises ``pydantic.ValidationError``."""
    adapter = _adapter_for(type_)
    if strict:
        # Validating from JSON text lets pydantic's strict mode accept what JSON cannot express
        # natively (dates as strings) while still refusing "1" for an int.
        return adapter.validate_json(
            json.dumps(data), strict=True, context={STRICT_CONTEXT_KEY: True}
        )
    return adapter.validate_python(data, context={STRICT_CONTEXT_KEY: False})


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
