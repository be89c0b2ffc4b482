"""The user's own account."""
from flask_wtf import FlaskForm
from wtforms import PasswordField


class WachtwoordForm(FlaskForm):
    huidig = PasswordField()
    nieuw = PasswordField()
    herhaling = PasswordField()
