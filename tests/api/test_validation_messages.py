"""Validation problems in the caller's language, each on the field it is about.

A body is validated before the caller is known, so the language is the request's
`Accept-Language` (the web pages send theirs)."""

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import Caller

ZH = {"Accept-Language": "zh-CN"}


def errors_of(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {".".join(map(str, e["loc"])): e["msg"] for e in response.json()["errors"]}


def test_an_end_before_the_start_is_reported_on_the_end(owner: Caller) -> None:
    refused = owner.post(
        "campaigns",
        json={"name": "Spring", "starts_on": "2027-03-01", "ends_on": "2027-02-01"},
        headers=ZH,
    )

    assert errors_of(refused) == {"body.ends_on": "结束日期不能早于开始日期。"}


def test_too_many_channels_says_how_many_are_allowed(owner: Caller) -> None:
    channels = [f"channel {n}" for n in range(51)]

    refused = owner.post(
        "campaigns", json={"name": "Spring", "audience": {"channels": channels}}, headers=ZH
    )

    assert errors_of(refused) == {"body.audience.channels": "最多填写 50 项。"}


def test_required_and_too_long_fields_in_chinese(owner: Caller) -> None:
    refused = owner.post("members", json={"display_name": "x" * 121}, headers=ZH)
    missing = owner.post("campaigns", json={}, headers=ZH)

    assert errors_of(refused) == {"body.display_name": "最多 120 个字符。"}
    assert errors_of(missing)["body.name"] == "此项为必填。"


def test_an_unknown_time_zone_is_named(owner: Caller) -> None:
    refused = owner.patch("", json={"timezone": "Mars/Olympus"}, headers=ZH)

    assert errors_of(refused) == {
        "body.timezone": "未知时区 Mars/Olympus；请使用 IANA 名称，例如 Asia/Shanghai。"
    }


def test_a_too_short_password_is_not_called_missing(client: TestClient) -> None:
    refused = client.post(
        "/api/v1/auth/accept-invite", json={"token": "inv_x", "password": "short"}, headers=ZH
    )

    assert errors_of(refused) == {"body.password": "至少 8 个字符。"}


def test_english_stays_english(owner: Caller) -> None:
    refused = owner.post(
        "campaigns", json={"name": "Spring", "starts_on": "2027-03-01", "ends_on": "2027-02-01"}
    )

    assert errors_of(refused) == {"body.ends_on": "The end date must not be before the start date."}
