"""R-AVG-04 over M2M: registering compares with the BRP and the register, so a package's
look-ups are limited per certificate, each person of a bulk call counting."""
from tests.factories import AMSTEL, ANDER_BESTUUR, limiet


def test_r_avg_04_a_packages_look_ups_are_limited_per_certificate_counting_each_person(
        app, pakket):
    school = pakket(AMSTEL)
    item = {"instellingscode": "31ED", "datumInschrijving": "2025-08-01",
            "persoon": {"bsn": ANDER_BESTUUR, "geslacht": "M", "geboortedatum": "2013-01-01"}}
    with limiet(app, "LIMIET_OPZOEKEN_PAKKET", "5 per hour"):
        bulk = school.post("/api/v1/inschrijvingen/bulk", json={"inschrijvingen": [item] * 4})
        assert bulk.status_code == 200
        assert [r["status"] for r in bulk.get_json()["resultaten"]] == [400] * 4
        assert school.post("/api/v1/inschrijvingen", json=item).status_code == 400  # the 5th
        te_veel = school.post("/api/v1/inschrijvingen/bulk", json={"inschrijvingen": [item] * 2})
        assert te_veel.status_code == 429 and te_veel.mimetype == "application/problem+json"
        assert school.post("/api/v1/inschrijvingen", json=item).status_code == 429
