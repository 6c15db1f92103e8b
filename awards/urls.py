from django.urls import path

from . import summary_views

urlpatterns = [
    path("awards/summary/", summary_views.award_summary, name="award_summary"),
]
