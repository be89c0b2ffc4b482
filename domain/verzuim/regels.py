"""The rules of a melding (R-VZ-05 … R-VZ-09): every problem, for the whole melding or for
one wizard step; writes nothing."""
import datetime

from models import Verzuimmelding

from .. import velden
from ..datums import leeftijd_op, overlappen
from ..fouten import N_, Fout
from ..resultaat import heeft_startkwalificatie
from .document import (
    ADRES_LENGTES,
    CONTACTPERSOON_LENGTES,
    LENGTES,
    MAX_CONTACTPERSONEN,
    MAX_VERZUIMDAGEN,
    STAPPEN,
    VERZUIMDAG_LENGTES,
)
from .leerling import is_eigen_locatie
from .lijsten import Status, lijstwaarden

VOLWASSEN, RMC_GRENS = 18, 23


def wet_voor(persoon, datum):
    """Leerplichtwet under 18, RMC from 18 to 23, derived at the start of the period. An
    18-year-old with a startkwalificatie falls under neither: no melding is made for one
    (`_controleer_verzuim_stap`)."""
    return "LPW" if leeftijd_op(persoon, datum) < VOLWASSEN else "RMC"


def controleer_melding(leerling, invoer, stap=None, eigen_nummer=None, vandaag=None):
    """Every problem with the melding (or with one wizard step); writes nothing."""
    fouten: list[Fout] = []
    velden.controleer_lengtes(fouten, invoer, LENGTES)
    _controleer_leerling_stap(invoer, fouten)
    _controleer_verzuim_stap(leerling, invoer, fouten, eigen_nummer,
                             vandaag or datetime.date.today())
    _controleer_lesuren(invoer, fouten)
    _controleer_acties(invoer, fouten)
    if stap is None:
        return fouten
    van_stap = STAPPEN[stap]
    return [f for f in fouten if f.veld.split("-")[0] in van_stap]


# R-VZ-05: the fields each set of an afwijkend adres requires, and the message when one is
# empty; it names the field, so the error summary says which one.
ADRES_VERPLICHT = {"straat": ("straat", "huisnummer", "postcode"),
                   "locatie": ("locatie", "plaatsnaam")}
ADRES_LEEG = {"straat": N_("Vul de straat in."), "huisnummer": N_("Vul het huisnummer in."),
              "postcode": N_("Vul de postcode in."), "locatie": N_("Vul de locatie in."),
              "plaatsnaam": N_("Vul de plaatsnaam in.")}


def _controleer_leerling_stap(invoer, fouten):
    """R-VZ-05."""
    velden.controleer_email(fouten, "email_leerling", invoer.email_leerling, "R-VZ-05")
    if len(invoer.contactpersonen) > MAX_CONTACTPERSONEN:
        fouten.append(Fout("contactpersonen",
                           N_("U kunt hoogstens %(aantal)s contactpersonen opgeven."), "R-VZ-05",
                           {"aantal": MAX_CONTACTPERSONEN}))
    for i, persoon in enumerate(invoer.contactpersonen[:MAX_CONTACTPERSONEN], 1):
        if not persoon.naam.strip():
            fouten.append(Fout(f"contactpersoon-{i}-naam",
                               N_("Vul de naam van de contactpersoon in."), "R-VZ-05"))
        velden.controleer_lengtes(fouten, persoon, CONTACTPERSOON_LENGTES,
                                  prefix=f"contactpersoon-{i}-")
        velden.controleer_email(fouten, f"contactpersoon-{i}-email", persoon.email, "R-VZ-05")
    adres = invoer.afwijkend_adres
    for naam in ADRES_VERPLICHT.get(adres.soort, ()):
        if not getattr(adres, naam).strip():
            fouten.append(Fout(f"afwijkend_adres-{naam}", ADRES_LEEG[naam], "R-VZ-05"))
    velden.controleer_lengtes(fouten, adres, ADRES_LENGTES, prefix="afwijkend_adres-")


def _controleer_verzuim_stap(leerling, invoer, fouten, eigen_nummer, vandaag):
    """R-VZ-06 and R-VZ-07, the onderwijslocatie and the contactpersoon of the school."""
    soorten = lijstwaarden("vermoedelijke_soort")
    soort = soorten.get(invoer.vermoedelijke_soort)
    van, tm = invoer.periode_van, invoer.periode_tm
    if van is None:
        fouten.append(Fout("periode_van", N_("Vul de verzuimperiode van in."), "R-VZ-06"))
    # Verzuim is reported once it happened: a period does not reach past today. An absence
    # that goes on is reported up to today and its t/m moved later (Wijzigen). Van is fixed
    # once reported, so a change is not refused for it.
    if van and van > vandaag and eigen_nummer is None:
        fouten.append(Fout("periode_van", N_("De verzuimperiode van mag niet in de toekomst "
                                             "liggen."), "R-VZ-06"))
    if van and tm and tm < van:
        fouten.append(Fout("periode_tm", N_("De verzuimperiode t/m mag niet voor de verzuimperiode "
                                            "van liggen."), "R-VZ-06"))
    elif tm and tm > vandaag:
        fouten.append(Fout("periode_tm", N_("De verzuimperiode t/m mag niet in de toekomst "
                                            "liggen. Gaat het verzuim door, verleng de periode "
                                            "dan later met Wijzigen."), "R-VZ-06"))
    if soort is None or soort.heeft("vervallen"):
        fouten.append(Fout("vermoedelijke_soort", N_("Kies de vermoedelijke soort verzuim."),
                           "R-VZ-06"))
    elif soort.heeft("einddatum_verplicht") and tm is None:
        fouten.append(Fout("periode_tm", N_("Bij deze soort verzuim is de verzuimperiode t/m "
                                            "verplicht."), "R-VZ-06"))
    if soort is not None and invoer.verbijzondering and not soort.heeft("verbijzondering"):
        fouten.append(Fout("verbijzondering", N_("Alleen overig verzuim heeft een "
                                                 "verbijzondering."), "R-VZ-06"))
    if van and soort is not None:
        leeftijd = leeftijd_op(leerling.persoon, van)
        if leeftijd >= RMC_GRENS:
            fouten.append(Fout("periode_van", N_("Voor een leerling van 23 jaar of ouder wordt "
                                                 "geen verzuim gemeld."), "R-VZ-06"))
        elif (soort.code == "V3" and leeftijd >= VOLWASSEN) or \
                (soort.code in ("V4", "RMC") and leeftijd < VOLWASSEN):
            fouten.append(Fout("vermoedelijke_soort", N_("Deze soort verzuim past niet bij de "
                                                         "leeftijd van de leerling."), "R-VZ-06"))
        elif leeftijd >= VOLWASSEN and heeft_startkwalificatie(leerling.persoon.id, van):
            # Neither law applies: no longer leerplichtig, and RMC is 18+ without one.
            fouten.append(Fout("periode_van", N_(
                "De leerling is 18 jaar of ouder en had op de eerste verzuimdag al een "
                "startkwalificatie. Voor hem of haar wordt geen verzuim gemeld."), "R-VZ-06"))
    if van and _overlapt_andere(leerling.persoon, van, tm, eigen_nummer):
        fouten.append(Fout("periode_van", N_("De verzuimperiode valt (deels) samen met een andere "
                                             "melding voor deze leerling."), "R-VZ-06"))
    if not invoer.vermoedelijke_reden.strip():
        fouten.append(Fout("vermoedelijke_reden", N_("Vul de vermoedelijke reden in."), "R-VZ-06"))
    if not invoer.actie_gewenst and not invoer.toelichting_actie_gewenst.strip():
        fouten.append(Fout("toelichting_actie_gewenst",
                           N_("Licht toe waarom geen actie van de gemeente gewenst is."),
                           "R-VZ-07"))
    if invoer.met_prioriteit and not invoer.actie_gewenst:
        fouten.append(Fout("met_prioriteit", N_("Met prioriteit oppakken kan alleen als actie "
                                                "gewenst is."), "R-VZ-07"))
    if invoer.onderwijslocatie and not is_eigen_locatie(leerling.instelling,
                                                        invoer.onderwijslocatie):
        fouten.append(Fout("onderwijslocatie",
                           N_("Kies een onderwijslocatie van uw instelling.")))
    if not invoer.naam_contactpersoon.strip():
        fouten.append(Fout("naam_contactpersoon", N_("Vul de naam van de contactpersoon in.")))
    velden.controleer_email(fouten, "email_contactpersoon", invoer.email_contactpersoon,
                            melding=N_("Vul een geldig e-mailadres van de contactpersoon in."),
                            verplicht=True)


def _overlapt_andere(persoon, van, tm, eigen_nummer):
    """R-VZ-06: a period overlapping another (not withdrawn) melding of the pupil."""
    query = Verzuimmelding.select().where(Verzuimmelding.persoon == persoon,
                                          Verzuimmelding.status != Status.INGETROKKEN)
    if eigen_nummer is not None:
        query = query.where(Verzuimmelding.nummer != eigen_nummer)
    return any(overlappen(van, tm, m.periode_van, m.periode_tm) for m in query)


def _controleer_lesuren(invoer, fouten):
    """R-VZ-08."""
    if invoer.alle_lessen_gemist and (invoer.verzuimdagen_specificeren or invoer.verzuimdagen):
        fouten.append(Fout("verzuimdagen", N_("Als alle lessen gemist zijn, worden geen lesuren "
                                              "opgegeven."), "R-VZ-08"))
        return
    if not invoer.verzuimdagen_specificeren:
        return
    if not invoer.verzuimdagen:
        fouten.append(Fout("verzuimdagen", N_("Geef minstens één verzuimdag op, of kies "
                                              "'Niet van toepassing'."), "R-VZ-08"))
    if len(invoer.verzuimdagen) > MAX_VERZUIMDAGEN:
        fouten.append(Fout("verzuimdagen", N_("U kunt hoogstens %(aantal)s verzuimdagen "
                                              "opgeven."), "R-VZ-08",
                           {"aantal": MAX_VERZUIMDAGEN}))
        return
    gezien = set()
    for i, dag in enumerate(invoer.verzuimdagen, 1):
        velden.controleer_lengtes(fouten, dag, VERZUIMDAG_LENGTES, prefix=f"dag-{i}-")
        veld = f"dag-{i}-datum"
        if dag.datum is None:
            fouten.append(Fout(veld, N_("Vul de datum van de verzuimdag in."), "R-VZ-08"))
            continue
        van, tm = invoer.periode_van, invoer.periode_tm or invoer.periode_van
        if van and not (van <= dag.datum <= (tm or dag.datum)):
            fouten.append(Fout(veld, N_("De %(nummer)se verzuimdag moet in de verzuimperiode "
                                        "liggen."), "R-VZ-08", {"nummer": i}))
        if dag.datum in gezien:
            fouten.append(Fout(veld, N_("Deze verzuimdag staat er al."), "R-VZ-08"))
        gezien.add(dag.datum)
        lesuren = velden.getal(dag.lesuren, 2)
        if not dag.hele_dag and not (lesuren and lesuren <= 16):
            fouten.append(Fout(f"dag-{i}-lesuren",
                               N_("Vul het aantal verzuimde lesuren in (1 tot 16)."), "R-VZ-08"))


def _controleer_acties(invoer, fouten):
    """R-VZ-09."""
    acties = lijstwaarden("actie_school")
    if not invoer.acties:
        fouten.append(Fout("acties", N_("Kies minstens één ondernomen actie."), "R-VZ-09"))
    elif any(a not in acties for a in invoer.acties) or len(invoer.acties) > len(acties):
        fouten.append(Fout("acties", N_("Kies een ondernomen actie uit de lijst."), "R-VZ-09"))
    elif any(acties[a].heeft("toelichting_verplicht") for a in invoer.acties) and \
            not invoer.toelichting_actie.strip():
        fouten.append(Fout("toelichting_actie", N_("Licht de actie 'anders namelijk' toe."),
                           "R-VZ-09"))
