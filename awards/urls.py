from django.urls import path

from . import summary_views, views

urlpatterns = [
    path("awards/summary/", summary_views.award_summary, name="award_summary"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/nominees/", views.nominee_add, name="nominee_add"),
    path("nominees/<int:pk>/remove/", views.nominee_remove, name="nominee_remove"),
    path("nominees/<int:pk>/withdraw/", views.nominee_withdraw, name="nominee_withdraw"),
    path("proposals/<int:pk>/documents/", views.document_add, name="document_add"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/verdict/", views.proposal_verdict, name="proposal_verdict"),
    path("proposals/<int:pk>/review/<slug:action>/", views.proposal_review, name="proposal_review"),
    path("dossier/<int:pk>/", views.document_download, name="document_download"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("awards/", views.registry, name="registry"),
]
