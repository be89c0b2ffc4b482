"""Hostile input on /api/v1 (issue 11): numbers beyond any column in paths and cursors,
100,000-deep JSON, a body beyond the limit, text beyond the domain's lengths. Each is
problem+json with its status, never HTML, never a 500."""
import base64

import pytest

from tests.factories import AMSTEL, AMSTERDAM, DONDER, MELDING

GROOT = "9" * 25


def _cursor(tekst):
    return base64.urlsafe_b64encode(tekst.encode()).decode().rstrip("=")


def _probleem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.headers["API-Version"]
    return response.get_json()


@pytest.mark.parametrize("pad", [
    f"/api/v1/verzuimmeldingen/{GROOT}", "/api/v1/verzuimmeldingen/9223372036854775808",
    "/api/v1/verzuimmeldingen/²", "/api/v1/verzuimmeldingen/0",
])
def test_a_number_in_a_path_that_no_record_can_have_is_not_found(pakket, pad):
    _probleem(pakket(AMSTERDAM).get(pad), 404)


@pytest.mark.parametrize("vanaf", [
    _cursor(f"{GROOT}.1"), _cursor(f"1.{GROOT}"), _cursor(f"s.{GROOT}"), _cursor("s.-1"),
    _cursor("²."), _cursor("1.1.1"), "%%%", _cursor("x" * 90),
])
def test_a_cursor_the_feed_did_not_write_is_refused(pakket, vanaf):
    body = _probleem(pakket(AMSTERDAM).get(f"/api/v1/verzuimmeldingen/mutaties?vanaf={vanaf}"),
                     400)
    assert body["invalidParams"][0]["name"] == "vanaf"


@pytest.mark.parametrize("pad", [
    f"/api/v1/verzuimmeldingen?pagina={GROOT}", "/api/v1/verzuimmeldingen?pagina=²",
    "/api/v1/verzuimmeldingen/mutaties?paginagrootte=-1",
    f"/api/v1/verzuimmeldingen/mutaties?paginagrootte={GROOT}",
])
def test_query_numbers_out_of_range_are_refused(pakket, pad):
    _probleem(pakket(AMSTERDAM).get(pad), 400)


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 100_000, b"\xff\xfe\x00",
                                  b"", b'"' + b"x" * 1000])
def test_json_that_no_document_of_ours_is_gives_400(pakket, body):
    school = pakket(AMSTEL)
    response = school.client.post("/api/v1/verzuimmeldingen", data=body,
                                  headers=school._headers({"Content-Type": "application/json"}))
    assert _probleem(response, 400)["title"]


def test_a_body_beyond_max_content_length_is_413_problem_json(app, pakket):
    school = pakket(AMSTEL)
    groot = b'{"inschrijvingen": [' + b" " * app.config["MAX_CONTENT_LENGTH"] + b"]}"
    response = school.client.post("/api/v1/inschrijvingen/bulk", data=groot,
                                  headers=school._headers({"Content-Type": "application/json"}))
    assert "20 MB" in _probleem(response, 413)["detail"]


def test_text_beyond_the_domains_lengths_is_refused_by_the_schema(pakket):
    """The schemas read the domain's lengths (one rule): 201 characters of a name, an
    address with a line break."""
    school = pakket(AMSTEL)
    lang = school.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER,
        "melding": {**MELDING, "naam_contactpersoon": "x" * 201}})
    assert {p["name"] for p in _probleem(lang, 400)["invalidParams"]} == {
        "melding.naam_contactpersoon"}
    injectie = school.post("/api/v1/verzuimmeldingen", json={
        "instellingscode": "31ED", "pgn": DONDER,
        "melding": {**MELDING, "email_contactpersoon": "a@b.example\nBcc: x@y.example"}})
    params = _probleem(injectie, 400)["invalidParams"]
    assert [p["name"] for p in params] == ["email_contactpersoon"]
