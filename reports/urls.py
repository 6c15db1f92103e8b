from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/document.pdf", views.unit_report_pdf, name="unit_report_pdf"),
    path("reports/<int:pk>/document.docx", views.unit_report_docx, name="unit_report_docx"),
]
