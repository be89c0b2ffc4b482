"""The gemeente's pages as a leerplichtambtenaar uses them: what the forms report where."""
from domain import behandeling
from tests.conftest import csrf_token, inloggen_als
from tests.factories import actor, meld


def test_r_gem_02_an_unreadable_einddatum_is_reported_next_to_einddatum(client):
    """Before: any unreadable date was reported next to Begindatum. Now each date next to
    its own field, and what was typed stays."""
    inloggen_als(client, "leerplicht.amsterdam")
    token = csrf_token(client.get("/gemeente/vrijstellingen").text)
    response = client.post("/gemeente/vrijstellingen", data={
        "csrf_token": token, "pgn": "999990007", "artikel": "5-a", "begindatum": "01-09-2026",
        "einddatum": "31-02-2027"})
    assert response.status_code == 422
    tekst = response.text
    assert "Vul een geldige datum in" in tekst.split('id="fout-einddatum"')[1][:300]
    assert "Vul een geldige datum in" not in tekst.split('id="fout-begindatum"')[1][:100]
    assert 'value="01-09-2026"' in tekst and 'value="31-02-2027"' in tekst


def test_the_page_offers_only_the_status_changes_the_melding_allows(client):
    """R-VZ-12: In behandeling nemen only from Geregistreerd; none once closed."""
    melding = meld()
    lpa = actor("leerplicht.amsterdam")
    inloggen_als(client, "leerplicht.amsterdam")

    def knoppen():
        tekst = client.get(f"/gemeente/meldingen/{melding.nummer}").text
        return [a for a in ("behandeling", "afsluiten", "kennisgeving")
                if f'name="actie" value="{a}"' in tekst]
    assert knoppen() == ["behandeling", "afsluiten", "kennisgeving"]
    behandeling.wijzig_status(lpa, melding.nummer, 1, "behandeling")
    assert knoppen() == ["afsluiten", "kennisgeving"]
    behandeling.wijzig_status(lpa, melding.nummer, 2, "kennisgeving")
    assert knoppen() == []
