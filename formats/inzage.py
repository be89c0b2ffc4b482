"""The inzage of one person as a PDF (R-AVG-02), for a parent's or pupil's request: a title,
the person's data as label and value, then a table per section. The caller hands over the
words in the reader's language; this module only lays them out (ReportLab)."""
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


@dataclass(frozen=True)
class Sectie:
    titel: str
    koppen: list[str]
    rijen: list[list[str]]
    leeg: str  # said when there are no rows
    breedtes: list[float] = field(default_factory=list)  # relative column widths


@dataclass(frozen=True)
class Document:
    titel: str
    inleiding: str
    gegevens: list[tuple[str, str]]  # the person: (label, value)
    secties: list[Sectie]
    voet: str  # on every page: when made and by whom


MARGE = 18 * mm
BREEDTE = A4[0] - 2 * MARGE


def _stijlen():
    stijlen = getSampleStyleSheet()
    klein = stijlen["BodyText"].clone("klein", fontSize=8, leading=10)
    kop = klein.clone("kop", fontName="Helvetica-Bold")
    sectiekop = stijlen["Heading2"].clone("sectiekop", keepWithNext=1)  # never alone at the foot
    return stijlen, klein, kop, sectiekop


def _tekst(waarde, stijl):
    # Every value is text from the register: escaped, so a "<" in a name is a "<".
    return Paragraph(escape(str(waarde or "")).replace("\n", "<br/>"), stijl)


def _tabel(rijen, breedtes, stijl, kop=None):
    """A table of `rijen` (`kop`: the style of a first row that is a heading, repeated on
    every page; None: label and value rows)."""
    gewichten = breedtes or [1] * len(rijen[0])
    totaal = sum(gewichten)
    tabel = Table([[_tekst(w, kop if kop and r == 0 else stijl) for w in rij]
                   for r, rij in enumerate(rijen)],
                  colWidths=[BREEDTE * g / totaal for g in gewichten], repeatRows=1 if kop else 0)
    tabel.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0 if kop is None else -1, -1 if kop is None else 0),
         colors.HexColor("#e6eef7")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa7b5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return tabel


def schrijf(document: Document) -> bytes:
    """The PDF of `document`, A4, its tables breaking over pages with their heading."""
    stijlen, klein, kop, sectiekop = _stijlen()
    uit = io.BytesIO()

    def voet(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(MARGE, 10 * mm, document.voet)
        canvas.drawRightString(A4[0] - MARGE, 10 * mm, str(doc.page))
        canvas.restoreState()

    pdf = SimpleDocTemplate(uit, pagesize=A4, leftMargin=MARGE, rightMargin=MARGE,
                            topMargin=MARGE, bottomMargin=MARGE + 4 * mm,
                            title=document.titel, author=document.voet)
    delen = [Paragraph(escape(document.titel), stijlen["Title"]),
             Paragraph(escape(document.inleiding), stijlen["BodyText"]), Spacer(0, 4 * mm),
             _tabel(document.gegevens, [1, 2.5], klein)]
    for sectie in document.secties:
        delen.append(Paragraph(escape(sectie.titel), sectiekop))
        delen.append(_tabel([sectie.koppen, *sectie.rijen], sectie.breedtes, klein, kop)
                     if sectie.rijen else Paragraph(escape(sectie.leeg), stijlen["BodyText"]))
    pdf.build(delen, onFirstPage=voet, onLaterPages=voet)
    return uit.getvalue()
