"""The demo team's data: people, campaigns, scopes, the RACI matrix and metric shapes.

Texts come in pairs (English, 简体中文), like the templates. Dates are offsets in days
from today in Asia/Shanghai, so the demo always looks current. Money is written in CNY
and converted for English (USD) workspaces.

The guide's story: seven roles (creator, planner, community operations, data analysis,
business partnership, financing, legal) in three campaigns:
- the video series is healthy: its campaign health check finds nothing;
- the photo book crowdfunding has a conflict: Zhao Min's allocations (the book's backer
  updates and the meetup) add up to 105% of her week, and Sun Jiajia does community
  operations with community management 2 (the role needs 3);
- the fan meetup is being staffed: "Safety & permits" has someone responsible but nobody
  accountable yet, and staffing suggests who could be.
Ma Xin is active and has no assignment (the workspace check finds her idle).
"""

from dataclasses import dataclass

from app.models.enums import CampaignKind, CampaignStatus, Locale, Raci
from app.seed.templates import Text

TIMEZONE = "Asia/Shanghai"
WORKSPACES = (("demo", "Lantern Studio", Locale.en), ("demo-zh", "灯笼工作室", Locale.zh_cn))
USD_PER_CNY = 0.14
MONEY_METRICS = frozenset({"revenue", "sponsorship_revenue", "funds_raised"})

# The guide's roles, by key (see app/seed/templates.py).
CREATOR, PLANNER, FINANCE = "creator", "project_planner", "financing"
COMMUNITY, DATA, LEGAL, PARTNER = (
    "community_operations", "data_analysis", "legal_affairs", "business_partnership",
)  # fmt: skip
R, A, C, I = Raci.responsible, Raci.accountable, Raci.consulted, Raci.informed  # noqa: E741


@dataclass(frozen=True)
class MemberSeed:
    key: str
    name: str  # both forms, the same in every workspace
    email: str | None  # None: the demo user's own member (demo@example.com)
    title: Text
    hours: float
    skills: tuple[tuple[str, int], ...]  # skill key, level 1-5
    active: bool = True


# The first member is the demo user, the workspace's owner.
# fmt: off
MEMBERS = (
    MemberSeed("lin", "Lin Xiaoyu 林晓雨", None,
               ("Studio lead & project planner", "工作室负责人 · 项目策划"), 40,
               (("project_planning", 5), ("logical_thinking", 4), ("market_analysis", 4),
                ("data_analysis", 3), ("communication", 4), ("coordination", 4),
                ("creativity", 3))),
    MemberSeed("chen", "Chen Hao 陈浩", "chen.hao", ("Lead video creator", "主创 · 视频创作者"), 40,
               (("creativity", 5), ("aesthetics", 4), ("content_production", 5),
                ("communication", 3))),
    MemberSeed("wang", "Wang Lei 王磊", "wang.lei", ("Camera and video editor", "摄像与剪辑师"), 40,
               (("creativity", 3), ("aesthetics", 4), ("content_production", 5),
                ("communication", 2))),
    MemberSeed("zhao", "Zhao Min 赵敏", "zhao.min", ("Community manager", "社群管理师"), 40,
               (("community_management", 5), ("communication", 4), ("coordination", 4),
                ("event_planning", 3))),
    MemberSeed("sun", "Sun Jiajia 孙佳佳", "sun.jiajia",
               ("Community assistant (part-time)", "社群运营助理(兼职)"), 20,
               (("community_management", 2), ("communication", 3), ("coordination", 3),
                ("event_planning", 2))),
    MemberSeed("li", "Li Na 李娜", "li.na", ("Event planner", "活动策划"), 40,
               (("event_planning", 5), ("coordination", 4), ("communication", 4),
                ("community_management", 3), ("project_planning", 3))),
    MemberSeed("huang", "Huang Zhiqiang 黄志强", "huang.zhiqiang",
               ("Financing lead", "融资负责人"), 40,
               (("financial_knowledge", 5), ("negotiation", 4), ("relationship_management", 4),
                ("business_acumen", 3),
                ("communication", 3))),
    MemberSeed("xu", "Xu Ting 许婷", "xu.ting", ("Data analyst", "数据分析师"), 40,
               (("data_analysis", 5), ("logical_thinking", 4), ("market_analysis", 3))),
    MemberSeed("he", "He Jun 何军", "he.jun", ("Legal counsel (part-time)", "法务顾问(兼职)"), 20,
               (("legal_knowledge", 5), ("communication", 3), ("negotiation", 3))),
    MemberSeed("guo", "Guo Meng 郭萌", "guo.meng", ("Partnerships manager", "商务合作经理"), 40,
               (("business_acumen", 4), ("negotiation", 4), ("communication", 4),
                ("relationship_management", 3))),
    MemberSeed("ma", "Ma Xin 马欣", "ma.xin", ("Illustrator (part-time)", "插画师(兼职)"), 20,
               (("creativity", 4), ("aesthetics", 5), ("content_production", 3))),
    MemberSeed("deng", "Deng Kai 邓凯", "deng.kai", ("Former video editor", "前剪辑师"), 40,
               (("content_production", 4), ("aesthetics", 3)), active=False),
)
# fmt: on


@dataclass(frozen=True)
class CampaignSeed:
    key: str
    name: Text
    kind: CampaignKind
    status: CampaignStatus
    days: tuple[int, int]  # starts_on, ends_on
    staffed_from: int  # when its assignments start; they end with the campaign
    lead: str
    audience: Text
    segments: tuple[Text, ...]
    channels: tuple[str, ...]
    required_roles: tuple[str, ...]
    goals: tuple[tuple[str, float], ...]  # metric key, target, due when the campaign ends
    scopes: tuple[tuple[str, Text, Text], ...]  # key, name, description
    scope_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # scope key, the roles it needs


# fmt: off
CAMPAIGNS = (
    CampaignSeed(
        "series", ("Hidden Crafts of Jiangnan — video series", "《江南手艺人》系列视频"),
        CampaignKind.content, CampaignStatus.active, (-60, 30), -67, "chen",
        ("Young city viewers curious about traditional crafts and the people behind them.",
         "对传统手艺和手艺人故事感兴趣的年轻城市观众。"),
        (("University students", "大学生"), ("Young professionals", "年轻白领"),
         ("Handicraft fans", "手作爱好者")),
        ("bilibili", "douyin", "xiaohongshu", "youtube"),
        (CREATOR, PLANNER, COMMUNITY, PARTNER, DATA),
        (("content_views", 12_000_000), ("followers", 300_000), ("engagement_rate", 0.08),
         ("sponsorship_revenue", 150_000)),
        (("script", ("Script", "脚本"), ("Episode outlines and scripts", "分集大纲与脚本")),
         ("filming", ("Filming & editing", "拍摄与剪辑"),
          ("Location shoots, the edit and subtitles", "外景拍摄、剪辑与字幕")),
         ("posts", ("Community posts", "社群发布"),
          ("Release posts, comments and fan groups", "发布动态、回复评论、维护粉丝群")),
         ("sponsor", ("Sponsor contract", "赞助合同"),
          ("The tea brand's sponsorship deal", "茶饮品牌的赞助合作")),
         ("review", ("Performance review", "数据复盘"),
          ("Weekly numbers per episode and channel", "按集、按平台的每周数据"))),
        (("script", (CREATOR,)), ("filming", (CREATOR,)), ("posts", (COMMUNITY,)),
         ("sponsor", (PARTNER,)), ("review", (DATA,))),
    ),
    CampaignSeed(
        "meetup", ("Summer fan meetup in Hangzhou", "杭州夏日粉丝见面会"),
        CampaignKind.community_event, CampaignStatus.planning, (21, 22), -10, "li",
        ("Core fans around Shanghai and Hangzhou who want to meet the craftspeople.",
         "长三角地区希望与手艺人面对面交流的核心粉丝。"),
        (("Core fans", "核心粉丝"), ("Local creators", "本地创作者"),
         ("Fan group members", "粉丝群成员")),
        ("wechat", "xiaohongshu", "bilibili"),
        (COMMUNITY, PLANNER, CREATOR, LEGAL, PARTNER),
        (("active_members", 3000), ("retention_rate", 45), ("content_views", 250_000)),
        (("venue", ("Venue & logistics", "场地与后勤"),
          ("Venue, booths, transport and catering", "场地、展位、交通与餐饮")),
         ("registration", ("Registration & guest list", "报名与嘉宾名单"),
          ("Sign-up form, tickets and check-in", "报名表、门票与签到")),
         ("programme", ("Event-day programme", "现场流程"),
          ("Talks, workshops and the run sheet", "分享、工作坊与流程单")),
         ("promotion", ("Community posts", "社群宣传"),
          ("Announcements in fan groups and on Xiaohongshu", "粉丝群与小红书的活动宣传")),
         ("safety", ("Safety & permits", "安全与许可"),
          ("Crowd safety plan and the event permit", "人流安全预案与大型活动许可"))),
        (("venue", (PLANNER,)), ("registration", (COMMUNITY,)), ("programme", (PLANNER, CREATOR)),
         ("promotion", (COMMUNITY,)), ("safety", (LEGAL, PLANNER))),
    ),
    CampaignSeed(
        "book", ("Hidden Crafts photo book — crowdfunding", "《江南手艺人》摄影集众筹"),
        CampaignKind.funding, CampaignStatus.active, (-30, 15), -40, "huang",
        ("Viewers of the series who want a printed book, and photo book collectors.",
         "想要纸质书的系列观众,以及摄影集收藏者。"),
        (("Series viewers", "系列观众"), ("Photo book collectors", "摄影集收藏者"),
         ("Craft studios", "手作工作室")),
        ("wechat", "bilibili", "xiaohongshu"),
        (FINANCE, CREATOR, COMMUNITY, LEGAL, DATA),
        (("funds_raised", 300_000), ("backers", 2500), ("paying_conversion", 4.5)),
        (("page", ("Campaign page & video", "众筹页面与视频"),
          ("The pitch video, photos and page copy", "宣传视频、图片与页面文案")),
         ("tiers", ("Reward tiers & pricing", "回报档位与定价"),
          ("Tiers, prices and stretch goals", "档位、价格与解锁目标")),
         ("updates", ("Backer updates", "支持者动态更新"),
          ("Weekly progress posts for backers", "每周向支持者更新进展")),
         ("fulfilment", ("Reward fulfilment", "回报发放"),
          ("Printing, packing and shipping", "印刷、包装与发货")),
         ("platform", ("Platform agreement", "平台协议"),
          ("Terms with the crowdfunding platform", "与众筹平台的合作条款"))),
    ),
)

NO_NOTE: Text = ("", "")
Row = tuple[str | None, str, str, Raci, int, Text]
# Per campaign (None: standing assignments): scope, member, role, RACI, allocation %, note.
ASSIGNMENTS: dict[str | None, tuple[Row, ...]] = {
    "series": (
        ("script",       "chen",  CREATOR,   R, 25, ("Writes every episode", "负责每集脚本")),
        ("script",       "lin",   PLANNER,   A,  5, ("Signs off outlines", "审定分集大纲")),
        ("filming",      "wang",  CREATOR,   R, 70, ("Shoots and edits", "拍摄与剪辑")),
        ("filming",      "chen",  CREATOR,   A, 15, ("Approves the final cut", "审定成片")),
        ("posts",        "li",    COMMUNITY, A,  5, ("Owns the posting calendar", "负责发布排期")),
        ("posts",        "chen",  CREATOR,   R, 10, ("Writes the release posts", "撰写发布动态")),
        ("sponsor",      "guo",   PARTNER,   A, 40, ("Owns the sponsor", "维护赞助商关系")),
        ("sponsor",      "he",    LEGAL,     R, 10, ("Drafts the contract", "起草并审核合同")),
        ("sponsor",      "huang", FINANCE,   I,  0, ("Tracks the payments", "跟进赞助款到账")),
        ("review",       "xu",    DATA,      R, 20, ("Weekly episode report", "每周分集报告")),
        ("review",       "lin",   PLANNER,   A,  5, ("Acts on the numbers", "据数据调整计划")),
        ("review",       "guo",   PARTNER,   C,  0, ("Sponsor's questions", "反馈赞助商关注点")),
    ),
    "meetup": (
        ("venue",        "li",    COMMUNITY, A, 25, NO_NOTE),
        ("venue",        "guo",   PARTNER,   R, 20, ("Venue and booths", "场地与展位赞助")),
        ("registration", "zhao",  COMMUNITY, A, 35, NO_NOTE),
        ("registration", "sun",   COMMUNITY, R, 20, ("Sign-up and check-in", "报名与现场签到")),
        ("programme",    "lin",   PLANNER,   A, 10, NO_NOTE),
        ("programme",    "li",    COMMUNITY, R, 20, ("Run sheet and workshops", "流程单与工作坊")),
        ("programme",    "chen",  CREATOR,   C,  5, ("Hosts a talk", "主持幕后分享")),
        ("promotion",    "li",    COMMUNITY, A,  5, NO_NOTE),
        ("promotion",    "zhao",  COMMUNITY, R, 45, ("Posts in every fan group", "各粉丝群发布")),
        ("safety",       "li",    COMMUNITY, R, 10, ("Who owns the permit?", "许可申请谁负责?")),
        ("safety",       "he",    LEGAL,     C,  5, NO_NOTE),
    ),
    "book": (
        ("page",         "chen",  CREATOR,   R, 20, ("Pitch video", "宣传视频")),
        ("page",         "huang", FINANCE,   A, 15, NO_NOTE),
        ("tiers",        "huang", FINANCE,   R, 30, NO_NOTE),
        ("tiers",        "lin",   PLANNER,   A,  5, NO_NOTE),
        ("tiers",        "xu",    DATA,      C, 10, ("Models price points", "测算各档位价格")),
        ("updates",      "zhao",  COMMUNITY, R, 25, ("Weekly update posts", "每周更新动态")),
        ("updates",      "huang", FINANCE,   A, 10, NO_NOTE),
        ("fulfilment",   "li",    COMMUNITY, A, 15, NO_NOTE),
        ("fulfilment",   "sun",   COMMUNITY, R, 10, ("Addresses and shipping", "收集地址与发货")),
        ("platform",     "he",    LEGAL,     A, 15, NO_NOTE),
        ("platform",     "huang", FINANCE,   R, 10, NO_NOTE),
    ),
    None: (
        (None,           "he",    LEGAL,     A, 25, ("Contracts and IP", "合同与知识产权")),
        (None,           "xu",    DATA,      R, 40, ("Weekly dashboard", "每周数据看板")),
        (None,           "lin",   PLANNER,   A, 30, ("Studio roadmap", "工作室整体规划")),
    ),
}
# fmt: on


@dataclass(frozen=True)
class Stream:
    """Daily content of a campaign (or of the studio itself) on some channels."""

    campaign: str | None
    first_day: int
    views: tuple[tuple[str, int], ...]  # channel, views on an ordinary day at first
    release_every: int = 0  # days between releases; a campaign's first day is a launch


# fmt: off
STREAMS = (
    Stream(None, -89,
           (("bilibili", 5200), ("douyin", 9800), ("xiaohongshu", 2600), ("youtube", 1300))),
    Stream("series", -60,
           (("bilibili", 15000), ("douyin", 21000), ("xiaohongshu", 4800), ("youtube", 3900)),
           release_every=7),
    Stream("meetup", -14, (("wechat", 3200), ("xiaohongshu", 2400))),
    Stream("book", -30, (("wechat", 4100), ("bilibili", 6300), ("xiaohongshu", 1900))),
)
FOLLOWERS = (("bilibili", 48_000), ("douyin", 66_000), ("xiaohongshu", 21_000),
             ("youtube", 9_000), ("wechat", 15_000))
# fmt: on
REVENUE = (("bilibili", 1800), ("wechat", 1200))  # CNY a day: paid memberships, the shop
SPONSOR_PAYMENTS = (("series", -55, 60_000), ("series", -25, 40_000), ("meetup", -3, 20_000))
BACKERS_AT_LAUNCH = (("wechat", 170), ("bilibili", 120), ("xiaohongshu", 55))
PLEDGE = 128  # CNY per backer, on average
STRETCH_GOAL_DAY = -16  # a second wave of backers
