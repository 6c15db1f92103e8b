import json

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.fields import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    LocalDateField,
    LocalIntegerField,
)

from .bloc_report import BlocReport


class DocumentForm(forms.Form):
    """The secretariat's text: one box per outline section, prefilled with what prints now."""

    version = LocalIntegerField(widget=forms.HiddenInput)
    # Digests of what the page showed (services.shown_fingerprint), posted back so the save
    # tells the secretariat's edits from units' answers that changed while the page was open.
    shown = forms.CharField(widget=forms.HiddenInput, required=False, max_length=LONG_TEXT_MAX)
    intro = forms.CharField(
        label=_("Lời mở đầu"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        help_text=_("Mỗi dòng một nơi nhận."),
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    on_behalf = forms.CharField(label=_("Thay mặt (TM.)"), max_length=150)
    role = forms.CharField(label=_("Chức danh ký"), max_length=150)
    title = forms.CharField(
        label=_("Chức vụ, cơ quan người ký"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    name = forms.CharField(label=_("Họ và tên người ký"), max_length=150, required=False)

    def __init__(self, *args, report: BlocReport, **kwargs):
        signature = report.signature
        kwargs["initial"] = (
            {
                "intro": report.intro,
                "place": report.place,
                "recipients": "\n".join(report.recipients),
                "on_behalf": signature.on_behalf,
                "role": signature.role,
                "title": signature.title,
                "name": signature.name,
            }
            | {f"section-{s.key}": s.text for s in report.sections}
            | (kwargs.get("initial") or {})
        )
        super().__init__(*args, **kwargs)
        self.sections = report.sections
        for section in report.sections:
            label = f"{section.number}. {section.title}" if section.number else section.title
            help_text = (
                _("Ghi thêm sau số liệu tổng hợp từ dữ liệu.")
                if section.figures or (section.table)
                else _("Để nguyên thì lấy nội dung các đơn vị đã báo cáo.")
            )
            self.fields[f"section-{section.key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=LONG_TEXT_MAX,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 4 if section.depth else 2}),
            )

    def content(self) -> dict:
        data = self.cleaned_data
        return {
            "intro": data["intro"],
            "place": data["place"].strip(),
            "recipients": [line.strip(" -;.") for line in data["recipients"].splitlines()
                           if line.strip(" -;.")],
            "signature": {k: data[k].strip() for k in ("on_behalf", "role", "title", "name")},
            "sections": {s.key: data[f"section-{s.key}"] for s in self.sections},
        }  # fmt: skip

    def shown_digests(self) -> dict[str, str]:
        """The posted `shown`; anything unreadable counts as unknown (compared with the page
        as it reads now)."""
        try:
            value = json.loads(self.cleaned_data.get("shown") or "{}")
        except ValueError:
            return {}
        if not isinstance(value, dict):
            return {}
        return {str(k): v for k, v in value.items() if isinstance(v, str)}

    def section_fields(self):
        return [(self[f"section-{s.key}"], s) for s in self.sections]


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Bản đã ký, đóng dấu (PDF)"))


class NumberForm(forms.Form):
    dated = LocalDateField(label=_("Ngày văn bản"), required=False)
