"""Work plan templates per guide role, in English and Chinese: a starting point a campaign
adopts by creating a plan from one (the role's holders on the campaign take it in turn)."""

from dataclasses import dataclass

from pydantic import Field

from app.core.schemas import ReadModel


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    role_key: str
    title: tuple[str, str]  # en, zh-CN
    rrule: str
    checklist: tuple[tuple[str, str], ...]
    due_time: str = "18:00"
    lead_days: int = 0


TEMPLATES = (
    PlanTemplate(
        "reply_and_moderate",
        "community_operations",
        ("Reply to fans and moderate", "回复粉丝并维护社群秩序"),
        "FREQ=DAILY",
        (("Reply to comments", "回复评论"), ("Moderate the groups", "管理社群发言")),
        due_time="21:00",
    ),
    PlanTemplate(
        "plan_community_activity",
        "community_operations",
        ("Plan next week's community activity", "策划下周的社群活动"),
        "FREQ=WEEKLY;BYDAY=TH",
        (
            ("Review this week's activity", "复盘本周活动"),
            ("Draft the activity", "拟定活动方案"),
            ("Post the notice", "发布活动通知"),
        ),
        lead_days=2,
    ),
    PlanTemplate(
        "metrics_review",
        "data_analysis",
        ("Weekly metrics review", "每周数据复盘"),
        "FREQ=WEEKLY;BYDAY=MO",
        (
            ("Collect last week's numbers", "汇总上周数据"),
            ("Compare with the goals", "与目标对比"),
            ("Share three findings", "分享三条结论"),
        ),
        due_time="12:00",
    ),
    PlanTemplate(
        "content_calendar",
        "creator",
        ("Weekly content calendar", "每周内容排期"),
        "FREQ=WEEKLY;BYDAY=FR",
        (
            ("Pick next week's topics", "确定下周选题"),
            ("Assign scripts and shoots", "分配脚本与拍摄"),
            ("Publish the calendar", "发布排期表"),
        ),
        lead_days=1,
    ),
    PlanTemplate(
        "monthly_budget_check",
        "financing",
        ("Monthly budget check", "每月预算检查"),
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        (("Reconcile spending", "核对支出"), ("Update the forecast", "更新预测")),
    ),
)


class WorkPlanTemplateRead(ReadModel):
    key: str
    role_key: str = Field(description="The guide role whose holders take it.")
    title: str
    rrule: str
    due_time: str
    lead_days: int
    checklist: list[str]


def templates_in(locale: str, role_key: str | None = None) -> list[WorkPlanTemplateRead]:
    chinese = locale == "zh-CN"
    return [
        WorkPlanTemplateRead(
            key=t.key,
            role_key=t.role_key,
            title=t.title[1] if chinese else t.title[0],
            rrule=t.rrule,
            due_time=t.due_time,
            lead_days=t.lead_days,
            checklist=[step[1] if chinese else step[0] for step in t.checklist],
        )
        for t in TEMPLATES
        if role_key is None or t.role_key == role_key
    ]
