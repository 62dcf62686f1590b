"""An input shape's checks, building the domain's frozen values instead of dictionaries.

Pydantic checks a request's JSON against a typed dictionary (:mod:`triage_app.domain.wire`)
and hands back plain dictionaries, which were then made into a request, its children and its
answers one field at a time in Python: for ``route --jsonl`` that took longer than the check.
:func:`building` turns the checks pydantic made for a shape into ones that build the domain's
dataclasses as they go (in pydantic's own compiled code), field for field the same checks,
in the same order, with the same messages:

* each key of the shape is the dataclass's field of that name, with the field's default
  when it is left out (or the one given in ``left_out``, for a field the dataclass requires
  but the input may omit);
* the dataclass's other fields are not keys of the input (given one, it is refused as
  unknown) and take their defaults;
* a JSON list is kept as a tuple, the domain's type for every list it holds;
* ``nested`` names the keys whose objects (or whose lists' objects) are dataclasses too.

The defaults are shared, not copied: every value made is frozen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, fields

from pydantic_core import CoreSchema
from pydantic_core import core_schema as cs


def building(
    shape: CoreSchema,
    cls: type,
    *,
    nested: Mapping[str, type] | None = None,
    left_out: Mapping[str, object] | None = None,
) -> cs.DataclassSchema:
    """The checks of a typed dictionary's ``shape``, building ``cls`` (see the module's note).

    Raises ``TypeError`` for a shape that is not a typed dictionary, or a key that is not a
    field of ``cls``, or an optional key whose field has no default: the shapes and the
    domain are held to each other when the module is imported.
    """
    if shape["type"] != "typed-dict":
        raise TypeError(f"{cls.__name__}: not a typed dictionary's shape")
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    defaults.update(left_out or {})
    keys = shape["fields"]
    unknown = keys.keys() - {f.name for f in fields(cls)}
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    made = [_field(name, key, defaults, nested or {}) for name, key in keys.items()]
    made += [
        cs.dataclass_field(name, cs.with_default_schema(cs.any_schema(), default=value), init=False)
        for name, value in defaults.items()
        if name not in keys
    ]
    args = cs.dataclass_args_schema(cls.__name__, made, extra_behavior="forbid")
    return cs.dataclass_schema(
        cls, args, [f.name for f in fields(cls)], frozen=True, config=shape.get("config")
    )


def _field(
    name: str,
    key: cs.TypedDictField,
    defaults: Mapping[str, object],
    nested: Mapping[str, type],
) -> cs.DataclassField:
    """One key of the shape as the dataclass's field of that name."""
    schema = key["schema"]
    inner = nested.get(name)
    if inner is not None and schema["type"] == "list":
        schema = {**schema, "items_schema": building(schema["items_schema"], inner)}
    elif inner is not None:
        schema = building(schema, inner)
    if schema["type"] == "list":
        schema = cs.no_info_after_validator_function(tuple, schema)
    if not key.get("required", True):
        if name not in defaults:
            raise TypeError(f"{name}: an optional key needs a default")
        schema = cs.with_default_schema(schema, default=defaults[name])
    return cs.dataclass_field(name, schema)
