"""Import of registration tables in the users' own Phụ lục 1 shape (seed 000), all or nothing.

read_workbook → parse_sheet (rows → unit blocks, no database) → plan_import (match units, diff
with what exists) → apply_import (one transaction). Every problem names its row and column.
"""

import difflib
import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from blocs.emulation_year import EmulationYear
from blocs.models import Bloc, BlocMembership
from emulation_portal import uploads
from emulation_portal.audit import acting_as, log_actions, quietly
from emulation_portal.fields import MEDIUM_TEXT_MAX, SHORT_TEXT_MAX
from emulation_portal.text import fold, nfc

from . import permissions
from .due import Due, impossible_date, parse_due
from .models import Campaign, ImportBatch, Registration, Target, TitleRegistration
from .services import (
    IMPORT_FIELDS,
    TargetInput,
    TitleInput,
    describe,
    refusal,
    reported_on,
    sync_targets,
    sync_titles,
)

MAX_UNPACKED = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl unpacks it
HEADER_SCAN_ROWS = 30
ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.IGNORECASE)
NUMBER = re.compile(r"^\d{1,4}[.)]?$")
BULLET = {"-", "+", "•", "*", "–"}
TITLE_ROW = re.compile(
    r"^(?P<name>.+?)\s*[:：]\s*(?P<count>\d{1,6})\s*(?P<kind>cá nhân|tập thể|đơn vị)\s*[.;]?$",
    re.IGNORECASE,
)
ABBREVIATIONS = {
    "ldxs": "lao dong xuat sac",
    "ldtt": "lao dong tien tien",
    "cstd": "chien si thi dua",
    "cstdcs": "chien si thi dua co so",
}
FILLER = re.compile(r"\b(danh hieu|dat)\b")
# What a target keeps: the same bounds as the registration form and the Target model.
TEXT_MAX = MEDIUM_TEXT_MAX
NOTE_MAX = SHORT_TEXT_MAX
DUE_TEXT_MAX = Target._meta.get_field("due_text").max_length


class ImportFailure(Exception):
    """The file itself cannot be read; `messages` say why, in Vietnamese."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass
class Issue:
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None  # named where the cell's content itself is refused

    def __str__(self):
        where = []
        if self.row:
            where.append(_("Dòng %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("cột %(col)s") % {"col": self.column})
        if self.sheet:
            where.append(_("trang “%(sheet)s”") % {"sheet": self.sheet})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ParsedTarget:
    row: int
    text: str
    due: Due
    note: str = ""

    def as_input(self) -> TargetInput:
        return TargetInput(text=self.text, due_text=self.due.raw, note=self.note)


@dataclass
class ParsedTitle:
    row: int
    text: str
    award_type: object
    count: int


@dataclass
class UnitBlock:
    row: int
    name: str
    targets: list[ParsedTarget] = field(default_factory=list)
    titles: list[ParsedTitle] = field(default_factory=list)
    organization: object = None

    def content(self):
        return (
            [(t.text, t.due.raw) for t in self.targets],
            [(t.award_type.pk, t.count) for t in self.titles],
        )


@dataclass
class ParsedSheet:
    sheet: str = ""
    units: list[UnitBlock] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    text_column: str | None = None  # the letter of the "Chỉ tiêu thi đua" column


# Reading the file ----------------------------------------------------------------------------


def read_workbook(data: bytes):
    """Open an .xlsx safely; anything else gets a message saying what the file really is."""
    if message := uploads.size_error(len(data)):
        raise ImportFailure(message)
    if not data:
        raise ImportFailure(_("Tệp rỗng."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure(
            _("Đây là tệp Excel/Word đời cũ (.xls/.doc). Hãy mở bằng Excel và lưu lại dạng .xlsx.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFailure(_("Tệp không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng.")) from None
    if "word/document.xml" in names:
        raise ImportFailure(
            _("Tệp này là tài liệu Word (.docx), không phải bảng tính Excel (.xlsx).")
        )
    if "xl/workbook.xml" not in names:
        raise ImportFailure(_("Tệp không phải bảng tính Excel (.xlsx)."))
    if unpacked > MAX_UNPACKED:
        raise ImportFailure(_("Tệp Excel có dung lượng giải nén bất thường; không thể đọc."))
    if threat := uploads.office_threat(archive):  # macros, programs: refused as for evidence
        raise ImportFailure(_("Tệp Excel chứa %(what)s; không nhận.") % {"what": threat})
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ImportFailure(
            _("Tệp Excel bị hỏng, không đọc được (%(error)s).") % {"error": type(exc).__name__}
        ) from exc


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _due_value(cell):
    """Dates typed as real Excel dates are kept as Vietnamese text: "15/10/2020"."""
    value = getattr(cell, "value", None)
    if isinstance(value, date | datetime):
        return f"{value:%d/%m/%Y}"
    return value


def _is_formula(cell) -> bool:
    return getattr(cell, "data_type", None) == "f"


@dataclass
class Columns:
    stt: int
    text: int
    due: int | None
    note: int | None


def _find_header(rows: list[tuple]) -> tuple[int, Columns] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [fold(_text(getattr(cell, "value", None))) for cell in row]
        stt = next(
            (i for i, k in enumerate(keys) if k in {"stt", "tt", "so tt", "so thu tu"}), None
        )
        text = next(
            (i for i, k in enumerate(keys) if "chi tieu" in k or k.startswith("noi dung")), None
        )
        if stt is None or text is None:
            continue
        due = next(
            (i for i, k in enumerate(keys) if "thoi gian" in k or "thoi han" in k or "han " in k),
            None,
        )
        note = next((i for i, k in enumerate(keys) if k.startswith("ghi chu")), None)
        return index, Columns(stt, text, due, note)
    return None


# Parsing the rows ----------------------------------------------------------------------------


def _title_key(text: str) -> str:
    words = [ABBREVIATIONS.get(w, w) for w in fold(text).split()]
    key = FILLER.sub(" ", " ".join(words))
    key = re.sub(r"\b(tap the)( tap the)+\b", r"\1", " ".join(key.split()))
    return key


def title_catalogue() -> dict[str, object]:
    """Folded title names and aliases → award type (titles only)."""
    AwardType = apps.get_model("awards", "AwardType")
    catalogue = {}
    for award_type in AwardType.objects.filter(category="title"):
        for name in [award_type.name, *award_type.aliases.splitlines()]:
            if name.strip():
                catalogue[_title_key(name)] = award_type
    return catalogue


def parse_sheet(
    worksheet, *, year: EmulationYear, unit_names: Iterable[str], titles: dict
) -> ParsedSheet:
    """Classify every row; `unit_names` lets a unit row without a Roman numeral be recognised;
    due texts are read in `year`, the campaign's year as its authority counts years."""
    result = ParsedSheet(sheet=worksheet.title)
    rows = list(worksheet.iter_rows())
    header = _find_header(rows)
    if not any(_text(c.value) for row in rows for c in row if hasattr(c, "value")):
        result.errors.append(
            Issue(None, None, _("Trang tính “%(s)s” trống.") % {"s": worksheet.title})
        )
        return result
    if header is None:
        result.errors.append(
            Issue(
                None,
                None,
                _(
                    "Không tìm thấy dòng tiêu đề (cần các cột “STT” và “Chỉ tiêu thi đua” "
                    "trong %(n)s dòng đầu của trang “%(s)s”)."
                )
                % {"n": HEADER_SCAN_ROWS, "s": worksheet.title},
            )
        )
        return result
    start, cols = header
    result.text_column = get_column_letter(cols.text + 1)
    known_units = {fold(name) for name in unit_names}
    unit: UnitBlock | None = None
    last_target: ParsedTarget | None = None

    def cell(row, index):
        return row[index] if index is not None and index < len(row) else None

    def check_due(number, due_value) -> bool:
        """An impossible day or a due text longer than kept is an error on its cell."""
        column = get_column_letter(cols.due + 1) if cols.due is not None else None
        if bad := impossible_date(due_value):
            message = _("ngày “%(day)s” không có trên lịch; hãy sửa lại thời hạn.") % {"day": bad}
        elif len(str(due_value or "")) > DUE_TEXT_MAX:
            message = _("thời hạn dài quá %(limit)s ký tự (đang có %(count)s).") % {
                "limit": DUE_TEXT_MAX,
                "count": len(str(due_value)),
            }
        else:
            return True
        result.errors.append(Issue(number, column, message, sheet=worksheet.title))
        return False

    def too_long(number, index, value: str, limit: int, what) -> None:
        if len(value) > limit:
            result.errors.append(
                Issue(
                    number,
                    get_column_letter(index + 1),
                    _("%(what)s dài quá %(limit)s ký tự (đang có %(count)s).")
                    % {"what": what, "limit": limit, "count": len(value)},
                    sheet=worksheet.title,
                )
            )

    for row in rows[start + 1 :]:
        cells = [c for c in row if getattr(c, "value", None) is not None]
        if not cells:
            continue
        number = cells[0].row
        result.rows_read += 1
        formula = next((c for c in cells if _is_formula(c)), None)
        if formula is not None:
            result.errors.append(
                Issue(
                    number,
                    get_column_letter(formula.column),
                    _("ô chứa công thức (%(f)s); hãy dán dạng giá trị.")
                    % {"f": _text(formula.value)[:40]},
                )
            )
            continue
        stt = _text(getattr(cell(row, cols.stt), "value", None))
        text = _text(getattr(cell(row, cols.text), "value", None))
        due_value = _due_value(cell(row, cols.due))
        note = _text(getattr(cell(row, cols.note), "value", None))
        text_col = get_column_letter(cols.text + 1)
        if not stt and not text:
            continue
        if ROMAN.match(stt) or (not stt and fold(text) in known_units):
            unit = UnitBlock(row=number, name=text)
            last_target = None
            result.units.append(unit)
            if not text:
                result.errors.append(Issue(number, text_col, _("dòng đơn vị thiếu tên đơn vị.")))
            continue
        if unit is None:
            result.errors.append(
                Issue(number, text_col, _("chỉ tiêu nằm trước dòng tên đơn vị đầu tiên."))
            )
            continue
        if not stt or stt in BULLET:
            if last_target is None:
                result.errors.append(
                    Issue(number, text_col, _("dòng không có STT và không nối tiếp chỉ tiêu nào."))
                )
                continue
            # A wrapped cell split onto its own row continues the previous target.
            last_target.text = f"{last_target.text} {text}".strip()
            if due_value is not None and check_due(number, due_value) and not last_target.due.raw:
                last_target.due = parse_due(due_value, emulation_year=year)
            continue
        if not NUMBER.match(stt):
            result.warnings.append(
                Issue(
                    number,
                    get_column_letter(cols.stt + 1),
                    _("STT “%(stt)s” không phải số; vẫn nhập như một chỉ tiêu.") % {"stt": stt},
                )
            )
        if not text:
            if due_value is None and not note:
                continue  # an unused numbered row, e.g. of the blank template
            result.errors.append(Issue(number, text_col, _("thiếu nội dung chỉ tiêu.")))
            continue
        if title := TITLE_ROW.match(text):
            award_type = titles.get(_title_key(title["name"]))
            if award_type is None:
                result.errors.append(
                    Issue(
                        number,
                        text_col,
                        _("không nhận ra danh hiệu “%(name)s”.") % {"name": title["name"]},
                    )
                )
            else:
                unit.titles.append(ParsedTitle(number, text, award_type, int(title["count"])))
            last_target = None
            continue
        due_ok = check_due(number, due_value)
        if cols.note is not None:
            too_long(number, cols.note, note, NOTE_MAX, _("Ghi chú"))
        due = parse_due(due_value, emulation_year=year)
        if due_ok and not due.recognised:
            result.warnings.append(
                Issue(
                    number,
                    get_column_letter(cols.due + 1),
                    _("không hiểu thời hạn “%(due)s”; giữ nguyên văn bản để thư ký khối kiểm tra.")
                    % {"due": due.raw},
                )
            )
        last_target = ParsedTarget(number, text, due, note)
        unit.targets.append(last_target)
    for target in (t for u in result.units for t in u.targets):
        # Checked once the rows wrapped onto the next ones are joined to their target.
        too_long(target.row, cols.text, target.text, TEXT_MAX, _("Nội dung chỉ tiêu"))
    if not result.units and not result.errors:
        result.errors.append(
            Issue(None, None, _("Không có dòng đơn vị nào (STT số La Mã I, II…)."))
        )
    return result


# Planning against the database --------------------------------------------------------------


@dataclass
class UnitPlan:
    block: UnitBlock
    registration: Registration | None
    action: str  # create | replace | unchanged | refused
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: int = 0
    # Targets units reported on that this file keeps: "2. text (1 dòng báo cáo, …)".
    reported: list[str] = field(default_factory=list)
    # Reported targets this file would drop: each a refusal message (the import stops).
    dropped: list[str] = field(default_factory=list)

    @property
    def organization(self):
        return self.block.organization


@dataclass
class ImportPlan:
    campaign: Campaign
    bloc: Bloc
    sheet: ParsedSheet
    units: list[UnitPlan] = field(default_factory=list)
    replace_accepted: bool = False

    @property
    def errors(self):
        return self.sheet.errors

    @property
    def warnings(self):
        return self.sheet.warnings

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def target_count(self) -> int:
        return sum(len(u.block.targets) for u in self.units)

    @property
    def title_count(self) -> int:
        return sum(len(u.block.titles) for u in self.units)


def _key(text: str) -> str:
    return " ".join(text.split())


# A reported target may be matched by number only if the file's text is a rewording of it;
# otherwise a different target written on its row would inherit what the unit reported.
REWORDING = 0.6


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio() >= REWORDING


def match_targets(
    existing: list[Target], rows: list[ParsedTarget], reported: dict | None = None
) -> list[Target | None]:
    """Which existing target each row of the file is (None: a new one). The rule, stated on the
    preview: first the same text (wherever it moved), then the same number among the rest (a
    reworded target; one units reported on only if the new text is close to the old one);
    existing targets left unmatched are the ones the file drops."""
    reported = reported or {}
    free = sorted(existing, key=lambda t: t.ordinal)
    by_text: dict[str, list[Target]] = {}
    for target in free:
        by_text.setdefault(_key(target.text), []).append(target)
    matched: list[Target | None] = []
    used = set()
    for row in rows:
        candidates = [t for t in by_text.get(_key(row.text), []) if t.pk not in used]
        target = candidates[0] if candidates else None
        if target is not None:
            used.add(target.pk)
        matched.append(target)
    by_ordinal = {t.ordinal: t for t in free}
    for index, target in enumerate(matched):
        if target is not None:
            continue
        candidate = by_ordinal.get(index + 1)
        if candidate is None or candidate.pk in used:
            continue
        if reported.get(candidate.pk) and not _similar(candidate.text, rows[index].text):
            continue
        used.add(candidate.pk)
        matched[index] = candidate
    return matched


def _diff(plan: UnitPlan, existing: Registration, reported: dict) -> None:
    targets = list(existing.targets.all())
    matched = match_targets(targets, plan.block.targets, reported)
    kept = {t.pk for t in matched if t is not None}
    for row, (ordinal, target) in zip(plan.block.targets, enumerate(matched, start=1), strict=True):
        if target is None:
            plan.added.append(describe(row.text, row.due.raw))
            continue
        if (target.text, target.due_text) != (row.text, row.due.raw):
            plan.changed.append(describe(row.text, row.due.raw))
        elif target.ordinal != ordinal:
            plan.moved += 1
        if reported.get(target.pk):
            plan.reported.append(
                f"{ordinal}. {describe(row.text)} ({reported[target.pk].summary()})"
            )
    for target in targets:
        if target.pk in kept:
            continue
        plan.removed.append(describe(target.text, target.due_text))
        if reported.get(target.pk):
            plan.dropped.append(refusal(target, reported[target.pk]))
    old_titles = {t.award_type_id: t for t in existing.titles.all()}
    for ordinal, title in enumerate(plan.block.titles, start=1):
        before = old_titles.pop(title.award_type.pk, None)
        if before is None:
            plan.added.append(title.text)
        elif before.count != title.count:
            plan.changed.append(title.text)
        elif before.ordinal != ordinal:
            plan.moved += 1
    plan.removed.extend(str(t) for t in old_titles.values())


def plan_import(
    worksheet_or_sheet, *, campaign: Campaign, bloc: Bloc, replace_accepted: bool = False
) -> ImportPlan:
    members = {
        m.organization_id: m.organization
        for m in BlocMembership.objects.filter(bloc=bloc, year=campaign.year).select_related(
            "organization"
        )
    }
    by_name = {}
    for org in members.values():
        by_name[fold(org.name)] = org
        if org.short_name:
            by_name.setdefault(fold(org.short_name), org)
    sheet = worksheet_or_sheet
    if not isinstance(sheet, ParsedSheet):
        sheet = parse_sheet(
            sheet,
            year=EmulationYear.of(campaign.authority, campaign.year),
            unit_names=by_name.keys(),
            titles=title_catalogue(),
        )
    plan = ImportPlan(campaign=campaign, bloc=bloc, sheet=sheet, replace_accepted=replace_accepted)
    existing = {
        r.organization_id: r
        for r in Registration.objects.filter(campaign=campaign, bloc=bloc).prefetch_related(
            "targets", "titles"
        )
    }
    reported = reported_on(
        Target.objects.filter(registration__campaign=campaign, registration__bloc=bloc).values_list(
            "pk", flat=True
        )
    )
    # Only titles the bloc's authority confers or proposes upward (as the registration form).
    offered = set(
        apps.get_model("awards", "AwardType")
        .objects.conferrable_by(bloc.authority)
        .values_list("pk", flat=True)
    )
    seen: dict[int, UnitBlock] = {}
    for block in sheet.units:
        org = by_name.get(fold(block.name))
        if org is None:
            close = difflib.get_close_matches(fold(block.name), by_name, n=3, cutoff=0.6)
            hint = ", ".join(dict.fromkeys(by_name[c].name for c in close))
            sheet.errors.append(
                Issue(
                    block.row,
                    None,
                    _("“%(name)s” không phải thành viên của %(bloc)s năm %(year)s.")
                    % {"name": block.name, "bloc": bloc.name, "year": campaign.year}
                    + (" " + _("Có phải là: %(names)s?") % {"names": hint} if hint else ""),
                )
            )
            continue
        block.organization = org
        if org.pk in seen:
            first = seen[org.pk]
            same = first.content() == block.content()
            if same:
                message = _(
                    "%(unit)s xuất hiện hai lần (dòng %(a)s và dòng %(b)s) với nội dung giống "
                    "nhau; chỉ nhập một lần."
                )
            else:
                message = _(
                    "%(unit)s xuất hiện hai lần (dòng %(a)s và dòng %(b)s) với nội dung khác "
                    "nhau; hãy gộp lại thành một khối."
                )
            message %= {"unit": org.name, "a": first.row, "b": block.row}
            (sheet.warnings if same else sheet.errors).append(Issue(block.row, None, message))
            continue
        seen[org.pk] = block
        if not block.targets and not block.titles:
            sheet.warnings.append(
                Issue(block.row, None, _("%(unit)s chưa có chỉ tiêu nào.") % {"unit": org.name})
            )
        registration = existing.get(org.pk)
        registered = {t.award_type_id for t in registration.titles.all()} if registration else set()
        for title in block.titles:
            if title.award_type.pk not in offered | registered:
                sheet.errors.append(
                    Issue(
                        title.row,
                        sheet.text_column,
                        _("danh hiệu “%(a)s” không thuộc thẩm quyền tặng hoặc đề nghị của %(o)s.")
                        % {"a": title.award_type, "o": bloc.authority},
                        sheet=sheet.sheet,
                    )
                )
        unit = UnitPlan(block=block, registration=registration, action="create")
        if registration is not None:
            _diff(unit, registration, reported)
            if not (unit.added or unit.changed or unit.removed or unit.moved):
                unit.action = "unchanged"
            elif registration.status == Registration.Status.ACCEPTED and not replace_accepted:
                unit.action = "refused"
                sheet.errors.append(
                    Issue(
                        block.row,
                        None,
                        _(
                            "Đăng ký của %(unit)s đã được chấp nhận; không thay thế trừ khi thư ký "
                            "khối chọn thay thế cả đăng ký đã chấp nhận."
                        )
                        % {"unit": org.name},
                    )
                )
            else:
                unit.action = "replace"
            if unit.action != "unchanged" and unit.dropped:
                unit.action = "refused"
                sheet.errors.extend(
                    Issue(block.row, None, f"{org.name}: {message}") for message in unit.dropped
                )
        plan.units.append(unit)
    return plan


def plan_from_bytes(data: bytes, *, campaign: Campaign, bloc: Bloc, replace_accepted=False):
    workbook = read_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        return plan_import(sheet, campaign=campaign, bloc=bloc, replace_accepted=replace_accepted)
    finally:
        workbook.close()


# Applying ------------------------------------------------------------------------------------


@transaction.atomic
def apply_import(plan: ImportPlan, *, actor, source: str) -> list[Registration]:
    """Save every unit of a clean plan in one transaction; refuse the whole file otherwise.

    Targets are matched again here, on the rows locked for the save (the preview may be old),
    and updated in place: what units reported on them stays attached."""
    _check_may_import(actor, plan.bloc, plan.campaign.year)
    if not plan.ok:
        raise ValidationError([str(issue) for issue in plan.errors])
    changing = [u for u in plan.units if u.action in ("create", "replace")]
    now = timezone.now()
    with quietly():
        Registration.objects.bulk_create(
            (
                Registration(campaign=plan.campaign, bloc=plan.bloc, organization=u.organization)
                for u in changing
            ),
            ignore_conflicts=True,  # a unit's registration started since the preview is reused
        )
        existing = {
            r.organization_id: r
            # of=self: the default ordering joins the organisation, which stays unlocked.
            for r in Registration.objects.select_for_update(of=("self",))
            .filter(campaign=plan.campaign, bloc=plan.bloc)
            .select_related("campaign__authority")  # each unit's due texts read in its year
            .prefetch_related("targets", "titles")
        }
        previous = {}
        problems = []
        new_targets, new_titles = [], []
        reported = reported_on(
            t.pk for r in existing.values() for t in r.targets.all()
        )  # one query for the bloc, read under the lock
        for position, unit in enumerate(plan.units, start=1):
            # Every unit has a registration now: unchanged ones already had one.
            unit.registration = registration = existing[unit.organization.pk]
            if unit not in changing:
                continue
            if registration.status == Registration.Status.ACCEPTED and not plan.replace_accepted:
                problems.append(
                    _(
                        "Đăng ký của %(unit)s vừa được chấp nhận sau khi xem trước; không thay "
                        "thế. Hãy tải tệp lên lại."
                    )
                    % {"unit": unit.organization.name}
                )
                continue
            try:
                _apply_unit(unit, registration, reported, new_targets, new_titles)
            except ValidationError as exc:
                problems += [f"{unit.organization.name}: {m}" for m in exc.messages]
                continue
            previous[registration.pk] = registration.status
            registration.status = Registration.Status.SUBMITTED
            registration.position = position
            registration.submitted_at = now
            registration.return_reason = ""
            registration.updated_by = actor
            registration.updated_at = now
        if problems:
            raise ValidationError(problems)
        Target.objects.bulk_create(new_targets)
        TitleRegistration.objects.bulk_create(new_titles)
        registrations = [u.registration for u in changing]
        Registration.objects.bulk_update(
            registrations,
            ["status", "position", "submitted_at", "return_reason", "updated_by", "updated_at"],
        )
    log_actions(
        [
            {
                "instance": u.registration,
                "comment": _("Tệp %(file)s: %(t)s chỉ tiêu, %(d)s danh hiệu.")
                % {"file": source, "t": len(u.block.targets), "d": len(u.block.titles)},
                "changes": {"status": [previous[u.registration.pk], u.registration.status]},
                "replaced_accepted": previous[u.registration.pk] == Registration.Status.ACCEPTED,
            }
            for u in changing
        ],
        actor=actor,
        event="import",
        label=gettext_lazy("Nhập từ Excel"),
        on_behalf=True,
    )
    return registrations


def _apply_unit(unit: UnitPlan, registration, reported, new_targets, new_titles) -> None:
    rows = unit.block.targets
    matched = match_targets(list(registration.targets.all()), rows, reported)
    sync_targets(
        registration,
        [(target, row.as_input()) for target, row in zip(matched, rows, strict=True)],
        fields=IMPORT_FIELDS,
        keep_empty_note=True,  # a sheet without notes leaves the notes typed in the portal
        creates=new_targets,
    )
    titles = [TitleInput(t.award_type.pk, t.count) for t in unit.block.titles]
    sync_titles(registration, titles, creates=new_titles)


class BatchClosed(ValidationError):
    """The batch was confirmed or cancelled already (by another click, tab or person)."""


def _lock_batch(batch: ImportBatch) -> ImportBatch:
    """Reload the batch under a row lock and check, inside the transaction, that it is still
    waiting: two confirmations of one batch queue here and the second finds it applied."""
    current = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if current.status == ImportBatch.Status.APPLIED:
        raise BatchClosed(
            _("Tệp “%(name)s” đã được nhập lúc %(when)s; không nhập lại lần nữa.")
            % {
                "name": current.original_name,
                "when": timezone.localtime(current.applied_at).strftime("%H:%M %d/%m/%Y")
                if current.applied_at
                else "—",
            }
        )
    if current.status == ImportBatch.Status.CANCELLED:
        raise BatchClosed(
            _("Lần nhập tệp “%(name)s” đã huỷ; muốn nhập thì hãy tải tệp lên lại.")
            % {"name": current.original_name}
        )
    return current


@transaction.atomic
def apply_batch(batch: ImportBatch, plan: ImportPlan, *, actor) -> list[Registration]:
    batch = _lock_batch(batch)
    registrations = apply_import(plan, actor=actor, source=batch.original_name)
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    with acting_as(actor):
        batch.save(update_fields=["status", "applied_at"])
    return registrations


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, actor) -> ImportBatch:
    batch = _lock_batch(batch)
    batch.status = ImportBatch.Status.CANCELLED
    with acting_as(actor):
        batch.save(update_fields=["status"])
    return batch


def _check_may_import(actor, bloc: Bloc, year: int) -> None:
    """The views check the same rule; a service called from elsewhere checks it again.
    No actor is an operator's command or the demo loader."""
    if actor is not None and not permissions.can_import_registrations(actor, bloc, year):
        raise ValidationError(
            _(
                "Tài khoản %(user)s không phải thư ký của %(bloc)s năm %(year)s nên không nhập "
                "bảng đăng ký của khối được."
            )
            % {"user": actor.get_username(), "bloc": bloc, "year": year}
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_batch(*, data: bytes, name: str, campaign, bloc, actor, replace_accepted) -> ImportBatch:
    """Keep the uploaded file (random name under MEDIA_ROOT) between preview and confirmation."""
    _check_may_import(actor, bloc, campaign.year)
    batch = ImportBatch(
        campaign=campaign,
        bloc=bloc,
        uploaded_by=actor,
        original_name=nfc(name)[:255],
        sha256=sha256(data),
        replace_accepted=replace_accepted,
    )
    batch.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    batch.save()
    return batch
