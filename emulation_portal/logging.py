"""Log records that say which request, user and Celery task they belong to.

Production logs are JSON lines on stdout (JsonFormatter), one object per record, so a log
collector reads them without parsing rules; DEBUG keeps the plain format (settings.LOGGING).
RequestIdMiddleware and the Celery signals in celery.py set the context; ContextFilter copies
it onto every record.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass
class RequestContext:
    request_id: str
    user_id: int | None = None


_request: ContextVar[RequestContext | None] = ContextVar("log_request", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("log_task", default=None)
_task_tokens: dict[str, object] = {}

# A request id from the proxy (nginx's $request_id) is kept, so both logs share it; anything
# else a client might send is replaced rather than written into the logs.
_FORWARDED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
CONTEXT_FIELDS = ("request_id", "user_id", "task", "task_id")


class RequestIdMiddleware:
    """Give each request an id (X-Request-ID response header) and the user's id for the logs.

    First in MIDDLEWARE, so even the HTTPS redirect carries the header; the user is known only
    once AuthenticationMiddleware has run, hence process_view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forwarded = request.headers.get("X-Request-ID", "")
        context = RequestContext(
            forwarded if _FORWARDED_ID.fullmatch(forwarded) else uuid.uuid4().hex
        )
        request.log_context = context
        token = _request.set(context)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response["X-Request-ID"] = context.request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.log_context.user_id = user.pk


def task_started(task_id: str, name: str) -> None:
    _task_tokens[task_id] = _task.set((name, task_id))


def task_finished(task_id: str) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _task.reset(token)


class ContextFilter(logging.Filter):
    """Adds request_id, user_id, task and task_id (None outside a request or task)."""

    def filter(self, record):
        # Django logs 4xx/5xx responses after the middleware returned; the request is attached.
        context = _request.get() or getattr(getattr(record, "request", None), "log_context", None)
        record.request_id = context.request_id if context else None
        record.user_id = context.user_id if context else None
        record.task, record.task_id = _task.get() or (None, None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, context, exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in CONTEXT_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
