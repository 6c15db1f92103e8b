"""The year-end meeting form: date, attendees, note, and a tick plus a vote count for every
(member, award type) cell of the ranking table.

Every cell is a declared field, so a validation error re-renders each tick and count as it was
posted, a recorded meeting is the form's starting point (posted back unchanged it changes
nothing), and keys that name no cell (a crafted "nominate-1-2-3") are simply not read.
"""

from django import forms
from django.utils.translation import gettext as _

from .forms import MeetingForm


class MeetingNominationsForm(MeetingForm):
    def __init__(self, *args, units, award_types, meeting=None, **kwargs):
        if meeting is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "held_on": meeting.held_on,
                "attendees": meeting.attendees,
                "note": meeting.note,
            }
        super().__init__(*args, **kwargs)
        self.meeting_fields = list(self.fields)  # the ones rendered above the button
        self.units = list(units)
        self.award_types = list(award_types)
        recorded = {
            (n.organization_id, n.award_type_id): n.votes_for
            for n in (meeting.nominations.all() if meeting is not None else [])
        }
        for unit in self.units:
            for award in self.award_types:
                label = f"{unit.name} – {award.name}"
                votes = recorded.get((unit.pk, award.pk))
                self.fields[self._tick(unit, award)] = forms.BooleanField(
                    required=False,
                    initial=votes is not None,
                    widget=forms.CheckboxInput(
                        attrs={"class": "form-check-input", "aria-label": f"{_('Suy tôn')} {label}"}
                    ),
                )
                self.fields[self._votes(unit, award)] = forms.IntegerField(
                    required=False,
                    initial=votes,
                    error_messages={
                        "invalid": _("Số phiếu của %(label)s phải là số nguyên.") % {"label": label}
                    },
                    widget=forms.NumberInput(
                        attrs={
                            "min": 0,
                            "class": "form-control form-control-sm score-input",
                            "placeholder": _("số phiếu"),
                            "aria-label": _("Số phiếu") + f" {label}",
                        }
                    ),
                )

    @staticmethod
    def _tick(unit, award) -> str:
        return f"nominate-{unit.pk}-{award.pk}"

    @staticmethod
    def _votes(unit, award) -> str:
        return f"votes-{unit.pk}-{award.pk}"

    def cells(self, unit) -> list[tuple]:
        """(award type, tick field, votes field) of one row, for the template."""
        return [
            (award, self[self._tick(unit, award)], self[self._votes(unit, award)])
            for award in self.award_types
        ]

    def clean(self):
        data = super().clean()
        attendees = data.get("attendees")
        for unit in self.units:
            for award in self.award_types:
                votes_name = self._votes(unit, award)
                if votes_name in self.errors:
                    continue
                ticked, votes = data.get(self._tick(unit, award)), data.get(votes_name)
                values = {"label": f"{unit.name} – {award.name}", "votes": votes}
                if ticked and votes is None:
                    message = _("Ghi số phiếu đồng ý suy tôn %(label)s.")
                elif votes is not None and not ticked:
                    message = _(
                        "Đã ghi %(votes)s phiếu cho %(label)s nhưng chưa đánh dấu suy tôn: "
                        "đánh dấu ô, hoặc xoá số phiếu."
                    )
                elif votes is not None and votes < 0:
                    message = _("Số phiếu của %(label)s (%(votes)s) không được âm.")
                elif votes is not None and attendees is not None and votes > attendees:
                    message = _(
                        "Số phiếu của %(label)s (%(votes)s) lớn hơn số đơn vị dự họp (%(n)s)."
                    )
                    values["n"] = attendees
                else:
                    continue
                self.add_error(votes_name, message % values)
        return data

    def full_clean(self):
        super().full_clean()
        for name in self.errors:  # the cells in error show red, next to their message
            if name.startswith(("nominate-", "votes-")):
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def nominations(self) -> list[tuple]:
        """[(organization, award type, votes)] of the ticked cells; call once valid."""
        return [
            (unit, award, self.cleaned_data[self._votes(unit, award)])
            for unit in self.units
            for award in self.award_types
            if self.cleaned_data.get(self._tick(unit, award))
        ]
