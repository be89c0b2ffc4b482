"""gunicorn for the web app (make run; production behind deploy/nginx.conf, docs/deploy.md).

The access log leaves out query strings: the overview's search term is part of a
surname, and personal data does not go into plain logs. logboek.VeiligeLogger writes
control characters a client sent (%0d%0a in a path) escaped, never as line breaks.

A gthread worker gives a connection a thread from its first byte until the request is read,
and nothing here bounds a slow body: behind nginx only complete requests arrive."""
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_class = "gthread"
threads = 4
control_socket_disable = True
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
logger_class = "logboek.VeiligeLogger"
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")

# Requests: a longer line gets 414, more or longer header fields 431, before the app.
limit_request_line = 4094  # the longest page URL with its query string is far shorter
limit_request_fields = 50  # a browser sends about 15, nginx adds 4
limit_request_field_size = 8190  # nginx's header buffer (8k); X-SSL-Client-Cert fits
# Seconds. timeout restarts a worker whose main loop hangs (a gthread request does not
# count); graceful_timeout lets a restart finish requests nginx still waits for
# (proxy_read_timeout 60s); keepalive outlasts nginx's idle upstream connections (60 s), so
# gunicorn never closes one just as nginx reuses it.
timeout = 30
graceful_timeout = 60
keepalive = 75
