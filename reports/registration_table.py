"""Phụ lục 1 — the bloc's registration table — as plain data for the PDF and the DOCX."""

from dataclasses import dataclass, field

from campaigns.exporter import roman
from campaigns.models import Registration


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
    registrations = (
        Registration.objects.filter(campaign=campaign, bloc=bloc)
        .select_related("organization")
        .prefetch_related("targets", "titles__award_type")
        .order_by("position", "organization__name", "pk")
    )
    units = []
    for index, registration in enumerate(registrations, start=1):
        unit = Unit(roman(index), registration.organization.name)
        for target in registration.targets.all():
            unit.lines.append(Line(len(unit.lines) + 1, target.text, target.due_text))
        for title in registration.titles.all():
            label = f"{title.award_type.name}: {title.count:02d} {title.award_type.unit_word}"
            unit.lines.append(Line(len(unit.lines) + 1, label))
        units.append(unit)
    return RegistrationTable(
        issuer=bloc.name.upper(),
        bloc_name=bloc.name,
        bloc_code=bloc.code,
        year=campaign.year,
        title=f"BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU {bloc.name.upper()}",
        units=units,
    )
