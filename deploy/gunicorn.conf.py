"""gunicorn for the web app (make run; production behind a TLS proxy).

The access log leaves out query strings: the overview's search term is part of a
surname, and personal data does not go into plain logs."""
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_class = "gthread"
threads = 4
control_socket_disable = True
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
