"""The M2M JSON API under /api/v1 (NL API Design Rules): the caller is the organisation
whose registered certificate presented the TLS handshake; every call goes through the
same domain functions as the pages. `basis` holds the blueprint and what every call
shares; the operations are in `scholen`, `bestanden` and `gemeenten`."""
from . import bestanden, gemeenten, leveringen, scholen
from .basis import bp, fout_van_pad, ongeldig_antwoord, probleem

__all__ = ["bp", "bestanden", "fout_van_pad", "gemeenten", "leveringen", "ongeldig_antwoord",
           "probleem", "scholen"]
