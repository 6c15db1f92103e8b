from django.urls import path

from . import document_views as documents
from . import views
from .documents import FORMATS

urlpatterns = [
    path("", views.home, name="home"),
    *(
        path(
            f"reports/<int:pk>/document.{format}",
            views.unit_report_download,
            {"format": format},
            name=f"unit_report_{format}",
        )
        for format in FORMATS
    ),
    path("documents/bloc/<int:pk>/<year:year>/", documents.bloc_documents, name="bloc_documents"),
    path(
        "documents/open/<int:bloc_pk>/<int:period_pk>/",
        documents.document_open,
        name="document_open",
    ),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/print/", documents.document_print, name="document_print"),
    path(
        "documents/<int:pk>/figures/<slug:figure>/",
        documents.document_figure,
        name="document_figure",
    ),
    path(
        "documents/<int:pk>/figures/<slug:figure>/<int:unit>/",
        documents.document_figure,
        name="document_unit_figure",
    ),
    path("documents/<int:pk>/signed.pdf", documents.scan_download, name="scan_download"),
    path(
        "documents/<int:pk>/files/<slug:format>/",
        documents.version_request,
        name="version_request",
    ),
    path(
        "documents/<int:pk>/<slug:event>/",
        documents.document_transition,
        name="document_transition",
    ),
    path("files/<int:pk>/", documents.version_detail, name="version_detail"),
    path("files/<int:pk>/status/", documents.version_status, name="version_status"),
    path("files/<int:pk>/download/", documents.version_download, name="version_download"),
]
