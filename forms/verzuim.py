from flask_wtf import FlaskForm
from wtforms import StringField


class ZoekLeerlingForm(FlaskForm):
    """Searching by number is a POST: a BSN does not belong in a URL or a log."""

    pgn = StringField()
