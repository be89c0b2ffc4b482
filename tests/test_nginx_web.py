"""The web app behind a real nginx on loopback (deploy/nginx.conf) and real gunicorn
(deploy/gunicorn.conf.py): nginx refuses bodies over 20 MiB and holds slow uploads, so
gunicorn's threads only see complete requests; gunicorn refuses long request lines and too
many header fields itself, and logs what a client sent escaped (logboek.VeiligeLogger).

Whether a request reached the app is read from gunicorn's access log (--access-logfile).
nginx connects to the app from 127.0.0.2 (proxy_bind), the address the app trusts for
X-Forwarded-* and X-SSL-Client-*; the tests connect from 127.0.0.1. `make test` installs
nginx."""
import contextlib
import http.client
import logging
import re
import runpy
import shutil
import socket
import ssl
import sys
import threading
import time
import uuid
from urllib.parse import quote

import pytest
from gunicorn.config import Config

from bench.proces import ROOT, achtergrond, flask_cli, gunicorn, met_demo, vrije_poort
from logboek import VeiligeFormatter, VeiligeLogger
from tests.nginx import PROXY, nginx, nginx_conf

GUNICORN = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
AMSTERDAM = ("gemeente-amsterdam", "00000099000000000363")
# One line of deploy/gunicorn.conf.py's access_log_format.
TOEGANG = re.compile(r'(\S+) \[[^\]]+\] "(\S+) (.+) HTTP/1\.[01]" (\d{3}) (\d+|-) [\d.]+s')


class Logboek:
    """A log file that the servers append to; the tests read what came after a position."""

    def __init__(self, pad):
        self.pad = pad

    def positie(self):
        return self.pad.stat().st_size if self.pad.exists() else 0

    def regels(self, vanaf):
        with open(self.pad, "rb") as bestand:
            bestand.seek(vanaf)
            return bestand.read().decode().splitlines()

    def wacht_op(self, vanaf, voorwaarde):
        """The lines after `vanaf` once `voorwaarde(lines)` holds (a server writes its log
        line just after its answer)."""
        for _ in range(100):
            regels = self.regels(vanaf)
            if voorwaarde(regels):
                return regels
            time.sleep(0.1)
        raise AssertionError(f"{self.pad.name} never showed it; after {vanaf}: {regels}")


@pytest.fixture(scope="module")
def web_instance(maak_database, tmp_path_factory):
    """A database and instance for the live app, set up with the CLI as an operator would:
    demo data, the test PKI (its server certificate is nginx's here) and Amsterdam's client
    certificate registered."""
    instance = tmp_path_factory.mktemp("web-instance")
    env = met_demo(maak_database("web"), instance, ("pki", "maak"), TRUSTED_PROXIES=PROXY,
                   M2M_TRUSTED_PROXIES=PROXY)
    pki = instance / "pki"
    naam, oin = AMSTERDAM
    flask_cli(env, "certificaten", "registreer", str(pki / "clients" / f"{naam}.crt"),
              "--oin", oin)
    return {"env": env, "pki": pki}


@pytest.fixture(scope="module")
def web(web_instance, tmp_path_factory):
    """nginx with the server blocks of deploy/nginx.conf, only their addresses and paths
    made local, in front of gunicorn with deploy/gunicorn.conf.py."""
    map_ = tmp_path_factory.mktemp("nginx-web")
    pki = web_instance["pki"]
    shutil.copy(pki / "server.pem", map_ / "web.pem")
    shutil.copy(pki / "server.key", map_ / "web.key")
    poorten = {naam: vrije_poort() for naam in ("app", "https", "http")}
    conf = nginx_conf(map_, "nginx.conf", (
        ("server 127.0.0.1:5000;", f"server 127.0.0.1:{poorten['app']};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{poorten['https']} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{poorten['http']};"),
        ("/etc/register/pki/", f"{map_}/"),
        ("/var/log/nginx/", f"{map_}/"),
        ("/srv/register/static/", f"{ROOT / 'static'}/"),
        ("include mime.types;", "include /etc/nginx/mime.types;")), "register.conf")
    proxy = nginx(map_, conf)
    app = gunicorn(poorten["app"], "--access-logfile", str(map_ / "gunicorn-access.log"))
    # gunicorn's error log is its stderr: the file achtergrond writes.
    with achtergrond(app, web_instance["env"], map_ / "gunicorn.log", poorten["app"]), \
            achtergrond(proxy, web_instance["env"], map_ / "nginx.log", poorten["https"]):
        yield {**poorten, "pki": pki,
               "toegang": Logboek(map_ / "gunicorn-access.log"),
               "fouten": Logboek(map_ / "gunicorn.log"),
               "nginx_log": Logboek(map_ / "register-web.log")}


def _tls(web):
    return ssl.create_default_context(cafile=str(web["pki"] / "trust.pem"))


def _via_nginx(web, pad, headers=None):
    conn = http.client.HTTPSConnection("127.0.0.1", web["https"], context=_tls(web),
                                       timeout=10)
    return _get(conn, pad, headers)


def _direct(web, pad, headers=None, bron=None):
    """Straight to gunicorn, from 127.0.0.1 or from `bron`."""
    conn = http.client.HTTPConnection("127.0.0.1", web["app"], timeout=10,
                                      source_address=(bron, 0) if bron else None)
    return _get(conn, pad, headers)


def _get(conn, pad, headers):
    """GET `pad` on `conn`: status, headers and body."""
    try:
        conn.request("GET", pad, headers=headers or {})
        antwoord = conn.getresponse()
        return antwoord.status, antwoord.headers, antwoord.read()
    finally:
        conn.close()


def _socket(web, doel="https"):
    sock = socket.create_connection(("127.0.0.1", web[doel]), timeout=10)
    if doel == "https":
        return _tls(web).wrap_socket(sock, server_hostname="127.0.0.1")
    return sock


def _status(sock):
    """The status code of the answer on `sock` (its first line)."""
    regel = sock.makefile("rb").readline()
    assert regel.startswith(b"HTTP/1.1 "), regel
    return int(regel.split()[1])


def _rauw(web, verzoek):
    """Send `verzoek` as it is, straight to gunicorn; its status code."""
    with _socket(web, "app") as sock:
        sock.sendall(verzoek)
        return _status(sock)


def _post_kop(lengte=None):
    """The head of a login form's POST: `lengte` bytes follow, or chunks when None."""
    body = "Transfer-Encoding: chunked" if lengte is None else f"Content-Length: {lengte}"
    return ("POST /inloggen HTTP/1.1\r\nHost: register\r\nConnection: close\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n{body}\r\n\r\n").encode()


def _bij_de_app_tot_hier(web, vanaf):
    """gunicorn's access-log lines after `vanaf`, read once a request sent now through nginx
    has been logged: whatever reached the app before it has been logged too."""
    merk = f"/merkteken/{uuid.uuid4().hex}"
    assert _via_nginx(web, merk)[0] == 404
    return web["toegang"].wacht_op(vanaf, lambda regels: any(merk in r for r in regels))


def _posts(regels):
    return [m for m in map(TOEGANG.fullmatch, regels) if m and m[2] == "POST"]


# ------------------------------------------------------------- nginx in front of the app

def test_a_body_over_the_limit_is_refused_by_nginx_and_never_reaches_the_app(web):
    vanaf = web["toegang"].positie()
    with _socket(web) as sock:
        sock.sendall(_post_kop(1 << 30))
        sock.sendall(b"gebruikersnaam=school")
        assert _status(sock) == 413
    assert _posts(_bij_de_app_tot_hier(web, vanaf)) == []


def test_a_chunked_body_is_refused_once_it_passes_the_limit(web):
    """Without a Content-Length nginx counts while it buffers; the app sees nothing."""
    vanaf = web["toegang"].positie()
    blok = b"a" * (1 << 20)
    with _socket(web) as sock:
        sock.sendall(_post_kop())
        try:
            for _ in range(21):
                sock.sendall(b"%x\r\n%s\r\n" % (len(blok), blok))
        except OSError:
            pass  # nginx may answer and close before the last megabyte
        assert _status(sock) == 413
    assert _posts(_bij_de_app_tot_hier(web, vanaf)) == []


def test_slow_uploads_are_held_by_nginx_and_the_login_page_stays_free(web):
    """More slow uploads than gunicorn has threads (workers x threads), each sending its
    body a byte at a time: while they trickle, the app has seen none of them and answers the
    login page; once complete, every one reaches the app."""
    aantal = GUNICORN["workers"] * GUNICORN["threads"] + 2
    lengte = 10_000  # a login form: under the 64 KiB the app takes without a session
    vanaf = web["toegang"].positie()
    with contextlib.ExitStack() as stapel:
        uploads = [stapel.enter_context(_socket(web)) for _ in range(aantal)]
        verzonden = [0] * aantal
        stop = threading.Event()

        def druppel():
            while not stop.wait(0.05):
                for i, sock in enumerate(uploads):
                    sock.sendall(b"a")
                    verzonden[i] += 1

        for sock in uploads:
            sock.sendall(_post_kop(lengte))
        druppelaar = threading.Thread(target=druppel)
        druppelaar.start()
        try:
            inloggen = _via_nginx(web, "/inloggen")[0]
            tot_hier = _bij_de_app_tot_hier(web, vanaf)
        finally:
            stop.set()
            druppelaar.join()
        assert inloggen == 200
        assert _posts(tot_hier) == []

        for i, sock in enumerate(uploads):
            sock.sendall(b"a" * (lengte - verzonden[i]))
        antwoorden = sorted(_status(sock) for sock in uploads)
    bij_de_app = web["toegang"].wacht_op(vanaf, lambda regels: len(_posts(regels)) == aantal)
    assert sorted(int(m[4]) for m in _posts(bij_de_app)) == antwoorden


def test_the_app_sees_https_from_nginx(web):
    """X-Forwarded-Proto from nginx's address is believed: the app sends HSTS; straight to
    gunicorn over plain HTTP it does not."""
    status, headers, _ = _via_nginx(web, "/inloggen")
    assert status == 200 and "max-age=" in headers["Strict-Transport-Security"]
    status, headers, _ = _direct(web, "/inloggen", {"X-Forwarded-Proto": "https"})
    assert status == 200 and "Strict-Transport-Security" not in headers


def test_plain_http_is_sent_to_https(web):
    conn = http.client.HTTPConnection("127.0.0.1", web["http"], timeout=10)
    status, headers, _ = _get(conn, "/inloggen?taal=en", None)
    assert status == 301 and headers["Location"] == "https://127.0.0.1/inloggen?taal=en"


def test_a_client_certificate_header_sent_to_the_web_listener_is_dropped(web):
    """The app believes X-SSL-Client-Cert from nginx's address (shared with the M2M
    listener): straight from that address it identifies Amsterdam, but nginx's web listener,
    which checks no certificate, never passes a client's own header on."""
    pem = (web["pki"] / "clients" / f"{AMSTERDAM[0]}.crt").read_text()
    vals = {"X-SSL-Client-Cert": quote(pem), "X-SSL-Client-Verify": "SUCCESS",
            "Accept": "application/json"}
    assert _direct(web, "/api/v1/organisatie", vals, bron=PROXY)[0] == 200
    assert _via_nginx(web, "/api/v1/organisatie", vals)[0] == 403


def test_static_files_come_from_nginx_revalidated_and_with_their_own_headers(web):
    vanaf = web["toegang"].positie()
    status, headers, body = _via_nginx(web, "/static/app.css")
    assert status == 200 and body == (ROOT / "static" / "app.css").read_bytes()
    assert headers["Content-Type"] == "text/css"
    assert headers["Cache-Control"] == "no-cache" and headers["ETag"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert _via_nginx(web, "/static/app.css", {"If-None-Match": headers["ETag"]})[0] == 304
    # The pages link the file by its fingerprint: that URL is kept for a year.
    pagina = _via_nginx(web, "/inloggen")[2].decode()
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', pagina).group(1)
    status, headers, body = _via_nginx(web, css)
    assert status == 200 and body == (ROOT / "static" / "app.css").read_bytes()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not [r for r in _bij_de_app_tot_hier(web, vanaf) if "/static/" in r]


def test_nginx_logs_the_path_without_query_string_and_escaped(web):
    vanaf = web["nginx_log"].positie()
    assert _via_nginx(web, "/nginx-log/zoek?achternaam=Jansen")[0] == 404
    assert _via_nginx(web, "/nginx-log/a%0d%0ab")[0] == 404
    regels = web["nginx_log"].wacht_op(
        vanaf, lambda regels: sum("/nginx-log/" in r for r in regels) == 2)
    zoek, escaped = (r for r in regels if "/nginx-log/" in r)
    assert '"GET /nginx-log/zoek HTTP/1.1" 404' in zoek and "Jansen" not in zoek
    assert '"GET /nginx-log/a\\x0D\\x0Ab HTTP/1.1" 404' in escaped


# ------------------------------------------------------------- gunicorn's own limits and logs

def test_gunicorn_refuses_a_request_line_over_its_limit(web):
    def regel(lengte):
        pad = "/" + "a" * (lengte - len("GET / HTTP/1.1"))
        return f"GET {pad} HTTP/1.1\r\nHost: register\r\nConnection: close\r\n\r\n".encode()

    grens = GUNICORN["limit_request_line"]
    assert _rauw(web, regel(grens)) == 404  # the app's answer: not found
    assert _rauw(web, regel(grens + 1)) == 414


def test_gunicorn_refuses_too_many_or_too_long_header_fields(web):
    def verzoek(velden):
        return ("GET /inloggen HTTP/1.1\r\n" + "".join(f"{v}\r\n" for v in velden)
                + "\r\n").encode()

    grens = GUNICORN["limit_request_fields"]
    vast = ["Host: register", "Connection: close"]
    extra = [f"X-Veld-{i}: x" for i in range(grens - len(vast))]
    assert _rauw(web, verzoek(vast + extra)) == 200
    assert _rauw(web, verzoek(vast + extra + ["X-Een-Te-Veel: x"])) == 431

    lang = "X-Lang: " + "x" * (GUNICORN["limit_request_field_size"] - len("X-Lang: \r\n"))
    assert _rauw(web, verzoek([*vast, lang])) == 200
    assert _rauw(web, verzoek([*vast, lang + "x"])) == 431


def test_control_characters_in_a_path_are_escaped_one_line_per_request(web):
    """%0d%0a and other encoded controls reach PATH_INFO decoded; gunicorn's access log
    writes them as \\xNN, a backslash as \\\\ and a quote as \\", one line per request."""
    verwacht = {"/log/a%0d%0ab": r"/log/a\x0d\x0ab",
                "/log/%00%09%1b%7f%85": r"/log/\x00\x09\x1b\x7f\x85",
                "/log/%5c%22%20x": r'/log/\\\" x'}
    vanaf = web["toegang"].positie()
    for pad in verwacht:
        assert _direct(web, pad)[0] == 404
    regels = web["toegang"].wacht_op(
        vanaf, lambda regels: sum("/log/" in r for r in regels) >= len(verwacht))
    gelogd = [TOEGANG.fullmatch(regel) for regel in regels]
    assert all(gelogd), regels  # every line one whole record (earlier tests' too)
    assert sorted(m[3] for m in gelogd if m[3].startswith("/log/")) == sorted(verwacht.values())


def test_a_raw_control_character_is_refused_and_its_error_log_line_escaped(web):
    """http.client will not send a raw control character; a socket does. gunicorn refuses
    the request line (400, no access-log line) and quotes it in its error log: one line."""
    toegang, fouten = web["toegang"].positie(), web["fouten"].positie()
    verzoek = b"GET /rauw/a\x1b[2Jb\x85c HTTP/1.1\r\nHost: register\r\nConnection: close\r\n\r\n"
    assert _rauw(web, verzoek) == 400
    regels = web["fouten"].wacht_op(fouten, lambda regels: any("/rauw/" in r for r in regels))
    regel = next(r for r in regels if "/rauw/" in r)
    assert "x1b[2Jb" in regel and not re.search(r"[\x00-\x1f\x7f-\x9f]", regel)
    assert not [r for r in _bij_de_app_tot_hier(web, toegang) if "/rauw/" in r]


# ------------------------------------------------------------- logboek's classes themselves

def test_gunicorn_error_log_records_are_one_escaped_line_also_after_a_reload(tmp_path):
    """gunicorn quotes a bad request line itself; other records (a traceback, a message with
    a client's text) are escaped by VeiligeLogger, once, also after setup runs again."""
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "fouten.log"))
    logger = VeiligeLogger(cfg)
    try:
        logger.setup(cfg)  # what a configuration reload (HUP) does
        try:
            raise ValueError("zoek\r\n[INFO] vervalst")
        except ValueError:
            logger.exception("Error handling request %s", "/a\x1bb\\")
        logger.warning("klaar")
    finally:
        for handler in list(logger.error_log.handlers):
            logger.error_log.removeHandler(handler)
            handler.close()
    regels = (tmp_path / "fouten.log").read_text().splitlines()
    assert len(regels) == 2 and regels[1].endswith("[WARNING] klaar")
    assert "Error handling request /a\\x1bb\\\\\\x0aTraceback" in regels[0]
    assert "zoek\\x0d\\x0a[INFO] vervalst" in regels[0]


def test_the_app_formatter_writes_a_record_with_a_traceback_as_one_line():
    try:
        raise ValueError("zoek\r\nINFO vervalst")
    except ValueError:
        record = logging.LogRecord("app", logging.ERROR, __file__, 1, "pad %s", ("/a\x1bb\\",),
                                   sys.exc_info())
    regel = VeiligeFormatter("%(levelname)s %(message)s").format(record)
    assert regel.startswith("ERROR pad /a\\x1bb\\\\\\x0aTraceback")
    assert "zoek\\x0d\\x0aINFO vervalst" in regel and "\n" not in regel
