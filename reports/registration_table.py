"""Phụ lục 1 — the bloc's registration table — as plain data for the PDF and the DOCX."""

from collections import defaultdict
from dataclasses import dataclass, field

from campaigns.exporter import roman
from campaigns.models import Registration, Target, TitleRegistration


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
        .order_by("position", "organization__name", "pk")
        .values_list("pk", "organization__name")
    )
    # Each unit's targets, then its titles, in their default order: plain rows grouped here
    # (prefetching builds a manager per registration, slow with hundreds of units).
    lines = defaultdict(list)  # registration id → [(text, due)]
    of_bloc = {"registration__campaign": campaign, "registration__bloc": bloc}
    targets = Target.objects.filter(**of_bloc).values_list("registration_id", "text", "due_text")
    for registration_id, text, due in targets:
        lines[registration_id].append((text, due))
    for title in TitleRegistration.objects.filter(**of_bloc).select_related("award_type"):
        label = f"{title.award_type.name}: {title.count:02d} {title.award_type.unit_word}"
        lines[title.registration_id].append((label, ""))
    units = [
        Unit(roman(index), name, [Line(n, *line) for n, line in enumerate(lines[pk], start=1)])
        for index, (pk, name) in enumerate(registrations, start=1)
    ]
    return RegistrationTable(
        issuer=bloc.name.upper(),
        bloc_name=bloc.name,
        bloc_code=bloc.code,
        year=campaign.year,
        title=f"BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU {bloc.name.upper()}",
        units=units,
    )
