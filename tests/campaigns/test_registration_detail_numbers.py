"""The registration page writes a planned value as the documents do: "100%", "1.234,5 tỷ
đồng" (issue 13: it printed "100 %")."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns import services

pytestmark = pytest.mark.django_db


def test_a_percent_sticks_to_its_number(client, demo, campaign):
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration,
        targets=[
            services.TargetInput(text="Tỷ lệ hồ sơ đúng hạn", planned_value=Decimal("100"),
                                 unit="%"),
            services.TargetInput(text="Thu ngân sách", planned_value=Decimal("1234.5"),
                                 unit="tỷ đồng"),
        ],
        titles=[], actor=demo.xaydung,
    )  # fmt: skip
    client.force_login(demo.xaydung)
    html = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert "100%" in html
    assert "100 %" not in html
    assert "1.234,5 tỷ đồng" in html


def test_no_template_puts_a_space_before_a_percent():
    offenders = []
    base = Path(settings.BASE_DIR)
    for path in [*base.glob("*/templates/**/*.html"), *base.glob("templates/**/*.html")]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\}\}\s+%|\}\}\s+\{\{\s*[\w.]*unit\s*\}\}", line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert offenders == []
