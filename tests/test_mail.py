"""R-VZ-10's mails leave through the outbox: a real SMTP sink (aiosmtpd) receives them;
with the sink stopped they wait and go out when it is back."""
import datetime

import pytest
from aiosmtpd.controller import Controller

from domain import verzuim
from domain.gebruikers import actor_voor
from jobs.mail import MailConfig, verstuur_wachtende
from models import Gebruiker, UitgaandeMail, utcnow
from tests.conftest import vrije_poort
from tests.test_verzuim import DONDER, geldig


class Opvang:
    def __init__(self):
        self.berichten = []

    async def handle_DATA(self, server, session, envelope):
        self.berichten.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


@pytest.fixture
def sink():
    opvang = Opvang()
    controller = Controller(opvang, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    yield controller, opvang
    controller.stop()


def _melding():
    school = actor_voor(Gebruiker.get(Gebruiker.gebruikersnaam == "school"))
    return verzuim.sla_op(school, "31ED", DONDER, geldig(mail_naar_melder=True),
                          basis_url="http://127.0.0.1:5000/", vandaag=datetime.date(2026, 11, 23))


def test_r_vz_10_mails_reach_the_sink_with_the_right_recipients(app, sink):
    """R-VZ-10: the handling instantie and, when asked, the school's contactpersoon."""
    controller, opvang = sink
    melding = _melding()
    config = MailConfig(backend="smtp", port=controller.port)
    assert verstuur_wachtende(config) == (2, 0)
    ontvangers = sorted(r for rcpt, _tekst in opvang.berichten for r in rcpt)
    assert ontvangers == ["melder@school.example", "verzuimloket@amsterdam.example"]
    tekst = opvang.berichten[0][1]
    assert f"Verzuimmelding {melding.nummer}" in tekst and DONDER not in tekst
    assert verstuur_wachtende(config) == (0, 0)  # nothing is sent twice


def test_with_the_sink_stopped_mails_wait_and_go_out_when_it_is_back(app):
    _melding()
    poort = vrije_poort()
    config = MailConfig(backend="smtp", port=poort)
    assert verstuur_wachtende(config) == (0, 2)
    wachtend = list(UitgaandeMail.select().where(UitgaandeMail.verzonden.is_null()))
    assert len(wachtend) == 2 and all(m.pogingen == 1 and m.laatste_fout for m in wachtend)
    assert verstuur_wachtende(config) == (0, 0)  # not due yet: back-off
    opvang = Opvang()
    controller = Controller(opvang, hostname="127.0.0.1", port=poort)
    controller.start()
    try:
        later = utcnow() + datetime.timedelta(minutes=2)
        assert verstuur_wachtende(config, nu=later) == (2, 0)
        assert len(opvang.berichten) == 2
    finally:
        controller.stop()


def test_folder_backend_writes_eml_files(app, tmp_path):
    _melding()
    assert verstuur_wachtende(MailConfig(backend="map", map=str(tmp_path))) == (2, 0)
    assert len(list(tmp_path.glob("*.eml"))) == 2
