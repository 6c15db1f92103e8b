from django.conf import settings
from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, XLSX, filename)


def client_ip(request) -> str | None:
    """The client's address behind settings.PROXY_COUNT reverse proxies (login throttling).

    Each proxy appends the address it was reached from to X-Forwarded-For, so the client is the
    PROXY_COUNT-th entry from the right; whatever stands left of it the client wrote itself.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [address.strip() for address in forwarded.split(",") if address.strip()]
    if settings.PROXY_COUNT and len(hops) >= settings.PROXY_COUNT:
        return hops[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
