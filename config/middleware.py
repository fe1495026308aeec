"""One log line per request: method, path, status, duration and who asked."""

import logging
import re
import time
import uuid

logger = logging.getLogger("trust_partnerships.requests")

# A request id from the proxy is kept only if it is short and plain (it ends up in log lines).
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _request_id(request) -> str:
    offered = request.headers.get("X-Request-ID", "")
    return offered if _SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex


def user_id_of(request) -> int | None:
    """The signed-in user's id, or None; never triggers a session lookup of its own."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestLogMiddleware:
    """Log every request once, after the response, at INFO (ERROR for a 5xx status).

    The record carries the fields as attributes (method, path, status, duration_ms, user_id,
    request_id) so the JSON formatter writes them as keys; the message reads well as plain text.
    Tracebacks of unhandled errors come from Django's own `django.request` record, which the JSON
    formatter ties to the same request id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request.request_id
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user_id_of(request),
            "request_id": request.request_id,
        }
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        logger.log(
            level,
            "%(method)s %(path)s %(status)s %(duration_ms)sms user=%(user_id)s",
            fields,
            extra=fields,
        )
        return response
