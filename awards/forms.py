from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import MAX_YEAR, MIN_YEAR, Organization, Person
from campaigns.forms import DateInput
from emulation_portal.fields import (
    MEDIUM_TEXT_MAX,
    SHORT_TEXT_MAX,
    LocalDateField,
    LocalIntegerField,
)

from .models import AwardType, Decision, DossierDocument, Nominee, Proposal


class ProposalForm(forms.ModelForm):
    year = LocalIntegerField(label=_("Năm thành tích"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    class Meta:
        model = Proposal
        fields = ["title", "kind", "year", "authority", "symbol", "dated", "deadline"]
        widgets = {"dated": DateInput(), "deadline": DateInput()}
        field_classes = {"dated": LocalDateField, "deadline": LocalDateField}

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities


class NomineeForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Cá nhân"), queryset=Person.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("hoặc tập thể"), queryset=Organization.objects.none(), required=False
    )
    award_type = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.filter(is_active=True)
    )
    achievement = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MEDIUM_TEXT_MAX,
    )

    def __init__(self, *args, people, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organization"].queryset = organizations

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
    nominees = forms.ModelMultipleChoiceField(
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
        self.fields["nominees"].queryset = proposal.nominees.all()


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
        label=_("Đính chính quyết định (nếu có)"),
        queryset=Decision.objects.filter(status=Decision.Status.ISSUED),
        required=False,
    )
    nominees = forms.ModelMultipleChoiceField(
        label=_("Đối tượng được khen thưởng"),
        required=False, queryset=Nominee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = nominees
