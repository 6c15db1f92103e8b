from django.urls import path

from . import progress_views, views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_edit, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/blocs/<int:bloc_pk>/", views.bloc_overview, name="bloc_overview"),
    *(
        path(
            f"campaigns/<int:pk>/blocs/<int:bloc_pk>/phu-luc-1.{format}",
            views.bloc_export,
            {"format": format},
            name=f"bloc_export_{format}",
        )
        for format in ("pdf", "docx", "xlsx")
    ),
    path("campaigns/<int:pk>/blocs/<int:bloc_pk>/import/", views.bloc_import, name="bloc_import"),
    path(
        "campaigns/<int:pk>/blocs/<int:bloc_pk>/accept/",
        views.registrations_accept,
        name="registrations_accept",
    ),
    path(
        "campaigns/<int:pk>/blocs/<int:bloc_pk>/units/<int:org_pk>/start/",
        views.registration_start,
        name="registration_start",
    ),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", views.registration_edit, name="registration_edit"),
    path(
        "registrations/<int:pk>/template.xlsx",
        views.registration_template,
        name="registration_template",
    ),
    path(
        "registrations/<int:pk>/<slug:event>/",
        views.registration_transition,
        name="registration_transition",
    ),
]

urlpatterns += [
    path("periods/", progress_views.period_list, name="period_list"),
    path("periods/<int:pk>/edit/", progress_views.period_edit, name="period_edit"),
    path("periods/schedule/<int:pk>/", progress_views.period_schedule, name="period_schedule"),
    path("outlines/<int:pk>/", progress_views.outline_detail, name="outline_detail"),
    path(
        "outlines/<int:outline_pk>/sections/new/",
        progress_views.section_edit,
        name="section_create",
    ),
    path(
        "outlines/<int:outline_pk>/sections/<int:pk>/edit/",
        progress_views.section_edit,
        name="section_edit",
    ),
    path(
        "outlines/<int:outline_pk>/sections/<int:pk>/<slug:action>/",
        progress_views.section_action,
        name="section_action",
    ),
    path(
        "periods/<int:period_pk>/blocs/<int:bloc_pk>/units/<int:org_pk>/report/",
        progress_views.report_start,
        name="report_start",
    ),
    path("reports/<int:pk>/", progress_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", progress_views.report_edit, name="report_edit"),
    path(
        "reports/<int:pk>/<slug:event>/",
        progress_views.report_transition,
        name="report_transition",
    ),
    path("evidence/<int:pk>/", progress_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", progress_views.evidence_delete, name="evidence_delete"),
    path(
        "blocs/<int:pk>/<year:year>/dashboard/",
        progress_views.bloc_dashboard,
        name="bloc_dashboard",
    ),
    path(
        "blocs/<int:pk>/<year:year>/dashboard/accept/",
        progress_views.reports_accept,
        name="reports_accept",
    ),
    path("blocs/<int:pk>/<year:year>/scoring/", progress_views.scoring_page, name="scoring"),
    path(
        "blocs/<int:pk>/<year:year>/scoring/<slug:kind>/",
        progress_views.scoring_page,
        name="scoring_kind",
    ),
    path("blocs/<int:pk>/<year:year>/ranking/", progress_views.ranking_page, name="ranking"),
    path(
        "blocs/<int:pk>/<year:year>/ranking/<slug:kind>/",
        progress_views.ranking_page,
        name="ranking_kind",
    ),
    path("dashboard/", progress_views.authority_dashboard, name="authority_dashboard"),
]
