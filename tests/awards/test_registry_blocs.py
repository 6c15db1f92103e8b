"""The award registry names each award's bloc and filters by it (issue 14, Deliver 9).

A unit's bloc is the one it belongs to in the achievement year or in the year of the decision
(a bloc reports its members' awards decided in its year: seed 000's 2019 awards of 2020).
"""

import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from tests.awards.test_summary import decision, give

pytestmark = pytest.mark.django_db

REGISTRY = reverse("registry")


def test_registry_has_a_bloc_column_and_filter(client, demo, django_assert_max_num_queries):
    give("BK_TINH", decision(demo.org["DT"], date(2020, 4, 1)), demo.org["DT-SXD"], people=2)
    outsider = decision(demo.org["DT"], date(2020, 4, 2))
    give("BK_TINH", outsider, demo.org["DT-HLHPN"], collectives=1)  # in no bloc
    client.force_login(demo.reviewer)
    html = client.get(REGISTRY).content.decode()
    table = html.split('data-testid="registry"', 1)[1]
    assert "Khối, cụm" in table
    assert re.search(r'Sở Xây dựng</a></td><td><a href="\?bloc=\d+">Khối thi đua 4A', table)
    response = client.get(REGISTRY, {"bloc": demo.bloc.pk})
    units = {a.organization.code for a in response.context["page"]}
    assert "DT-SXD" in units and "DT-HLHPN" not in units
    assert f'value="{demo.bloc.pk}" selected' in response.content.decode()
    for _ in range(3):
        give("BK_TINH", outsider, demo.org["DT-SCT"], collectives=20)
    # 13: roles_for reads the leader changes of the user's blocs (mid-year hand-overs).
    with django_assert_max_num_queries(13):
        client.get(REGISTRY, {"bloc": demo.bloc.pk})
    assert client.get(REGISTRY, {"bloc": "abc"}).status_code == 200


def test_registry_spreadsheet_names_the_bloc_as_a_clerk_expects(client, demo):
    """The registry's XLSX goes through the document registry: a bloc column as on the page,
    Times New Roman, borders, the decision's date a real date shown dd/mm/yyyy, landscape A4."""
    give("BK_TINH", decision(demo.org["DT"], date(2020, 4, 1)), demo.org["DT-SXD"], people=1)
    client.force_login(demo.reviewer)
    response = client.get(REGISTRY, {"bloc": demo.bloc.pk, "format": "xlsx"})
    assert 'filename="so-khen-thuong.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    assert "Khối, cụm" in rows[header]
    bloc_column = rows[header].index("Khối, cụm")
    line = next(row for row in rows[header + 1 :] if row[4] == "Sở Xây dựng")
    assert line[bloc_column] == "Khối thi đua 4A"
    assert line[-1] == datetime(2020, 4, 1)
    cell = sheet.cell(header + 2, len(rows[header]))
    assert cell.number_format == "dd/mm/yyyy" and cell.border.left.style == "thin"
    assert {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None} == {
        "Times New Roman"
    }
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${header + 1}:${header + 1}"
