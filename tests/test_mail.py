"""R-VZ-10's mails leave through the outbox: a real SMTP sink (aiosmtpd) receives them;
with the sink stopped they wait and go out when it is back. A mail that cannot be built or
is refused for good is marked failed and the others go on; a mail sent again after a crash
carries the Message-ID of the first attempt."""
import asyncio
import contextlib
import datetime
import email
import re
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller

from bench.proces import ROOT, flask_cli, omgeving, vrije_poort
from jobs.mail import CLAIM, MAX_WACHTTIJD, MailConfig, opnieuw, verstuur_wachtende, werk
from models import UitgaandeMail, database, make_database, utcnow
from tests.factories import DONDER, meld


class Opvang:
    def __init__(self):
        self.berichten = []

    async def handle_DATA(self, server, session, envelope):
        self.berichten.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


class Weigeraar(Opvang):
    """Answers what the recipient's local part asks: `rcpt-550@…` is refused at RCPT with
    550, `data-452@…` after DATA with 452. Like many servers it repeats the address."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        stap, code = address.split("@")[0].split("-")
        if stap == "rcpt":
            return f"{code} <{address}>: nee"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        stap, code = envelope.rcpt_tos[0].split("@")[0].split("-")
        if stap == "data":
            return f"{code} <{envelope.rcpt_tos[0]}>: nee"
        return await super().handle_DATA(server, session, envelope)


class Vasthouder(Opvang):
    """Keeps the first message's DATA without answering until `los` is set; the ones
    after it are received as usual."""

    def __init__(self):
        super().__init__()
        self.vast, self.los = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.vast.is_set():
            return await super().handle_DATA(server, session, envelope)
        self.berichten.append((envelope.rcpt_tos, envelope.content.decode()))
        self.vast.set()
        while not self.los.is_set():
            await asyncio.sleep(0.05)
        return "451 too late"


@contextlib.contextmanager
def smtp_sink(handler):
    controller = Controller(handler, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def sink():
    opvang = Opvang()
    with smtp_sink(opvang) as controller:
        yield controller, opvang


@pytest.fixture
def weigeraar():
    """The config of a worker whose relay refuses as each recipient asks (Weigeraar)."""
    with smtp_sink(Weigeraar()) as controller:
        yield MailConfig(backend="smtp", port=controller.port)


@pytest.fixture
def eigen_database(maak_database, tmp_path):
    """A database of the engine under test with only the schema, made by `flask db upgrade`
    as an operator would; what is written there is committed, for the worker's own
    processes. Returns its URL and the environment of a `flask` process on it."""
    url = maak_database("mail")
    env = omgeving(url, tmp_path, MAIL_BACKEND="map", MAIL_DIR=str(tmp_path / "mail"))
    flask_cli(env, "db", "upgrade")
    return url, env


@contextlib.contextmanager
def gebonden(url):
    """The models on the database at `url` for a while, then back where they were."""
    vorige = database.obj
    db = make_database(url)
    database.initialize(db)
    try:
        yield db
    finally:
        db.close()
        database.initialize(vorige)


def _message_id(tekst):
    return email.message_from_string(tekst)["Message-ID"]


def _melding():
    return meld(mail_naar_melder=True)


def test_r_vz_10_mails_reach_the_sink_with_the_right_recipients(app, sink):
    """R-VZ-10: the handling instantie and, when asked, the school's contactpersoon."""
    controller, opvang = sink
    melding = _melding()
    config = MailConfig(backend="smtp", port=controller.port,
                        public_url="https://register.example/")
    assert verstuur_wachtende(config) == (2, 0, 0)
    ontvangers = sorted(r for rcpt, _tekst in opvang.berichten for r in rcpt)
    assert ontvangers == ["melder@school.example", "verzuimloket@amsterdam.example"]
    teksten = {rcpt[0]: email.message_from_string(tekst).get_payload(decode=True).decode()
               for rcpt, tekst in opvang.berichten}
    gemeente = teksten["verzuimloket@amsterdam.example"]
    assert f"Verzuimmelding {melding.nummer}" in opvang.berichten[0][1]
    assert DONDER not in gemeente
    # The link: the worker's PUBLIC_URL and the row's path (the gemeente's own page).
    assert f"https://register.example/gemeente/meldingen/{melding.nummer}" in \
        gemeente.splitlines()
    assert f"https://register.example/verzuim/meldingen/{melding.nummer}" in \
        teksten["melder@school.example"].splitlines()
    assert verstuur_wachtende(config) == (0, 0, 0)  # nothing is sent twice


def test_with_the_sink_stopped_mails_wait_and_go_out_when_it_is_back(app):
    _melding()
    poort = vrije_poort()
    config = MailConfig(backend="smtp", port=poort)
    assert verstuur_wachtende(config) == (0, 2, 0)
    wachtend = list(UitgaandeMail.select().where(UitgaandeMail.verzonden.is_null()))
    assert len(wachtend) == 2 and all(m.pogingen == 1 and m.laatste_fout for m in wachtend)
    assert all(m.mislukt is None for m in wachtend)  # a closed port is no refusal
    assert verstuur_wachtende(config) == (0, 0, 0)  # not due yet: back-off
    opvang = Opvang()
    controller = Controller(opvang, hostname="127.0.0.1", port=poort)
    controller.start()
    try:
        later = utcnow() + datetime.timedelta(minutes=2)
        assert verstuur_wachtende(config, nu=later) == (2, 0, 0)
        assert len(opvang.berichten) == 2
    finally:
        controller.stop()


def test_folder_backend_writes_eml_files(app, tmp_path):
    _melding()
    assert verstuur_wachtende(MailConfig(backend="map", map=str(tmp_path))) == (2, 0, 0)
    assert len(list(tmp_path.glob("*.eml"))) == 2


def test_every_mail_has_its_own_message_id_from_its_row(app, sink):
    controller, opvang = sink
    _melding()
    mails = list(UitgaandeMail.select().order_by(UitgaandeMail.id))
    verstuur_wachtende(MailConfig(backend="smtp", port=controller.port))
    ontvangen = sorted(_message_id(tekst) for _rcpt, tekst in opvang.berichten)
    assert ontvangen == sorted(f"<{m.bericht_id}@register.example>" for m in mails)
    assert len(set(ontvangen)) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", m.bericht_id)
                                            for m in mails)


@pytest.mark.parametrize(("aan", "fout"), [
    ("a@b.example\nBcc: x@y", "ValueError"),
    ("a@b.example\r\nBcc: x@y", "ValueError"),
    ("a@b.example, x@y", "ValueError"),
    ("a@b.éxample", "UnicodeEncodeError"),  # the envelope is ASCII
])
def test_a_mail_that_cannot_be_built_fails_for_good_and_the_others_go(app, sink, caplog, aan,
                                                                       fout):
    """Issue 11: a line break in an address stopped all mail. Such a row is marked failed
    with its reason, the rows after it are sent, and no header is ever smuggled in."""
    controller, opvang = sink
    vergiftigd = UitgaandeMail.create(aan=aan, onderwerp="Verzuimmelding 1", tekst="Tekst")
    for loket in ("loket1", "loket2"):
        UitgaandeMail.create(aan=f"{loket}@gemeente.example", onderwerp="Verzuimmelding 2",
                             tekst="Tekst")
    config = MailConfig(backend="smtp", port=controller.port)
    assert verstuur_wachtende(config) == (2, 0, 1)

    vergiftigd = UitgaandeMail.get_by_id(vergiftigd.id)
    assert vergiftigd.mislukt and vergiftigd.verzonden is None
    assert vergiftigd.laatste_fout.startswith(f"{fout}: ")
    assert "x@y" not in vergiftigd.laatste_fout and "a@b." not in vergiftigd.laatste_fout
    ontvangers = sorted(r for rcpt, _tekst in opvang.berichten for r in rcpt)
    assert ontvangers == ["loket1@gemeente.example", "loket2@gemeente.example"]
    assert not any("x@y" in tekst or "Bcc" in tekst for _rcpt, tekst in opvang.berichten)
    assert f"uitgaande mail {vergiftigd.id} failed for good ({fout})" in caplog.text
    assert "x@y" not in caplog.text and "a@b." not in caplog.text

    # Never tried again, however much later.
    assert verstuur_wachtende(config, nu=utcnow() + MAX_WACHTTIJD) == (0, 0, 0)
    assert UitgaandeMail.get_by_id(vergiftigd.id).pogingen == 1


@pytest.mark.parametrize("aan", ["rcpt-550@gemeente.example", "data-554@gemeente.example"])
def test_a_refusal_for_good_fails_the_mail_and_it_is_not_tried_again(app, weigeraar, aan):
    mail = UitgaandeMail.create(aan=aan, onderwerp="Verzuimmelding 1", tekst="Tekst")
    assert verstuur_wachtende(weigeraar) == (0, 0, 1)
    mail = UitgaandeMail.get_by_id(mail.id)
    assert mail.mislukt and mail.verzonden is None
    assert f" {aan[5:8]} " in mail.laatste_fout  # the code, e.g. 550
    assert aan not in mail.laatste_fout  # the server repeated it; the row does not
    assert verstuur_wachtende(weigeraar, nu=utcnow() + MAX_WACHTTIJD) == (0, 0, 0)


def test_an_operator_sends_a_failed_mail_again(app):
    """`flask mail opnieuw ID` (jobs.mail.opnieuw): after the relay is fixed, a mail given
    up on goes into the next round; a sent or waiting one is left alone."""
    with smtp_sink(Weigeraar()) as weigeraar:
        mail = UitgaandeMail.create(aan="rcpt-550@gemeente.example", onderwerp="Verzuimmelding 1",
                                    tekst="Tekst")
        verzonden = UitgaandeMail.create(aan="ok@gemeente.example", onderwerp="Verzuimmelding 2",
                                         tekst="Tekst", verzonden=utcnow())
        assert verstuur_wachtende(MailConfig(backend="smtp", port=weigeraar.port)) == (0, 0, 1)
    assert opnieuw([mail.id, verzonden.id, 999999]) == 1
    with smtp_sink(Opvang()) as controller:
        assert verstuur_wachtende(MailConfig(backend="smtp", port=controller.port)) == (1, 0, 0)
    assert UitgaandeMail.get_by_id(mail.id).verzonden is not None


@pytest.mark.parametrize("aan", ["rcpt-451@gemeente.example", "data-452@gemeente.example"])
def test_a_passing_refusal_is_tried_again_later(app, weigeraar, aan):
    mail = UitgaandeMail.create(aan=aan, onderwerp="Verzuimmelding 1", tekst="Tekst")
    assert verstuur_wachtende(weigeraar) == (0, 1, 0)
    mail = UitgaandeMail.get_by_id(mail.id)
    assert mail.mislukt is None and mail.verzonden is None and mail.pogingen == 1
    assert f" {aan[5:8]} " in mail.laatste_fout and aan not in mail.laatste_fout
    assert verstuur_wachtende(weigeraar) == (0, 0, 0)  # not due yet: back-off
    assert verstuur_wachtende(weigeraar, nu=utcnow() + MAX_WACHTTIJD) == (0, 1, 0)
    assert UitgaandeMail.get_by_id(mail.id).pogingen == 2


def _onbereikbaar(url, tmp_path):
    """A database of the same engine where nothing answers."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'weg' / 'register.db'}"
    return re.sub(r"@[^/]+/", f"@127.0.0.1:{vrije_poort()}/", url)


def test_the_worker_loop_survives_a_round_that_fails(eigen_database, tmp_path, caplog):
    """The first round finds the database away, the second finds it back; the worker
    logs the first and sends in the second."""
    url, _env = eigen_database
    with gebonden(url) as bereikbaar:
        mail = UitgaandeMail.create(aan="loket@gemeente.example", onderwerp="Verzuimmelding 1",
                                    tekst="Tekst")
        rondes = iter([make_database(_onbereikbaar(url, tmp_path)), bereikbaar])

        def stop():
            db = next(rondes, None)
            if db is None:
                return True
            database.initialize(db)
            return False

        werk(MailConfig(backend="map", map=str(tmp_path / "mail")), interval=0, stop=stop)
        assert UitgaandeMail.get_by_id(mail.id).verzonden
    assert [r.getMessage() for r in caplog.records if r.name == "jobs.mail"] == [
        "mail round failed; next round in 0 s"]
    assert (tmp_path / "mail" / f"{mail.bericht_id}.eml").exists()


def test_operators_see_failed_mails_without_the_address(eigen_database):
    """`flask mail send` logs the row and the kind of error; `flask mail mislukt` lists
    row, time, subject and reason. Neither shows the address."""
    url, env = eigen_database
    with gebonden(url):
        vergiftigd = UitgaandeMail.create(aan="a@b.example\nBcc: x@y",
                                          onderwerp="Verzuimmelding 7", tekst="Tekst")
        UitgaandeMail.create(aan="loket@gemeente.example", onderwerp="Verzuimmelding 8",
                             tekst="Tekst")
    verzonden = flask_cli(env, "mail", "send")
    assert verzonden.stdout.strip() == "sent: 1, failed (will retry): 0, failed for good: 1"
    assert f"uitgaande mail {vergiftigd.id} failed for good (ValueError)" in verzonden.stderr
    lijst = flask_cli(env, "mail", "mislukt").stdout
    [regel] = lijst.splitlines()
    nummer, _tijd, onderwerp, reden = regel.split("\t")
    assert (nummer, onderwerp) == (str(vergiftigd.id), "Verzuimmelding 7")
    assert reden.startswith("ValueError: ")
    for uitvoer in (verzonden.stdout, verzonden.stderr, lijst):
        assert "x@y" not in uitvoer and "a@b.example" not in uitvoer


def test_a_mail_sent_again_after_a_crash_mid_data_has_the_same_message_id(eigen_database):
    """Issue 11: a worker killed while the server holds DATA leaves its claim; once the
    claim has expired the mail goes again, with the Message-ID of the first attempt, so
    the receiver can drop the repeat (at least once; SMTP cannot do exactly once)."""
    url, env = eigen_database
    opvang = Vasthouder()
    with smtp_sink(opvang) as controller:
        try:
            with gebonden(url):
                mail = UitgaandeMail.create(aan="loket@gemeente.example",
                                            onderwerp="Verzuimmelding 1", tekst="Tekst")
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "app", "mail", "send"], cwd=ROOT,
                env={**env, "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1",
                     "SMTP_PORT": str(controller.port)},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                assert opvang.vast.wait(60), "the worker never reached DATA"
            finally:
                worker.kill()  # SIGKILL: no goodbye, no marking
                worker.wait()
            opvang.los.set()
            [(_rcpt, eerste)] = opvang.berichten

            config = MailConfig(backend="smtp", port=controller.port)
            with gebonden(url):
                assert UitgaandeMail.get_by_id(mail.id).verzonden is None
                # A worker started at once leaves the claimed mail alone ...
                assert verstuur_wachtende(config) == (0, 0, 0)
                # ... and sends it once the claim has expired.
                assert verstuur_wachtende(config, nu=utcnow() + CLAIM) == (1, 0, 0)
                assert UitgaandeMail.get_by_id(mail.id).verzonden
        finally:
            opvang.los.set()
    [(_rcpt, eerste_poging), (rcpt, tweede_poging)] = opvang.berichten
    assert eerste_poging == eerste and rcpt == ["loket@gemeente.example"]
    assert _message_id(tweede_poging) == _message_id(eerste) == (
        f"<{mail.bericht_id}@register.example>")


def test_migration_0009_gives_each_mail_already_in_the_outbox_its_own_id(maak_database):
    from models.migrate import runner, upgrade
    db = make_database(maak_database("mail0009"))
    with db.connection_context():
        runner(db).up("0008_mutatiedocument")
        p = db.param
        for aan in ("loket1@gemeente.example", "loket2@gemeente.example"):
            db.execute_sql("INSERT INTO uitgaande_mail (aan, onderwerp, tekst, aangemaakt, "
                           f"pogingen, volgende_poging) VALUES ({p}, 'Verzuimmelding 1', "
                           f"'Tekst', {p}, 0, {p})", (aan, utcnow(), utcnow()))
        assert upgrade(db)[0] == "0009_uitgaande_mail"
        ids = [r[0] for r in db.execute_sql(
            "SELECT bericht_id FROM uitgaande_mail WHERE mislukt IS NULL ORDER BY id")]
        assert len(set(ids)) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
        runner(db).down("0009_uitgaande_mail")
        kolommen = {c.name for c in db.get_columns("uitgaande_mail")}
        assert not {"bericht_id", "mislukt"} & kolommen and "laatste_fout" in kolommen
        assert db.execute_sql("SELECT count(*) FROM uitgaande_mail").fetchone()[0] == 2
