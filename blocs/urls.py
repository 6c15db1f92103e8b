from django.urls import path

from . import account_views, views

urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("blocs/", views.bloc_list, name="bloc_list"),
    path("blocs/new/", views.bloc_create, name="bloc_create"),
    path("blocs/<int:pk>/", views.bloc_detail, name="bloc_detail"),
    path("blocs/<int:pk>/edit/", views.bloc_edit, name="bloc_edit"),
    path("blocs/<int:pk>/<year:year>/", views.bloc_year, name="bloc_year"),
    path("blocs/<int:pk>/<year:year>/members/add/", views.membership_add, name="membership_add"),
    path(
        "blocs/<int:pk>/<year:year>/members/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "blocs/<int:pk>/<year:year>/members/<int:membership_pk>/dates/",
        views.membership_dates,
        name="membership_dates",
    ),
    path("blocs/<int:pk>/<year:year>/leadership/", views.bloc_leadership, name="bloc_leadership"),
    path(
        "blocs/<int:pk>/<year:year>/role-change/", views.bloc_role_change, name="bloc_role_change"
    ),
    path("blocs/<int:pk>/<year:year>/copy/", views.bloc_copy_members, name="bloc_copy_members"),
    path("staff/accounts/", account_views.account_list, name="account_list"),
    path("staff/accounts/invite/", account_views.account_invite, name="account_invite"),
    path("staff/accounts/<int:pk>/active/", account_views.account_active, name="account_active"),
    path("staff/assignments/new/", account_views.staff_assign, name="staff_assign"),
    path("staff/assignments/<int:pk>/end/", account_views.staff_end, name="staff_end"),
]
