"""The error handlers: a bad parameter says which; a database that went away gets its own answer.

Django calls the 500 handler while the exception is being handled, so `sys.exc_info()` tells
which one it was. A lost or refused database connection is an outage, not a bug: the user is told
(503) that what they sent was not saved and what they saved before is intact, and to retry.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

from .params import BadParameter


@requires_csrf_token
def bad_request(request, exception):
    """400 in the site's page, with the message of a `BadParameter` (our own Vietnamese text,
    naming the parameter); other 400s (a suspicious operation) keep a generic message."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    try:
        body = loader.render_to_string("400.html", {"message": message}, request=request)
    except Exception:  # raised before the middleware set up what the page needs (user, session)
        body = "<h1>Bad Request (400)</h1>"
    return HttpResponseBadRequest(body)


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # Rendered without the request's context: its context processors need the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return default_server_error(request)
