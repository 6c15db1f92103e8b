"""Uploads are judged by parsing them, not by their first bytes (issue 13, finding 8): every
caller (evidence, dossier documents, signed scans) goes through uploads.store → verify."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from emulation_portal import uploads
from tests import samples

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refused(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as exc:
        uploads.verify(data, name)
    (message,) = exc.value.messages
    assert f"“{name}”" in message, message
    return message


# What is accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.PDF, ("application/pdf", "pdf")),
        (samples.pdf(), ("application/pdf", "pdf")),
        (samples.png(), ("image/png", "png")),
        (samples.jpeg(), ("image/jpeg", "jpg")),
        (samples.docx(), (DOCX_TYPE, "docx")),
        (samples.xlsx(), (XLSX_TYPE, "xlsx")),
    ],
)
def test_real_files_of_each_allowed_kind_pass(data, kind):
    assert uploads.verify(data, "tep") == kind


def test_a_pdf_padded_to_the_size_limit_still_passes():
    data = samples.PDF + b"0" * (uploads.MAX_BYTES - len(samples.PDF))
    assert uploads.verify(data, "quet.pdf")[1] == "pdf"


def test_a_docx_with_an_embedded_workbook_passes():
    """Word keeps an embedded Excel table as an .xlsx part: an ordinary document."""
    data = samples.rezip(samples.docx(), add={"word/embeddings/Bang.xlsx": samples.xlsx()})
    assert uploads.verify(data, "bao-cao.docx")[1] == "docx"


# The two files of the finding -----------------------------------------------------------------


def test_a_pdf_header_followed_by_html_is_refused():
    data = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>"
    message = refused(data, "to-trinh.pdf")
    assert "không đọc được như PDF" in message


def test_a_zip_with_word_document_xml_and_an_executable_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("word/document.xml", "<w:document/>")
        out.writestr("setup.exe", samples.EXE)
    message = refused(archive.getvalue(), "bao-cao.docx")
    assert "setup.exe" in message


def test_a_real_docx_carrying_an_executable_is_refused_naming_the_member():
    data = samples.rezip(samples.docx(), add={"word/media/anh.exe": samples.EXE})
    assert "word/media/anh.exe" in refused(data, "bao-cao.docx")


def test_a_program_under_an_innocent_member_name_is_refused():
    data = samples.rezip(samples.docx(), add={"word/media/image9.png": samples.EXE})
    assert "word/media/image9.png" in refused(data, "bao-cao.docx")


@pytest.mark.parametrize(
    "member", ["run.js", "a/b.VBS", "x.bat", "y.cmd", "z.ps1", "s.scr", "n.zip"]
)
def test_scripts_and_nested_archives_in_an_office_file_are_refused(member):
    data = samples.rezip(samples.xlsx(), add={member: b"echo"})
    assert member in refused(data, "bang.xlsx")


def test_a_zip_with_the_main_part_that_python_docx_cannot_open_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("word/document.xml", "<w:document/>")
    assert "không mở được như tài liệu Word" in refused(archive.getvalue(), "bao-cao.docx")


def test_a_zip_with_the_workbook_part_that_openpyxl_cannot_open_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("xl/workbook.xml", "not xml at all")
    assert "không mở được như bảng tính Excel" in refused(archive.getvalue(), "bang.xlsx")


# Macros -----------------------------------------------------------------------------------------


def _macro_enabled(data: bytes, main: str, macro_type: str) -> bytes:
    def edit(name, content):
        if name == "[Content_Types].xml":
            return content.replace(main.encode(), macro_type.encode())
        return content

    return samples.rezip(data, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, edit=edit)


def test_a_macro_enabled_docx_is_refused():
    data = _macro_enabled(
        samples.docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert "macro" in refused(data, "bao-cao.docx")


def test_a_docx_with_a_vba_project_but_ordinary_content_types_is_refused():
    data = samples.rezip(samples.docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert "macro" in refused(data, "bao-cao.docx")


def test_a_macro_enabled_workbook_content_type_is_refused():
    def edit(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
            ).replace(
                b"application/vnd.openxmlformats-officedocument.ms-excel",
                b"application/vnd.ms-excel",
            )
        return content

    data = samples.rezip(samples.xlsx(), edit=edit)
    assert "macro" in refused(data, "bang.xlsx")


def test_activex_controls_are_refused():
    data = samples.rezip(samples.docx(), add={"word/activeX/activeX1.bin": b"\xd0\xcf"})
    assert "ActiveX" in refused(data, "bao-cao.docx")


# PDFs -------------------------------------------------------------------------------------------


def test_a_pdf_with_no_pages_is_refused():
    data = (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
        b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
    )
    assert "không có trang" in refused(data, "rong.pdf")


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    data = samples.pdf(
        catalog_extra=b"/OpenAction 4 0 R",
        objects=b"4 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj",
    )
    assert "JavaScript" in refused(data, "to-trinh.pdf")


def test_a_pdf_with_a_launch_action_is_refused():
    data = samples.pdf(
        catalog_extra=b"/OpenAction 4 0 R",
        objects=b"4 0 obj << /Type /Action /S /Launch /F (cmd.exe) >> endobj",
    )
    assert "chạy chương trình" in refused(data, "to-trinh.pdf")


def test_a_pdf_with_embedded_files_is_refused():
    data = samples.pdf(
        catalog_extra=b"/Names << /EmbeddedFiles 4 0 R >>",
        objects=b"4 0 obj << /Names [(a.exe) 5 0 R] >> endobj\n"
        b"5 0 obj << /Type /Filespec /F (a.exe) >> endobj",
    )
    assert "đính kèm" in refused(data, "to-trinh.pdf")


def test_a_truncated_pdf_is_refused():
    assert "không đọc được như PDF" in refused(samples.PDF[:60], "cut.pdf")


# Images -----------------------------------------------------------------------------------------


def test_a_png_header_followed_by_html_is_refused():
    data = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    assert "ảnh PNG" in refused(data, "anh.png")


def test_a_png_with_an_archive_appended_is_refused():
    assert "ảnh PNG" in refused(samples.png() + samples.docx(), "anh.png")


def test_a_jpeg_magic_alone_is_refused():
    assert "ảnh JPG" in refused(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html>", "anh.jpg")


def test_a_phone_photo_with_data_after_the_image_passes():
    """Phones append their own trailer (or a motion photo's video) after the JPEG."""
    assert uploads.verify(samples.jpeg() + b"SEFH\x00\x00" * 50, "anh.jpg")[1] == "jpg"


def test_a_truncated_jpeg_is_refused():
    data = samples.jpeg()
    assert "ảnh JPG" in refused(data[: len(data) // 2], "anh.jpg")


# store() -----------------------------------------------------------------------------------------


class _File:
    def __init__(self):
        self.saved = None

    def save(self, name, content, save):
        self.saved = (name, content.read())


def test_store_refuses_before_writing_anything():
    document = SimpleNamespace(file=_File())
    with pytest.raises(ValidationError):
        uploads.store(document, name="to-trinh.pdf", data=b"%PDF-1.7\n<html></html>")
    assert document.file.saved is None


def test_store_pdf_only_refuses_a_real_docx():
    document = SimpleNamespace(file=_File())
    with pytest.raises(ValidationError, match="không phải PDF"):
        uploads.store(document, name="ban-ky.pdf", data=samples.docx(), pdf_only=True)


def test_store_keeps_a_verified_file_under_its_real_kind():
    document = SimpleNamespace(file=_File())
    uploads.store(document, name="bao-cao.pdf", data=samples.docx())
    assert document.content_type == DOCX_TYPE
    assert document.file.saved[0].endswith(".docx")


def _encrypted(user_password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(samples.PDF))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_protected_by_an_owner_password_only_passes():
    """Scanners often restrict printing or editing: the file still opens without a password."""
    assert uploads.verify(_encrypted(""), "ban-ky.pdf")[1] == "pdf"


def test_a_pdf_that_needs_a_password_to_open_is_refused():
    assert "mật khẩu" in refused(_encrypted("mat-khau"), "ban-ky.pdf")


def test_an_office_zip_of_thousands_of_parts_is_refused():
    data = samples.rezip(samples.docx(), add={f"word/media/p{n}.xml": b"" for n in range(6000)})
    assert "bất thường" in refused(data, "bao-cao.docx")


def test_an_office_zip_whose_parts_unpack_to_gigabytes_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("word/document.xml", "<w:document/>")
        for n in range(3):
            out.writestr(f"word/media/{n}.xml", b"\0" * (80 * 1024 * 1024))
    assert "bất thường" in refused(archive.getvalue(), "bao-cao.docx")


def test_an_excel_4_macro_sheet_is_refused():
    data = samples.rezip(samples.xlsx(), add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})
    assert "macro" in refused(data, "bang.xlsx")


def test_a_pdf_with_a_file_attachment_annotation_is_refused():
    data = samples.pdf(
        page_extra=b"/Annots [4 0 R]",
        objects=b"4 0 obj << /Type /Annot /Subtype /FileAttachment /FS 5 0 R >> endobj\n"
        b"5 0 obj << /Type /Filespec /F (a.exe) >> endobj",
    )
    assert "đính kèm" in refused(data, "to-trinh.pdf")
