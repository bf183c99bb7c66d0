"""Money: minor units and ISO 4217 codes, per-currency totals, Babel formatting, parsing."""

from decimal import Decimal
from fractions import Fraction

import pytest
from pydantic import BaseModel, ValidationError

from app.core.money import (
    MAX_AMOUNT_MINOR,
    Currency,
    Money,
    MoneyError,
    NonNegativeMoney,
    exponent,
    format_money,
    money_from_row,
    parse_money,
    totals_by_currency,
)
from tests.core.apps import echo_client, field_errors


def cny(minor: int) -> Money:
    return Money(amount_minor=minor, currency="CNY")


class Deal(BaseModel):
    value: Money
    target: NonNegativeMoney | None = None


class Workspace(BaseModel):
    currency: Currency


def test_minor_unit_exponents_follow_the_currency() -> None:
    assert {code: exponent(code) for code in ("JPY", "KRW", "CNY", "USD", "EUR", "BHD")} == {
        "JPY": 0,
        "KRW": 0,
        "CNY": 2,
        "USD": 2,
        "EUR": 2,
        "BHD": 3,
    }


def test_amount_is_an_exact_decimal_in_major_units() -> None:
    assert cny(1234567).amount == Decimal("12345.67")
    assert Money(amount_minor=1234567, currency="JPY").amount == Decimal(1234567)
    assert Money(amount_minor=1234567, currency="BHD").amount == Decimal("1234.567")


def test_currency_codes_are_validated_against_babels_list_and_normalised() -> None:
    assert Workspace(currency="cny").currency == "CNY"
    for bad in ("ABC", "XXX", "US", "RMB", "¥"):
        with pytest.raises(ValidationError):
            Workspace(currency=bad)


def test_money_in_a_body_is_an_object_of_integer_minor_units() -> None:
    client = echo_client(Deal)

    response = client.post("/echo", json={"value": {"amount_minor": 1234500, "currency": "usd"}})

    assert response.json() == {
        "value": {"amount_minor": 1234500, "currency": "USD"},
        "target": None,
    }


@pytest.mark.parametrize(
    ("value", "loc", "type_"),
    [
        ({"amount_minor": 12.5, "currency": "CNY"}, ["body", "value", "amount_minor"], "int_type"),
        ({"amount_minor": "125", "currency": "CNY"}, ["body", "value", "amount_minor"], "int_type"),
        (
            {"amount_minor": MAX_AMOUNT_MINOR + 1, "currency": "CNY"},
            ["body", "value", "amount_minor"],
            "less_than_equal",
        ),
        ({"amount_minor": 1, "currency": "ABC"}, ["body", "value", "currency"], "currency_unknown"),
        ({"amount_minor": 1}, ["body", "value", "currency"], "missing"),
        (
            {"amount_minor": 1, "currency": "CNY", "amount": 1.0},
            ["body", "value", "amount"],
            "extra_forbidden",
        ),
    ],
)
def test_bad_money_is_a_422_naming_the_field(value: object, loc: list[str], type_: str) -> None:
    response = echo_client(Deal).post("/echo", json={"value": value})

    assert [(e[0], e[1]) for e in field_errors(response)] == [(loc, type_)]


def test_an_unknown_currency_is_explained_in_the_callers_language() -> None:
    response = echo_client(Workspace).post(
        "/echo", json={"currency": "ABC"}, headers={"Accept-Language": "zh-CN"}
    )

    assert field_errors(response) == [
        (
            ["body", "currency"],
            "currency_unknown",
            "“ABC”不是 ISO 4217 货币代码（例如 CNY、USD、EUR）。",
        )
    ]


def test_non_negative_money_refuses_negative_amounts() -> None:
    with pytest.raises(ValidationError):
        Deal(value=cny(1), target=NonNegativeMoney(amount_minor=-1, currency="CNY"))


# Arithmetic and totals ----------------------------------------------------------------------


def test_same_currency_adds_and_different_currencies_never_do() -> None:
    assert cny(150) + cny(250) - cny(100) == cny(300)
    assert -cny(5) == cny(-5)
    with pytest.raises(MoneyError) as refused:
        _ = cny(100) + Money(amount_minor=100, currency="USD")
    assert refused.value.code == "currency_mismatch"


def test_totals_are_per_currency_in_code_order() -> None:
    items = [
        cny(100),
        Money(amount_minor=500, currency="USD"),
        cny(250),
        Money(amount_minor=7, currency="JPY"),
        Money(amount_minor=-200, currency="USD"),
    ]

    assert totals_by_currency(items) == [
        cny(350),
        Money(amount_minor=7, currency="JPY"),
        Money(amount_minor=300, currency="USD"),
    ]
    assert totals_by_currency([]) == []


def test_totals_may_exceed_the_bound_of_one_input() -> None:
    big = cny(MAX_AMOUNT_MINOR)

    assert totals_by_currency([big, big]) == [
        Money.model_construct(amount_minor=2 * MAX_AMOUNT_MINOR, currency="CNY")
    ]


def test_scaling_rounds_half_to_even_and_refuses_floats() -> None:
    assert cny(1000).scaled(Fraction(35, 100)) == cny(350)
    assert cny(5).scaled(Decimal("0.5")) == cny(2)  # 2.5 → 2
    assert cny(7).scaled(Decimal("0.5")) == cny(4)  # 3.5 → 4
    with pytest.raises(TypeError):
        cny(100).scaled(0.35)  # type: ignore[arg-type]  # a float is refused at run time too


def test_stored_columns_become_money_or_nothing() -> None:
    assert money_from_row(Decimal(1200), "CNY") == cny(1200)  # PostgreSQL SUM is numeric
    assert money_from_row(None, "CNY") is None


# Formatting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "english", "chinese"),
    [
        (cny(1234500), "CN¥12,345.00", "¥12,345.00"),
        (Money(amount_minor=123456, currency="USD"), "$1,234.56", "US$1,234.56"),
        (Money(amount_minor=-123456, currency="EUR"), "-€1,234.56", "-€1,234.56"),
        (Money(amount_minor=1234567, currency="JPY"), "¥1,234,567", "JP¥1,234,567"),
        (Money(amount_minor=1234567, currency="BHD"), "BHD1,234.567", "BHD1,234.567"),
    ],
)
def test_money_is_formatted_by_babel_per_locale(money: Money, english: str, chinese: str) -> None:
    assert format_money(money, "en") == english
    assert format_money(money, "zh-CN") == chinese


@pytest.mark.parametrize(
    ("money", "english", "chinese"),
    [
        (cny(1234500), "CN¥12.3K", "¥1.23万"),
        (cny(1234567890), "CN¥12.3M", "¥1234.57万"),
        (cny(100000000000), "CN¥1B", "¥10亿"),
        (cny(9999999999), "CN¥100M", "¥1亿"),  # rounded before choosing 万 or 亿
        (Money(amount_minor=99999999, currency="EUR"), "€1M", "€100万"),
        (Money(amount_minor=123456, currency="USD"), "$1.23K", "US$1,234.56"),  # < 1万: full
        (Money(amount_minor=99950, currency="USD"), "$999.50", "US$999.50"),
    ],
)
def test_the_compact_form_uses_wan_and_yi_in_chinese(
    money: Money, english: str, chinese: str
) -> None:
    assert format_money(money, "en", compact=True) == english
    assert format_money(money, "zh-CN", compact=True) == chinese


# Parsing what people type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("1234.5", "CNY", 123450),
        ("¥1,234.50", "CNY", 123450),
        ("￥１，２３４．５", "CNY", 123450),  # full-width
        ("1.5万", "CNY", 1500000),
        ("2亿", "CNY", 20000000000),
        ("100元", "CNY", 10000),
        ("CNY 5", "CNY", 500),
        ("5 cny", "CNY", 500),
        ("-¥12", "CNY", -1200),
        ("¥-12", "CNY", -1200),
        ("US$1,000", "USD", 100000),
        ("$0.5", "USD", 50),
        (".5", "USD", 50),
        ("€12.50", "EUR", 1250),
        ("1234", "JPY", 1234),
        ("12.345", "BHD", 12345),
    ],
)
def test_amounts_typed_into_forms_are_read(text: str, currency: str, minor: int) -> None:
    assert parse_money(text, currency, "zh-CN") == Money(amount_minor=minor, currency=currency)


@pytest.mark.parametrize(
    ("text", "currency", "code"),
    [
        ("", "USD", "money_not_an_amount"),
        ("abc", "USD", "money_not_an_amount"),
        ("1e5", "USD", "money_not_an_amount"),
        ("NaN", "USD", "money_not_an_amount"),
        ("--5", "USD", "money_not_an_amount"),
        ("1,23.4", "USD", "money_not_an_amount"),
        ("12,50", "EUR", "money_not_an_amount"),
        ("$5", "CNY", "money_not_an_amount"),  # another currency's symbol
        ("12.5", "JPY", "money_too_precise"),
        ("1.234", "USD", "money_too_precise"),
        ("99999999999999999", "USD", "money_out_of_range"),
        ("5", "ABC", "currency_unknown"),
    ],
)
def test_what_is_not_an_amount_is_refused_with_a_code(text: str, currency: str, code: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_money(text, currency, "en")

    assert refused.value.code == code
