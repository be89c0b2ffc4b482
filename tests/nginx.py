"""A real nginx on loopback with the shipped server blocks (deploy/nginx*.conf), for
test_nginx_web and m2m/test_nginx. nginx connects to the app from PROXY (proxy_bind), so
a test client on 127.0.0.1 is another address while both run on this machine."""
import os

from bench.proces import ROOT
from tests.conftest import programma

PROXY = "127.0.0.2"


def nginx_conf(map_, bron, vervangingen, naam):
    """deploy/`bron` with only its addresses and paths made local (`vervangingen`, pairs
    of old and new), as `map_`/`naam`, included by an nginx.conf of its own in `map_`."""
    conf = (ROOT / "deploy" / bron).read_text()
    for oud, nieuw in vervangingen:
        assert oud in conf, f"deploy/{bron} no longer has {oud!r}"
        conf = conf.replace(oud, nieuw)
    (map_ / naam).write_text(conf)
    temp = " ".join(f"{soort}_temp_path {map_}/{soort};"
                    for soort in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (map_ / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {map_}/nginx.pid;
error_log {map_}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {temp}
    proxy_bind {PROXY};
    include {map_}/{naam};
}}
""")
    return map_ / "nginx.conf"


def nginx(map_, conf):
    """The command of nginx in the foreground with `conf`, its files in `map_`."""
    return [programma("nginx", "nginx"), "-p", str(map_), "-c", str(conf), "-g", "daemon off;"]
