from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.emulation_year import EmulationYear, year_choices, year_containing
from blocs.models import MAX_YEAR, MIN_YEAR, Organization, YearKind
from campaigns.forms import DateInput
from emulation_portal.autocomplete import ORGANIZATIONS, PEOPLE, AutocompleteField, searched
from emulation_portal.fields import (
    MEDIUM_TEXT_MAX,
    SHORT_TEXT_MAX,
    IdMultipleChoiceField,
    LocalDateField,
    LocalIntegerField,
)

from .models import AwardType, Decision, DossierDocument, Nominee, Proposal


class ProposalForm(forms.ModelForm):
    """Authority, proposer and (for a bloc) year come from what the user may act on
    (awards/permissions.py); the service checks the same again."""

    year = LocalIntegerField(label=_("Năm thành tích"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    class Meta:
        model = Proposal
        fields = ["title", "kind", "year", "proposer", "authority", "symbol", "dated", "deadline"]
        widgets = {"dated": DateInput(), "deadline": DateInput()}
        field_classes = {"dated": LocalDateField, "deadline": LocalDateField}

    def __init__(self, *args, authorities, proposers=None, bloc=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc, self.years = bloc, list(years)
        self.fields["authority"].queryset = authorities
        self.only_proposer = None
        if proposers is None:  # a bloc's proposal is made by that year's leader, to its authority
            del self.fields["proposer"]
            # The years the unit leads, named as the bloc's authority counts them; the value
            # stays a number, and a year outside them is refused by clean_year.
            self.fields["year"].widget = forms.Select(
                choices=year_choices(bloc.authority, self.years)
            )
            return
        self._explain_school_years(authorities)
        # Outside blocs an administrator's choices are every unit and authority: searched.
        if len(authorities[:2]) > 1:
            self.fields["authority"] = searched(
                self.fields["authority"], ORGANIZATIONS, authorities, "proposal_authorities"
            )
        self.fields["proposer"].queryset = proposers
        first_two = list(proposers[:2])
        if len(first_two) == 1:  # one's own unit: nothing to choose
            self.only_proposer = first_two[0]
            self.fields["proposer"].initial = self.only_proposer.pk
            self.fields["proposer"].empty_label = None
            self.fields["proposer"].required = False
        else:
            self.fields["proposer"] = searched(
                self.fields["proposer"], ORGANIZATIONS, proposers, "proposer_units"
            )

    def _explain_school_years(self, authorities):
        """The typed year is the number records keep: for a school-year authority, the year the
        school year starts in. Said only where such an authority can be chosen."""
        school = authorities.filter(year_kind=YearKind.SCHOOL).first()
        if school is not None:
            example = year_containing(school, timezone.localdate())
            self.fields["year"].help_text = _(
                "Cơ quan tính theo năm học: ghi năm bắt đầu của năm học (%(n)s là %(y)s)."
            ) % {"n": example.number, "y": example.label}

    def clean_proposer(self):
        return self.cleaned_data.get("proposer") or self.only_proposer

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.bloc is not None and year not in self.years:
            authority = self.bloc.authority
            raise forms.ValidationError(
                _(
                    "Đơn vị của bạn không phải khối trưởng của %(b)s %(y)s nên không lập "
                    "tờ trình của khối cho năm đó được (năm được lập: %(ok)s)."
                ),
                params={
                    "b": self.bloc,
                    "y": EmulationYear.of(authority, year).label,
                    "ok": ", ".join(EmulationYear.of(authority, y).span for y in self.years),
                },
            )
        return year


class NomineeForm(forms.Form):
    # A proposal's units may have hundreds of people: searched, not listed.
    person = AutocompleteField(PEOPLE, label=_("Cá nhân"), required=False)
    organization = forms.ModelChoiceField(
        label=_("hoặc tập thể"), queryset=Organization.objects.none(), required=False
    )
    award_type = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.none()
    )
    achievement = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MEDIUM_TEXT_MAX,
    )

    def __init__(self, *args, people, organizations, award_types, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        if proposal is not None:
            self.fields["person"].set_scope(people, "nominee_people", proposal=proposal.pk)
        self.fields["organization"].queryset = organizations
        self.fields["award_type"].queryset = award_types

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("organization")):
            raise forms.ValidationError(_("Chọn một cá nhân hoặc một tập thể."))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DossierDocument.Kind.choices)
    nominee = forms.ModelChoiceField(
        label=_("Của đối tượng"), queryset=Nominee.objects.none(), required=False,
        empty_label=_("— cả tờ trình —"),
    )  # fmt: skip
    file = forms.FileField(label=_("Tệp (PDF, ảnh, Word, Excel; tối đa 10 MB)"))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = proposal.nominees.all()


class VerdictForm(forms.Form):
    nominees = IdMultipleChoiceField(
        label=_("Đối tượng"), queryset=Nominee.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    verdict = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[
            c
            for c in Nominee.Verdict.choices
            if c[0] in ("eligible", "more_documents", "not_eligible")
        ],  # noqa: E501
    )
    note = forms.CharField(
        label=_("Lý do, ghi chú"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override = forms.CharField(
        label=_("Lý do vẫn chấp nhận dù kiểm tra tự động chưa đạt"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = proposal.nominees.exclude(
            verdict=Nominee.Verdict.WITHDRAWN
        )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến, lý do"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    number = LocalIntegerField(
        label=_("Số"),
        min_value=1,
        max_value=999999,
        required=False,
        help_text=_("Để trống: số kế tiếp."),
    )
    symbol_suffix = forms.CharField(label=_("Ký hiệu"), initial="QĐ-UBND.KT", max_length=40)
    dated = LocalDateField(label=_("Ngày ký"), widget=DateInput())
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, initial="Chủ tịch")
    corrects = forms.ModelChoiceField(
        label=_("Đính chính quyết định (nếu có)"), queryset=Decision.objects.none(), required=False
    )
    nominees = IdMultipleChoiceField(
        label=_("Đối tượng được khen thưởng"),
        required=False, queryset=Nominee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    authority = forms.ModelChoiceField(
        label=_("Cơ quan quyết định"), queryset=Organization.objects.none()
    )

    field_order = ["authority"]

    def __init__(self, *args, nominees, authorities, corrects, **kwargs):
        """Choices come from awards/permissions.py: the authorities the user decides for, their
        issued decisions, their approved nominees outside the user's own matters."""
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = nominees
        self.fields["corrects"].queryset = corrects
        self.fields["authority"].queryset = authorities
        first_two = list(authorities[:2])
        if len(first_two) == 1:  # a reviewer decides for one authority: nothing to choose
            self.only_authority = first_two[0]
            del self.fields["authority"]
        else:
            self.only_authority = None

    def clean(self):
        data = super().clean()
        authority = data.get("authority", self.only_authority)
        corrects, nominees = data.get("corrects"), data.get("nominees") or []
        if authority is None:
            return data
        data["authority"] = authority
        if corrects is not None and corrects.authority_id != authority.pk:
            self.add_error(
                "corrects",
                _("Chỉ đính chính được quyết định của chính %(a)s.") % {"a": authority},
            )
        if any(n.proposal.authority_id != authority.pk for n in nominees):
            self.add_error(
                "nominees",
                _("Một quyết định chỉ gồm các đối tượng trình %(a)s.") % {"a": authority},
            )
        if corrects is None and not nominees:
            self.add_error(
                "nominees", _("Chọn ít nhất một đối tượng, hoặc quyết định cần đính chính.")
            )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
