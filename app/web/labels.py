"""Human names of the API's enumerations, in both languages."""

from enum import StrEnum

from app import vocabulary
from app.core.i18n import N_, translations

# Each group of labels and the enumeration whose every value it must name.
ENUMS: dict[str, type[StrEnum]] = {
    "campaign_status": vocabulary.CampaignStatus,
    "campaign_kind": vocabulary.CampaignKind,
    "raci": vocabulary.Raci,
    "raci_letter": vocabulary.Raci,
    "access": vocabulary.Access,
    "member_status": vocabulary.MemberStatus,
    "assignment_status": vocabulary.AssignmentStatus,
    "skill_category": vocabulary.SkillCategory,
    "metric_category": vocabulary.MetricCategory,
    "aggregation": vocabulary.Aggregation,
    "granularity": vocabulary.Granularity,
    "severity": vocabulary.Severity,
    "notification_kind": vocabulary.NotificationKind,
    "notification_delivery": vocabulary.Delivery,
    "partner_kind": vocabulary.PartnerKind,
    "contract_status": vocabulary.ContractStatus,
    "contract_type": vocabulary.ContractType,
    "contract_decision": vocabulary.Decision,
    "renewal": vocabulary.Renewal,
    "ip_asset_kind": vocabulary.IPAssetKind,
    "document_kind": vocabulary.DocumentKind,
    "funding_goal_kind": vocabulary.FundingGoalKind,
    "contribution_status": vocabulary.ContributionStatus,
    "investor_stage": vocabulary.InvestorStage,
    "obligation_recurrence": vocabulary.ObligationRecurrence,
}

LABELS: dict[str, dict[str, str]] = {
    "campaign_status": {
        "draft": N_("Draft"),
        "planning": N_("Planning"),
        "active": N_("Active"),
        "paused": N_("Paused"),
        "completed": N_("Completed"),
        "cancelled": N_("Cancelled"),
    },
    "campaign_kind": {
        "content": N_("Content"),
        "community_event": N_("Community event"),
        "funding": N_("Funding"),
        "partnership": N_("Partnership"),
        "launch": N_("Launch"),
        "other": N_("Other"),
    },
    "raci": {
        "responsible": N_("Responsible"),
        "accountable": N_("Accountable"),
        "consulted": N_("Consulted"),
        "informed": N_("Informed"),
    },
    "raci_letter": {
        "responsible": N_("R"),
        "accountable": N_("A"),
        "consulted": N_("C"),
        "informed": N_("I"),
    },
    "access": {
        "viewer": N_("Viewer"),
        "editor": N_("Editor"),
        "admin": N_("Admin"),
        "owner": N_("Owner"),
    },
    "member_status": {"active": N_("Active"), "inactive": N_("Inactive")},
    "task_status": {
        "todo": N_("To do"),
        "doing": N_("Doing"),
        "blocked": N_("Blocked"),
        "done": N_("Done"),
        "cancelled": N_("Cancelled"),
    },
    "report_health": {
        "on_track": N_("On track"),
        "at_risk": N_("At risk"),
        "off_track": N_("Off track"),
        "on_hold": N_("On hold"),
        "done": N_("Done"),
    },
    "report_status": {
        "draft": N_("Draft"),
        "submitted": N_("Submitted"),
        "acknowledged": N_("Acknowledged"),
    },
    "reporting_state": {
        "fresh": N_("Up to date"),
        "due_soon": N_("Due soon"),
        "overdue": N_("Overdue"),
        "missed": N_("Missed"),
        "paused": N_("Paused"),
    },
    "task_priority": {
        "none": N_("No priority"),
        "low": N_("Low"),
        "medium": N_("Medium"),
        "high": N_("High"),
        "urgent": N_("Urgent"),
    },
    "assignment_status": {"active": N_("Active"), "ended": N_("Ended")},
    "skill_category": {
        "creative": N_("Creative"),
        "planning": N_("Planning"),
        "finance": N_("Finance"),
        "community": N_("Community"),
        "analytics": N_("Analytics"),
        "legal": N_("Legal"),
        "other": N_("Other"),
    },
    "metric_category": {
        "audience": N_("Audience"),
        "content": N_("Content"),
        "business": N_("Business"),
        "funding": N_("Funding"),
        "operations": N_("Operations"),
    },
    "aggregation": {
        "sum": N_("Sum"),
        "avg": N_("Average"),
        "min": N_("Minimum"),
        "max": N_("Maximum"),
        "last": N_("Last value"),
    },
    "granularity": {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")},
    "severity": {"error": N_("Problem"), "warning": N_("Warning"), "info": N_("Note")},
    "finding_code": {
        "no_accountable": N_("Nobody accountable"),
        "no_responsible": N_("Nobody responsible"),
        "multiple_accountable": N_("Several accountable at once"),
        "uncovered_role": N_("Required role not covered"),
        "overlap": N_("Overlapping responsibility"),
        "over_allocated": N_("Over-allocated"),
        "skill_gap": N_("Below a required skill level"),
        "single_point_of_failure": N_("Single point of failure"),
        "idle_member": N_("Idle"),
        "lead_not_assigned": N_("Person without an assignment"),
        "task_owner_not_assigned": N_("Task owner without an assignment"),
        "report_overdue": N_("Report overdue"),
        "goal_off_track": N_("Goal off track"),
    },
    "partner_kind": {
        "sponsor": N_("Sponsor"),
        "brand": N_("Brand"),
        "platform": N_("Platform"),
        "venue": N_("Venue"),
        "grant_maker": N_("Grant maker"),
        "other": N_("Other"),
    },
    "contract_status": {
        "draft": N_("Draft"),
        "in_review": N_("In review"),
        "sent": N_("Sent"),
        "signed": N_("Signed"),
        "active": N_("Active"),
        "expiring": N_("Expiring"),
        "expired": N_("Expired"),
        "terminated": N_("Terminated"),
        "renewed": N_("Renewed"),
        "superseded": N_("Superseded"),
    },
    # money13: contracts, IP, documents, obligations
    "contract_type": {
        "sponsorship": N_("Sponsorship"),
        "collaboration": N_("Collaboration"),
        "licence_in": N_("Licence in"),
        "licence_out": N_("Licence out"),
        "nda": N_("NDA"),
        "talent_release": N_("Talent release"),
        "commission": N_("Commission"),
        "service": N_("Service"),
        "volunteer": N_("Volunteer"),
    },
    "contract_decision": {
        "renew": N_("Renew"),
        "renegotiate": N_("Renegotiate"),
        "terminate": N_("Terminate"),
    },
    "renewal": {
        "none": N_("No renewal"),
        "automatic": N_("Automatic"),
        "manual": N_("Manual"),
        "option": N_("Option"),
    },
    "ip_asset_kind": {
        "work": N_("Work"),
        "trademark": N_("Trademark"),
        "domain": N_("Domain"),
        "design": N_("Design"),
        "patent": N_("Patent"),
        "dataset": N_("Dataset"),
    },
    "document_kind": {
        "contract": N_("Contract"),
        "amendment": N_("Amendment"),
        "chain_of_title": N_("Chain of title"),
        "pitch_deck": N_("Pitch deck"),
        "financial_model": N_("Financial model"),
        "term_sheet": N_("Term sheet"),
        "other": N_("Other"),
    },
    "funding_goal_kind": {
        "one_off": N_("One-off"),
        "monthly_recurring": N_("Monthly recurring"),
        "yearly_budget": N_("Yearly budget"),
        "balance": N_("Balance"),
    },
    "contribution_status": {
        "pledged": N_("Pledged"),
        "paid": N_("Paid"),
        "refunded": N_("Refunded"),
        "failed": N_("Failed"),
        "cancelled": N_("Cancelled"),
    },
    "investor_stage": {
        "prospect": N_("Prospect"),
        "contacted": N_("Contacted"),
        "meeting": N_("Meeting"),
        "due_diligence": N_("Due diligence"),
        "term_sheet": N_("Term sheet"),
        "committed": N_("Committed"),
        "closed": N_("Closed"),
        "passed": N_("Passed"),
    },
    "obligation_recurrence": {
        "none": N_("Once"),
        "monthly": N_("Monthly"),
        "quarterly": N_("Quarterly"),
        "yearly": N_("Yearly"),
    },
    "notification_kind": {
        "mention": N_("Mentions of me or my roles"),
        "comment_reply": N_("Replies to my comments"),
        "assignment": N_("My assignments and their RACI"),
        "announcement": N_("Announcements for me"),
        "acknowledgement_due": N_("Announcements I must acknowledge"),
        "acknowledgement_reminder": N_("Reminders to acknowledge"),
        "action_assigned": N_("Meeting actions given to me"),
        "report_due": N_("My report is due soon"),
        "report_overdue": N_("A report (mine or one I review) is overdue"),
        "report_escalated": N_("A report on my campaign is past its grace"),
    },
    "notification_delivery": {
        "immediate": N_("Inbox and email at once"),
        "digest": N_("Inbox and the daily email digest"),
        "inbox": N_("Inbox only"),
        "off": N_("Off"),
    },
}


def label(group: str, value: str | None, locale: str) -> str:
    """The name in `locale`; a catalog entry with the group as context wins (Active: 在职)."""
    if value is None:
        return ""
    message = LABELS[group].get(value, value)
    catalog = translations(locale)
    contextual = catalog.pgettext(group, message)
    return contextual if contextual != message else catalog.gettext(message)


def options(group: str, locale: str) -> list[tuple[str, str]]:
    """`(value, translated name)` pairs for a `<select>`, in the enumeration's order (or the
    labels' own order for a group without an enumeration in app/vocabulary.py)."""
    enum = ENUMS.get(group)
    values = [value.value for value in enum] if enum else list(LABELS[group])
    return [(value, label(group, value, locale)) for value in values]
