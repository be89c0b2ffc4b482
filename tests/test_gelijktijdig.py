"""Concurrent writers on a live server (issue 11), with the harness of bench/schrijvers.py:
20 writers for SCHRIJVERS_SECONDEN seconds (default 30) against real gunicorn with
deploy/gunicorn.conf.py, on the engine under test (SQLite; PostgreSQL with
TEST_DATABASE_URL): school users saving meldingen through the wizard (R-VZ-10) and
changing shared ones (R-VZ-12), logins with token codes, and leerplichtambtenaren setting
the status of and giving terugkoppeling on the same shared meldingen at once.

The finding: ten school users saving at once on SQLite had 128 of 280 saves answered 500
"database is locked", and 60 parallel logins 35 × 500; on PostgreSQL two
leerplichtambtenaren setting the status of one melding at once got an IntegrityError (500)
instead of the 409 "Gewijzigd" message. A lost race is a 409 saying "intussen gewijzigd",
never a 500 (DESIGN §3 Concurrency); nothing the user typed is lost (R-VZ-12); every
version stays in the history, 1..n (R-VZ-14)."""
import collections
import os

import pytest

from bench import schrijvers

SCHRIJVERS = 20
SECONDEN = float(os.environ.get("SCHRIJVERS_SECONDEN", "30"))


def _lijst(antwoorden):
    """Answers grouped by status, kind, path and text, for a failure message."""
    per_soort = collections.Counter(
        (a["status"], a["soort"], a["methode"], schrijvers.patroon(a["pad"]), a["tekst"][:160])
        for a in antwoorden)
    return "\n".join(f"{n:>5} × {status} {soort} {methode} {pad}: {tekst}"
                     for (status, soort, methode, pad, tekst), n in per_soort.most_common(10))


@pytest.fixture(scope="module")
def afloop(maak_database, tmp_path_factory):
    """One live server and one run for the whole module; after the run, the history of
    the shared meldingen, the lost Opslaan wizards read again, and one lost race on
    Opslaan made on purpose."""
    instance = tmp_path_factory.mktemp("schrijvers")
    with schrijvers.live_server(maak_database("schrijvers"), instance, SCHRIJVERS) as server:
        afloop = schrijvers.belast(server, SCHRIJVERS, SECONDEN)
        print(f"{SCHRIJVERS} writers, {afloop.verstreken:.1f} s:",
              *schrijvers.per_soort(afloop.telling), sep="\n  ")
        afloop.versies = schrijvers.controleer_versies(afloop)
        schrijvers.herlees_verloren(afloop)
        afloop.uitgelokt = schrijvers.lok_verloren_opslaan_uit(afloop)
        yield afloop


def test_no_answer_is_a_5xx(afloop):
    """Not one 500 in the mix; the exceptions of the gunicorn log say why when there are."""
    telling = afloop.telling
    fouten = len(telling.fouten_5xx) + len(telling.geen_antwoord)
    assert fouten == 0, (
        f"{len(telling.fouten_5xx)} answers 5xx, {len(telling.geen_antwoord)} without an "
        "answer:\n" + "\n".join(schrijvers.samenvatting_5xx(telling, afloop.server.log)))


def test_r_vz_12_a_lost_race_is_a_409_saying_intussen_gewijzigd(afloop):
    """Every 409 says "intussen gewijzigd", and every page that says so is a 409."""
    telling = afloop.telling
    assert len(telling.zonder_bericht_409) == 0, "409 without the message:\n" + _lijst(
        telling.zonder_bericht_409)
    assert len(telling.race_zonder_409) == 0, (
        f"{len(telling.race_zonder_409)} lost races not answered 409 (of "
        f"{len(telling.race_zonder_409) + sum(telling.races.values())}):\n"
        + _lijst(telling.race_zonder_409))


def test_every_other_answer_is_a_success_or_a_refused_login(afloop):
    """The writers send only valid input: the rest is a redirect after success, a 401 for
    a refused login, or a melding that was closed before the school's change reached it."""
    assert len(afloop.telling.onverwacht) == 0, "unexpected answers:\n" + _lijst(
        afloop.telling.onverwacht)
    assert len(afloop.telling.harness_fouten) == 0, afloop.telling.harness_fouten[0]


def test_saves_logins_and_status_changes_succeed_under_load(afloop):
    """R-VZ-10: saves give a melding; logins and the gemeente's changes get through."""
    telling = afloop.telling
    assert telling.geslaagd("opslaan") > 0
    assert telling.geslaagd("login") > 0
    assert telling.geslaagd("status", "terugkoppeling") > 0


def test_r_vz_14_shared_meldingen_keep_every_version_once(afloop):
    """The history of each shared melding lists versions 1..n without gaps or doubles, and
    n is one more than the changes that were answered as saved (no lost update)."""
    assert afloop.versies, "no shared melding was read back"
    assert schrijvers.versiefouten(afloop.versies) == {}


def test_r_vz_12_a_lost_opslaan_keeps_what_was_typed(afloop):
    """A Wijzigen whose Opslaan lost a race (the gemeente gave terugkoppeling on the
    version the school read) answers 409 with the message and the Overzicht still holds
    what the school typed; so does every Opslaan that lost a race during the run."""
    uitgelokt = afloop.uitgelokt
    assert uitgelokt.terugkoppeling == 302, uitgelokt.tekst
    assert (uitgelokt.status, uitgelokt.bericht) == (409, True), uitgelokt.tekst
    assert uitgelokt.in_antwoord and uitgelokt.bewaard
    for verloren in afloop.verloren_opslaan:
        assert verloren.in_antwoord and verloren.direct_bewaard and verloren.later_bewaard, (
            verloren.overzicht, verloren.getypt)
