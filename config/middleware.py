"""Request middleware: one log line per request; refused deletes shown as a message."""

import logging
import re
import time
import uuid

from django.contrib import messages
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

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
        # A refused request (403) is a warning on one line; django.request's own record of it,
        # with a traceback, is switched off in settings.LOGGING.
        level = (
            logging.ERROR
            if response.status_code >= 500
            else logging.WARNING
            if response.status_code == 403
            else logging.INFO
        )
        logger.log(
            level,
            "%(method)s %(path)s %(status)s %(duration_ms)sms user=%(user_id)s",
            fields,
            extra=fields,
        )
        return response


class RefusedDeleteMiddleware:
    """A delete refused because other records depend on the row becomes a message, not a 500.

    PROTECT foreign keys (a school with partnerships, a person who approved an agreement) and
    accounts.protection (a person named in the history) raise ProtectedError. The admin's own
    confirmation page lists PROTECT dependants before anyone confirms; this catches the rest: the
    transaction has already rolled back, so nothing was deleted, and the person is sent back to
    the object with the reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (ProtectedError, RestrictedError)):
            return None
        messages.error(request, refused_delete_message(exception))
        return HttpResponseRedirect(_page_to_return_to(request))


def _page_to_return_to(request) -> str:
    """The admin change page after an admin delete; else the page the request came from."""
    match = request.resolver_match
    if match and match.namespace == "admin" and match.url_name.endswith("_delete"):
        return reverse(f"admin:{match.url_name.removesuffix('_delete')}_change", args=match.args, kwargs=match.kwargs)
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path()


def refused_delete_message(error: ProtectedError | RestrictedError) -> str:
    message = str(error.args[0])
    if not message.startswith("Cannot delete some instances"):
        return message  # already written for people (accounts.protection)
    dependants = list(getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", None) or [])
    examples = ", ".join(str(obj) for obj in dependants[:3])
    more = f" and {len(dependants) - 3} more" if len(dependants) > 3 else ""
    return f"This cannot be deleted because other records depend on it: {examples}{more}. Nothing was deleted."


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than its path allows before anything reads it (413).

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds form fields but not uploaded files, so without
    this a large upload would be streamed to a temporary file before the form could say it is
    too big. Limits: settings.REQUEST_SIZE_LIMITS (path prefix → bytes), else MAX_REQUEST_BYTES.
    The proxy in front should refuse the same sizes earlier still (docs/deployment.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse

        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = next(
            (size for prefix, size in settings.REQUEST_SIZE_LIMITS.items() if request.path.startswith(prefix)),
            settings.MAX_REQUEST_BYTES,
        )
        if not length.isascii() or not length.isdigit() or int(length) > limit:
            megabytes = limit // (1024 * 1024)
            return HttpResponse(
                f"The request is too large. This page accepts up to {megabytes} MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
