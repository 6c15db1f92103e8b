"""Shared HTTP helpers: file responses, the client's address, and the caching rule for files."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


# Files served to a signed-in user hold personal and unpublished records: no proxy may keep a
# copy for the next person and no browser may leave one in its disk cache on a shared office
# computer. (Pages are sent with the same header only where a file is.)
PRIVATE_CACHE_CONTROL = "private, no-store"
# Content types that are documents whatever the response says about its disposition.
FILE_CONTENT_TYPES = (
    PDF,
    DOCX,
    XLSX,
    "application/zip",
    "application/gzip",
    "application/octet-stream",
    "image/",
    "text/csv",
)


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    # Names carry Vietnamese ("KTĐ4A"): RFC 6266 filename* keeps them readable, where a raw
    # header would be MIME-encoded whole and browsers would not see an attachment at all.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    return response


def is_file_response(response) -> bool:
    """A download: a FileResponse, anything with a Content-Disposition, or a document type."""
    if isinstance(response, FileResponse) or response.has_header("Content-Disposition"):
        return True
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return any(content_type.startswith(kind) for kind in FILE_CONTENT_TYPES)


class PrivateFilesMiddleware:
    """Marks every file a view returns `Cache-Control: private, no-store`, whichever view made
    it (FileResponse or `attachment()`), so a new download view cannot forget it.

    It sits after WhiteNoise, which answers static files (CSS, fonts: public, cacheable)
    before the request gets here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_file_response(response):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches still found in office proxies
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
