"""What each workflow event says, and the page it links to.

Messages take `object` (the paper's name), `actor` (who acted) and `reason` (a return's or a
rejection's reason, a decision's symbol); reminders take their own values.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    message: str
    url_name: str = ""  # reversed with the object's pk


EVENTS = {
    "registration.submit": Event(
        _("%(actor)s đã gửi đăng ký thi đua: %(object)s."), "registration_detail"
    ),
    "registration.return": Event(
        _("Đăng ký thi đua bị trả lại: %(object)s. Lý do: %(reason)s"), "registration_detail"
    ),
    "registration.reopen": Event(
        _("Đăng ký thi đua được mở lại để sửa: %(object)s. Lý do: %(reason)s"),
        "registration_detail",
    ),
    "registration.accept": Event(
        _("Đăng ký thi đua đã được chấp nhận: %(object)s."), "registration_detail"
    ),
    "report.submit": Event(_("%(actor)s đã gửi báo cáo: %(object)s."), "report_detail"),
    "report.return": Event(_("Báo cáo bị trả lại: %(object)s. Lý do: %(reason)s"), "report_detail"),
    "report.reopen": Event(
        _("Báo cáo được mở lại để sửa: %(object)s. Lý do: %(reason)s"), "report_detail"
    ),
    "report.accept": Event(_("Báo cáo đã được chấp nhận: %(object)s."), "report_detail"),
    "proposal.submit": Event(
        _("Có tờ trình khen thưởng mới cần thẩm định: %(object)s."), "proposal_detail"
    ),
    "proposal.receive": Event(_("Tờ trình đã được tiếp nhận: %(object)s."), "proposal_detail"),
    "proposal.return": Event(
        _("Tờ trình bị trả lại để bổ sung: %(object)s. Lý do: %(reason)s"), "proposal_detail"
    ),
    "proposal.approve": Event(_("Tờ trình đã được duyệt: %(object)s."), "proposal_detail"),
    "proposal.reject": Event(
        _("Tờ trình không được duyệt: %(object)s. Lý do: %(reason)s"), "proposal_detail"
    ),
    "proposal.decide": Event(
        _("Đã ban hành quyết định khen thưởng %(reason)s cho tờ trình: %(object)s."),
        "proposal_detail",
    ),
    "document.issue": Event(_("Báo cáo đã được ban hành: %(object)s."), "document_detail"),
    "reminder.due-soon": Event(
        _("Sắp đến hạn nộp báo cáo “%(period)s” (%(bloc)s): %(due)s."), "home"
    ),
    "reminder.overdue": Event(
        _("Quá hạn nộp báo cáo “%(period)s” (%(bloc)s), hạn %(due)s."), "home"
    ),
}
