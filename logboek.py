"""Logs that a request cannot forge: control characters are written escaped.

A path with %0d%0a, a header or an exception message is text a client chose. Written raw
into a log it can end a line and start one of its own that looks like another record
(log injection). Here CR, LF, every other C0 and C1 control character and DEL become
`\\xNN` (CR is `\\x0d`), U+2028 and U+2029 (line breaks to some readers) `\\u2028` and
`\\u2029`, and a backslash itself `\\\\`, so what the log shows can be read back
unambiguously.

- `VeiligeLogger` is gunicorn's logger class (`logger_class` in deploy/gunicorn*.conf.py):
  every access-log atom escaped, and every error-log record one escaped line.
- `VeiligeFormatter` is a `logging.Formatter` for the application's own records: the whole
  record, traceback included, is one line (its line breaks read as `\\x0a`).
"""
import logging

from gunicorn.glogging import Logger, SafeAtoms

_ONTSNAPPING = {teken: f"\\x{teken:02x}" for teken in (*range(0x20), *range(0x7F, 0xA0))}
_ONTSNAPPING.update({ord("\\"): "\\\\", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def veilig(tekst: str) -> str:
    """`tekst` with control characters and backslashes escaped: one line, read back as is."""
    return tekst.translate(_ONTSNAPPING)


class VeiligeFormatter(logging.Formatter):
    """A plain Formatter whose output is always one line: message, arguments, traceback
    and stack escaped after formatting."""

    def format(self, record):
        return veilig(super().format(record))


class _Omhuld(logging.Formatter):
    """Another formatter's output escaped: gunicorn's handlers keep their own format."""

    def __init__(self, binnen):
        super().__init__()
        self.binnen = binnen

    def format(self, record):
        return veilig(self.binnen.format(record))


class VeiligeAtoms(SafeAtoms):
    """gunicorn's access-log atoms, escaped before SafeAtoms escapes the double quotes
    (so `\\"` in the log is always a quote the client sent)."""

    def __init__(self, atoms):
        super().__init__({naam: veilig(waarde) if isinstance(waarde, str) else waarde
                          for naam, waarde in atoms.items()})


class VeiligeLogger(Logger):
    """gunicorn's logger with escaped access-log atoms and error-log records.

    The error log's messages quote what a client sent ("Invalid request from ip=…:
    Invalid Request Line '…'"), so its handlers' formatters are wrapped after each setup
    (a configuration reload runs it again; a handler it keeps is not wrapped twice)."""

    atoms_wrapper_class = VeiligeAtoms

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            if not isinstance(handler.formatter, _Omhuld):
                handler.setFormatter(_Omhuld(handler.formatter or logging.Formatter()))
