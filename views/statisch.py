"""Static files by a fingerprinted URL: every `url_for('static', …)` carries `v`, a hash of
the file's content, so a browser may keep the file for a year without asking again, and a
new version after a deploy is a new URL. Without a `v` (or an old one) a file is served to
be revalidated (ETag, 304), as before. nginx does the same for the files it serves
(deploy/nginx.conf)."""
import hashlib
import os

from flask import current_app, request

EEN_JAAR = 365 * 24 * 3600

_vingerafdrukken: dict[str, tuple[tuple[int, int], str]] = {}


def vingerafdruk(filename):
    """The first 12 hex digits of the SHA-256 of static/`filename`, read again only when
    the file changes (size or mtime): `make static` during development is seen at once."""
    pad = os.path.join(current_app.static_folder, filename)
    try:
        stat = os.stat(pad)
    except OSError:
        return None  # Flask answers 404 for the file itself
    stand = (stat.st_mtime_ns, stat.st_size)
    bewaard = _vingerafdrukken.get(pad)
    if bewaard is None or bewaard[0] != stand:
        with open(pad, "rb") as bestand:
            bewaard = (stand, hashlib.sha256(bestand.read()).hexdigest()[:12])
        _vingerafdrukken[pad] = bewaard
    return bewaard[1]


def _met_vingerafdruk(endpoint, values):
    if endpoint == "static" and "filename" in values and "v" not in values:
        values["v"] = vingerafdruk(values["filename"])


def _bewaar_lang(response):
    """A file asked for by its current fingerprint never changes: cached for a year."""
    if (request.endpoint == "static" and response.status_code == 200
            and request.args.get("v") == vingerafdruk(request.view_args["filename"])):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = EEN_JAAR
        response.cache_control.immutable = True
    return response


def init_app(app):
    app.url_defaults(_met_vingerafdruk)
    app.after_request(_bewaar_lang)
