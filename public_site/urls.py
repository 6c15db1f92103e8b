"""Public pages, under /cong-khai/ (no login)."""

app_name = "public"
urlpatterns = []
