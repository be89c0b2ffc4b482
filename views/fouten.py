"""Error pages in the layout, in the user's language."""
from flask import render_template, request

from domain.fouten import GeenToegang


def init_app(app):
    @app.errorhandler(403)
    @app.errorhandler(GeenToegang)
    def geen_toegang(_error):
        return render_template("fouten/403.html"), 403

    @app.errorhandler(404)
    @app.errorhandler(405)
    def niet_gevonden(error):
        if request.path.startswith("/api/"):
            from views.m2m import fout_van_pad
            return fout_van_pad(error)
        if error.code == 405:
            return error
        return render_template("fouten/404.html"), 404
