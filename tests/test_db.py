"""models.db: what the domain relies on from the database layer."""
import datetime

import pytest

from models import Gemeente, Machtiging, Sjabloon


def _gemeenten(aantal, waarde):
    return (Gemeente.select(Gemeente.code)
            .where(Gemeente.code.in_([waarde(f"code{i}") for i in range(aantal)]))
            .order_by(Gemeente.code))


def test_a_sjabloon_builds_a_forms_text_once_and_runs_it_with_each_calls_values(app):
    gemeenten = Sjabloon(_gemeenten)
    assert gemeenten.rijen(1, code0="0363") == [("0363",)]
    assert gemeenten.rijen(1, code0="0344") == [("0344",)]  # not the first call's value
    assert gemeenten.rijen(2, code0="0363", code1="0344") == [("0344",), ("0363",)]
    assert len(gemeenten.teksten) == 2  # one text per form
    with pytest.raises(KeyError):  # a value left out fails, it is not taken from before
        gemeenten.rijen(1)


def test_a_sjabloon_passes_dates_as_the_fields_store_them(app):
    machtigingen = Sjabloon(lambda vorm, waarde: Machtiging.select(Machtiging.id)
                            .where(Machtiging.geldig_van <= waarde("op")))
    assert machtigingen.rijen(None, op=datetime.date(1900, 1, 1)) == []
    assert machtigingen.rijen(None, op=datetime.date.today()) == [
        (m.id,) for m in Machtiging.select().where(Machtiging.geldig_van <= datetime.date.today())]
    assert Machtiging.select().count() > 0
