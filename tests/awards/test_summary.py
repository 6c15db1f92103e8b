import io
import re
from datetime import date
from itertools import count

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards.models import Award, AwardType, Decision
from awards.summary import HEADERS, SEED_003_ROWS, TITLE, award_summary, to_xlsx
from blocs.models import BlocMembership, Person, StaffAssignment, User

pytestmark = pytest.mark.django_db

# Seed 003, "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020", row for row, in the words of the
# law: each class of an order on its own row, "Chiến sĩ", "Bằng khen của Chủ tịch UBND tỉnh".
SEED_003_TABLE = [
    ("I", "Khen thưởng cấp Nhà nước"),
    ("1", "Bà mẹ Việt Nam anh hùng"),
    ("2", "Anh hùng Lao động"),
    ("3", "Huân chương Độc lập hạng Nhất"),
    ("4", "Huân chương Độc lập hạng Nhì"),
    ("5", "Huân chương Độc lập hạng Ba"),
    ("6", "Huân chương Lao động hạng Nhất"),
    ("7", "Huân chương Lao động hạng Nhì"),
    ("8", "Huân chương Lao động hạng Ba"),
    ("9", "Huân chương Kháng chiến các hạng"),
    ("10", "Huy chương Kháng chiến các hạng"),
    ("11", "Cờ thi đua của Chính phủ"),
    ("12", "Bằng khen của Thủ tướng Chính phủ"),
    ("13", "Chiến sĩ thi đua toàn quốc"),
    ("II", "Khen thưởng cấp tỉnh"),
    ("1", "Cờ thi đua của Ủy ban nhân dân tỉnh"),
    ("2", "Tập thể lao động xuất sắc"),
    ("3", "Chiến sĩ thi đua cấp tỉnh"),
    ("4", "Bằng khen của Chủ tịch UBND tỉnh"),
    # Added after seed 003's rows: the units' own titles (III), so no award goes uncounted.
    ("III", "Khen thưởng cấp cơ sở"),
    ("1", "Tập thể lao động tiên tiến"),
    ("2", "Chiến sĩ thi đua cơ sở"),
    ("3", "Lao động tiên tiến"),
    ("4", "Giấy khen"),
    ("", "Tổng cộng"),
]
BK_TINH = "Bằng khen của Chủ tịch UBND tỉnh"
CO_TINH = "Cờ thi đua của Ủy ban nhân dân tỉnh"
H1_2020 = {"start": date(2020, 1, 1), "end": date(2020, 6, 15)}
URL = reverse("award_summary")
_numbers = count(1)


def decision(authority, dated, *, status=Decision.Status.ISSUED):
    return Decision.objects.create(
        authority=authority,
        year=dated.year,
        number=next(_numbers),
        dated=dated,
        title="Về việc khen thưởng",
        signer_name="Nguyễn Văn A",
        signer_title="Chủ tịch",
        status=status,
    )


def give(code, decision, organization, *, people=0, collectives=0):
    """`collectives` awards to the unit and `people` awards to people of the unit."""
    award_type = AwardType.objects.get(code=code)
    rows = [Award(award_type=award_type, year=decision.year, decision=decision,
                  organization=organization) for _ in range(collectives)]  # fmt: skip
    for _ in range(people):
        person = Person.objects.create(full_name="Trần Thị B", organization=organization)
        rows.append(
            Award(award_type=award_type, year=decision.year, decision=decision, person=person,
                  organization=organization)
        )  # fmt: skip
    Award.objects.bulk_create(rows)


@pytest.fixture
def world(demo):
    """Awards of Đồng Tháp in and around the first half of 2020."""
    dt, xaydung, women = demo.org["DT"], demo.org["DT-SXD"], demo.org["DT-HLHPN"]
    start, middle, end = (decision(dt, date(2020, m, d)) for m, d in ((1, 1), (3, 10), (6, 15)))
    give("BK_TINH", start, xaydung, collectives=2, people=3)
    give("CO_TINH", middle, xaydung, collectives=1)
    give("CSTD_TINH", end, women, people=2)
    give("TTLDXS", middle, women, collectives=4)
    for code in ("HCLD1", "HCLD2", "HCLD3"):
        give(code, middle, xaydung, people=1)
    give("HCLD3", middle, women, collectives=1)
    give("BMVNAH", middle, women, people=1)
    give("CSTD_TQ", end, xaydung, people=1)
    # Not counted: outside the range, a draft, an award form the table has no row for.
    give("BK_TINH", decision(dt, date(2019, 12, 31)), xaydung, collectives=5)
    give("BK_TINH", decision(dt, date(2020, 6, 16)), xaydung, collectives=6)
    give("BK_TINH", decision(dt, date(2020, 3, 1), status=Decision.Status.DRAFT), xaydung, people=7)
    give("LDTT", middle, xaydung, people=8)
    # Another authority's decision for a unit of Đồng Tháp (e.g. the Prime Minister).
    give("BK_TTG", decision(demo.org["TW-HDTDKT"], date(2020, 4, 1)), xaydung, collectives=1)
    return demo


def figures(table):
    return {row.label: (row.total, row.collectives, row.individuals)
            for group in table.groups for row in group.rows}  # fmt: skip


def test_issued_decisions_dated_in_the_range_only(world):
    table = award_summary(**H1_2020)
    assert figures(table)[BK_TINH] == (5, 2, 3)  # 1/1 and 15/6 are inclusive
    assert figures(table)[CO_TINH] == (1, 1, 0)
    assert figures(table)["Chiến sĩ thi đua cấp tỉnh"] == (2, 0, 2)
    assert figures(table)["Tập thể lao động xuất sắc"] == (4, 4, 0)
    later = award_summary(start=date(2020, 6, 16), end=date(2020, 12, 31))
    assert figures(later)[BK_TINH] == (6, 6, 0)  # the draft never counts


def test_each_class_of_an_order_has_its_row(world):
    table = award_summary(**H1_2020)
    assert figures(table)["Huân chương Lao động hạng Nhất"] == (1, 0, 1)
    assert figures(table)["Huân chương Lao động hạng Nhì"] == (1, 0, 1)
    assert figures(table)["Huân chương Lao động hạng Ba"] == (2, 1, 1)
    assert figures(table)["Huân chương Độc lập hạng Ba"] == (0, 0, 0)
    assert figures(table)["Bà mẹ Việt Nam anh hùng"] == (1, 0, 1)


def test_rows_come_in_the_order_of_seed_003_in_the_words_of_the_law(world):
    table = award_summary(**H1_2020)
    lines = []
    for group in table.groups:
        lines.append((group.number, group.label))
        lines += [(str(row.number), row.label) for row in group.rows]
    lines.append(("", "Tổng cộng"))
    assert lines == SEED_003_TABLE
    assert [g for g, _label, _rows in SEED_003_ROWS] == ["I", "II", "III"]


def test_totals(world):
    table = award_summary(**H1_2020)
    # 5 + 1 + 2 + 4 + 4 + 1 + 1 (BK TTg) + 1 (CSTĐ toàn quốc), and 8 LĐTT in group III.
    assert (table.total, table.collectives, table.individuals) == (27, 9, 18)
    state, province, base = table.groups
    assert state.total == 7 and province.total == 12 and base.total == 8
    assert table.total == sum(row.total for g in table.groups for row in g.rows)


def test_authority_counts_its_own_decisions_only(world):
    table = award_summary(**H1_2020, authority=world.org["DT"])
    assert figures(table)["Bằng khen của Thủ tướng Chính phủ"] == (0, 0, 0)
    assert table.total == 26
    central = award_summary(**H1_2020, authority=world.org["TW-HDTDKT"])
    assert central.total == 1


def test_bloc_counts_its_member_units_and_their_people_only(world):
    bloc = world.bloc  # Sở Xây dựng is a member in 2020, Hội LHPN tỉnh is not
    table = award_summary(**H1_2020, bloc=bloc)
    assert figures(table)[BK_TINH] == (5, 2, 3)
    assert figures(table)["Tập thể lao động xuất sắc"] == (0, 0, 0)
    assert figures(table)["Chiến sĩ thi đua cấp tỉnh"] == (0, 0, 0)
    assert figures(table)["Huân chương Lao động hạng Ba"] == (1, 0, 1)
    assert table.total == 5 + 1 + 3 + 1 + 1 + 8  # the 8 LĐTT are Sở Xây dựng's people
    # Membership is per year: a range in 2021 finds no member of 2020.
    give("BK_TINH", decision(world.org["DT"], date(2021, 2, 1)), world.org["DT-SXD"], people=1)
    assert award_summary(start=date(2021, 1, 1), end=date(2021, 12, 31), bloc=bloc).total == 0
    BlocMembership.objects.create(bloc=bloc, organization=world.org["DT-SXD"], year=2021)
    assert award_summary(start=date(2021, 1, 1), end=date(2021, 12, 31), bloc=bloc).total == 1


@pytest.mark.parametrize("awards", [10, 200])
def test_one_query_per_table_whatever_the_number_of_awards(
    demo, awards, django_assert_max_num_queries
):
    dated = decision(demo.org["DT"], date(2020, 3, 1))
    codes = [code for _n, _l, rows in SEED_003_ROWS for _label, codes in rows for code in codes]
    for index in range(awards):
        give(codes[index % len(codes)], dated, demo.org["DT-SXD"], people=index % 2,
             collectives=1 - index % 2)  # fmt: skip
    # The awards, the nominees proposed (the range is a default period: no lookup).
    with django_assert_max_num_queries(2):
        table = award_summary(**H1_2020, bloc=demo.bloc)
    assert table.total == awards
    with django_assert_max_num_queries(2):
        award_summary(**H1_2020, authority=demo.org["DT"])


@pytest.mark.parametrize("awards", [10, 200])
def test_page_queries_do_not_grow_with_awards(client, demo, awards, django_assert_max_num_queries):
    dated = decision(demo.org["DT"], date(2020, 3, 1))
    give("BK_TINH", dated, demo.org["DT-SXD"], collectives=awards)
    client.force_login(demo.reviewer)
    # session, user, 4 roles (the 4th: leader changes, mid-year hand-overs), 3 choices, 2 counts
    # (awarded, proposed), 1 bell, 1 data years (blocs.years), 1 role menu (the user's units)
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"from": "01/01/2020", "to": "15/06/2020"})
    assert response.context["table"].total == awards


def _page_figures(html: str) -> dict[str, tuple[int, int, int]]:
    table = html.split('data-testid="award-summary"', 1)[1].split("</table>", 1)[0]
    result = {}
    for row in re.findall(r"<tr[^>]*data-row=[^>]*>(.*?)</tr>", table, re.S):
        label = re.search(r'data-col="label">([^<]*)<', row).group(1).strip()
        numbers = tuple(
            int(re.search(rf'data-col="{c}">(\d+)<', row).group(1))
            for c in ("total", "collectives", "individuals")
        )
        result[label] = numbers
    return result


def test_page_and_xlsx_show_the_same_figures(client, world):
    client.force_login(world.reviewer)
    params = {"from": "01/01/2020", "to": "15/06/2020", "authority": world.org["DT"].pk}
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="award-summary"' in html
    assert "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)" in html
    page = _page_figures(html)
    assert page[BK_TINH] == (5, 2, 3)
    assert page["Tổng cộng"] == (26, 8, 18)

    download = client.get(URL, {**params, "format": "xlsx"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert ws["A1"].value == f"{TITLE} 06 THÁNG ĐẦU NĂM 2020"
    assert ws["A2"].value == "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)"
    assert tuple(c.value for c in ws[5]) == HEADERS
    sheet = {}
    lines = []
    for number, label, total, collectives, individuals, _note in ws.iter_rows(
        min_row=6, values_only=True
    ):
        lines.append((str(number or ""), label))
        if total is not None:
            sheet[label] = (total, collectives, individuals)
    assert lines == SEED_003_TABLE
    assert sheet == page
    # Printed form: A4 portrait, Times New Roman 13, text cells are strings, borders, bold rows.
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    for row in ws.iter_rows(min_row=5):
        for cell in row:
            assert cell.font.name == "Times New Roman" and cell.font.sz == 13
            assert cell.border.left.style == "thin"
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    assert ws["B6"].font.b and ws["B7"].font.b is not True and ws.cell(ws.max_row, 2).font.b


def test_xlsx_text_is_never_a_formula(demo):
    table = award_summary(**H1_2020, authority=demo.org["DT"])
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active
    assert all(
        cell.data_type != "f" for row in ws.iter_rows() for cell in row if cell.value is not None
    )
    assert ws["A3"].value == "Ủy ban nhân dân tỉnh Đồng Tháp"


# Permissions -------------------------------------------------------------------------------


def _reviewer_of(organization_code, demo):
    user = User.objects.create(username=f"reviewer-{organization_code}")
    StaffAssignment.objects.create(user=user, organization=demo.org[organization_code])
    return user


def test_reviewer_sees_own_authority_and_its_blocs(client, world):
    client.force_login(world.reviewer)
    assert client.get(URL).status_code == 200  # defaults: this year, their authority
    response = client.get(URL, {"from": "01/01/2020", "to": "15/06/2020"})
    assert response.context["authority"] == world.org["DT"]
    assert response.context["table"].total == 26
    response = client.get(URL, {"from": "01/01/2020", "to": "15/06/2020", "bloc": world.bloc.pk})
    assert response.status_code == 200
    assert response.context["table"].total == 19  # bloc: 11 in I–II, 8 LĐTT in III
    assert [o.code for o in response.context["authorities"]] == ["DT"]


def test_unit_officer_is_refused(client, world):
    client.force_login(world.xaydung)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"authority": world.org["DT"].pk}).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reviewer_of_another_authority_is_refused(client, world):
    client.force_login(_reviewer_of("AG-SNV", world))
    assert client.get(URL).status_code == 200  # An Giang's own figures
    assert client.get(URL, {"authority": world.org["DT"].pk}).status_code == 403
    assert client.get(URL, {"bloc": world.bloc.pk}).status_code == 403
    html = client.get(URL).content.decode()
    assert "Khối thi đua 4A" not in html and "Đồng Tháp" not in html


def test_secretariat_sees_the_bloc_it_leads_that_year(client, world):
    client.force_login(world.secretariat)
    params = {"from": "01/01/2020", "to": "15/06/2020", "bloc": world.bloc.pk}
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["table"].total == 19
    assert response.context["authorities"] == []
    assert client.get(URL, {**params, "to": "31/03/2021"}).status_code == 403
    assert client.get(URL, {**params, "bloc": "", "authority": world.org["DT"].pk}).status_code == (
        403
    )
    # Without dates, the year it last led the bloc.
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["bloc"] == world.bloc


def test_administrator_sees_everything(client, world):
    client.force_login(world.admin)
    response = client.get(URL, {"from": "01/01/2020", "to": "15/06/2020"})
    assert response.status_code == 200
    assert response.context["table"].total == 27
    assert "Tất cả cơ quan quyết định" in response.content.decode()
    assert client.get(URL, {"bloc": 999999}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"from": "31/02/2020", "to": "15/06/2020"},
        {"from": "2020-01-01", "to": "15/06/2020"},
        {"from": "01/01/2020", "to": "abc"},
        {"from": "16/06/2020", "to": "15/06/2020"},
    ],
)
def test_bad_dates_give_a_message_not_an_error(client, world, params):
    client.force_login(world.reviewer)
    for extra in ({}, {"format": "xlsx"}):
        response = client.get(URL, {**params, **extra})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert 'data-testid="award-summary-error"' in html
        assert 'data-testid="award-summary"' not in html
        assert "dd/mm/yyyy" in html or "trước hoặc trùng" in html


def test_authority_and_bloc_together_is_a_message(client, world):
    client.force_login(world.reviewer)
    response = client.get(URL, {"authority": world.org["DT"].pk, "bloc": world.bloc.pk})
    assert response.status_code == 200
    assert "Chỉ chọn một" in response.content.decode()


# Command -----------------------------------------------------------------------------------


def test_command_writes_the_table(world, tmp_path):
    output = tmp_path / "tong-hop.xlsx"
    call_command(
        "award_summary", "--bloc", "ktđ4a", "--from", "01/01/2020", "--to", "15/06/2020",
        "--format", "xlsx", "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    ws = openpyxl.load_workbook(output).active
    assert ws["A1"].value == f"{TITLE} 06 THÁNG ĐẦU NĂM 2020"
    assert ws["A3"].value == "Khối thi đua 4A"
    total = next(r for r in ws.iter_rows(min_row=6, values_only=True) if r[1] == "Tổng cộng")
    assert total[2:5] == (19, 4, 15)

    call_command(
        "award_summary", "--authority", "DT", "--from", "01/01/2020", "--to", "15/06/2020",
        "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    ws = openpyxl.load_workbook(output).active
    assert next(r for r in ws.iter_rows(values_only=True) if r[1] == "Tổng cộng")[2] == 26


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "01/01/2020", "--to", "15/06/2020"],
        ["--bloc", "KTĐ4A", "--authority", "DT", "--from", "01/01/2020", "--to", "15/06/2020"],
    ],
)
def test_command_wants_exactly_one_of_bloc_and_authority(world, tmp_path, args):
    with pytest.raises(CommandError):
        call_command("award_summary", *args, "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bloc", "KHÔNG-CÓ"], "Không có khối, cụm"),
        (["--authority", "XX"], "Không có cơ quan"),
        (["--bloc", "KTĐ4A", "--from", "32/01/2020"], "không hợp lệ"),
        (["--bloc", "KTĐ4A", "--to", "01/01/2019"], "phải trước"),
    ],
)
def test_command_explains_bad_input_in_vietnamese(world, tmp_path, args, message):
    options = {"--from": "01/01/2020", "--to": "15/06/2020"}
    scope = args[:2]
    rest = args[2:]
    for key, value in zip(rest[::2], rest[1::2], strict=True):
        options[key] = value
    flat = [x for pair in options.items() for x in pair]
    with pytest.raises(CommandError, match=message):
        call_command("award_summary", *scope, *flat, "-o", str(tmp_path / "x.xlsx"))
