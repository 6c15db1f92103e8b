"""Every kind of document in every format, downloaded from its web page: by a role that may,
under its Vietnamese file name, and refused (403) to the roles that may not.

The world is the permission matrix's (the demo, a second bloc, another province's reviewer),
built once for this module; the allowed roles are those of its MATRIX rows."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from reports.models import ReportVersion
from tests.test_permission_matrix import (  # noqa: F401 - `world` is the fixture
    ANON,
    COMPILERS,
    OTHER,
    OWN,
    ROLES,
    SEC,
    SUMMARY_4A,
    UNIT,
    _resolve,
    world,
)

FORMATS = ("pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _client(built, role) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = built.sessions[role]
    return client


def _opens(data: bytes, format: str) -> None:
    """The file is what it says: a PDF, or a Word or Excel file that its library opens."""
    if format == "pdf":
        assert data.startswith(b"%PDF")
    elif format == "docx":
        assert docx.Document(io.BytesIO(data)).paragraphs
    else:
        assert zipfile.is_zipfile(io.BytesIO(data))
        assert openpyxl.load_workbook(io.BytesIO(data)).worksheets


def _download(response, format: str, name: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[format]
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    _opens(response.content, format)


# kind: (the page that offers the files, the download's URL name and arguments, the query,
# who may, who downloads here, the file name without its extension)
KINDS = {
    "registration": (
        lambda w: reverse("campaign_detail", args=[w.campaign.pk]),
        lambda w, f: reverse(f"bloc_export_{f}", args=[w.campaign.pk, w.bloc.pk]),
        {},
        COMPILERS,
        SEC,
        "phu-luc-1-dang-ky-chi-tieu-ktd4a-2020",
    ),
    "award-summary": (
        lambda w: f"{reverse('award_summary')}?from=01/01/2020&to=31/12/2020&bloc={w.bloc.pk}",
        lambda w, f: reverse("award_summary"),
        SUMMARY_4A,
        COMPILERS,
        SEC,
        "tong-hop-khen-thuong-ktd4a-01012020-31122020",
    ),
    "unit-report": (
        lambda w: reverse("report_detail", args=[w.report.pk]),
        lambda w, f: reverse(f"unit_report_{f}", args=[w.report.pk]),
        {},
        UNIT,
        OWN,
        "bao-cao-so-ket-6-thang-2020-so-xay-dung",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_and_format_from_its_page(world, kind, format):  # noqa: F811 - fixture
    page, url_for, query, allowed, role, name = KINDS[kind]
    url = url_for(world, format)
    data = {k: _resolve(v, world) for k, v in query.items()}
    if kind == "award-summary":
        data["format"] = format
    client = _client(world, role)
    html = client.get(page(world)).content.decode()
    link = url if kind != "award-summary" else f"format={format}"
    assert link in html, f"{page(world)} offers no {format} of {kind}"
    _download(client.get(url, data), format, f"{name}.{format}")
    for other in sorted(set(ROLES) - allowed - {ANON}):
        assert _client(world, other).get(url, data).status_code == 403, other


@pytest.mark.django_db
@pytest.mark.parametrize("format", FORMATS)
def test_the_bloc_report_in_every_format_from_its_document_page(
    world,  # noqa: F811 - fixture
    format,
    django_capture_on_commit_callbacks,
):
    """The bloc's report: its page asks for a version, made through the registry."""
    document = world.doc_draft  # the annual report, a draft
    request = reverse("version_request", args=[document.pk, format])
    client = _client(world, SEC)
    assert request in client.get(reverse("document_detail", args=[document.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(request).status_code == 302
    version = ReportVersion.objects.filter(document=document, format=format).latest("pk")
    version.refresh_from_db()
    assert version.state == ReportVersion.State.DONE, version.error
    response = client.get(reverse("version_download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[format]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-tong-ket-nam-2020-ktd4a-v')
    _opens(b"".join(response.streaming_content), format)
    for other in (OWN, OTHER):
        assert _client(world, other).post(request).status_code == 403, other
    # A draft's file is the compilers' alone: every other signed-in role is refused it.
    download = reverse("version_download", args=[version.pk])
    for other in sorted(set(ROLES) - COMPILERS - {ANON}):
        assert _client(world, other).get(download).status_code == 403, other
