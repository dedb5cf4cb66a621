"""Request bodies built by the generated models, so they match the contract before they are sent."""

from __future__ import annotations

from typing import Any, Type, TypeVar

import pydantic

from ..errors import ValidationError

M = TypeVar("M", bound=pydantic.BaseModel)


def model_from(model: Type[M], **fields: Any) -> M:
    """`model(**fields)`; a field the contract refuses is a ValidationError naming it."""
    try:
        return model(**fields)
    except pydantic.ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in error["loc"])
        # Never the model's raw regular expression: say which rule of the contract it breaks.
        reason = "breaks the contract's pattern for it" if error["type"] == "value_error" else error["msg"]
        raise ValidationError(
            f"Invalid upload argument {field}: {reason}, got {repr(error.get('input'))[:60]}",
            hint=f"Check {field} against the API reference (spec/openapi.yaml) and pass a value it allows.",
            field=field,
        ) from None
