"""Comments on campaigns (and any registered subject): one level of replies, Markdown made
safe, edits that show, deletions that leave a tombstone, mentions that notify the people
and are refused for someone who cannot see the subject."""

from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, created, join
from tests.sharing.helpers import comment, inbox, mention, thread

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def campaign_subject(owner: Caller) -> tuple[str, str]:
    return ("campaign", make_campaign(owner)["id"])


def test_a_viewer_comments_and_the_thread_shows_replies_under_their_comment(
    owner: Caller, session: Session
) -> None:
    viewer = join(session, owner, Access.viewer)
    subject = campaign_subject(owner)
    first = created(comment(owner, subject, "Script is **ready**"))
    created(comment(viewer, subject, "Looks good", parent_id=first["id"]))
    second = created(comment(viewer, subject, "When do we film?"))

    top, other = thread(owner, subject)

    assert (top["id"], other["id"]) == (first["id"], second["id"])
    assert top["body_html"] == "<p>Script is <strong>ready</strong></p>\n"
    assert [reply["body"] for reply in top["replies"]] == ["Looks good"]
    assert top["replies"][0]["author_member_id"] == str(viewer.member_id)
    assert other["replies"] == []


def test_a_reply_to_a_reply_is_refused_naming_parent_id(owner: Caller) -> None:
    subject = campaign_subject(owner)
    first = created(comment(owner, subject, "one"))
    reply = created(comment(owner, subject, "two", parent_id=first["id"]))

    response = comment(owner, subject, "three", parent_id=reply["id"])

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "parent_id"]


def test_a_reply_about_another_subject_is_refused(owner: Caller) -> None:
    first = created(comment(owner, campaign_subject(owner), "one"))

    response = comment(owner, campaign_subject(owner), "two", parent_id=first["id"])

    assert response.status_code == 422


def test_scripts_and_javascript_links_never_reach_the_html(owner: Caller) -> None:
    body = "<script>alert(1)</script> [x](javascript:alert(1)) https://example.com"

    made = created(comment(owner, campaign_subject(owner), body))

    assert "<script" not in made["body_html"]
    assert 'href="javascript' not in made["body_html"]
    assert 'rel="noopener noreferrer nofollow"' in made["body_html"]
    assert made["body"] == body


def test_an_edit_keeps_edited_at_and_only_the_author_may_edit(
    owner: Caller, session: Session, clock: SettableClock
) -> None:
    admin = join(session, owner, Access.admin)
    made = created(comment(owner, campaign_subject(owner), "draft"))
    assert made["edited_at"] is None

    assert admin.patch(f"comments/{made['id']}", json={"body": "hijack"}).status_code == 403
    edited = owner.patch(f"comments/{made['id']}", json={"body": "final"})

    assert edited.status_code == 200
    assert edited.json()["body"] == "final"
    assert edited.json()["edited_at"] == clock.now().isoformat().replace("+00:00", "Z")


def test_deleting_leaves_a_tombstone_that_keeps_the_replies(
    owner: Caller, session: Session
) -> None:
    editor = join(session, owner, Access.editor)
    admin = join(session, owner, Access.admin)
    subject = campaign_subject(owner)
    first = created(comment(editor, subject, "secret plan"))
    created(comment(owner, subject, "agreed", parent_id=first["id"]))

    assert owner.delete(f"comments/{first['id']}").status_code == 204
    (tombstone,) = thread(admin, subject)

    assert tombstone["deleted_at"] is not None
    assert (tombstone["body"], tombstone["body_html"]) == ("", "")
    assert [reply["body"] for reply in tombstone["replies"]] == ["agreed"]
    assert editor.patch(f"comments/{first['id']}", json={"body": "x"}).status_code == 409
    assert owner.delete(f"comments/{first['id']}").status_code == 404


def test_only_the_author_or_an_admin_deletes(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    made = created(comment(owner, campaign_subject(owner), "mine"))

    assert editor.delete(f"comments/{made['id']}").status_code == 403


def test_a_read_only_token_cannot_comment(owner: Caller, session: Session) -> None:
    reader = join(session, owner, Access.editor, write=False)

    assert comment(reader, campaign_subject(owner), "hi").status_code == 403


def test_a_mention_notifies_the_member_once_and_the_author_never(
    owner: Caller, session: Session
) -> None:
    editor = join(session, owner, Access.editor)
    subject = campaign_subject(owner)
    made = created(comment(owner, subject, f"{mention(editor, 'Lin')} and {mention(owner)}"))

    (notification,) = inbox(editor)
    assert notification["kind"] == "mention"
    assert (notification["subject_type"], notification["subject_id"]) == ("comment", made["id"])
    assert made["mentioned_member_ids"] == [str(editor.member_id), str(owner.member_id)]
    assert inbox(owner) == []

    owner.patch(f"comments/{made['id']}", json={"body": f"{mention(editor)} again"})
    assert len(inbox(editor)) == 1


def test_an_edit_that_adds_a_mention_notifies_only_the_newcomer(
    owner: Caller, session: Session
) -> None:
    first, second = (join(session, owner, Access.viewer) for _ in range(2))
    made = created(comment(owner, campaign_subject(owner), mention(first)))

    owner.patch(f"comments/{made['id']}", json={"body": f"{mention(first)} {mention(second)}"})

    assert (len(inbox(first)), len(inbox(second))) == (1, 1)


def test_a_role_mention_notifies_the_holders(owner: Caller, session: Session) -> None:
    holder = join(session, owner, Access.viewer)
    creator = seeded(owner, "roles", "creator")
    campaign = make_campaign(owner)
    assert (
        assign(owner, {"id": str(holder.member_id)}, creator, "responsible", campaign).status_code
        == 201
    )
    inbox_before = len(inbox(holder))

    created(comment(owner, ("campaign", campaign["id"]), "Ready for @role:creator"))

    kinds = [n["kind"] for n in inbox(holder)]
    assert len(kinds) == inbox_before + 1
    assert kinds[0] == "mention"


def test_an_unknown_role_is_refused(owner: Caller) -> None:
    response = comment(owner, campaign_subject(owner), "@role:nobody_has_this")

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "body"]


def test_mentioning_someone_who_cannot_see_the_subject_is_refused_without_a_hint(
    owner: Caller, outsider: Caller
) -> None:
    response = comment(owner, campaign_subject(owner), mention(outsider, "Secret Name"))

    assert response.status_code == 422
    assert "Secret Name" not in response.text
    assert str(outsider.member_id) not in response.json()["detail"]


def test_a_mention_flood_is_refused_and_nothing_is_stored(owner: Caller) -> None:
    subject = campaign_subject(owner)
    flood = " ".join(f"@role:r{i}" for i in range(51))

    assert comment(owner, subject, flood).status_code == 422
    assert thread(owner, subject) == []


def test_unknown_and_foreign_subjects_are_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = make_campaign(outsider)

    assert comment(owner, ("campaign", UNKNOWN), "hi").status_code == 404
    assert comment(owner, ("campaign", theirs["id"]), "hi").status_code == 404
    assert (
        owner.get(
            "comments", params={"subject_type": "campaign", "subject_id": theirs["id"]}
        ).status_code
        == 404
    )


def test_empty_and_huge_bodies_are_refused(owner: Caller) -> None:
    subject = campaign_subject(owner)

    assert comment(owner, subject, "").status_code == 422
    assert comment(owner, subject, "x" * (100 * 1024 + 1)).status_code in {413, 422}


def test_comments_are_in_the_activity_stream_with_an_excerpt(owner: Caller) -> None:
    subject = campaign_subject(owner)
    made = created(comment(owner, subject, "Script is ready"))

    (entry,) = owner.get(
        "activities", params={"subject_id": made["id"], "verb": "comment.created"}
    ).json()["items"]

    assert entry["campaign_id"] == subject[1]
    assert entry["after"]["excerpt"] == "Script is ready"
