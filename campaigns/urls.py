from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_edit, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/blocs/<int:bloc_pk>/", views.bloc_overview, name="bloc_overview"),
    path(
        "campaigns/<int:pk>/blocs/<int:bloc_pk>/export.xlsx",
        views.bloc_export,
        name="bloc_export",
    ),
    path("campaigns/<int:pk>/blocs/<int:bloc_pk>/import/", views.bloc_import, name="bloc_import"),
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
