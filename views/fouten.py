"""Error pages in the layout, in the user's language."""
from flask import render_template

from domain.fouten import GeenToegang


def init_app(app):
    @app.errorhandler(403)
    @app.errorhandler(GeenToegang)
    def geen_toegang(_error):
        return render_template("fouten/403.html"), 403

    @app.errorhandler(404)
    def niet_gevonden(_error):
        return render_template("fouten/404.html"), 404
