"""A workbook uploaded for import is refused when it carries macros or programs, as every other
upload is (issue 13, finding 8; uploads.office_threat)."""

import pytest

from campaigns import importer
from tests import samples


def _macro_enabled(data: bytes) -> bytes:
    def edit(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        return content

    return samples.rezip(data, edit=edit)


def test_a_plain_workbook_is_read(sample_bytes):
    importer.read_workbook(sample_bytes).close()


@pytest.mark.parametrize(
    ("add", "named"),
    [
        ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, "xl/vbaProject.bin"),
        ({"xl/media/setup.exe": samples.EXE}, "xl/media/setup.exe"),
        ({"xl/media/image1.png": samples.EXE}, "xl/media/image1.png"),
    ],
)
def test_a_workbook_with_a_macro_or_a_program_is_refused(sample_bytes, add, named):
    with pytest.raises(importer.ImportFailure) as refused:
        importer.read_workbook(samples.rezip(sample_bytes, add=add))
    assert named in str(refused.value)


def test_a_macro_enabled_workbook_is_refused(sample_bytes):
    with pytest.raises(importer.ImportFailure, match="macro"):
        importer.read_workbook(_macro_enabled(sample_bytes))
