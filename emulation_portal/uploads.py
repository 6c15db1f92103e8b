"""Uploaded documents (evidence, dossiers, signed scans): judged by their content, size-limited,
stored under a random name with their sha256. Served only through views that check permissions.

A file is accepted only when the library that reads its kind opens it: a PDF must parse with
pypdf and have pages, Word and Excel files must open in python-docx and openpyxl, images in
Pillow. A magic number alone is not enough: "%PDF-" followed by HTML, or a zip holding
word/document.xml next to an executable, would pass for a document. Active content is refused
even in a file that opens: PDF JavaScript, launch actions and embedded files; Office macros
(vbaProject.bin, macro-enabled content types) and ActiveX; executables, scripts and nested
archives inside an Office zip."""

import hashlib
import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .text import nfc

MAX_BYTES = 10 * 1024 * 1024
# An Office file unpacks to this much at most (a 10 MB upload of text-heavy XML stays far below;
# a zip bomb does not).
MAX_UNPACKED = 200 * 1024 * 1024
# Word and Excel files hold a few dozen parts; each is opened to look for programs.
MAX_MEMBERS = 5000
# A PDF whose object graph is larger than this is not walked to its end: the scan for active
# content stops there and the file is refused rather than half-checked.
MAX_PDF_OBJECTS = 200_000
# Images larger than this many pixels are refused before they are decoded.
MAX_PIXELS = 80_000_000
MAGIC = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}
OFFICE = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
}


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) an allowed file claims by its first bytes (and an Office zip by
    its main part): a first guess; `verify()` decides by parsing."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        return next((kind for name, kind in OFFICE.items() if name in names), None)
    return None


def size_error(size: int, name: str = "") -> str | None:
    """The Vietnamese refusal for a file over the limit, naming it when a name is given."""
    if size <= MAX_BYTES:
        return None
    values = {"name": name, "size": number_format(size / 1024 / 1024, 1), "max": MAX_BYTES // 2**20}
    if name:
        return _("Tệp “%(name)s” quá lớn (%(size)s MB); giới hạn là %(max)s MB.") % values
    return _("Tệp quá lớn (%(size)s MB); giới hạn là %(max)s MB.") % values


# Verification by parsing -----------------------------------------------------------------------

# Members of an Office zip that run code when opened or double-clicked, and archives that could
# carry them one level down. (Embedded Office files, .xlsx in a .docx, are ordinary parts.)
EXECUTABLE_SUFFIXES = (
    ".exe", ".dll", ".com", ".scr", ".pif", ".cpl", ".msi", ".msp", ".sys", ".drv", ".ocx",
    ".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".hta", ".bat", ".cmd", ".ps1", ".psm1",
    ".lnk", ".jar", ".sh", ".py", ".reg", ".inf", ".application", ".appx",
    ".zip", ".rar", ".7z", ".cab", ".iso", ".img", ".vhd",
)  # fmt: skip
MACRO_MEMBERS = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
# Content types of VBA projects, macro-enabled main parts, ActiveX and Excel 4.0 macro sheets.
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"ms-office.activex", b"macrosheet")
_JAVASCRIPT = gettext_noop("JavaScript")
_LAUNCH = gettext_noop("lệnh chạy chương trình")
_ATTACHED = gettext_noop("tệp đính kèm")
_MEDIA = gettext_noop("nội dung đa phương tiện")
# Dictionary keys that only active content uses …
PDF_ACTIVE_KEYS = {
    "/JS": _JAVASCRIPT,
    "/JavaScript": _JAVASCRIPT,
    "/EmbeddedFiles": _ATTACHED,
    "/EF": _ATTACHED,
    "/RichMediaContent": _MEDIA,
    "/XFA": gettext_noop("biểu mẫu XFA"),
}
# … and names that mark it as the value of /S (an action), /Subtype or /Type.
PDF_ACTIVE_NAMES = {
    "/JavaScript": _JAVASCRIPT,
    "/Launch": _LAUNCH,
    "/EmbeddedFile": _ATTACHED,
    "/FileAttachment": _ATTACHED,
    "/RichMedia": _MEDIA,
}


def _refuse(message: str, name: str, **values) -> ValidationError:
    return ValidationError(message % {"name": name, **values})


def verify(data: bytes, name: str) -> tuple[str, str]:
    """(content type, extension) of `data` if it is an allowed file that its reader opens and
    that carries no active content; otherwise a ValidationError naming `name`."""
    kind = sniff_magic(data)
    if kind is None:
        raise _not_allowed(name)
    extension = kind[1]
    if extension == "pdf":
        _verify_pdf(data, name)
    elif extension in ("png", "jpg"):
        _verify_image(data, name, extension)
    else:
        extension = _verify_office(data, name)
        kind = OFFICE_KINDS[extension]
    return kind


def _not_allowed(name: str) -> ValidationError:
    return _refuse(
        _(
            "Tệp “%(name)s” không phải loại được phép (PDF, ảnh JPG/PNG, Word .docx, "
            "Excel .xlsx) — hệ thống xét nội dung tệp, không xét đuôi tên."
        ),
        name,
    )


def sniff_magic(data: bytes) -> tuple[str, str] | None:
    """The kind a file claims by its first bytes; Office zips are told apart by parsing."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        return ("application/zip", "zip")
    return None


OFFICE_KINDS = {extension: (content_type, extension) for content_type, extension in OFFICE.values()}


def _verify_pdf(data: bytes, name: str) -> None:
    import pypdf

    broken = _(
        "Tệp “%(name)s” bắt đầu như một tệp PDF nhưng không đọc được như PDF (hỏng, hoặc là "
        "nội dung khác đội lốt PDF); hãy xuất lại tệp PDF rồi tải lên."
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(
                _("Tệp “%(name)s” là PDF có đặt mật khẩu; hãy tải lên bản không đặt mật khẩu."),
                name,
            )
        pages = len(reader.pages)
        active = _pdf_active_content(reader, name)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise _refuse(broken, name) from exc
    if not pages:
        raise _refuse(_("Tệp “%(name)s” là PDF không có trang nào."), name)
    if active:
        raise _refuse(
            _(
                "Tệp “%(name)s” là PDF có chứa %(what)s, không được nhận vì có thể chạy mã khi "
                "mở; hãy in lại ra PDF thường (ví dụ “Microsoft Print to PDF”) rồi tải lên."
            ),
            name,
            what=active,
        )


def _pdf_active_content(reader, name: str) -> str | None:
    """What active content the PDF's objects carry (in words), walking every object reachable
    from the trailer (keys only: streams are not decoded); None when there is none."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise _refuse(
                    _("Tệp “%(name)s” là PDF có quá nhiều đối tượng để kiểm tra; không nhận."),
                    name,
                )
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_KEYS:
                    return _(PDF_ACTIVE_KEYS[key])
                if (
                    key in ("/S", "/Subtype", "/Type")
                    and isinstance(value, NameObject)
                    and value in PDF_ACTIVE_NAMES
                ):
                    return _(PDF_ACTIVE_NAMES[value])
                if key != "/Parent":  # pages point back up; the walk reaches parents anyway
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _verify_image(data: bytes, name: str, extension: str) -> None:
    from PIL import Image

    broken = _(
        "Tệp “%(name)s” không phải ảnh %(kind)s hợp lệ (hỏng, không trọn vẹn, hoặc có nội dung "
        "khác ghép sau ảnh)."
    )
    kind = {"png": "PNG", "jpg": "JPG"}[extension]
    # Nothing may follow a PNG: a file that is an image and something else (an archive, a page
    # of HTML) would be served as one and used as the other. JPEGs are not held to it: phones
    # append their own data after the image (Samsung's trailer, motion photos' video); Pillow
    # still has to decode the image itself to its end.
    if extension == "png" and not data.endswith(b"IEND\xaeB`\x82"):
        raise _refuse(broken, name, kind=kind)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise _refuse(broken, name, kind=kind)
            if image.width * image.height > MAX_PIXELS:
                raise _refuse(
                    _("Ảnh “%(name)s” quá lớn (%(pixels)s điểm ảnh)."),
                    name,
                    pixels=number_format(image.width * image.height, force_grouping=True),
                )
            image.load()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on a damaged image
        raise _refuse(broken, name, kind=kind) from exc


def _verify_office(data: bytes, name: str) -> str:
    """'docx' or 'xlsx' for a Word or Excel file that opens and holds no macro or program."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_allowed(name) from None
    names = {member.filename for member in members}
    extension = next((kind[1] for part, kind in OFFICE.items() if part in names), None)
    if extension is None:
        raise _not_allowed(name)
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise _refuse(
            _("Tệp “%(name)s” có dung lượng giải nén bất thường (nghi là bom nén); không nhận."),
            name,
        )
    if threat := office_threat(archive):
        raise _refuse(
            _("Tệp “%(name)s” chứa %(what)s; không nhận. %(advice)s"),
            name,
            what=threat,
            advice=_("Hãy lưu lại dạng .docx/.xlsx thường (không macro) rồi tải lên."),
        )
    if extension == "docx":
        _open_docx(data, name)
    else:
        _open_xlsx(data, name)
    return extension


def _starts_like_a_program(archive, member) -> bool:
    """A Windows program (MZ header) or a script with a #! line, whatever its member name."""
    if member.is_dir():
        return False
    try:
        with archive.open(member) as stream:
            head = stream.read(2)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False  # the reader below refuses a member it cannot unpack
    return head in (b"MZ", b"#!")


def office_threat(archive: zipfile.ZipFile) -> str | None:
    """In words, the macro, ActiveX control, program, script or nested archive an Office zip
    carries (naming the member); None when it carries none. Also used by the workbook import."""
    for member in archive.infolist():
        lower = member.filename.lower()
        path = f"/{lower}"
        if lower.rsplit("/", 1)[-1] in MACRO_MEMBERS or any(
            folder in path for folder in ("/activex/", "/macrosheets/")
        ):
            return _("macro hoặc điều khiển ActiveX (mã chạy được) “%(member)s”") % {
                "member": member.filename
            }
        if lower.endswith(EXECUTABLE_SUFFIXES) or _starts_like_a_program(archive, member):
            return _("chương trình hoặc tệp nén “%(member)s” bên trong") % {
                "member": member.filename
            }
    try:
        content_types = archive.read("[Content_Types].xml").lower()
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        content_types = b""
    if any(marker in content_types for marker in MACRO_CONTENT_TYPES):
        return _("macro (kiểu nội dung cho phép macro)")
    return None


def _open_docx(data: bytes, name: str) -> None:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        len(document.paragraphs)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise _refuse(
            _(
                "Tệp “%(name)s” không mở được như tài liệu Word (.docx): tệp hỏng hoặc không "
                "đúng định dạng."
            ),
            name,
        ) from exc


def _open_xlsx(data: bytes, name: str) -> None:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            for sheet in workbook.worksheets:
                next(sheet.iter_rows(max_row=1), None)
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise _refuse(
            _(
                "Tệp “%(name)s” không mở được như bảng tính Excel (.xlsx): tệp hỏng hoặc không "
                "đúng định dạng."
            ),
            name,
        ) from exc


def store(document, *, name: str, data: bytes, pdf_only: bool = False) -> None:
    """Check `data` and attach it to `document` (a model with file, original_name, content_type,
    size and sha256 fields); the caller saves the document."""
    if message := size_error(len(data), name):
        raise ValidationError(message)
    if pdf_only and not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF — hệ thống xét nội dung tệp, không xét đuôi tên.")
            % {"name": name}
        )
    document.content_type, extension = verify(data, name)
    document.original_name = nfc(name)[:255]
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
