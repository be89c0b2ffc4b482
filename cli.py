"""CLI commands: `flask --app app db upgrade | reference load | demo load | demo meldingen |
brp load FILE | mail … | pki maak | pki vertrouw FILE | certificaten … | machtiging verleen |
leveringen p-levering | koppeling … | opschoning start | herindeling dag`."""
import datetime
import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from models import database
from models.migrate import upgrade

db_cli = AppGroup("db", help="The database schema.")
reference_cli = AppGroup("reference", help="Reference data (gemeenten, landen, postcodes).")
demo_cli = AppGroup("demo", help="Demo organisations, pupils and accounts.")
brp_cli = AppGroup("brp", help="The BRP file source.")
mail_cli = AppGroup("mail", help="The e-mail outbox.")
pki_cli = AppGroup("pki", help="The development/test certificate hierarchy for M2M.")
certificaten_cli = AppGroup("certificaten", help="Registered M2M certificates.")
machtiging_cli = AppGroup("machtiging", help="Gemeenten authorising uitvoerende instanties.")
opschoning_cli = AppGroup("opschoning", help="Retention: removing what is past its time.")
herindeling_cli = AppGroup("herindeling", help="Gemeentelijke herindelingen (R-HER-01).")
leveringen_cli = AppGroup("leveringen", help="Gegevensleveringen: the weekly P-levering.")
koppeling_cli = AppGroup("koppeling", help="Koppelingen OWN/BSN: persons linked or merged.")
jobs_cli = AppGroup("jobs", help="The job queue (huey): sent files, retention.")


def mail_config(app):
    from jobs.mail import MailConfig
    c = app.config
    return MailConfig(backend=c["MAIL_BACKEND"], map=c["MAIL_DIR"], host=c["SMTP_HOST"],
                      port=c["SMTP_PORT"], starttls=c["SMTP_STARTTLS"], gebruiker=c["SMTP_USER"],
                      wachtwoord=c["SMTP_PASSWORD"], afzender=c["MAIL_FROM"],
                      public_url=c["PUBLIC_URL"])


@mail_cli.command("send")
def mail_send():
    """Send the mails that are due, once."""
    from jobs.mail import verstuur_wachtende
    with database.connection_context():
        ronde = verstuur_wachtende(mail_config(current_app))
    click.echo(f"sent: {ronde.verzonden}, failed (will retry): {ronde.opnieuw}, "
               f"failed for good: {ronde.mislukt}")


@mail_cli.command("worker")
@click.option("--interval", default=5.0, help="seconds between rounds")
def mail_worker(interval):
    """Keep sending the outbox (make run starts this next to the web app)."""
    from jobs.mail import werk
    config = mail_config(current_app)
    where = config.map if config.backend == "map" else f"{config.host}:{config.port}"
    click.echo(f"mail worker: {config.backend} → {where}")
    werk(config, interval)


@mail_cli.command("mislukt")
def mail_mislukt():
    """List the mails given up for good: id, when, subject and reason (never the address
    or the text)."""
    from jobs.mail import een_regel, mislukte
    with database.connection_context():
        mails = mislukte()
    for mail in mails:
        click.echo(f"{mail.id}\t{mail.mislukt:%Y-%m-%d %H:%M:%S}Z\t{een_regel(mail.onderwerp)}"
                   f"\t{mail.laatste_fout}")
    if not mails:
        click.echo("no failed mails")


@mail_cli.command("opnieuw")
@click.argument("ids", nargs=-1, type=int, required=True)
def mail_opnieuw(ids):
    """Send the failed mails IDS again (see `mail mislukt`): their next round takes them."""
    from jobs.mail import opnieuw
    with database.connection_context():
        click.echo(f"queued again: {opnieuw(ids)} of {len(ids)}")


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending migrations, then fill what a migration left to the domain."""
    from domain.opwaarderen import documenten_aanvullen

    with database.connection_context():
        applied = upgrade(database.obj)
        aangevuld = documenten_aanvullen()
    click.echo("applied: " + ", ".join(applied) if applied else "schema up to date")
    if aangevuld:
        click.echo(f"change feed entries written for {aangevuld} melding versions")


@reference_cli.command("load")
@click.argument("folder", required=False)
def reference_load(folder):
    """Load regio's, gemeenten, landen and postcodes from FOLDER (default data/reference)."""
    from domain.referentie import laad_referentie
    with database.connection_context():
        counts = laad_referentie(folder or current_app.config["REFERENCE_DIR"])
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@brp_cli.command("load")
@click.argument("path")
def brp_load(path):
    """Load a BRP extract (CSV) into the file source; the register's persons in it take
    its changes (a move, a death), each a Mutatie for the P-levering."""
    from domain.actor import Actor
    from domain.brp import laad_extract
    from domain.inschrijving import ververs_uit_brp
    with database.connection_context():
        bsns = laad_extract(path)
        gewijzigd = ververs_uit_brp(Actor(kenmerk="systeem:brp", organisatie_id=None), bsns)
    click.echo(f"brp: {len(bsns)} personen, {gewijzigd} gewijzigd in het register")


@demo_cli.command("load")
def demo_load():
    """Load the demo data and print the demo accounts (also in instance/demo-accounts.json)."""
    from domain.demo import laad
    with database.connection_context():
        counts, accounts = laad(current_app.config["DEMO_DIR"], current_app.config["DEMO_ACCOUNTS"])
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
    click.echo(f"\nDemo accounts (also in {current_app.config['DEMO_ACCOUNTS']}):")
    for a in accounts:
        click.echo(f"  {a['username']:<22} {a['password']:<18} {a['role']:<40} {a['organisation']}")
    click.echo("Log in with the code of a token app holding totp_secret, or print it with: "
               ".venv/bin/flask --app app demo code USERNAME")


@demo_cli.command("meldingen")
def demo_meldingen():
    """Report the demo verzuimmeldingen and take some into handling (for `make run`)."""
    from domain.demo import laad_meldingen
    with database.connection_context():
        nieuw = laad_meldingen(Path(current_app.config["DEMO_DIR"]) / "verzuimmeldingen.csv")
    click.echo(f"verzuimmeldingen: {nieuw}")


@demo_cli.command("code")
@click.argument("username")
def demo_code(username):
    """Print the current token code of a demo account."""
    from domain.gebruikers import huidige_code
    accounts = json.loads(open(current_app.config["DEMO_ACCOUNTS"], encoding="utf-8").read())
    for a in accounts:
        if a["username"] == username:
            click.echo(huidige_code(a["totp_secret"]))
            return
    raise click.ClickException(f"no demo account {username}")


def slug(naam):
    return "-".join("".join(c if c.isalnum() else " " for c in naam.lower()).split())


@pki_cli.command("maak")
@click.option("--map", "folder", default=None, help="default: instance/pki")
def pki_maak(folder):
    """Make a TEST hierarchy as deep as PKIoverheid's (root, domain CA, TSP CA, a server
    certificate for localhost/127.0.0.1) and a client certificate per organisation, with
    its OIN. Never for production: there the anchors are PKIoverheid's (`pki vertrouw`)."""
    from certificates import testpki
    from models import Organisatie
    folder = Path(folder or Path(current_app.instance_path) / "pki")
    with database.connection_context():
        organisaties = [(slug(o.naam), o.oin)
                        for o in Organisatie.select().order_by(Organisatie.id)]
    testpki.maak(folder, organisaties)
    click.echo(f"test PKI in {folder}: trust.pem (root), ca-chain.pem (root, domain and TSP "
               "CA: TRUST_ANCHORS), server.pem/.key, clients/<organisatie>.pem/.key")
    for naam, oin in organisaties:
        click.echo(f"  clients/{naam}.pem  OIN {oin}")


@pki_cli.command("vertrouw")
@click.argument("bestand", type=click.Path(exists=True, dir_okay=False))
@click.option("--test", is_flag=True,
              help="also a CA that is not on the PKIoverheid list (development and tests)")
def pki_vertrouw(bestand, test):
    """Add the CA certificate(s) in FILE (.cer, .crt, .pem or .p7b, as downloaded from
    cert.pkioverheid.nl) to the trust anchors (TRUST_ANCHORS). Each must be a PKIoverheid
    Private Services CA of G1 or G4, recognised by its SHA-256 thumbprint (R-CRT-02)."""
    from certificates import CertificaatFout, NietToegevoegd, vertrouw
    pad = current_app.config["TRUST_ANCHORS"]
    try:
        toevoegingen = vertrouw(pad, Path(bestand).read_bytes(), test=test)
    except CertificaatFout as fout:
        raise click.ClickException(f"{bestand}: {fout}") from None
    except NietToegevoegd as fout:
        raise click.ClickException(f"{bestand} refused: {fout}") from None
    for t in toevoegingen:
        soort = f"PKIoverheid {t.ca.hierarchie} {t.ca.rol}" if t.ca else "TEST"
        click.echo(f"{'added' if t.nieuw else 'already trusted'}: "
                   f"{t.cert.subject.rfc4514_string()} ({soort})")
    click.echo(f"trust anchors: {pad}. The app reads it again at once; reload the M2M "
               "listener (gunicorn: kill -HUP; nginx: nginx -s reload) for the handshake.")


@certificaten_cli.command("waarschuw")
def certificaten_waarschuw():
    """Mail beheerders about certificates that expire within 60, 30 or 7 days (R-CRT-03)."""
    from domain.certificaten import waarschuw
    with database.connection_context():
        click.echo(f"warned: {waarschuw()}")


@certificaten_cli.command("registreer")
@click.argument("bestand")
@click.option("--oin", required=True, help="the organisation's 20-digit OIN")
def certificaten_registreer(bestand, oin):
    """Register FILE for the organisation with OIN, after the checks of R-CRT-01/02 (for
    operators and scripted set-ups; beheerders use the Certificaten page)."""
    from certificates import vertrouwen_van
    from domain.actor import Actor
    from domain.certificaten import bekijk, registreer
    from domain.fouten import Ongeldig
    from models import Organisatie
    with database.connection_context():
        organisatie = Organisatie.get_or_none(Organisatie.oin == oin)
        if organisatie is None:
            raise click.ClickException(f"no organisation with OIN {oin}")
        actor = Actor("systeem:cli", organisatie.id, rollen=frozenset({"beheerder"}))
        vertrouwd = vertrouwen_van(current_app.config)
        try:
            voorbeeld = bekijk(actor, vertrouwd, bestand, Path(bestand).read_bytes())
            certificaat = registreer(actor, vertrouwd, voorbeeld.pem)
        except Ongeldig as exc:
            raise click.ClickException("; ".join(f.melding % f.params if f.params else f.melding
                                                 for f in exc.fouten)) from None
    click.echo(f"registered {certificaat.vingerafdruk} for {organisatie.naam}")


@machtiging_cli.command("verleen")
@click.argument("gemeentecode")
@click.argument("oin")
@click.option("--van", type=click.DateTime(["%Y-%m-%d"]), help="first day (default today)")
@click.option("--tot", type=click.DateTime(["%Y-%m-%d"]), help="last day (default open)")
def machtiging_verleen(gemeentecode, oin, van, tot):
    """Let the uitvoerende instantie with OIN handle the meldingen of GEMEENTECODE (R-GEM-03)."""
    from domain import machtiging
    from domain.actor import Actor
    from domain.fouten import Ongeldig
    with database.connection_context():
        try:
            m = machtiging.verleen(Actor("systeem:cli", None), gemeentecode, oin,
                                   van=van and van.date(), tot=tot and tot.date())
        except Ongeldig as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{m.organisatie.naam} handles the meldingen of {m.gemeente.naam} "
               f"from {m.geldig_van}")


@jobs_cli.command("worker")
@click.option("--workers", default=2, help="threads taking jobs")
def jobs_worker(workers):
    """Run a consumer of the job queue (make run starts one). With REDIS_URL set, the
    consumers of every machine share its queue; otherwise instance/huey.db."""
    import jobs.bestanden  # their tasks must be known to the consumer
    import jobs.herindeling
    import jobs.leveringen
    import jobs.opschoning
    from jobs.wachtrij import gebruik_app, huey
    gebruik_app(current_app._get_current_object())
    click.echo(f"jobs worker: {type(huey.storage).__name__}, {workers} threads")
    # A consumer restarted after a crash takes its unfinished files back at once (another
    # consumer's periodic round would, within a minute).
    jobs.bestanden.herstel.call_local()
    jobs.leveringen.herstel.call_local()
    jobs.opschoning.herstel.call_local()
    jobs.herindeling.herstel.call_local()
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


@jobs_cli.command("herstel")
def jobs_herstel():
    """Queue again the sent files no consumer is processing (also done every minute)."""
    from jobs.bestanden import herstel
    herstel.call_local()


@leveringen_cli.command("p-levering")
@click.option("--datum", default=None, help="run as on this day (JJJJ-MM-DD); default today")
@click.option("--tot-en-met-vandaag", is_flag=True,
              help="the days up to and including today, not the last whole week (the demo)")
def leveringen_p_levering(datum, tot_en_met_vandaag):
    """Make the P-leveringen now that the job makes every Monday night (the week before
    that Monday), and any an earlier run left unfinished."""
    from domain import levering
    from jobs.leveringen import maak_p_leveringen
    vandaag = datetime.date.fromisoformat(datum) if datum else levering.vandaag()
    peildatum = (vandaag + datetime.timedelta(days=1) if tot_en_met_vandaag
                 else levering.peildatum_van(vandaag))
    with database.connection_context():
        ids = maak_p_leveringen(peildatum)
    click.echo(f"P-leveringen tot {peildatum:%d-%m-%Y}: {len(ids)} gemaakt")


@koppeling_cli.command("lijst")
@click.option("--nummer", default="", help="only the links of this BSN or onderwijsnummer")
def koppeling_lijst(nummer):
    """The latest links of a BSN and an onderwijsnummer (R-LEV-04, R-INS-10)."""
    from domain import koppeling
    with database.connection_context():
        for k in koppeling.koppelingen(nummer):
            click.echo(f"{k.id}\t{k.tijdstip:%Y-%m-%d %H:%M}\t{k.soort}\t{k.status}\t"
                       f"persoon {k.persoon_id}" + (f" <- {k.vervallen_id}" if k.vervallen_id
                                                    else ""))


@koppeling_cli.command("terugdraaien")
@click.argument("koppeling_id", type=int)
def koppeling_terugdraaien(koppeling_id):
    """Undo link KOPPELING_ID: a merged person gets its number and rows back (R-INS-10)."""
    from domain import koppeling
    from domain.actor import Actor
    from domain.fouten import GeenToegang, Ongeldig
    with database.connection_context():
        try:
            k = koppeling.draai_terug(Actor("systeem:cli", None), koppeling_id)
        except GeenToegang:
            raise click.ClickException(f"koppeling {koppeling_id} not found") from None
        except Ongeldig as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"koppeling {k.id} teruggedraaid")


@opschoning_cli.command("start")
@click.option("--droog", is_flag=True, help="a dry run: count what would go, remove nothing")
@click.option("--peildatum", default=None, help="as on this day (JJJJ-MM-DD); default today")
def opschoning_start(droog, peildatum):
    """Remove the persons past their retention and the files past theirs now (R-AVG-01),
    as the nightly job does; a run of the day cut off goes on where it stopped."""
    from domain import opschoning
    from jobs.opschoning import SYSTEEM, verwerk
    from models import Opschoning
    dag = datetime.date.fromisoformat(peildatum) if peildatum else datetime.date.today()
    with database.connection_context():
        run = opschoning.begin(SYSTEEM, dag, droog)
        verwerk(run.id)
        run = Opschoning.get_by_id(run.id)
    click.echo(f"opschoning {run.id} ({'droog' if run.droog else 'echt'}, {run.peildatum}): "
               f"{run.status} {run.aantallen}")


@herindeling_cli.command("dag")
@click.option("--datum", default=None, help="as on this day (JJJJ-MM-DD): the demo moves the "
              "clock with it; default today")
def herindeling_dag(datum):
    """Do now what the nightly job does: the announcements due, the herindelingen whose
    date has come (one cut off goes on where it stopped), the clean-ups three months on."""
    from jobs.herindeling import dag as werk_van
    dag = datetime.date.fromisoformat(datum) if datum else datetime.date.today()
    with database.connection_context():
        samenvatting = werk_van(dag)
    click.echo(f"herindelingen {dag}: {samenvatting}")


def register_commands(app):
    for group in (db_cli, reference_cli, demo_cli, brp_cli, mail_cli, pki_cli, certificaten_cli,
                  machtiging_cli, jobs_cli, leveringen_cli, koppeling_cli, opschoning_cli,
                  herindeling_cli):
        app.cli.add_command(group)
