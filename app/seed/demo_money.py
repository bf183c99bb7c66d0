"""The demo's money and paper: a sponsor deal under negotiation, the photo book's
crowdfunding with its tiers and backers (some imported from a processor's export), and a
sponsorship contract whose notice deadline is ten days away."""

import uuid

# money13
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from app.contracts import obligations
from app.contracts import service as contracts
from app.contracts.obligation_schemas import ObligationCreate
from app.contracts.schemas import ContractCreate, ContractUpdate
from app.core.money import NonNegativeMoney
from app.core.permissions import WorkspaceContext
from app.deals import partners
from app.deals import service as deals
from app.deals.schemas import Contact, DealCreate, PartnerCreate
from app.deals.stages import ordered_stages
from app.funding import (
    contributions,
    crowdfunding,
    investors,
    tiers,
)
from app.funding.investor_schemas import InvestorCreate
from app.funding.schemas import (
    ContributionImport,
    CrowdfundingUpdate,
    ImportedContribution,
    PositiveMoney,
    StretchGoal,
    TierCreate,
)
from app.ip import grants
from app.ip import service as ip
from app.ip.grants_schemas import LicenceGrantCreate
from app.ip.schemas import IPAssetCreate, Owner
from app.models.contract import (
    ContractStatus,
    ContractType,
    IPAssetKind,
    PeriodUnit,
    Renewal,
)
from app.models.deal import PartnerKind
from app.models.enums import Locale
from app.models.funding import AmountType, TierKind
from app.models.paper import InvestorStage, ObligationRecurrence

BACKERS = (
    ("Zhou Jie", 19900),
    ("Sun Li", 19900),
    ("Wu Fan", 39900),
    ("Zheng Yu", 9900),
    ("Feng Qi", 19900),
    ("Chu Ming", 99900),
)


def _cny(amount_minor: int) -> PositiveMoney:
    return PositiveMoney(amount_minor=amount_minor, currency="CNY")


def add_money_demo(
    session: Session,
    *,
    ctx: WorkspaceContext,
    today: date,
    campaigns: dict[str, uuid.UUID],
    people: dict[str, uuid.UUID],
) -> None:
    zh = ctx.locale == Locale.zh_cn

    def say(english: str, chinese: str) -> str:
        return chinese if zh else english

    sponsor = partners.create(
        session,
        ctx=ctx,
        partner_in=PartnerCreate(
            name=say("Lumen Cameras", "流明相机"),
            kind=PartnerKind.sponsor,
            notes=say("Sponsored two episodes last year.", "去年赞助过两期视频。"),
            contacts=[
                Contact(
                    name="Wang Fang 王芳", role=say("Brand manager", "品牌经理"), wechat="lumen_wf"
                )
            ],
        ),
    )
    stage_ids = {s.name: s.id for s in ordered_stages(session, workspace_id=ctx.workspace_id)}
    deal, _version = deals.create(
        session,
        ctx=ctx,
        deal_in=DealCreate(
            title=say("Lumen × Hidden Crafts season 2", "流明 × 《江南手艺人》第二季"),
            partner_id=sponsor.id,
            campaign_id=campaigns.get("series"),
            owner_member_id=people.get("lin"),
            stage_id=stage_ids.get(say("Negotiating", "谈判中")),
            value=NonNegativeMoney(amount_minor=8_000_000, currency="CNY"),
            expected_close_on=today + timedelta(days=20),
            next_step=say("Send the revised media kit", "发送修改后的媒体资料包"),
            next_step_due_on=today + timedelta(days=3),
            deliverables=[
                say("Two sponsored episodes", "两期赞助视频"),
                say("Logo on the book", "摄影集署名"),
            ],
        ),
    )
    book = campaigns.get("book")
    if book is not None:
        deadline = datetime.combine(today + timedelta(days=15), time(23, 59), tzinfo=UTC)
        crowdfunding.put(
            session,
            ctx=ctx,
            campaign_id=book,
            terms_in=CrowdfundingUpdate(
                goal=_cny(5_000_000),
                deadline=deadline,
                stretch_goals=[
                    StretchGoal(amount_minor=8_000_000, title=say("Hardcover edition", "精装版"))
                ],
            ),
        )
        tier = tiers.create(
            session,
            ctx=ctx,
            tier_in=TierCreate(
                name=say("Photo book", "摄影集"),
                kind=TierKind.reward,
                campaign_id=book,
                amount_type=AmountType.flexible,
                currency="CNY",
                preset_amounts_minor=[9900, 19900, 39900, 99900],
                default_amount_minor=19900,
                minimum_amount_minor=9900,
            ),
        )
        contributions.import_contributions(
            session,
            ctx=ctx,
            import_in=ContributionImport(
                source="afdian",
                items=[
                    ImportedContribution(
                        external_id=f"afd-{index:04d}",
                        tier_id=tier.id,
                        contributor_name=name,
                        amount=_cny(amount),
                    )
                    for index, (name, amount) in enumerate(BACKERS)
                ],
            ),
        )
    contract = contracts.create(
        session,
        ctx=ctx,
        contract_in=ContractCreate(
            title=say("Lumen sponsorship 2026", "流明相机 2026 年赞助合同"),
            type=ContractType.sponsorship,
            partner_id=sponsor.id,
            counterparty_signatory="Wang Fang 王芳",
            owner_member_id=people.get("lin"),
            campaign_id=campaigns.get("series"),
            deal_id=deal.id,
            effective_on=today - timedelta(days=320),
            end_on=today + timedelta(days=40),
            renewal=Renewal.manual,
            notice_period=30,
            notice_period_unit=PeriodUnit.days,
            lead_days=21,
            value=NonNegativeMoney(amount_minor=6_000_000, currency="CNY"),
            governing_law=say("PRC law", "中华人民共和国法律"),
        ),
    )
    for status in (ContractStatus.signed, ContractStatus.active):
        contracts.update(
            session,
            ctx=ctx,
            contract_id=contract.id,
            contract_in=ContractUpdate(status=status),
            if_match=None,
        )
    _add_paper(session, ctx=ctx, today=today, contract_id=contract.id, people=people, say=say)


def _add_paper(
    session: Session,
    *,
    ctx: WorkspaceContext,
    today: date,
    contract_id: uuid.UUID,
    people: dict[str, uuid.UUID],
    say: Callable[[str, str], str],
) -> None:
    """money13: the contract's monthly report in Lin's week, two investors, the series
    registered as IP and licensed to a platform."""
    obligations.create(
        session,
        ctx=ctx,
        obligation_in=ObligationCreate(
            contract_id=contract_id,
            description=say("Send Lumen the monthly view report", "向流明发送月度播放报告"),
            due_on=today + timedelta(days=3),
            recurrence=ObligationRecurrence.monthly,
        ),
    )
    for name, stage, amount, step in (
        (
            say("Riverbank Angels", "河岸天使"),
            InvestorStage.meeting,
            50_000_000,
            say("Send the financial model", "发送财务模型"),
        ),
        (
            say("Hill Culture Fund", "山丘文化基金"),
            InvestorStage.contacted,
            200_000_000,
            say("Book a first call", "约第一次电话"),
        ),
    ):
        investors.create(
            session,
            ctx=ctx,
            investor_in=InvestorCreate(
                name=name,
                stage=stage,
                ticket=NonNegativeMoney(amount_minor=amount, currency="CNY"),
                next_step=step,
                next_step_due_on=today + timedelta(days=5),
                owner_member_id=people.get("lin"),
                last_contact_on=today - timedelta(days=6),
            ),
        )
    asset = ip.create(
        session,
        ctx=ctx,
        asset_in=IPAssetCreate(
            title=say("Hidden Crafts of Jiangnan (series)", "《江南手艺人》系列"),
            kind=IPAssetKind.work,
            creators=["Chen Hao 陈浩"],
            owners=[Owner(name=say("Lantern Studio", "灯笼工作室"), share_percent=Decimal(100))],
            created_on=today - timedelta(days=400),
        ),
    )
    grants.create(
        session,
        ctx=ctx,
        grant_in=LicenceGrantCreate(
            ip_asset_id=asset.id,
            licensee=say("Bilibili", "哔哩哔哩"),
            territory=say("Mainland China", "中国大陆"),
            media=say("Online video", "网络视频"),
            starts_on=today - timedelta(days=100),
            ends_on=today + timedelta(days=265),
            royalty_percent=Decimal("12.5"),
        ),
    )
