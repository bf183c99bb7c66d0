"""The guide's roles, the skills they need and the metrics it asks to watch.

Every new workspace gets these, in its own language. Texts come in pairs
(English, 简体中文); the guide's two "data analysis" roles are merged into one.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Metric, Role, RoleRequiredSkill, Skill, Workspace
from app.models.enums import Aggregation, Locale, MetricCategory, SkillCategory

Text = tuple[str, str]


def pick(text: Text, locale: Locale) -> str:
    return text[1] if locale is Locale.zh_cn else text[0]


@dataclass(frozen=True)
class SkillTemplate:
    key: str
    category: SkillCategory
    name: Text


@dataclass(frozen=True)
class RoleTemplate:
    key: str
    name: Text
    description: Text
    responsibilities: tuple[Text, ...]
    authorities: tuple[Text, ...]
    required_skills: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class MetricTemplate:
    key: str
    category: MetricCategory
    name: Text
    unit: Text
    aggregation: Aggregation | None = None
    ratio_of: tuple[str, str] | None = None
    description: Text = ("", "")


C = SkillCategory
SKILLS = (
    SkillTemplate("creativity", C.creative, ("Creativity", "创意")),
    SkillTemplate("aesthetics", C.creative, ("Visual aesthetics", "审美")),
    SkillTemplate(
        "content_production", C.creative, ("Writing, filming and editing", "撰写、拍摄与剪辑")
    ),
    SkillTemplate("project_planning", C.planning, ("Project planning", "项目策划")),
    SkillTemplate("logical_thinking", C.planning, ("Logical thinking", "逻辑思维")),
    SkillTemplate(
        "market_analysis", C.planning, ("Market and business analysis", "市场与商业分析")
    ),
    SkillTemplate("financial_knowledge", C.finance, ("Financial knowledge", "金融知识")),
    SkillTemplate("negotiation", C.finance, ("Negotiation", "谈判技巧")),
    SkillTemplate(
        "relationship_management", C.finance, ("Investor and partner relations", "人际关系处理")
    ),
    SkillTemplate("communication", C.community, ("Communication", "沟通能力")),
    SkillTemplate("community_management", C.community, ("Community management", "社群管理")),
    SkillTemplate("event_planning", C.community, ("Event planning", "活动策划")),
    SkillTemplate("coordination", C.community, ("Teamwork and coordination", "团队协作与组织协调")),
    SkillTemplate("data_analysis", C.analytics, ("Data analysis", "数据分析")),
    SkillTemplate(
        "legal_knowledge",
        C.legal,
        ("Contracts, IP and compliance law", "合同、知识产权与合规法律知识"),
    ),
    SkillTemplate("business_acumen", C.other, ("Business acumen", "商业敏锐度")),
)

ROLES = (
    RoleTemplate(
        "creator",
        ("Creator", "创作者"),
        (
            "Generates the project's ideas and creates its content — text, images and video — "
            "and spreads it to attract and keep the audience.",
            "负责项目创意的产生与内容创作(文字、图片、视频等),以及项目的传播推广,吸引并留住受众。",
        ),
        (
            ("Come up with the project's ideas", "产生项目创意"),
            ("Write, film and edit content", "撰写、拍摄、剪辑内容"),
            ("Spread and promote the project", "项目的传播推广"),
            (
                "Make content that attracts and keeps the audience",
                "制作有价值、有吸引力的内容,吸引和留住用户",
            ),
        ),
        (
            ("Decide the creative direction and the content format", "决定创意方向与内容形式"),
            ("Approve the final cut before publishing", "发布前审定成片"),
        ),
        (("creativity", 3), ("aesthetics", 3), ("content_production", 3), ("communication", 2)),
    ),
    RoleTemplate(
        "project_planner",
        ("Project planner", "项目策划"),
        (
            "Plans, schedules and steers the whole project: positioning, target market, "
            "business model and marketing strategy.",
            "负责项目的整体策划、规划与实施,包括项目定位、目标市场、商业模式、营销策略等,指导项目发展方向。",
        ),
        (
            ("Overall planning, scheduling and execution", "项目整体策划、规划与实施"),
            ("Positioning and target market", "项目定位与目标市场"),
            ("Business model and marketing strategy", "商业模式与营销策略"),
            ("Set daily, weekly and monthly work plans", "制定每日、每周、每月工作计划"),
        ),
        (
            ("Set milestones, schedule and priorities", "确定里程碑、进度与优先级"),
            ("Approve the campaign plan", "批准活动/项目方案"),
        ),
        (("project_planning", 3), ("logical_thinking", 3), ("market_analysis", 3)),
    ),
    RoleTemplate(
        "financing",
        ("Financing", "项目融资"),
        (
            "Opens financing channels, keeps investor relations and prepares funding documents.",
            "负责项目的融资渠道拓展、投资者关系维护、融资文档准备等工作。",
        ),
        (
            ("Open and develop financing channels", "融资渠道拓展"),
            ("Maintain investor and backer relations", "投资者关系维护"),
            ("Prepare funding documents", "融资文档准备"),
        ),
        (
            ("Choose financing channels", "选择融资渠道"),
            ("Negotiate funding terms within the agreed mandate", "在授权范围内谈判融资条款"),
        ),
        (("financial_knowledge", 3), ("negotiation", 3), ("relationship_management", 3)),
    ),
    RoleTemplate(
        "community_operations",
        ("Community operations", "社群运营"),
        (
            "Builds, maintains and manages the community: events, posts and fan interaction, "
            "to raise activity and loyalty.",
            "负责社群的建立、维护与管理,包括社群活动策划、内容发布、粉丝互动,提高社群活跃度和用户粘性。",
        ),
        (
            ("Build and maintain the community", "社群的建立与维护"),
            ("Plan community events", "社群活动策划"),
            ("Publish content and interact with fans", "内容发布与粉丝互动"),
            ("Recruit users and manage daily interaction", "用户招募与日常互动管理"),
        ),
        (
            ("Set community rules and moderate", "制定社群规则并进行管理"),
            ("Schedule community posts and events", "安排社群内容与活动"),
        ),
        (
            ("community_management", 3),
            ("communication", 3),
            ("coordination", 3),
            ("event_planning", 2),
        ),
    ),
    RoleTemplate(
        "data_analysis",
        ("Data analysis", "数据分析"),
        (
            "Collects, organises and analyses user-behaviour, content and business data so "
            "that decisions rest on evidence.",
            "负责对用户行为数据、内容数据、商业数据进行收集、整理、分析,为项目决策提供数据支持。",
        ),
        (
            ("Collect and organise project data", "项目数据的收集与整理"),
            (
                "Analyse user behaviour: activity, loyalty, willingness to pay",
                "分析用户行为:活跃度、忠诚度、付费意愿",
            ),
            ("Analyse content and business data", "分析内容数据与商业数据"),
            ("Report results to support decisions", "反映运营效果,为决策提供依据"),
        ),
        (
            ("Define metrics and how they are calculated", "定义指标及其计算方法"),
            ("Recommend adjustments based on the data", "基于数据提出调整建议"),
        ),
        (("data_analysis", 3), ("logical_thinking", 3)),
    ),
    RoleTemplate(
        "legal_affairs",
        ("Legal affairs", "法律事务"),
        (
            "Handles contracts, intellectual-property protection and compliance so the "
            "project stays within the law.",
            "负责项目的法律事务,包括合同签订、知识产权保护、合规等,确保项目合规进行。",
        ),
        (
            ("Draft, review and sign contracts", "合同起草、审核与签订"),
            ("Protect intellectual property", "知识产权保护"),
            ("Keep the project compliant", "确保项目合规"),
        ),
        (
            ("Approve or reject contracts before signing", "签约前批准或否决合同"),
            ("Require changes for compliance", "要求进行合规整改"),
        ),
        (("legal_knowledge", 4), ("communication", 2)),
    ),
    RoleTemplate(
        "business_partnership",
        ("Business partnership planner", "商务合作策划"),
        (
            "Finds and plans business opportunities — advertising and sponsorships — that "
            "bring the community commercial value.",
            "负责寻找和策划商业合作机会,包括广告合作、赞助商合作等,为社群带来更多商业价值。",
        ),
        (
            ("Find advertising and sponsorship opportunities", "寻找广告与赞助合作机会"),
            ("Plan and negotiate partnership deals", "策划并谈判商务合作"),
            ("Work with data analysis on partnership results", "与数据分析一起分析合作效果"),
        ),
        (
            ("Propose and negotiate deals within brand rules", "在品牌规范内提出并谈判合作"),
            ("Choose sponsors to approach", "选择拟接洽的赞助商"),
        ),
        (("business_acumen", 3), ("negotiation", 3), ("communication", 3)),
    ),
)

M, A = MetricCategory, Aggregation
COUNT = ("count", "个")
PERCENT = ("%", "%")
MONEY = ("USD", "CNY")
METRICS = (
    MetricTemplate(
        "active_members",
        M.audience,
        ("Active members", "活跃成员数"),
        COUNT,
        A.avg,
        description=(
            "Activity: members active in the community per day.",
            "活跃度:每日活跃的社群成员数。",
        ),
    ),
    MetricTemplate(
        "retention_rate",
        M.audience,
        ("Retention rate", "留存率"),
        PERCENT,
        A.avg,
        description=(
            "Loyalty: share of members still active after 30 days.",
            "忠诚度:30 天后仍活跃的成员比例。",
        ),
    ),
    MetricTemplate(
        "paying_conversion",
        M.business,
        ("Paying conversion", "付费转化率"),
        PERCENT,
        A.avg,
        description=(
            "Willingness to pay: share of active members who pay.",
            "付费意愿:付费成员占活跃成员的比例。",
        ),
    ),
    MetricTemplate("followers", M.audience, ("Followers", "粉丝数"), COUNT, A.last),
    MetricTemplate("content_views", M.content, ("Content views", "内容浏览量"), COUNT, A.sum),
    MetricTemplate("content_likes", M.content, ("Likes", "点赞数"), COUNT, A.sum),
    MetricTemplate("content_comments", M.content, ("Comments", "评论数"), COUNT, A.sum),
    MetricTemplate("content_shares", M.content, ("Shares", "分享数"), COUNT, A.sum),
    MetricTemplate(
        "content_interactions",
        M.content,
        ("Interactions", "互动数"),
        COUNT,
        A.sum,
        description=("Likes + comments + shares.", "点赞 + 评论 + 分享。"),
    ),
    MetricTemplate(
        "engagement_rate",
        M.content,
        ("Engagement rate", "互动率"),
        ("ratio", "比率"),
        ratio_of=("content_interactions", "content_views"),
        description=("Interactions per view.", "每次浏览带来的互动。"),
    ),
    MetricTemplate("revenue", M.business, ("Revenue", "收入"), MONEY, A.sum),
    MetricTemplate(
        "sponsorship_revenue", M.business, ("Sponsorship revenue", "赞助收入"), MONEY, A.sum
    ),
    MetricTemplate("funds_raised", M.funding, ("Funds raised", "已筹资金"), MONEY, A.sum),
    MetricTemplate("backers", M.funding, ("Backers", "支持者数"), COUNT, A.sum),
)


def install_templates(session: Session, *, workspace: Workspace) -> None:
    """Add the guide's skills, roles and metrics to a new workspace."""
    locale = workspace.locale
    skills = {
        t.key: Skill(
            workspace_id=workspace.id, key=t.key, name=pick(t.name, locale), category=t.category
        )
        for t in SKILLS
    }
    session.add_all(skills.values())
    session.flush()
    for t in ROLES:
        session.add(
            Role(
                workspace_id=workspace.id,
                key=t.key,
                name=pick(t.name, locale),
                description=pick(t.description, locale),
                responsibilities=[pick(text, locale) for text in t.responsibilities],
                authorities=[pick(text, locale) for text in t.authorities],
                required_skills=[
                    RoleRequiredSkill(skill_id=skills[key].id, min_level=level)
                    for key, level in t.required_skills
                ],
            )
        )
    metrics: dict[str, Metric] = {}
    for m in METRICS:
        metric = Metric(
            workspace_id=workspace.id,
            key=m.key,
            name=pick(m.name, locale),
            description=pick(m.description, locale),
            unit=pick(m.unit, locale),
            category=m.category,
            aggregation=m.aggregation,
            # Counts are never negative, percentages lie between 0 and 100 (issue 15).
            min_value=0.0 if m.unit in (COUNT, PERCENT) else None,
            max_value=100.0 if m.unit == PERCENT else None,
        )
        if m.ratio_of:
            metric.ratio_numerator_id = metrics[m.ratio_of[0]].id
            metric.ratio_denominator_id = metrics[m.ratio_of[1]].id
        session.add(metric)
        session.flush()
        metrics[m.key] = metric
