"""Every file the portal hands out says `Cache-Control: private, no-store` (issue 13): evidence,
dossier documents, exports, report files and signed scans hold records no shared proxy or
office computer's disk cache may keep.

The download views are requested with the objects of the permission matrix's world, as the
administrator (allowed everywhere), so a download added to the matrix is listed here too."""

import pytest
from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from emulation_portal.http import PrivateFilesMiddleware, attachment
from tests.test_permission_matrix import ADM, MATRIX, _resolve, world  # noqa: F401 - fixture

# Views that always answer with a file, and pages that do when asked for ?format=pdf|docx|xlsx.
DOWNLOADS = (
    "bloc_export_pdf",
    "bloc_export_docx",
    "bloc_export_xlsx",
    "registration_template",
    "evidence_download",
    "unit_report_pdf",
    "unit_report_docx",
    "unit_report_xlsx",
    "document_download",
    "scan_download",
    "version_download",
)
EXPORTS = ("registry", "award_summary")


def _download_cases():
    for name in (*DOWNLOADS, *EXPORTS):
        for case_ in MATRIX[name]:
            if case_.method != "get" or ADM not in case_.allowed:
                continue
            if name in EXPORTS and not case_.data.get("format"):
                continue
            yield pytest.param(name, case_, id=f"{name}[{case_.label}]")


def test_every_download_view_is_covered():
    covered = {name for name, *_ in (p.values for p in _download_cases())}
    assert covered == {*DOWNLOADS, *EXPORTS}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "case_"), _download_cases())
def test_a_download_is_private_and_not_stored(world, name, case_):  # noqa: F811 - fixture
    url = reverse(name, kwargs={k: _resolve(v, world) for k, v in case_.kwargs.items()})
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[ADM]
    response = client.get(url, {k: _resolve(v, world) for k, v in case_.data.items()})
    if response.streaming:
        b"".join(response.streaming_content)  # reading a download to its end closes its file
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment"), url
    assert response["Cache-Control"] == "private, no-store", url


# The rule itself ---------------------------------------------------------------------------------


def _through_middleware(response):
    return PrivateFilesMiddleware(lambda request: response)(RequestFactory().get("/"))


def test_a_file_response_without_disposition_is_still_private(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-")
    with path.open("rb") as file:  # closed here: response.close() would signal request_finished
        response = _through_middleware(FileResponse(file))
    assert response["Cache-Control"] == "private, no-store"


def test_an_inline_document_is_private():
    response = _through_middleware(HttpResponse(b"%PDF-", content_type="application/pdf"))
    assert response["Cache-Control"] == "private, no-store"


def test_the_attachment_helper_sets_it_even_outside_the_middleware():
    response = attachment(b"x", "text/plain", "a.txt")
    assert response["Cache-Control"] == "private, no-store"


def test_an_ordinary_page_is_left_alone():
    response = _through_middleware(HttpResponse("<p>trang</p>"))
    assert not response.has_header("Cache-Control")
