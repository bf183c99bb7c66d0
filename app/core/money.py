"""Money: integer minor units and an ISO 4217 currency, never floats.

    price = Money(amount_minor=1_234_500, currency="CNY")        # ¥12,345.00
    format_money(price, "zh-CN"), format_money(price, "zh-CN", compact=True)  # ¥12,345.00, ¥1.23万

Input is bounded (|amount_minor| ≤ 10^15, exact in JavaScript too); sums and products
are not. Minor units follow the currency's exponent (CLDR's digits, as Babel knows them: JPY 0,
CNY 2, BHD 3). Different currencies are never added: `+` refuses them, and
`totals_by_currency` gives one total per currency. `parse_money` reads what people type
into a form ("¥1,234.50", "1.5万", full-width digits). Store money as two columns,
`<name>_minor` (BigInteger) and `<name>_currency` (String(3)); sum in SQL with
`GROUP BY <name>_currency`.
"""

import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Annotated, Any, Self

from babel.numbers import (
    NumberFormatError,
    format_compact_currency,
    format_currency,
    get_currency_precision,
    get_currency_symbol,
    list_currencies,
    parse_decimal,
)
from pydantic import ConfigDict, Field

from app.core.i18n import N_, babel_locale
from app.core.schemas import InputModel
from app.core.validation import InvalidValue, checked_by

# JSON numbers above 2^53 lose precision in JavaScript; 10^15 minor units is plenty.
MAX_AMOUNT_MINOR = 10**15
_NOT_CURRENCIES = frozenset({"XXX", "XTS"})  # "no currency" and "testing"
_CHINESE_UNITS = {"万": 10**4, "亿": 10**8}
_NUMBER = re.compile(r"[0-9][0-9,]*(\.[0-9]+)?|\.[0-9]+")
# Below these, a compact form says no more than the full one (CLDR has no "1.2K" in Chinese).
_COMPACT_FROM = {"zh-CN": 10_000}
_COMPACT_FROM_DEFAULT = 1_000


class MoneyError(InvalidValue):
    """An amount or currency that cannot be taken (`code`, translatable `template`)."""


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """ISO 4217 codes Babel (CLDR) knows, current and historical."""
    return frozenset(list_currencies()) - _NOT_CURRENCIES


def check_currency(code: str) -> str:
    normalised = code.strip().upper()
    if normalised not in currencies():
        raise MoneyError(
            "currency_unknown",
            N_("“{code}” is not an ISO 4217 currency code such as CNY, USD or EUR."),
            code=code,
        )
    return normalised


def exponent(currency: str) -> int:
    """Digits after the decimal point of `currency`'s minor unit (JPY 0, CNY 2, BHD 3)."""
    return int(get_currency_precision(check_currency(currency)))


Currency = Annotated[
    str,
    Field(
        min_length=3,
        max_length=3,
        description="ISO 4217 code, upper case (lower case is accepted and normalised).",
        examples=["CNY"],
    ),
    checked_by(check_currency),
]
AmountMinor = Annotated[
    int,
    Field(
        ge=-MAX_AMOUNT_MINOR,
        le=MAX_AMOUNT_MINOR,
        strict=True,
        description="The amount in the currency's minor unit (fen, cents; yen have none): "
        "12345 CNY is ¥123.45.",
        examples=[1234500],
    ),
]


class Money(InputModel):
    """An amount of one currency. `+`/`-` work within one currency and refuse mixing."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={"examples": [{"amount_minor": 1234500, "currency": "CNY"}]},
    )

    amount_minor: AmountMinor
    currency: Currency

    @classmethod
    def zero(cls, currency: str) -> Self:
        return cls(amount_minor=0, currency=currency)

    @property
    def amount(self) -> Decimal:
        """The amount in major units, exactly (`Decimal`, never a float)."""
        return Decimal(self.amount_minor).scaleb(-exponent(self.currency))

    def _same_currency(self, other: object) -> "Money":
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(
                "currency_mismatch",
                N_("{first} and {second} cannot be added; keep one total per currency."),
                first=self.currency,
                second=other.currency,
            )
        return other

    def __add__(self, other: object) -> "Money":
        added = self._same_currency(other).amount_minor
        return _result(self.amount_minor + added, self.currency)

    def __sub__(self, other: object) -> "Money":
        taken = self._same_currency(other).amount_minor
        return _result(self.amount_minor - taken, self.currency)

    def __neg__(self) -> "Money":
        return _result(-self.amount_minor, self.currency)

    def scaled(self, factor: int | Decimal | Fraction) -> "Money":
        """`self × factor`, rounded half to even to the minor unit (weighted deal value)."""
        if isinstance(factor, float):
            raise TypeError("scale money by an int, Decimal or Fraction, never a float")
        exact = Fraction(self.amount_minor) * Fraction(factor)
        return _result(round(exact), self.currency)


def _result(amount_minor: int, currency: str) -> Money:
    """A computed amount: its currency was checked already, and sums may pass the input bound."""
    return Money.model_construct(amount_minor=amount_minor, currency=currency)


class NonNegativeMoney(Money):
    """Money that cannot be below zero (prices, targets, contract values)."""

    amount_minor: Annotated[AmountMinor, Field(ge=0)]


def totals_by_currency(items: Iterable[Money]) -> list[Money]:
    """One total per currency, ordered by currency code; nothing is converted or mixed."""
    totals: dict[str, int] = {}
    for money in items:
        totals[money.currency] = totals.get(money.currency, 0) + money.amount_minor
    return [_result(totals[code], code) for code in sorted(totals)]


def format_money(money: Money, locale: str, *, compact: bool = False) -> str:
    """`¥12,345.00` as Babel formats it for `locale` (`en`, `zh-CN`); `compact`: `¥1.23万`.

    The compact form is Babel's short compact format (万/亿 in Chinese, K/M/B in
    English) for amounts from 10,000 (Chinese) or 1,000 (English) major units; smaller
    amounts are formatted in full.
    """
    cldr = babel_locale(locale)
    amount = money.amount
    if compact and abs(amount) >= _COMPACT_FROM.get(locale, _COMPACT_FROM_DEFAULT):
        shown = _rounded_for_compact(amount, locale)
        return str(format_compact_currency(shown, money.currency, locale=cldr, fraction_digits=2))
    return str(format_currency(amount, money.currency, locale=cldr, currency_digits=True))


def _rounded_for_compact(amount: Decimal, locale: str) -> Decimal:
    """Round first, so that 999,999.99 says "1M" (Babel alone says "1000K").

    Chinese: two decimals of the unit (1234.57万); English: three significant digits.
    """
    if locale == "zh-CN":
        unit = next(
            u for u in (Decimal(10**12), Decimal(10**8), Decimal(10**4)) if abs(amount) >= u
        )
        return (amount / unit).quantize(Decimal("0.01"), ROUND_HALF_UP) * unit
    return amount.quantize(Decimal(1).scaleb(amount.adjusted() - 2), ROUND_HALF_UP)


def _symbols(currency: str) -> list[str]:
    symbols = {currency, currency.lower()}
    for cldr in ("en", "zh_Hans_CN"):
        symbols.add(unicodedata.normalize("NFKC", str(get_currency_symbol(currency, cldr))))
    if currency == "CNY":
        symbols.update({"元", "RMB", "rmb"})
    if currency in {"CNY", "JPY"}:
        symbols.add("¥")
    return sorted(symbols, key=len, reverse=True)  # "US$" before "$"


def parse_money(text: str, currency: str, locale: str) -> Money:
    """What a person typed into an amount field, in `currency`; raise `MoneyError`.

    Accepts grouping commas, the currency's symbols or code (before or after), a leading
    minus, full-width characters, and the Chinese units 万 (10^4) and 亿 (10^8).
    """
    code = check_currency(currency)
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("−", "-")
    negative = cleaned.startswith("-")
    cleaned = cleaned.removeprefix("-")
    for symbol in _symbols(code):
        cleaned = cleaned.removeprefix(symbol).removesuffix(symbol)
    if not negative and cleaned.startswith("-"):  # ¥-12
        negative, cleaned = True, cleaned[1:]
    multiplier = _CHINESE_UNITS.get(cleaned[-1:], 1)
    if multiplier != 1:
        cleaned = cleaned[:-1]
    if not _NUMBER.fullmatch(cleaned):
        raise MoneyError(
            "money_not_an_amount",
            N_("“{text}” is not an amount; write it like 1,234.50."),
            text=text,
        )
    try:
        number = parse_decimal(cleaned, locale=babel_locale(locale), strict=True)
    except NumberFormatError:
        raise MoneyError(
            "money_not_an_amount",
            N_("“{text}” is not an amount; write it like 1,234.50."),
            text=text,
        ) from None
    minor = (-number if negative else number) * multiplier * (10 ** exponent(code))
    if minor != minor.to_integral_value(rounding=ROUND_HALF_EVEN):
        raise MoneyError(
            "money_too_precise",
            N_("{currency} amounts have at most {digits} decimal places."),
            currency=code,
            digits=exponent(code),
        )
    if abs(minor) > MAX_AMOUNT_MINOR:
        raise MoneyError("money_out_of_range", N_("The amount is too large."))
    return Money(amount_minor=int(minor), currency=code)


def money_from_row(minor: Any, currency: Any) -> Money | None:
    """A `Money` from two stored columns (either `None`: no money)."""
    if minor is None or currency is None:
        return None
    return Money(amount_minor=int(minor), currency=str(currency))
