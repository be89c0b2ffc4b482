"""The Opvoeren Verzuim wizard in the pages: Leerling, Verzuim, Lesuren, Actie school,
Overzicht (R-VZ-04 … R-VZ-10, R-VZ-17), without JavaScript."""
import re

from models import MeldingConcept, UitgaandeMail, Verzuimmelding
from tests.conftest import csrf_token, inloggen_als
from tests.factories import begin_wizard, meld, stuur


def test_r_vz_04_wizard_keeps_everything_and_stores_nothing_before_opslaan(client):
    """R-VZ-04 (steps, back keeps data) and R-VZ-17 (the inzage notice)."""
    url, token = begin_wizard(client)
    assert url.endswith("/leerling")
    stap = client.get(url)
    assert "Opvoeren Verzuim - 31ED, Donder, B. van de" in stap.text
    assert "om inzage in het dossier vraagt" in stap.text  # R-VZ-17
    toegevoegd = stuur(client, url, token, ga="contactpersoon-toevoegen",
                       aantal_contactpersonen="0", telefoon_leerling="06-12345678")
    assert 'id="contactpersoon-1-naam"' in toegevoegd.text
    assert 'value="06-12345678"' in toegevoegd.text
    verder = stuur(client, url, token, ga="volgende", aantal_contactpersonen="1",
                   telefoon_leerling="06-12345678", **{"contactpersoon-1-naam": "Moeder"})
    assert verder.status_code == 302 and verder.headers["Location"].endswith("/verzuim")
    terug = client.get(url)
    assert 'value="Moeder"' in terug.text and 'value="06-12345678"' in terug.text
    assert Verzuimmelding.select().count() == 0 and MeldingConcept.select().count() == 1


def test_r_vz_06_a_step_with_problems_does_not_move_on_and_keeps_the_input(client):
    """R-VZ-06: an unreadable date and a missing period stay on the step with messages."""
    url, token = begin_wizard(client)
    verzuim = url.replace("/leerling", "/verzuim")
    fout = stuur(client, verzuim, token, ga="volgende", periode_van="31-02-2026",
                 vermoedelijke_reden="afwezig")
    assert fout.status_code == 422 and 'value="31-02-2026"' in fout.text
    assert "Vul een geldige datum in (DD-MM-JJJJ)." in fout.text
    fout = stuur(client, verzuim, token, ga="volgende", periode_van="", vermoedelijke_soort="O",
                 vermoedelijke_reden="afwezig", actie_gewenst="nee")
    assert fout.status_code == 422 and "Vul de verzuimperiode van in." in fout.text


def test_whole_wizard_to_opslaan_with_lesuren_on_two_days(client):
    """R-VZ-08 and R-VZ-10 through the pages: two days specified, saved, mailed."""
    url, token = begin_wizard(client)
    basis = url.rsplit("/", 1)[0]
    stuur(client, url, token, ga="volgende", aantal_contactpersonen="0")
    response = stuur(client, basis + "/verzuim", token, ga="volgende", periode_van="02-11-2026",
                     periode_tm="06-11-2026", vermoedelijke_soort="O",
                     vermoedelijke_reden="afwezig", alle_lessen_gemist="nee",
                     actie_gewenst="ja", met_prioriteit="nee",
                     naam_contactpersoon="Mevr. Melder",
                     email_contactpersoon="melder@school.example")
    assert response.headers["Location"].endswith("/lesuren"), response.text[:2000]
    lesuren = stuur(client, basis + "/lesuren", token, ga="specificeren-ja")
    assert 'value="02-11-2026"' in lesuren.text  # the first day of the period comes first
    lesuren = stuur(client, basis + "/lesuren", token, ga="dag-toevoegen",
                    verzuimdagen_specificeren="ja", aantal_dagen="1",
                    **{"dag-1-datum": "02-11-2026", "dag-1-hele_dag": "ja"})
    assert 'id="dag-2-datum"' in lesuren.text
    response = stuur(client, basis + "/lesuren", token, ga="volgende",
                     verzuimdagen_specificeren="ja", aantal_dagen="2",
                     **{"dag-1-datum": "02-11-2026", "dag-1-hele_dag": "ja",
                        "dag-2-datum": "03-11-2026", "dag-2-hele_dag": "nee",
                        "dag-2-lesuren": "3"})
    assert response.headers["Location"].endswith("/actie"), response.text[:3000]
    response = stuur(client, basis + "/actie", token, ga="volgende", acties=["BRIEF", "TELEFOON"])
    assert response.headers["Location"].endswith("/overzicht")
    overzicht = client.get(basis + "/overzicht")
    for tekst in ("brief gestuurd, telefonisch contact", "02-11-2026", "3 lesuren",
                  "overig verzuim"):
        assert tekst in overzicht.text, tekst
    # A forged Host header ends up in no mail: links start at PUBLIC_URL (issue 11).
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    klaar = client.post(f"http://evil.example{basis}/overzicht",
                        data={"csrf_token": token, "ga": "opslaan", "mail_naar_melder": "ja"})
    assert klaar.status_code == 302
    klaar = client.get(klaar.headers["Location"])
    nummer = re.search(r"onder nummer (\d+) is verzonden", klaar.text).group(1)
    melding = Verzuimmelding.get(Verzuimmelding.nummer == int(nummer))
    assert melding.status == "R" and melding.met_prioriteit is False
    assert UitgaandeMail.select().count() == 2 and MeldingConcept.select().count() == 0
    # The outbox holds paths (the worker puts PUBLIC_URL in front): nothing of the request.
    mails = list(UitgaandeMail.select().order_by(UitgaandeMail.id))
    assert [m.pad for m in mails] == [f"/gemeente/meldingen/{nummer}",  # the gemeente's own
                                      f"/verzuim/meldingen/{nummer}"]
    assert not any("evil.example" in m.tekst for m in mails)


def test_a_concept_belongs_to_the_user_who_started_it(client, app):
    url, _token = begin_wizard(client)
    ander = app.test_client()
    inloggen_als(ander, "school2")
    assert ander.get(url).status_code == 403


def test_change_withdraw_copy_and_history_pages(client):
    """R-VZ-12 … R-VZ-15 through the pages."""
    melding = meld()
    inloggen_als(client, "school")
    page = client.get(f"/verzuim/meldingen/{melding.nummer}")
    token = csrf_token(page.text)
    for tekst in ("Wijzigen", "Melding intrekken", "Kopiëren", "Historie", "Geregistreerd"):
        assert tekst in page.text
    wijzig = client.post(f"/verzuim/meldingen/{melding.nummer}/wijzigen",
                         data={"csrf_token": token})
    basis = wijzig.headers["Location"].rsplit("/", 1)[0]
    stap = client.get(basis + "/verzuim")
    assert f"Wijzigen Verzuim - 31ED, Donder, B. van de, verzuim nr: {melding.nummer}" in stap.text
    assert 'id="periode_van"' not in stap.text  # fixed once reported
    stuur(client, basis + "/verzuim", token, ga="overzicht", periode_van="02-11-2026",
          vermoedelijke_soort="O", alle_lessen_gemist="nee", periode_tm="06-11-2026",
          vermoedelijke_reden="afwezig", actie_gewenst="nee", toelichting_actie_gewenst="gesprek",
          naam_contactpersoon="Dhr. Nieuw", email_contactpersoon="nieuw@school.example")
    klaar = stuur(client, basis + "/overzicht", token, ga="opslaan")
    assert client.get(klaar.headers["Location"]).text.count("is gewijzigd") == 1
    historie = client.get(f"/verzuim/meldingen/{melding.nummer}/historie")
    assert "In totaal zijn er 2 versie(s) gevonden." in historie.text
    versie = client.get(f"/verzuim/meldingen/{melding.nummer}/historie/2")
    assert re.search(r'class="utrecht-table__row verschil">\s*<th[^>]*>Naam contactpersoon '
                     r'<span class="gewijzigd">gewijzigd</span>', versie.text)
    assert "<del>Mevr. Melder</del>" in versie.text
    assert "overig verzuim" in versie.text and "brief gestuurd" in versie.text  # names, not codes
    fout = client.post(f"/verzuim/meldingen/{melding.nummer}/intrekken", data={"csrf_token": token})
    assert fout.status_code == 422 and "Kies de reden van intrekken." in fout.text
    assert "kan NIET ongedaan gemaakt worden" in fout.text
    weg = client.post(f"/verzuim/meldingen/{melding.nummer}/intrekken",
                      data={"csrf_token": token, "reden": "FOUTIEF", "toelichting": "dubbel"})
    pagina = client.get(weg.headers["Location"]).text
    assert "is ingetrokken" in pagina and "Ingetrokken" in pagina and "foutief opgevoerd" in pagina
    assert "Melding intrekken" not in pagina  # read-only now
    kopie = client.post(f"/verzuim/meldingen/{melding.nummer}/kopieren", data={"csrf_token": token})
    assert kopie.headers["Location"].endswith("/leerling")
