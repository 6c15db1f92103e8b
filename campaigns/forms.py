from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from blocs.emulation_year import EmulationYear
from blocs.models import YearKind
from emulation_portal import uploads
from emulation_portal.autocomplete import ORGANIZATIONS, searched
from emulation_portal.fields import (
    LONG_TEXT_MAX,
    MEDIUM_TEXT_MAX,
    SHORT_TEXT_MAX,
    LocalDateField,
    LocalDecimalField,
    LocalIntegerField,
    LocalNumberInput,
)

from . import permissions
from .due import impossible_date
from .models import Campaign, OutlineSection, PeriodSchedule, ReportingPeriod, TargetProgress


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input: browsers' date pickers would show the locale of the machine."""

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}, **kwargs)


def _limit_authority(form, user):
    """The authorities the user launches for: an administrator's are every organisation,
    searched rather than listed; a reviewer's one or few stay a select."""
    authorities = permissions.campaign_authorities(user)
    form.fields["authority"].queryset = authorities
    if len(authorities[:2]) > 1:
        form.fields["authority"] = searched(
            form.fields["authority"], ORGANIZATIONS, authorities, "campaign_authorities"
        )


def _within_school_year(form, authority, year) -> None:
    """A school-year authority's campaign or period lies within its year (01/09/2020–31/05/2021
    for 2020): dates outside it would be counted in another year's reports. Calendar years are
    not bounded here, as before."""
    if authority is None or year is None or authority.year_kind != YearKind.SCHOOL:
        return
    span = EmulationYear.of(authority, year)
    for name in ("start", "end"):
        day = form.cleaned_data.get(name)
        if day and day not in span:
            form.add_error(
                name,
                _("Ngày %(day)s nằm ngoài %(year)s (%(start)s–%(end)s).")
                % {
                    "day": day.strftime("%d/%m/%Y"),
                    "year": span.label,
                    "start": span.start.strftime("%d/%m/%Y"),
                    "end": span.end.strftime("%d/%m/%Y"),
                },
            )


class CampaignForm(forms.ModelForm):
    # Records keep a school year as the calendar year it starts in (blocs/emulation_year.py).
    year = LocalIntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        help_text=_("Cơ quan tính theo năm học: ghi năm bắt đầu (năm học 2020–2021 ghi 2020)."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name", "kind", "year", "authority", "plan_symbol", "plan_date", "start", "end",
            "registration_deadline", "description",
        ]  # fmt: skip
        widgets = {
            name: DateInput() for name in ("plan_date", "start", "end", "registration_deadline")
        }
        field_classes = dict.fromkeys(
            ("plan_date", "start", "end", "registration_deadline"), LocalDateField
        )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_authority(self, user)

    def clean(self):
        data = super().clean()
        _within_school_year(self, data.get("authority"), data.get("year"))
        return data


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt"), max_length=100)
    start = LocalDateField(label=_("Từ ngày"), widget=DateInput())
    end = LocalDateField(label=_("Đến ngày"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


# Row limits: a posted TOTAL_FORMS is trusted up to `absolute_max` (Django's default: 2000), and a
# junk "99999999999999999999" made one request build and render 2000 forms (9 s, a 4 MB page).
# Beyond the limit the formset says how many rows it takes; real forms stay far below.
PHASES_MAX, TARGETS_MAX, TITLES_MAX, DOCUMENTS_MAX = 20, 300, 50, 100

PhaseFormSet = forms.formset_factory(
    PhaseForm, extra=2, can_delete=True, max_num=PHASES_MAX, absolute_max=PHASES_MAX
)


def validate_due_text(value: str) -> None:
    """A day that does not exist ("31/02/2020") is a typo, not a deadline to flag later."""
    if bad := impossible_date(value):
        raise forms.ValidationError(
            _("“%(date)s” không phải là ngày có thật (ngày/tháng/năm)."),
            code="impossible_date",
            params={"date": bad},
        )


class RowForm(forms.Form):
    """A formset row rendered as bare widgets in table cells."""

    def has_changed(self):
        # formset.js numbers every row, the blank one too: a number alone is not an entry.
        return any(name != "ORDER" for name in self.changed_data)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class RowFormSet(forms.BaseFormSet):
    """Bootstrap classes and accessible names on every widget, ORDER and DELETE included."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = forms.HiddenInput()
        for name, field in form.fields.items():
            if name == "DELETE":
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            field.widget.attrs.update({"class": css, "aria-label": str(field.label or name)})


class TargetForm(RowForm):
    # The target this row edits: saves update it in place, so what units reported on it stays
    # attached. Empty on rows added in the page.
    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Chỉ tiêu thi đua"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MEDIUM_TEXT_MAX,
    )
    planned_value = LocalDecimalField(
        label=_("Giá trị phấn đấu"), required=False, max_digits=18, decimal_places=3
    )
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    due_text = forms.CharField(
        label=_("Thời gian hoàn thành"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Tháng 11/2020, Quý IV/2020, 6 tháng đầu năm 2020, 15/10/2020"),
        validators=[validate_due_text],
    )
    points = LocalDecimalField(label=_("Điểm"), required=False, max_digits=7, decimal_places=2)
    note = forms.CharField(label=_("Ghi chú"), max_length=SHORT_TEXT_MAX, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("unit")
            and data.get("planned_value") is None
            and "planned_value" not in self.errors
        ):
            self.add_error("planned_value", _("Có đơn vị tính thì cần giá trị phấn đấu."))
        return data


TargetFormSet = forms.formset_factory(
    TargetForm,
    formset=RowFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=TARGETS_MAX,
    absolute_max=TARGETS_MAX,
)


class TitleForm(RowForm):
    award_type = forms.ModelChoiceField(label=_("Danh hiệu"), queryset=None)
    count = LocalIntegerField(label=_("Số lượng"), min_value=1, max_value=100000)

    def __init__(self, *args, award_types, **kwargs):
        # `award_types`: what the registration may list (selectors.registrable_titles), so a
        # posted id of another authority's title is a field error.
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types
        self.fields["award_type"].empty_label = _("— chọn danh hiệu —")


TitleFormSet = forms.formset_factory(
    TitleForm,
    formset=RowFormSet,
    extra=1,
    can_delete=True,
    max_num=TITLES_MAX,
    absolute_max=TITLES_MAX,
)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=SHORT_TEXT_MAX
    )


class BulkAcceptForm(forms.Form):
    """Several submitted papers, one comment. `queryset` holds only what the user may accept;
    the service checks each paper again."""

    items = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị đã gửi"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một đơn vị."),
            "invalid_choice": _("Hồ sơ đã chọn không còn chờ chấp nhận; hãy mở lại trang."),
        },
    )
    reason = forms.CharField(
        label=_("Ý kiến chung"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = queryset
        self.fields["items"].label_from_instance = lambda paper: paper.organization.name


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Bảng tổng hợp đăng ký chỉ tiêu theo mẫu Phụ lục 1; tối đa 10 MB."),
    )
    replace_accepted = forms.BooleanField(
        label=_("Thay thế cả những đăng ký đã được chấp nhận"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if message := uploads.size_error(upload.size):
            raise forms.ValidationError(message)
        return upload


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due", "outline", "is_closed"]
        widgets = {name: DateInput() for name in ("start", "end", "due")}
        field_classes = dict.fromkeys(("start", "end", "due"), LocalDateField)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The shared outlines and the period's authority's own; never another authority's.
        self.fields["outline"].queryset = permissions.outlines_for(self.instance.authority_id)

    def clean(self):
        # The database's period_dates rule, checked here so the error sits on "end".
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        period = self.instance
        _within_school_year(self, period.authority if period.authority_id else None, period.year)
        return data


class PeriodDefaultsForm(forms.Form):
    authority = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None)
    year = LocalIntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_authority(self, user)


def _day_month(name):
    field = PeriodSchedule._meta.get_field(name)
    top = 31 if name.endswith("_day") else 12
    return LocalIntegerField(label=capfirst(field.verbose_name), min_value=1, max_value=top)


class PeriodScheduleForm(forms.ModelForm):
    """One period kind's dates (day and month in the authority's emulation year) and outline;
    the instance carries the authority and kind, so the model's checks name the row."""

    start_day, start_month = _day_month("start_day"), _day_month("start_month")
    end_day, end_month = _day_month("end_day"), _day_month("end_month")
    due_day, due_month = _day_month("due_day"), _day_month("due_month")

    class Meta:
        model = PeriodSchedule
        fields = [
            "start_day", "start_month", "end_day", "end_month", "due_day", "due_month", "outline",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The shared outlines and the authority's own, as for its periods; blank: the built-in.
        self.fields["outline"].queryset = permissions.outlines_for(self.instance.authority_id)
        self.fields["outline"].help_text = _("Để trống: đề cương mặc định của loại kỳ.")


class SectionForm(forms.ModelForm):
    class Meta:
        model = OutlineSection
        fields = ["number", "title", "kind", "source", "hint"]
        widgets = {"hint": forms.Textarea(attrs={"rows": 2})}


class ProgressLineForm(forms.Form):
    """One registered target's situation in the period."""

    state = forms.ChoiceField(label=_("Tình hình"))
    achieved_value = LocalDecimalField(
        label=_("Kết quả đạt được"), required=False, max_digits=18, decimal_places=3
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=MEDIUM_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    evidence = forms.FileField(label=_("Thêm minh chứng"), required=False)

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.fields["state"].choices = TargetProgress.State.choices
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )  # fmt: skip
            field.widget.attrs["aria-label"] = f"{field.label} – {line.target.ordinal}"

    def clean(self):
        data = super().clean()
        target = self.line.target
        done = data.get("state") in TargetProgress.DONE_STATES
        if (
            target.kind == target.Kind.QUANTITATIVE
            and done
            and data.get("achieved_value") is None
            and "achieved_value" not in self.errors
        ):
            self.add_error(
                "achieved_value",
                _("Chỉ tiêu định lượng: hãy ghi kết quả đạt được (số)."),
            )
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    # A statistic may fall (a growth rate of -2 %), so it alone may be negative.
    value = LocalDecimalField(
        label=_("Số liệu"),
        required=False,
        max_digits=18,
        decimal_places=3,
        min_value=None,
        widget=LocalNumberInput(attrs={"class": "form-control"}),
    )


class DocumentForm(RowForm):
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = LocalDateField(label=_("Ngày ban hành"), widget=DateInput())
    title = forms.CharField(label=_("Trích yếu"), max_length=500)


DocumentFormSet = forms.formset_factory(
    DocumentForm,
    formset=RowFormSet,
    extra=1,
    can_delete=True,
    max_num=DOCUMENTS_MAX,
    absolute_max=DOCUMENTS_MAX,
)


class ScoreForm(forms.Form):
    """Points for one leaf criterion; built per criterion by the scoring view."""

    points = LocalDecimalField(label=_("Điểm"), required=False, max_digits=7, decimal_places=2)
    comment = forms.CharField(label=_("Nhận xét"), required=False, max_length=SHORT_TEXT_MAX)


class MeetingForm(forms.Form):
    held_on = LocalDateField(label=_("Ngày họp"), widget=DateInput())
    attendees = LocalIntegerField(label=_("Số đơn vị dự họp"), min_value=1, max_value=500)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
