"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Environment (all optional):
  GUNICORN_BIND      address to listen on (default 127.0.0.1:8000; the TLS proxy connects here)
  WEB_CONCURRENCY    worker processes (default 2 × CPU cores + 1, at most 12)
  GUNICORN_THREADS   threads per worker (default 1)
  GUNICORN_TIMEOUT   seconds before a silent worker is restarted (default 30)
  LOG_LEVEL          gunicorn's own log level (default info)
"""

import multiprocessing
import os

# This file is read before the app is imported: make sure it is the production settings that load
# (config/wsgi.py would otherwise fall back to the development settings).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

MAX_DEFAULT_WORKERS = 12


def default_workers() -> int:
    return min(2 * multiprocessing.cpu_count() + 1, MAX_DEFAULT_WORKERS)


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The request-log middleware writes one structured line per request, so gunicorn's access log
# would only repeat it. Errors (worker crashes, timeouts) still go to standard error.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Settings are imported once in the master, then workers fork: faster start, shared memory.
preload_app = True

# Request limits: a request line of at most 4 KB, at most 100 headers of at most 8 KB each.
# gunicorn does not bound the body; Django refuses an oversized one at once
# (config.middleware.RequestSizeLimitMiddleware) and the proxy should refuse it before that.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
