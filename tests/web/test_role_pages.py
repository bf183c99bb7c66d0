"""Roles are added and edited in the browser, with the API's messages on their fields."""

import html

from tests.api.helpers import seeded
from tests.factories import Caller
from tests.web.conftest import Browser


def test_an_admin_adds_a_role_with_responsibilities_and_a_required_skill(
    web: Browser, owner: Caller
) -> None:
    skill = owner.get("skills", params={"limit": 1}).json()["items"][0]

    saved = web.post(
        web.page("/roles"),
        {
            "key": "video_editor",
            "name": "Video editor",
            "description": "Cuts every episode.",
            "responsibilities": "Edit each episode\n\nKeep the house style",
            "authorities": "Approve the final cut",
            f"level-{skill['id']}": "3",
        },
    )

    assert saved.status_code == 303
    role = seeded(owner, "roles", "video_editor")
    assert role["responsibilities"] == ["Edit each episode", "Keep the house style"]
    assert role["authorities"] == ["Approve the final cut"]
    assert [(s["skill_id"], s["min_level"]) for s in role["required_skills"]] == [(skill["id"], 3)]
    assert "Video editor" in web.get(web.page("/roles")).text


def test_editing_a_role_keeps_its_key_and_shows_refusals_on_the_field(
    web: Browser, owner: Caller
) -> None:
    role = seeded(owner, "roles", "creator")
    form = web.get(web.page(f"/roles/{role['id']}/edit"))
    etag = html.unescape(form.text.split('name="etag" value="', 1)[1].split('"', 1)[0])

    refused = web.post(web.page(f"/roles/{role['id']}"), {"name": "", "etag": etag})
    renamed = web.post(web.page(f"/roles/{role['id']}"), {"name": "Creator (video)", "etag": etag})

    assert refused.status_code == 422
    assert 'id="e-name">This field is required.<' in refused.text
    assert renamed.status_code == 303
    assert owner.get(f"roles/{role['id']}").json()["name"] == "Creator (video)"
    assert owner.get(f"roles/{role['id']}").json()["key"] == "creator"
