"""Phụ lục 1 — the bloc's registration table — as plain data for the PDF and the DOCX."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F

from blocs.emulation_year import EmulationYear
from campaigns.exporter import roman
from campaigns.models import Registration, Target, TitleRegistration
from emulation_portal.text import vi_order


@dataclass
class Line:
    number: int
    text: str
    due: str = ""


@dataclass
class Unit:
    numeral: str
    name: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class RegistrationTable:
    issuer: str
    bloc_name: str
    bloc_code: str
    year: int
    title: str
    units: list[Unit]

    @classmethod
    def from_dict(cls, data: dict) -> "RegistrationTable":
        units = [
            Unit(u["numeral"], u["name"], [Line(**line) for line in u["lines"]])
            for u in data["units"]
        ]
        return cls(**{**data, "units": units})

    @property
    def attached(self) -> str:
        """The line under the title, with blanks for the report's number and date."""
        return (
            f"(Kèm theo Báo cáo số:      /BC-{self.bloc_code} ngày    tháng    năm {self.year} "
            f"của {self.bloc_name})"
        )


def registration_table(*, campaign, bloc) -> RegistrationTable:
    # The table's order: as imported (position), then the units registered by form (no
    # position) by name. SQLite puts NULL first, PostgreSQL last: say where, or the order of the
    # table depends on the database.
    registrations = (
        Registration.objects.filter(campaign=campaign, bloc=bloc)
        .order_by(F("position").asc(nulls_last=True), vi_order("organization__name"), "pk")
        .values_list("pk", "organization__name")
    )
    # Each unit's targets, then its titles, by ordinal: plain rows grouped here
    # (prefetching builds a manager per registration, slow with hundreds of units).
    lines = defaultdict(list)  # registration id → [(text, due)]
    of_bloc = {"registration__campaign": campaign, "registration__bloc": bloc}
    targets = (
        Target.objects.filter(**of_bloc)
        .order_by("ordinal", "pk")
        .values_list("registration_id", "text", "due_text")
    )
    for registration_id, text, due in targets:
        lines[registration_id].append((text, due))
    titles = TitleRegistration.objects.filter(**of_bloc).order_by("ordinal", "pk")
    for title in titles.select_related("award_type"):
        label = f"{title.award_type.name}: {title.count:02d} {title.award_type.unit_word}"
        lines[title.registration_id].append((label, ""))
    units = [
        Unit(roman(index), name, [Line(n, *line) for n, line in enumerate(lines[pk], start=1)])
        for index, (pk, name) in enumerate(registrations, start=1)
    ]
    title = f"BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU {bloc.name.upper()}"
    year = EmulationYear.of(campaign.authority, campaign.year)
    if year.is_school:  # the line below names one calendar year; a school year spans two
        title = f"{title} {year.label.upper()}"
    return RegistrationTable(
        issuer=bloc.name.upper(),
        bloc_name=bloc.name,
        bloc_code=bloc.code,
        year=campaign.year,
        title=title,
        units=units,
    )
