from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField
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


class CertificaatUploadForm(FlaskForm):
    bestand = FileField()


class CertificaatBevestigForm(FlaskForm):
    pem = HiddenField()
