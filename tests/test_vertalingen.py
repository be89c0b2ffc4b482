"""Every string of the UI goes through Babel, and the English catalogue is complete
(no empty or fuzzy entry; `make messages` collects new strings)."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "_": None, "gettext": None, "ngettext": (1, 2)}


def test_english_catalogue_translates_every_message_in_the_source():
    with open(ROOT / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    in_bron = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        in_bron.add(message if isinstance(message, str) else message[0])
    with open(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalogus = read_po(fh)
    vertaald = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogus
                if m.id and not m.fuzzy
                and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    assert len(in_bron) > 150  # the extraction found the templates and domain messages
    assert not in_bron - vertaald, sorted(in_bron - vertaald)
