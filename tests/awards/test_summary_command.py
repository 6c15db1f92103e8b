"""`manage.py award_summary` offers what the summary page offers: the recipients of one province
whoever decided (`--province`), and the achievement year as the basis (`--achievement-year`)
instead of the decision dates (`--from`/`--to`). And the page's two tables, from one partial."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.summary import award_summary, figures
from blocs.models import Bloc, Organization
from tests.awards.test_summary import BK_TINH, H1_2020, URL, decision, give

pytestmark = pytest.mark.django_db


def _org(code: str) -> Organization:
    return Organization.objects.get(code=code)


def _run(tmp_path, *args) -> str:
    out = io.StringIO()
    call_command("award_summary", *args, "-o", str(tmp_path / "t.xlsx"), stdout=out)
    return out.getvalue()


def _total(output: str) -> int:
    return int(next(line for line in output.splitlines() if line.startswith("Tổng cộng:"))[10:])


def test_province_counts_its_recipients_whoever_decided(world, tmp_path):
    """A central decision for a unit of Đồng Tháp counts for the province, not for UBND tỉnh."""
    central = decision(_org("TW-HDTDKT"), date(2020, 3, 2))
    give("BK_TTG", central, _org("DT-SXD"), collectives=1)
    dates = ["--from", "01/01/2020", "--to", "15/06/2020"]
    province = _run(tmp_path, "--province", "dt", *dates)
    by_authority = _run(tmp_path, "--authority", "DT", *dates)
    expected = award_summary(**H1_2020, province=_org("DT"))
    assert _total(province) == expected.total == _total(by_authority) + 1
    assert "Bằng khen của Thủ tướng Chính phủ: 1" in province
    assert (tmp_path / "t.xlsx").exists()


def test_achievement_year_counts_awards_for_that_year_whenever_decided(world, tmp_path):
    later = decision(_org("DT"), date(2021, 2, 10))  # 2020's work, decided in 2021
    give("BK_TINH", later, _org("DT-SXD"), collectives=2)
    output = _run(tmp_path, "--bloc", "KTĐ4A", "--achievement-year", "2021")
    expected = award_summary(year=2021, bloc=Bloc.objects.get(code="KTĐ4A"))
    assert "(khen thưởng thành tích năm 2021)" in output
    assert _total(output) == expected.total
    assert f"{BK_TINH}: {expected.row(BK_TINH).total}" in output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--achievement-year", "2020", "--from", "01/01/2020", "--to", "15/06/2020"], "hoặc"),
        (["--achievement-year", "hai nghìn"], "không hợp lệ"),
        (["--achievement-year", "20200"], "không hợp lệ"),
        (["--from", "01/01/2020"], "--to"),
        ([], "--achievement-year"),
        (["--province", "DT-SXD", "--achievement-year", "2020"], "không phải tỉnh"),
    ],
)
def test_period_and_province_mistakes_are_explained(world, tmp_path, args, message):
    scope = [] if "--province" in args else ["--bloc", "KTĐ4A"]
    with pytest.raises(CommandError, match=message):
        _run(tmp_path, *scope, *args)
    assert not (tmp_path / "t.xlsx").exists()


def test_the_page_prints_both_tables_from_one_partial(client, demo):
    """The awarded and the proposed-against-awarded tables share awards/_summary_table.html:
    same rows, each with its own figure columns."""
    client.force_login(demo.reviewer)
    html = client.get(URL, {"from": "01/01/2020", "to": "15/06/2020"}).content.decode()
    table = award_summary(**H1_2020, authority=_org("DT"))
    for testid, names in (
        ("award-summary", ("total", "collectives", "individuals")),
        ("award-summary-proposed", ("proposed", "approved")),
    ):
        part = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
        assert re.findall(r'data-col="label">([^<]*)<', part) == [
            *(row.label for group in table.groups for row in group.rows),
            "Tổng cộng",
        ]
        total = part.split('data-row="total"', 1)[1]
        assert [int(re.search(rf'data-col="{n}">(\d+)<', total)[1]) for n in names] == [
            value for _name, value in figures(table, "awarded" if len(names) == 3 else "proposed")
        ]
