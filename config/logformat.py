"""JSON lines for production logs: one object per record, tracebacks included."""

import datetime
import json
import logging

from config.middleware import user_id_of

REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "request_id")


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON.

    Keys: time (UTC, ISO 8601), level, logger, message, the request fields the request-log
    middleware attaches, and `traceback` when the record carries an exception. Django's
    `django.request` records carry the request itself; its method, path, user and request id
    are copied so an error's traceback can be matched with its request line.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(self._request_fields(record))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)

    @staticmethod
    def _request_fields(record: logging.LogRecord) -> dict:
        fields = {name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)}
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            fields.setdefault("method", request.method)
            fields.setdefault("path", request.path)
            fields.setdefault("user_id", user_id_of(request))
            fields.setdefault("request_id", getattr(request, "request_id", None))
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            fields.setdefault("status", status_code)
        return fields
