"""Uploaded documents (evidence, dossiers): judged by their content, size-limited, stored under a
random name with their sha256. Served only through views that check permissions."""

import hashlib
import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .text import nfc

MAX_BYTES = 10 * 1024 * 1024
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
    """(content type, extension) of an allowed file, judged by its content, not its name."""
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


def store(document, *, name: str, data: bytes, pdf_only: bool = False) -> None:
    """Check `data` and attach it to `document` (a model with file, original_name, content_type,
    size and sha256 fields); the caller saves the document."""
    if message := size_error(len(data), name):
        raise ValidationError(message)
    kind = sniff(data)
    if pdf_only and (kind is None or kind[1] != "pdf"):
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF — hệ thống xét nội dung tệp, không xét đuôi tên.")
            % {"name": name}
        )
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải loại được phép (PDF, ảnh JPG/PNG, Word .docx, "
                "Excel .xlsx) — hệ thống xét nội dung tệp, không xét đuôi tên."
            )
            % {"name": name}
        )
    document.content_type, extension = kind
    document.original_name = nfc(name)[:255]
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
