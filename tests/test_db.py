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


def test_voeg_toe_gives_each_new_row_its_own_id_whatever_order_they_come_back_in(app):
    """`voeg_toe` inserts in statements of 2**k rows and maps the ids RETURNING gives by
    the key fields; rows it cannot tell apart are refused before anything is written."""
    from models import Mutatie, voeg_toe
    rijen = [Mutatie(actor="systeem:test", onderwerp="test", onderwerp_id=i, soort=f"s{i}")
             for i in range(1, 301)]  # 256 + 32 + 8 + 4 rows
    voeg_toe(rijen, "onderwerp_id")
    opgeslagen = dict(Mutatie.select(Mutatie.id, Mutatie.soort)
                      .where(Mutatie.onderwerp == "test").tuples())
    assert len(opgeslagen) == 300
    assert all(opgeslagen[r.id] == f"s{r.onderwerp_id}" for r in rijen)
    dubbel = [Mutatie(actor="systeem:test", onderwerp="test2", onderwerp_id=1, soort="x")
              for _ in range(2)]
    with pytest.raises(ValueError):
        voeg_toe(dubbel, "onderwerp_id")
    assert not Mutatie.select().where(Mutatie.onderwerp == "test2").exists()
