"""Was die Antwortvorlage aus der Arbeitshilfe einer Mail braucht (vorlagen.Falldaten): Arbeitshilfe und
Ergebnis, ob die Identität verneint wurde (domain.md A3), um welchen Termin es ging und welcher neue
Termin entstand — verschoben (ATV `termin_verschieben`) oder nach der Absage neu gebucht
(`termin_buchen`; Weisung 202003006, 2.2 a) 2).

Tag, Uhrzeit und Ort stehen im ATV, nicht im Text der Mail; ist das ATV gestört, gelten die Antworten
der Arbeitshilfe (gewählter Wunschtermin, Kalender des alten Termins). Dazu, ob eine Antwort jetzt
Kundendaten enthalten darf (`kundendaten_gesperrt`). Nur Lesen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.termine.queries import BEREICH_TEXTE
from kundenportal.zeit import BERLIN

from .models import Antwort, Mail
from .vorlagen import VORLAGEN, Falldaten, TerminAngabe, kundendaten_sperre, vorlage_waehlen

IDENTITAET = "identitaet_geprueft"
AU_GRUND = "Arbeitsunfähigkeit"      # der Absagegrund der AU-Arbeitshilfen (content/leitfaeden/*/…/2026-12-07.yaml)
NEUER_TERMIN = {"termin_verschieben": "neuer_termin", "termin_buchen": "termin"}   # Vorgang → Feld im Ergebnis


def identitaet_bestaetigt(mail: Mail) -> bool:
    """Ist die Identität in der Arbeitshilfe dieser Mail jetzt mit „ja“ bestätigt (domain.md A3)? Nur `True`
    zählt: noch nicht gefragt, keine Arbeitshilfe, nach „Zurück“ offen oder „nein“ heißt nicht bestätigt.
    Gelesen wird der Stand in der Datenbank, nicht ein früher gelesener (Prüfung bei der Freigabe)."""
    if mail.kontakt_id is None:
        return False
    kontakt = Kontakt.objects.filter(pk=mail.kontakt_id).only("lauf").first()
    return kontakt is not None and Lauf.aus_json(kontakt.lauf).antworten.get(IDENTITAET) is True


def identitaet(mail: Mail) -> Falldaten:
    """Arbeitshilfe, Ergebnis und Stand der Identitätsfrage dieser Mail, ohne etwas über den Fall (ohne ATV):
    genug, um zu entscheiden, ob eine Antwort Kundendaten enthalten darf (vorlagen.kundendaten_sperre)."""
    kontakt = mail.kontakt
    return _stand(kontakt.leitfaden, Lauf.aus_json(kontakt.lauf)) if kontakt is not None else Falldaten()


def _stand(leitfaden: str, lauf: Lauf) -> Falldaten:
    antwort = lauf.antworten.get(IDENTITAET)
    return Falldaten(leitfaden=leitfaden, ergebnis=lauf.ergebnis or "", identitaet_verneint=antwort is False,
                     identitaet_bestaetigt=antwort is True)


def absender_hinterlegt(mail: Mail) -> bool:
    """Hat VerBIS die Absenderadresse der Mail beim zugeordneten Kunden hinterlegt? Ohne Kundennummer oder
    Adresse nicht. Ist VerBIS nicht erreichbar, gilt sie hier als hinterlegt (die Seite verspricht dann nichts
    Falsches): Die Prüfung bei der Freigabe (`queries.antwort_fehler`) lehnt ab, solange sie es nicht klären kann."""
    if not mail.kundennummer or not mail.absender.strip():
        return False
    try:
        kunde = systeme().verbis.kunde_per_email(mail.absender)
    except SystemNichtErreichbar:
        return True
    return kunde is not None and kunde.kundennummer == mail.kundennummer


def kundendaten_gesperrt(mail: Mail, fall: Falldaten | None = None) -> tuple[str, str]:
    """Warum eine Antwort auf diese Mail jetzt keine Kundendaten enthalten darf, und was zu tun ist ("" = sie
    darf; `vorlagen.kundendaten_sperre` zum Stand der Arbeitshilfe, der Zuordnung und der Absenderadresse) — dazu
    der Schlüssel der Vorlage ohne Kundendaten, die bis dahin entworfen wird. `fall`: schon gelesen (sonst nur
    der Stand der Identitätsfrage)."""
    fall = identitaet(mail) if fall is None else fall
    hinterlegt = absender_hinterlegt(mail) if mail.kundennummer else True
    return (kundendaten_sperre(fall, mail.kundennummer, arbeitshilfe=bool(mail.leitfaden),
                               zugeordnet=bool(mail.klasse), adresse_hinterlegt=hinterlegt),
            vorlage_waehlen(fall, mail.kundennummer, adresse_hinterlegt=hinterlegt).name)


ARBEITSHILFE_OFFEN = ("Die Arbeitshilfe ist noch nicht durchlaufen: Eine Antwort mit Kundendaten geht erst hinaus, "
                      "wenn sie zu Ende ist — sonst sagt sie dem Kunden etwas, das noch nicht geschehen ist (etwa die "
                      "Absage seines Termins). Führen Sie die Arbeitshilfe zu Ende und prüfen Sie die Antwort dann "
                      "erneut; passt der Entwurf nicht zum Ergebnis, verwerfen Sie ihn und entwerfen Sie die Antwort "
                      "neu.")


def arbeitshilfe_offen(mail: Mail) -> bool:
    """Läuft zu dieser Mail eine Arbeitshilfe, die noch kein Ergebnis hat (Kontakt offen, Ende nicht erreicht)?
    Dann richtet sich noch keine Antwort mit Kundendaten nach ihr: Entwerfen geht (der Editor sagt, dass sie erst
    nach dem Ende hinausgeht), die Freigabe lehnt sie ab (queries.antwort_fehler, ARBEITSHILFE_OFFEN). Ohne
    Arbeitshilfe, nach ihrem Ende oder nach einem Abbruch (der Kontakt ist abgeschlossen oder von der Mail gelöst)
    nicht. Gelesen wird der Stand in der Datenbank, nicht ein früher gelesener (Prüfung bei der Freigabe)."""
    if mail.kontakt_id is None:
        return False
    kontakt = Kontakt.objects.filter(pk=mail.kontakt_id).only("status", "lauf").first()
    return (kontakt is not None and kontakt.status == Kontakt.OFFEN
            and Lauf.aus_json(kontakt.lauf).ergebnis is None)


def mit_kundendaten(antwort: Antwort) -> bool:
    """Ist die Antwort aus einer Vorlage mit Kundendaten entstanden (oder aus einer unbekannten)?"""
    vorlage = VORLAGEN.get(antwort.vorlage)
    return vorlage is None or vorlage.kundendaten


def falldaten(mail: Mail) -> Falldaten:
    """Die Falldaten der Arbeitshilfe dieser Mail; ohne Arbeitshilfe leer. Ohne bestätigte Identität nur
    Arbeitshilfe und Ergebnis — nichts über den Fall."""
    kontakt = mail.kontakt
    if kontakt is None:
        return Falldaten()
    lauf = Lauf.aus_json(kontakt.lauf)
    fall = _stand(kontakt.leitfaden, lauf)
    if not fall.identitaet_bestaetigt:
        return fall                 # A3: nichts über den Fall, auch nicht aus dem ATV gelesen
    antworten = lauf.antworten
    alt_id = str(antworten.get("termin_id") or "")
    alt = _termin(alt_id) if alt_id else None
    neu_id = _neuer_termin_id(lauf.auftraege)
    neu = _termin(neu_id) if neu_id else None
    wunsch = antworten.get("wunschtermin")
    if neu is None and neu_id and isinstance(wunsch, dt.datetime):      # ATV gestört: wie gewählt
        neu = TerminAngabe(wunsch.astimezone(BERLIN), alt.agentur if alt else "", alt.bereich if alt else "")
    beginn, ende = antworten.get("au_beginn"), antworten.get("au_ende")
    return Falldaten(leitfaden=fall.leitfaden, ergebnis=fall.ergebnis, identitaet_bestaetigt=True, termin=alt,
                     neuer_termin=neu, abgesagt_au=_abgesagt_au(lauf),
                     au_beginn=beginn if isinstance(beginn, dt.date) else None,
                     au_ende=ende if isinstance(ende, dt.date) else None)


def _abgesagt_au(lauf: Lauf) -> tuple[TerminAngabe, ...]:
    """Die Termine, die die Arbeitshilfe im AU-Zeitraum abgesagt hat (ausgeführte ATV-Absagen mit Grund
    Arbeitsunfähigkeit), wie das ATV sie kennt."""
    ids: list[str] = []
    for s in lauf.auftraege.values():          # ausgeführt: ein Satz mit `vorgang` (und dem Ergebnis)
        if not (isinstance(s, dict) and s.get("system") == "atv" and s.get("absagegrund") == AU_GRUND):
            continue
        if s.get("vorgang") == "termin_absagen":
            ids.append(str(s["termin_id"]))
        elif s.get("vorgang") == "termine_absagen":           # alle im AU-Zeitraum (Fassungen ab 08.12.2026)
            ids.extend(str(i) for i in s.get("abgesagt") or [])
    return tuple(t for t in (_termin(i) for i in ids) if t is not None)


def _neuer_termin_id(auftraege: dict[str, Any]) -> str:
    """Die Kennung des Termins, den eine ausgeführte Aktion verschoben oder neu gebucht hat ("" = keiner).
    Ausgeführt ist eine Aktion, deren Satz `vorgang` und ihr Ergebnis trägt."""
    neu = ""
    for satz in auftraege.values():
        if isinstance(satz, dict) and satz.get("system") == "atv" and satz.get("vorgang") in NEUER_TERMIN:
            neu = str(satz.get(NEUER_TERMIN[str(satz["vorgang"])]) or neu)
    return neu


def _termin(termin_id: str) -> TerminAngabe | None:
    try:
        termin: Termin | None = systeme().atv.termin(termin_id)
    except SystemNichtErreichbar:
        return None
    if termin is None:
        return None
    return TerminAngabe(termin.beginn.astimezone(BERLIN), termin.agentur, BEREICH_TEXTE.get(termin.bereich, termin.bereich))
