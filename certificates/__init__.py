"""PKIoverheid client certificates for the machine-to-machine link (R-CRT-01, R-CRT-02).

Pure Python: no Flask, no database; the views and the API store what this returns.
"""
from .controle import Bevinding, beschrijf, controleer, vingerafdruk
from .laden import CertificaatFout, Upload, lees_upload
from .vertrouwen import (
    NietToegevoegd,
    Vertrouwen,
    laad_ankers,
    laad_crls,
    vertrouw,
    vertrouwen,
    vertrouwen_van,
)

__all__ = ["CertificaatFout", "Upload", "lees_upload", "Bevinding", "beschrijf", "vingerafdruk",
           "controleer", "laad_ankers", "laad_crls", "Vertrouwen", "vertrouwen", "vertrouwen_van",
           "vertrouw", "NietToegevoegd"]
