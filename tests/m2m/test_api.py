"""The /api/v1 JSON API: NL API Design Rules, identity by certificate (R-CRT-02/03),
the schools' and gemeenten' operations on the same domain functions as the pages, the
change feed, and who may read what (R-AVG-02, R-AVG-03)."""
import json
import re

from models import Certificaat, Inzagelog, Organisatie
from tests.conftest import inloggen_als
from tests.factories import AMSTEL, AMSTERDAM, DONDER, MELDING, UTRECHT
from tests.m2m.conftest import organisatie


def _meld(school, **wijzig):
    response = school.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER, "melding": {**MELDING, **wijzig}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


# ---------------------------------------------------------------- the contract

def test_openapi_is_public_and_describes_every_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    beschreven = {(pad, m) for pad, ops in spec["paths"].items() for m in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "m2m.specificatie":
            pad = re.sub(r"<int:(\w+)>", r"{\1}", rule.rule[len("/api/v1"):])
            routes |= {(pad, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == beschreven


def test_nl_api_rules_version_header_problem_json_slash_and_media_types(pakket):
    gemeente = pakket(AMSTERDAM)
    ok = gemeente.get("/api/v1/organisatie")
    assert ok.status_code == 200 and ok.headers["API-Version"] == "1.0.0"
    assert ok.headers["X-Content-Type-Options"] == "nosniff"
    assert ok.headers["Cache-Control"] == "no-store"
    slash = gemeente.get("/api/v1/organisatie/")
    assert slash.status_code == 404 and slash.mimetype == "application/problem+json"
    assert slash.headers["API-Version"] == "1.0.0"
    assert gemeente.get("/api/v1/organisatie", headers={"Accept": "text/html"}).status_code == 406
    form = gemeente.client.post("/api/v1/vrijstellingen", data={"pgn": DONDER},
                                headers=gemeente._headers({}))
    assert form.status_code == 415  # a browser's form cannot post here (no CSRF by mTLS)
    fout = gemeente.post("/api/v1/vrijstellingen", json={"pgn": DONDER, "artikel": "5-a",
                                                         "begindatum": "2026-02-30", "x": 1})
    assert fout.status_code == 400 and fout.mimetype == "application/problem+json"
    namen = {p["name"] for p in fout.get_json()["invalidParams"]}
    assert {"begindatum", "body"} <= namen


def test_parameters_outside_the_contract_are_4xx_not_server_errors(pakket):
    """What schemathesis found: a number no column can hold, a missing required query
    parameter, and a date-time that is not one."""
    gemeente, school = pakket(AMSTERDAM), pakket("stichting-particulier-onderwijs-amstel")
    groot = gemeente.get("/api/v1/verzuimmeldingen/26033922514769705697280")
    assert groot.status_code == 404 and groot.mimetype == "application/problem+json"
    assert school.patch("/api/v1/inschrijvingen/4567361146685386897015963648",
                        json={"datumInschrijving": "2026-08-15"}).status_code == 404
    zonder = school.get("/api/v1/inschrijvingen")
    assert zonder.status_code == 400
    assert [p["name"] for p in zonder.get_json()["invalidParams"]] == ["instellingscode"]
    for sinds in ("null", "2026-11-23", "2016-12-31T23:59:60Z"):
        antwoord = gemeente.get(f"/api/v1/verzuimmeldingen/mutaties?sinds={sinds}")
        assert antwoord.status_code == 400, sinds
        assert [p["name"] for p in antwoord.get_json()["invalidParams"]] == ["sinds"]
    assert gemeente.get("/api/v1/verzuimmeldingen/mutaties?sinds=2026-11-23T09:00:00%2B01:00"
                        ).status_code == 200


def test_r_crt_02_caller_is_the_organisation_of_its_registered_certificate(pakket):
    assert pakket(AMSTERDAM, geregistreerd=False).get("/api/v1/organisatie").status_code == 403
    body = pakket(AMSTERDAM).get("/api/v1/organisatie").get_json()
    assert body["oin"] == "00000099000000000363" and body["gemeentecodes"] == ["0363"]


def test_r_crt_03_revoked_expired_or_changed_oin_stops_at_once(pakket):
    gemeente = pakket(AMSTERDAM)
    certificaat = Certificaat.get(Certificaat.organisatie == organisatie(AMSTERDAM).id)
    assert gemeente.get("/api/v1/organisatie").status_code == 200
    org = Organisatie.get_by_id(certificaat.organisatie_id)
    org.oin, oud = "00000099000000009999", org.oin
    org.save()
    assert gemeente.get("/api/v1/organisatie").status_code == 403  # OIN no longer matches
    org.oin = oud
    org.save()
    certificaat.geldig_tot = certificaat.geldig_van  # expired
    certificaat.save()
    assert gemeente.get("/api/v1/organisatie").get_json()["detail"] == "verlopen"


def test_r_crt_03_revoked_by_its_beheerder(pakket, client):
    gemeente = pakket(AMSTERDAM)
    certificaat = Certificaat.get(Certificaat.organisatie == organisatie(AMSTERDAM).id)
    inloggen_als(client, "beheerder.amsterdam")
    pagina = client.get("/beheer/certificaten").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', pagina).group(1)
    client.post(f"/beheer/certificaten/{certificaat.id}/intrekken", data={"csrf_token": token})
    assert gemeente.get("/api/v1/organisatie").get_json()["detail"] == "ingetrokken"


def test_proxy_header_only_from_trusted_addresses(pakket):
    gemeente = pakket(AMSTERDAM)
    vreemd = gemeente.client.get("/api/v1/organisatie", headers=gemeente._headers({}),
                                 environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert vreemd.status_code == 403
    niet_geverifieerd = gemeente.get("/api/v1/organisatie",
                                     headers={"X-SSL-Client-Verify": "FAILED:unknown CA"})
    assert niet_geverifieerd.status_code == 403


# ---------------------------------------------------------------- schools

def test_school_reports_verzuim_with_the_wizards_rules(pakket):
    """R-VZ-10 over M2M: the whole document at once; R-VZ-06 refuses a bad period with
    its rule id in invalidParams, and nothing is stored."""
    school = pakket(AMSTEL)
    melding = _meld(school)
    assert melding["status"] == "R" and melding["gemeentecode"] == "0363"
    assert melding["versies"][0]["versie"] == 1
    fout = school.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER,
        "melding": {**MELDING, "periode_van": "2026-11-06", "periode_tm": "2026-11-02"}})
    assert fout.status_code == 400
    assert "R-VZ-06" in {p["code"] for p in fout.get_json()["invalidParams"]}
    lijst = school.get("/api/v1/verzuimmeldingen?instellingscode=31ED").get_json()
    assert [m["nummer"] for m in lijst["meldingen"]] == [melding["nummer"]]


def test_onderwijslocatie_over_m2m(pakket):
    """The API takes the same document: its schema names the field, the rule is the same."""
    school = pakket(AMSTEL)
    spec = school.client.get("/api/v1/openapi.json").get_json()
    assert "onderwijslocatie" in spec["components"]["schemas"]["MeldingDocument"]["properties"]
    fout = school.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER,
        "melding": {**MELDING, "onderwijslocatie": "31GY01"}})
    assert fout.status_code == 400
    assert "onderwijslocatie" in {p["name"] for p in fout.get_json()["invalidParams"]}
    goed = school.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER,
        "melding": {**MELDING, "onderwijslocatie": "31ED01"}})
    assert goed.status_code == 201
    assert goed.get_json()["melding"]["onderwijslocatie"] == "31ED01"


def test_school_withdraws_and_cannot_touch_another_schools_instelling(pakket):
    school = pakket(AMSTEL)
    nummer = _meld(school)["nummer"]
    ingetrokken = school.post(f"/api/v1/verzuimmeldingen/{nummer}/intrekking",
                              json={"reden": "FOUTIEF", "toelichting": "dubbel"})
    assert ingetrokken.get_json()["status"] == "I"
    assert school.get("/api/v1/inschrijvingen?instellingscode=31UD").status_code == 403


def test_school_registers_inschrijvingen_one_in_bulk_and_changes_dates(pakket):
    school = pakket(AMSTEL)
    nieuw = {"instellingscode": "31EG", "datumInschrijving": "2026-08-24",
             "persoon": {"bsn": DONDER, "geslacht": "M", "geboortedatum": "2016-03-14"}}
    gemaakt = school.post("/api/v1/inschrijvingen", json=nieuw)
    assert gemaakt.status_code == 201, gemaakt.get_json()
    ident = gemaakt.get_json()["id"]
    bulk = school.post("/api/v1/inschrijvingen/bulk", json={"inschrijvingen": [
        {**nieuw, "instellingscode": "31GY"}, nieuw]}).get_json()["resultaten"]
    assert [r["status"] for r in bulk] == [201, 400]  # the second overlaps (R-INS-08)
    gewijzigd = school.patch(f"/api/v1/inschrijvingen/{ident}",
                             json={"datumInschrijving": "2026-08-24",
                                   "datumUitschrijving": "2026-12-31"})
    assert gewijzigd.get_json()["datumUitschrijving"] == "2026-12-31"
    lijst = school.get("/api/v1/inschrijvingen?instellingscode=31EG").get_json()
    assert ident in {i["id"] for i in lijst["inschrijvingen"]}


# ---------------------------------------------------------------- gemeenten

def test_feed_gives_every_version_once_in_pages(pakket):
    school, gemeente = pakket(AMSTEL), pakket(AMSTERDAM)
    eerste = gemeente.get("/api/v1/verzuimmeldingen/mutaties").get_json()
    nummers = [_meld(school, periode_van=f"2026-10-{d:02d}", periode_tm=f"2026-10-{d + 2:02d}")
               ["nummer"] for d in (5, 12, 19)]
    school.post(f"/api/v1/verzuimmeldingen/{nummers[0]}/intrekking", json={"reden": "FOUTIEF"})
    gezien, vanaf = [], eerste["volgende"]
    while True:
        pagina = gemeente.get(f"/api/v1/verzuimmeldingen/mutaties?vanaf={vanaf}"
                              "&paginagrootte=2").get_json()
        gezien += [(m["meldingnummer"], m["versie"]) for m in pagina["mutaties"]]
        vanaf = pagina["volgende"]
        if not pagina["meer"]:
            break
    assert gezien == [(nummers[0], 1), (nummers[1], 1), (nummers[2], 1), (nummers[0], 2)]
    leeg = gemeente.get(f"/api/v1/verzuimmeldingen/mutaties?vanaf={vanaf}").get_json()
    assert leeg["mutaties"] == [] and leeg["volgende"] == vanaf
    assert gemeente.get("/api/v1/verzuimmeldingen/mutaties?vanaf=bogus!").status_code == 400


def test_gemeente_handles_a_melding_and_the_school_sees_the_terugkoppeling(pakket, client):
    school, gemeente = pakket(AMSTEL), pakket(AMSTERDAM)
    nummer = _meld(school)["nummer"]
    gelezen = gemeente.get(f"/api/v1/verzuimmeldingen/{nummer}").get_json()
    assert gelezen["leerling"]["pgn"] == DONDER
    status = gemeente.post(f"/api/v1/verzuimmeldingen/{nummer}/status",
                           json={"versie": gelezen["versie"], "actie": "behandeling"})
    assert status.get_json()["status"] == "B"
    oud = gemeente.post(f"/api/v1/verzuimmeldingen/{nummer}/terugkoppeling",
                        json={"versie": gelezen["versie"], "naam": "J. Jansen"})
    assert oud.status_code == 409  # read version 1, the melding is at 2 now
    tk = gemeente.post(f"/api/v1/verzuimmeldingen/{nummer}/terugkoppeling",
                       json={"versie": 2, "naam": "J. Jansen", "functie": "leerplichtambtenaar",
                             "toelichting": "Gesprek met ouders gepland."})
    assert tk.status_code == 200
    inloggen_als(client, "school")
    assert "Gesprek met ouders gepland." in client.get(f"/verzuim/meldingen/{nummer}").text
    historie = client.get(f"/verzuim/meldingen/{nummer}/historie").text
    assert historie.count("Gemeente Amsterdam (via koppeling)") == 2  # R-VZ-14: by its package
    vanuit_school = school.get(f"/api/v1/verzuimmeldingen/{nummer}").get_json()
    assert vanuit_school["melding"]["terugkoppeling"]["naam"] == "J. Jansen"
    assert [v["versie"] for v in vanuit_school["versies"]] == [3, 2, 1]


def test_r_gem_02_vrijstelling_over_m2m_flags_the_overlapping_melding(pakket):
    """R-GEM-02 and R-VZ-16 through the API."""
    school, gemeente = pakket(AMSTEL), pakket(AMSTERDAM)
    nummer = _meld(school)["nummer"]
    v = gemeente.post("/api/v1/vrijstellingen", json={
        "pgn": DONDER, "artikel": "5-a", "begindatum": "2026-10-01", "einddatum": None})
    assert v.status_code == 201 and v.get_json()["soort"] == "vrijstelling"
    assert gemeente.get(f"/api/v1/verzuimmeldingen/{nummer}").get_json()["vrijstellingOverlap"]
    assert v.get_json()["id"] in {x["id"] for x in
                                  gemeente.get("/api/v1/vrijstellingen").get_json()["vrijstellingen"]}


def test_r_vz_16_feed_sends_each_version_as_written_and_the_flag_as_a_new_one(pakket):
    """The feed's entries are the versions as they were written: a vrijstelling registered
    later flags the melding in a new version, and version 1 still says it was not."""
    school, gemeente = pakket(AMSTEL), pakket(AMSTERDAM)
    vanaf = gemeente.get("/api/v1/verzuimmeldingen/mutaties").get_json()["volgende"]
    nummer = _meld(school)["nummer"]
    gemeente.post("/api/v1/vrijstellingen", json={"pgn": DONDER, "artikel": "5-a",
                                                  "begindatum": "2026-10-01"})
    feed = gemeente.get(f"/api/v1/verzuimmeldingen/mutaties?vanaf={vanaf}")
    assert feed.headers["Content-Type"] == "application/json"
    entries = [m for m in feed.get_json()["mutaties"] if m["meldingnummer"] == nummer]
    assert [(m["versie"], m["melding"]["versie"], m["melding"]["vrijstellingOverlap"])
            for m in entries] == [(1, 1, False), (2, 2, True)]
    assert entries[1]["melding"]["leerling"]["pgn"] == DONDER
    assert entries[1]["melding"]["melding"]["periode_van"] == MELDING["periode_van"]
    gelezen = gemeente.get(f"/api/v1/verzuimmeldingen/{nummer}").get_json()
    assert gelezen["versie"] == 2 and gelezen["vrijstellingOverlap"]


def test_r_avg_03_another_gemeentes_certificate_gets_nothing(pakket):
    school, amsterdam, utrecht = pakket(AMSTEL), pakket(AMSTERDAM), pakket(UTRECHT)
    nummer = _meld(school)["nummer"]
    assert nummer in {m["meldingnummer"] for m in
                      amsterdam.get("/api/v1/verzuimmeldingen/mutaties").get_json()["mutaties"]}
    assert utrecht.get("/api/v1/verzuimmeldingen/mutaties").get_json()["mutaties"] == []
    assert utrecht.get("/api/v1/verzuimmeldingen").get_json()["totaal"] == 0
    assert utrecht.get(f"/api/v1/verzuimmeldingen/{nummer}").status_code == 403
    assert utrecht.post(f"/api/v1/verzuimmeldingen/{nummer}/status",
                        json={"versie": 1, "actie": "behandeling"}).status_code == 403
    assert utrecht.post("/api/v1/vrijstellingen", json={
        "pgn": DONDER, "artikel": "5-a", "begindatum": "2026-10-01"}).status_code == 400
    # and a gemeente cannot act as a school
    assert amsterdam.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER, "melding": MELDING}).status_code == 403


def test_r_avg_02_reads_by_a_package_are_logged_with_its_certificate(pakket):
    school, gemeente = pakket(AMSTEL), pakket(AMSTERDAM)
    nummer = _meld(school)["nummer"]
    gemeente.get(f"/api/v1/verzuimmeldingen/{nummer}")
    certificaat = Certificaat.get(Certificaat.organisatie == organisatie(AMSTERDAM).id)
    vingerafdruk = certificaat.vingerafdruk
    log = Inzagelog.select().where(Inzagelog.actor == f"certificaat:{vingerafdruk}").first()
    assert log is not None and json.loads(log.personen)
