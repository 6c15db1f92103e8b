"""Demo awards from seed 000, Khối thi đua 4A's annual proposal and one proposal in each review
state for the reviewers' queue.

Seed 000: Cờ thi đua for 2019 to Sở Khoa học và Công nghệ, Quyết định 40/QĐ-UBND.KT of
25/02/2020; Bằng khen to Ban Quản lý Khu kinh tế, Sở Công Thương, Sở Tài nguyên và Môi trường,
Sở Xây dựng, Sở Giao thông Vận tải, Quyết định 41/QĐ-UBND.KT of the same day. The people and
their records in the queue are invented for the demo. The bloc's proposal follows its 2020
ranking (campaigns/demo_progress.py): the Cờ thi đua for the first, a Bằng khen for the second,
as seed 000 announces ("bình xét đơn vị dẫn đầu khối thi đua của Khối 4A").
Proposals are sent on the day their statement (tờ trình) is dated and reviewed one day a step
after it, on the 2020 calendar rather than the day the demo is loaded: the award summary by
decision date counts proposals by the day they were sent.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from blocs.models import Bloc, Organization, Person, User

from . import services
from .models import (
    Award,
    AwardType,
    Decision,
    Initiative,
    Nominee,
    PersonYear,
    Proposal,
    ReviewAction,
)

# The seed names the decisions, not who signed them.
SIGNER = ("Chủ tịch Ủy ban nhân dân tỉnh", "(không ghi trong văn bản gốc)")
SEED_DECISIONS = [
    (40, "Tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2019", "CO_TINH", ["DT-SKHCN"]),
    (41, "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2019", "BK_TINH",
     ["DT-BQLKKT", "DT-SCT", "DT-STNMT", "DT-SXD", "DT-SGTVT"]),
]  # fmt: skip

# unit, award type, achievement → nominees of the bloc's annual proposal
BLOC_NOMINEES = [
    ("DT-SKHCN", "CO_TINH", "Dẫn đầu phong trào thi đua của Khối thi đua 4A năm 2020."),
    ("DT-SCT", "BK_TINH", "Xếp thứ hai trong phong trào thi đua của Khối thi đua 4A năm 2020."),
]

# name, unit, LĐTT 2020?, initiative 2020?  → CSTĐ cơ sở nominees of Sở Xây dựng
PEOPLE = [
    ("Nguyễn Thị Mai", "DT-SXD", True, True),
    ("Lê Văn Hùng", "DT-SXD", True, False),
]


@transaction.atomic
def load() -> None:
    authority = Organization.objects.get(code="DT")
    title, signer = SIGNER
    for number, text, code, units in SEED_DECISIONS:
        decision, created = Decision.objects.get_or_create(
            authority=authority, year=2020, number=number,
            defaults={"symbol_suffix": "QĐ-UBND.KT", "dated": date(2020, 2, 25), "title": text,
                      "signer_name": signer, "signer_title": title, "status": "issued",
                      "issued_at": None},
        )  # fmt: skip
        if created:
            award_type = AwardType.objects.get(code=code)
            for unit in Organization.objects.filter(code__in=units):
                Award.objects.create(
                    award_type=award_type, year=2019, decision=decision, organization=unit
                )
    bloc = Bloc.objects.get(code="KTĐ4A")
    if not Proposal.objects.filter(bloc=bloc, year=2020).exists():
        _bloc_proposal(authority, bloc)
    if not Proposal.objects.filter(bloc=None).exists():
        _queue(authority)
    _on_the_2020_calendar()


def _bloc_proposal(authority, bloc):
    """The bloc's annual proposal, submitted by its secretariat to the province."""
    secretariat = User.objects.get(username="hvquan")
    proposal = services.proposal_create(
        actor=secretariat, proposer=Organization.objects.get(code="DT-SKHCN"), authority=authority,
        bloc=bloc, kind="annual", year=2020,
        title="Đề nghị khen thưởng phong trào thi đua năm 2020 của Khối thi đua 4A",
        symbol="01/TTr-KTĐ4A", dated=date(2020, 11, 18),
    )  # fmt: skip
    types = AwardType.objects.in_bulk(
        [code for _unit, code, _text in BLOC_NOMINEES], field_name="code"
    )
    units = Organization.objects.in_bulk(
        [unit for unit, _code, _text in BLOC_NOMINEES], field_name="code"
    )
    Nominee.objects.bulk_create(
        Nominee(proposal=proposal, organization=units[unit], award_type=types[code],
                achievement=text)
        for unit, code, text in BLOC_NOMINEES
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    services.refresh_checks(proposal)


def _queue(authority):
    """One Sở Xây dựng proposal per review state, so reviewers have a queue to try."""
    officer = User.objects.get(username="xaydung")
    reviewer = User.objects.get(username="sonoivu")
    unit = Organization.objects.get(code="DT-SXD")
    cstdcs, ldtt = AwardType.objects.get(code="CSTDCS"), AwardType.objects.get(code="LDTT")
    people = []
    for name, code, has_ldtt, has_initiative in PEOPLE:
        person, _ = Person.objects.get_or_create(
            full_name=name, organization=Organization.objects.get(code=code),
            defaults={"position": "Chuyên viên"},
        )  # fmt: skip
        PersonYear.objects.get_or_create(person=person, year=2020, defaults={"rating": "htxsnv"})
        if has_initiative:
            Initiative.objects.get_or_create(
                person=person, year=2020, title="Số hoá hồ sơ cấp phép xây dựng", scope="co_so"
            )
        people.append((person, has_ldtt))
    states = ["draft", "submitted", "received", "returned", "checked", "approved", "rejected"]
    for index, state in enumerate(states, start=1):
        proposal = services.proposal_create(
            actor=officer, proposer=unit, authority=authority, kind="annual", year=2020,
            title=f"Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2020 (đợt {index})",
            symbol=f"{index:02d}/TTr-SXD", dated=date(2020, 12, 10),
        )  # fmt: skip
        person, has_ldtt = people[index % 2]
        if has_ldtt:
            decision = Decision.objects.filter(authority=unit, year=2020).first()
            decision = decision or Decision.objects.create(
                authority=unit, year=2020, number=1, symbol_suffix="QĐ-SXD",
                dated=date(2020, 12, 1), title="Công nhận danh hiệu Lao động tiên tiến năm 2020",
                signer_name="(demo)", signer_title="Giám đốc", status="issued",
            )  # fmt: skip
            Award.objects.get_or_create(
                award_type=ldtt, year=2020, person=person, organization=unit, decision=decision
            )
        Nominee.objects.create(
            proposal=proposal, person=person, award_type=cstdcs,
            achievement="Hoàn thành xuất sắc nhiệm vụ; chủ trì số hoá hồ sơ cấp phép.",
        )  # fmt: skip
        if state == "draft":
            continue
        Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
        services.refresh_checks(proposal)
        if state == "submitted":
            continue
        services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
        if state == "returned":
            services.proposal_review(
                proposal=proposal,
                action="return",
                actor=reviewer,
                comment="Bổ sung quyết định công nhận sáng kiến.",
            )
        elif state == "rejected":
            services.proposal_review(
                proposal=proposal,
                action="reject",
                actor=reviewer,
                comment="Đơn vị đã vượt tỷ lệ Chiến sĩ thi đua cơ sở năm 2020.",
            )
        elif state in ("checked", "approved"):
            services.nominees_verdict(
                proposal=proposal,
                nominees=list(proposal.nominees.all()),
                verdict="eligible",
                actor=reviewer,
                note="Hồ sơ đầy đủ.",
                override="Tỷ lệ tính theo số liệu của đơn vị, đã xác minh.",
            )
            if state == "approved":
                services.proposal_review(proposal=proposal, action="approve", actor=reviewer)


def _on_the_2020_calendar():
    """A proposal is drawn up on its statement's date and sent at 09:00 that day (drafts are
    not sent); each review step follows a day after the last. The same dates on every load."""
    for proposal in Proposal.objects.filter(year=2020):
        sent = datetime.combine(proposal.dated, time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        if proposal.status != Proposal.Status.DRAFT:
            Proposal.objects.filter(pk=proposal.pk).update(submitted_at=sent)
        for index, action in enumerate(proposal.actions.order_by("at", "pk")):
            at = sent - timedelta(hours=1) if index == 0 else sent + timedelta(days=index)
            ReviewAction.objects.filter(pk=action.pk).update(at=at)
