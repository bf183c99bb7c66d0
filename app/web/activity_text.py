"""One activity as a sentence in the reader's language ("Lin created the campaign “Launch”")."""

from pydantic import JsonValue

from app.core.i18n import N_, translate
from app.web.labels import label
from app.web.views.feed import Activity

ACTIONS = {
    "created": N_("%(actor)s created %(kind)s “%(name)s”"),
    "updated": N_("%(actor)s changed %(kind)s “%(name)s”"),
    "deleted": N_("%(actor)s removed %(kind)s “%(name)s”"),
    "ended": N_("%(actor)s ended %(kind)s “%(name)s”"),
    "joined": N_("%(name)s joined the workspace"),
    "revoked": N_("%(actor)s withdrew %(kind)s “%(name)s”"),
    "batch_created": N_("%(actor)s recorded datapoints of %(name)s"),
    "published": N_("%(actor)s published %(kind)s “%(name)s”"),
    "acknowledged": N_("%(actor)s acknowledged %(kind)s “%(name)s”"),
}
KINDS = {
    "workspace": N_("the workspace"),
    "member": N_("the member"),
    "skill": N_("the skill"),
    "role": N_("the role"),
    "campaign": N_("the campaign"),
    "scope": N_("the scope"),
    "assignment": N_("the assignment"),
    "metric": N_("the metric"),
    "datapoint": N_("a datapoint"),
    "invite": N_("the invite for"),
    "division_settings": N_("the health-check settings"),
    "api_token": N_("the API token"),
    "user": N_("the profile"),
    "comment": N_("a comment on"),
    "announcement": N_("the announcement"),
    "meeting": N_("the meeting"),
    "agenda_item": N_("the agenda item"),
    "meeting_outcome": N_("an outcome of"),
    "report_schedule": N_("the report schedule"),
}
# Verbs with a wording of their own. A filed report is named by its health; a step of the
# escalation (recorded by Troupe) by its author.
VERBS = {
    "report.drafted": N_("%(actor)s saved a draft report"),
    "report.submitted": N_("%(actor)s submitted a report (%(name)s)"),
    "report.updated": N_("%(actor)s changed a report (%(name)s)"),
    "report.acknowledged": N_("%(actor)s acknowledged a report (%(name)s)"),
    "report.due": N_("The report of %(name)s is due soon"),
    "report.overdue": N_("The report of %(name)s is overdue; the reviewer was told"),
    "report.escalated": N_("The report of %(name)s is past its grace; the campaign lead was told"),
}
REPORT_HEALTH_VERBS = frozenset({"report.submitted", "report.updated", "report.acknowledged"})
UNKNOWN = N_("%(actor)s: %(verb)s “%(name)s”")
SYSTEM = N_("Troupe")
# Filters offered on the feed page: a label and the verbs it stands for.
TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "campaigns": (N_("Campaigns and scopes"), ("campaign", "scope")),
    "assignments": (N_("Assignments"), ("assignment",)),
    "people": (N_("Members and invites"), ("member", "invite")),
    "setup": (N_("Skills, roles and settings"), ("skill", "role", "division_settings")),
    "numbers": (N_("Metrics and data"), ("metric", "datapoint")),
    "sharing": (
        N_("Comments, announcements and meetings"),
        ("comment", "announcement", "meeting", "agenda_item", "meeting_outcome"),
    ),
    "reports": (N_("Reports"), ("report", "report_schedule")),
}


def sentence(activity: Activity, locale: str) -> str:
    verb = activity.verb
    subject, _, action = verb.partition(".")
    template = VERBS.get(verb) or (ACTIONS.get(action) if subject in KINDS else None)
    name = activity.subject_name
    values = {
        "actor": activity.actor_name or translate(SYSTEM, locale),
        "kind": translate(KINDS.get(subject, subject), locale),
        "name": label("report_health", name, locale) if verb in REPORT_HEALTH_VERBS else name,
        "verb": verb,
    }
    return translate(template or UNKNOWN, locale) % values


def changes(activity: Activity) -> list[tuple[str, str, str]]:
    """`(field, before, after)` for an update, values shortened for a line of text."""
    before, after = activity.before, activity.after
    if before is None or after is None:
        return []
    return [
        (field, _short(before.get(field)), _short(after.get(field)))
        for field in sorted(set(before) | set(after))
        if not field.endswith("_name")
    ]


def _short(value: JsonValue) -> str:
    text = "–" if value is None or value == "" else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
