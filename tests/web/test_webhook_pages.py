"""Webhook endpoints in the browser: an admin registers one and sees its secret once,
changes it, sends a test message, resends a delivery, rotates the secret and deletes it;
others do not get the pages."""

import html
import re

from sqlalchemy.orm import Session

from app.models import User
from app.models.enums import Access, Locale
from tests.factories import Caller, join
from tests.web.conftest import Browser, sign_in

HOOK = "https://hooks.example.com/troupe"


def register(web: Browser, **fields: str) -> str:
    """The new endpoint's page (after the redirect)."""
    made = web.post(
        web.page("/settings/webhooks"),
        {"url": HOOK, "description": "", "event_types": "skill.created", "headers": "", **fields},
    )
    assert made.status_code == 303, made.text
    return str(made.headers["location"])


def etag_of(page: str) -> str:
    found = re.search(r'name="etag" value="([^"]+)"', page)
    assert found is not None
    return html.unescape(found.group(1))


def test_an_admin_registers_an_endpoint_and_sees_the_secret_only_once(
    web: Browser, owner: Caller
) -> None:
    url = register(
        web, description="Chat", event_types="task.*, campaign.created", headers="X-Team: ops"
    )

    first = web.get(url)
    second = web.get(url)
    listed = web.get(web.page("/settings/webhooks"))

    secret = re.search(r'id="webhook-secret">(whsec_[^<]+)<', first.text)
    assert secret is not None
    assert "whsec_" not in second.text
    [endpoint] = owner.get("webhook-endpoints").json()["items"]
    assert endpoint["event_types"] == ["task.*", "campaign.created"]
    assert endpoint["headers"] == {"X-Team": "ops"}
    assert endpoint["description"] == "Chat"
    assert url.endswith(f"/settings/webhooks/{endpoint['id']}")
    assert HOOK in listed.text
    assert "task.*, campaign.created" in listed.text
    settings = web.get(web.page("/settings"))
    assert f'href="/w/{owner.workspace}/settings/webhooks"' in settings.text


def test_bad_input_is_told_next_to_the_field_and_nothing_is_made(
    web: Browser, owner: Caller
) -> None:
    no_url = web.post(
        web.page("/settings/webhooks"),
        {"url": "ftp://example.com", "event_types": "*", "headers": ""},
    )
    bad_header = web.post(
        web.page("/settings/webhooks"),
        {"url": HOOK, "event_types": "*", "headers": "no colon here"},
    )
    bad_event = web.post(
        web.page("/settings/webhooks"),
        {"url": HOOK, "event_types": "Not An Event!", "headers": ""},
    )

    assert no_url.status_code == 422
    assert 'id="e-url"' in no_url.text
    assert "ftp://example.com" in no_url.text
    assert bad_header.status_code == 422
    assert 'id="e-headers"' in bad_header.text
    assert "Name: value" in bad_header.text
    assert bad_event.status_code == 422
    assert 'id="e-event_types"' in bad_event.text
    assert owner.get("webhook-endpoints").json()["items"] == []


def test_an_admin_turns_it_off_with_a_reason_and_on_again(web: Browser, owner: Caller) -> None:
    url = register(web)
    form = {"url": HOOK, "event_types": "*", "headers": "", "etag": etag_of(web.get(url).text)}

    off = web.post(url, {**form, "disabled_reason": "Migrating"})
    [endpoint] = owner.get("webhook-endpoints").json()["items"]
    stale = web.post(url, {**form, "enabled": "on"})
    on = web.post(url, {**form, "etag": etag_of(web.get(url).text), "enabled": "on"})

    assert off.status_code == 303
    assert endpoint["enabled"] is False
    assert endpoint["disabled_reason"] == "Migrating"
    assert stale.status_code == 422  # the form was older than the endpoint: told, not saved
    assert on.status_code == 303
    [endpoint] = owner.get("webhook-endpoints").json()["items"]
    assert endpoint["enabled"] is True
    assert endpoint["disabled_reason"] == ""


def test_a_test_message_a_resend_and_the_delivery_log(web: Browser, owner: Caller) -> None:
    url = register(web)
    endpoint_id = url.rsplit("/", 1)[1]

    tested = web.post(f"{url}/test")
    page = web.get(url)
    [delivery] = owner.get(f"webhook-endpoints/{endpoint_id}/deliveries").json()["items"]
    resent = web.post(f"{url}/deliveries/{delivery['id']}/resend")
    after = web.get(url)

    assert tested.status_code == 303
    assert "A test message is on its way" in page.text
    assert "webhook.test" in page.text
    assert delivery["message_id"] in page.text
    assert resent.status_code == 303
    assert "sent again" in after.text
    log = owner.get(f"webhook-endpoints/{endpoint_id}/deliveries").json()["items"]
    assert len(log) == 2
    assert {d["message_id"] for d in log} == {delivery["message_id"]}
    assert after.text.count("webhook.test</code>") == 2


def test_a_disabled_endpoint_s_test_is_refused_with_a_message(web: Browser, owner: Caller) -> None:
    url = register(web)
    endpoint_id = url.rsplit("/", 1)[1]
    etag = owner.get(f"webhook-endpoints/{endpoint_id}").headers["ETag"]
    owner.patch(
        f"webhook-endpoints/{endpoint_id}", json={"enabled": False}, headers={"If-Match": etag}
    )

    tested = web.post(f"{url}/test")
    page = web.get(url)

    assert tested.status_code == 303
    assert 'class="flash"' in page.text
    assert owner.get(f"webhook-endpoints/{endpoint_id}/deliveries").json()["items"] == []


def test_rotating_shows_the_new_secret_once_and_deleting_removes_it(
    web: Browser, owner: Caller
) -> None:
    url = register(web)
    first = re.search(r'id="webhook-secret">(whsec_[^<]+)<', web.get(url).text)

    rotated = web.post(f"{url}/rotate-secret")
    shown = web.get(url)
    second = re.search(r'id="webhook-secret">(whsec_[^<]+)<', shown.text)
    deleted = web.post(f"{url}/delete")

    assert rotated.status_code == 303
    assert first is not None
    assert second is not None
    assert first.group(1) != second.group(1)
    assert "previous secret also signs until" in shown.text
    assert deleted.status_code == 303
    assert owner.get("webhook-endpoints").json()["items"] == []
    assert web.get(url).status_code == 404


def test_editors_do_not_get_the_webhook_pages(owner: Caller, session: Session) -> None:
    editor = sign_in(owner.client, join(session, owner, Access.editor))

    listed = editor.get(editor.page("/settings/webhooks"))
    made = editor.post(editor.page("/settings/webhooks"), {"url": HOOK})
    settings = editor.get(editor.page("/settings"))

    assert listed.status_code == 403
    assert made.status_code == 403
    assert "/settings/webhooks" not in settings.text
    assert owner.get("webhook-endpoints").json()["items"] == []


def test_the_pages_speak_chinese(web: Browser, owner: Caller, session: Session) -> None:
    url = register(web)
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()
    reader = sign_in(owner.client, owner)

    page = reader.get(url)
    listed = reader.get(reader.page("/settings/webhooks"))

    assert "发送测试消息" in page.text
    assert "投递记录" in page.text
    assert "新建端点" in listed.text
