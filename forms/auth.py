from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField


class LoginForm(FlaskForm):
    gebruikersnaam = StringField()
    wachtwoord = PasswordField()
    code = StringField()


class TokenForm(FlaskForm):
    code = StringField()
