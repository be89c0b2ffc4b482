"""gunicorn for the M2M listener: TLS terminated here, a client certificate required.

    gunicorn -c deploy/gunicorn-m2m.conf.py 'app:create_app()'

M2M_BIND, M2M_CERTFILE, M2M_KEYFILE and M2M_CA_CERTS (the trust anchors: PKIoverheid's
root in production) come from the environment; the defaults are the test hierarchy that
`flask --app app pki maak` writes to instance/pki/.

Only a caller with a valid certificate gets past the handshake, but a slow body still holds
a thread: for many callers put deploy/nginx-m2m.conf in front (docs/deploy.md)."""
import os
import ssl
from pathlib import Path

_instance = os.environ.get("INSTANCE_PATH") or Path(__file__).resolve().parent.parent / "instance"
_pki = Path(_instance) / "pki"

bind = os.environ.get("M2M_BIND", "127.0.0.1:8443")
workers = int(os.environ.get("M2M_WORKERS", "2"))
worker_class = "gthread"  # keep-alive connections: a package reads many pages per handshake
threads = int(os.environ.get("M2M_THREADS", "4"))
keepalive = 30
certfile = os.environ.get("M2M_CERTFILE", str(_pki / "server.pem"))
keyfile = os.environ.get("M2M_KEYFILE", str(_pki / "server.key"))
ca_certs = os.environ.get("M2M_CA_CERTS",
                          os.environ.get("TRUST_ANCHORS", str(_pki / "ca-chain.pem")))
cert_reqs = ssl.CERT_REQUIRED  # never True: that is 1, CERT_OPTIONAL
do_handshake_on_connect = True
control_socket_disable = True
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'  # no query string
logger_class = "logboek.VeiligeLogger"  # control characters a client sent written escaped

# Requests: a longer line gets 414, more or longer header fields 431, before the app.
limit_request_line = 4094  # API paths and cursors are short
limit_request_fields = 50
limit_request_field_size = 8190
# Seconds: timeout restarts a worker whose main loop hangs (a gthread request does not
# count); graceful_timeout lets a restart finish the requests in progress.
timeout = 30
graceful_timeout = 60


def ssl_context(conf, default_ssl_context_factory):
    context = default_ssl_context_factory()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
