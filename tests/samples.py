"""Small real files for upload tests: each opens in the library that reads its kind
(emulation_portal.uploads verifies uploads by parsing them, so a bare magic number is refused)."""

import io
import zipfile

# A one-page PDF (A4-ish page, no content) that pypdf opens.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \ntrailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def pdf(*, catalog_extra: bytes = b"", page_extra: bytes = b"", objects: bytes = b"") -> bytes:
    """A one-page PDF whose catalogue carries `catalog_extra`, whose page carries `page_extra`
    and which holds `objects` (numbered from 4), with a correct cross-reference table."""
    parts = [
        b"%PDF-1.4\n",
        b"1 0 obj << /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n",
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        + page_extra
        + b" >> endobj\n",
    ]
    extra = [line + b"\n" for line in objects.split(b"\n") if line]
    parts += extra
    offsets, position = [], 0
    for part in parts:
        offsets.append(position)
        position += len(part)
    count = len(parts)  # objects 1..count-1 plus the free entry 0
    xref = [b"xref\n0 %d\n" % count, b"0000000000 65535 f \n"]
    xref += [b"%010d 00000 n \n" % offset for offset in offsets[1:]]
    trailer = b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, position)
    return b"".join(parts) + b"".join(xref) + trailer


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, "JPEG")
    return out.getvalue()


def docx(text: str = "Báo cáo thành tích") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Chỉ tiêu"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, edit=None) -> bytes:
    """The zip `data` with members added, and each member's bytes passed through `edit(name,
    bytes)` when given."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, edit(info.filename, content) if edit else content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
