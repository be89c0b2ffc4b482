from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget


class Vinkjes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """The domain decides which values are allowed and says so next to the field."""


class GebruikerForm(FlaskForm):
    gebruikersnaam = StringField()
    naam = StringField()
    email = StringField()
    rollen = Vinkjes()
    kenmerken = Vinkjes()


class GebruikerWijzigForm(FlaskForm):
    naam = StringField()
    email = StringField()
    rollen = Vinkjes()
    kenmerken = Vinkjes()
    actief = BooleanField()


class HerstelForm(FlaskForm):
    """Only the CSRF token: the button itself is the request."""
