"""R-GEM-02 over M2M: a package ends or corrects a vrijstelling from the version it read."""
from tests.factories import vrijstelling_in_amsterdam


def test_r_gem_02_a_package_ends_a_vrijstelling_from_the_version_it_read(app, pakket):
    geregistreerd = vrijstelling_in_amsterdam()
    gemeente = pakket("gemeente-amsterdam")
    body = {"versie": 1, "artikel": "5-a", "begindatum": "2027-01-01", "einddatum": "2027-06-30"}
    ok = gemeente.patch(f"/api/v1/vrijstellingen/{geregistreerd.id}", json=body)
    assert ok.status_code == 200 and ok.get_json()["versie"] == 2
    oud = gemeente.patch(f"/api/v1/vrijstellingen/{geregistreerd.id}", json=body)
    assert oud.status_code == 409 and oud.mimetype == "application/problem+json"
    assert pakket("gemeente-rotterdam", geregistreerd=True).patch(
        f"/api/v1/vrijstellingen/{geregistreerd.id}", json=body).status_code == 403
