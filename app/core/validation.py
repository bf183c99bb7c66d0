"""Field types shared by several schemas."""

from collections.abc import Callable
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from app.core.errors import field_error
from app.core.i18n import N_

TEMPLATE_KEY = "template"


def _valid_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise invalid(
            "unknown_timezone",
            N_("Unknown time zone {name}; use an IANA name like Asia/Shanghai."),
            name=name,
        ) from exc
    return name


Timezone = Annotated[
    str, Field(max_length=64, examples=["Asia/Shanghai"]), AfterValidator(_valid_timezone)
]
Key = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="Lowercase letters, digits and `_`, starting with a letter."),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
ShortTextList = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]],
    Field(max_length=50),
]


def omittable(**kwargs: Any) -> Any:
    """A PATCH field that may be left out (keep the value) but not set to null."""
    return Field(default=None, **kwargs)


def invalid(code: str, template: str, /, **params: Any) -> PydanticCustomError:
    """A validation error whose message is translated in the caller's language.

    `template` is an English message marked with `N_()`, with `{placeholders}` that
    `params` fill; the problem handler (`app.core.problems`) translates it, then fills it.
    """
    return PydanticCustomError(code, template, {**params, TEMPLATE_KEY: template})


class InvalidValue(ValueError):
    """A value a library refuses: a stable `code` and a translatable English `template`.

    Raise it from plain functions; in a pydantic validator re-raise `exc.pydantic()`; in a
    service put `exc.field_error(("body", "field"))` into `InvalidInput(errors=[...])`.
    """

    def __init__(self, code: str, template: str, /, **params: Any) -> None:
        self.code = code
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def field_error(self, loc: tuple[str | int, ...]) -> dict[str, Any]:
        return field_error(loc, self.template, self.code, **self.params)

    def pydantic(self) -> PydanticCustomError:
        return invalid(self.code, self.template, **self.params)


def checked_by(check: Callable[[Any], Any]) -> AfterValidator:
    """A pydantic validator from a library's check that raises `InvalidValue`."""

    def validate(value: Any) -> Any:
        try:
            return check(value)
        except InvalidValue as exc:
            raise exc.pydantic() from None

    return AfterValidator(validate)
