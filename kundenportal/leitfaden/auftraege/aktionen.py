"""Die Registry der Aktionen: sie ändern ein System; was sie tun, steht im Vokabular (`aktionen` in fakten.yaml),
und wie der Vermerk sie nennt, steht bei der Aktion selbst (`text`, Platzhalter aus ihren Parametern und
Ergebnissen). Dazu, ob eine Aktion vor der Ausführung bestätigt wird (bestaetigung.py, docs/adr/0008)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kundenportal.fachverfahren.ports import Systeme

from ..kontext import Kontext
from ..registry import Registry
from .termin import _kalender, _kundennummer, _termin_label

AktionsFunktion = Callable[[Systeme, Kontext, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class AktionsEintrag:
    """Eine Aktion: was sie im System tut (`ausfuehren`) und wie Vermerk und Oberfläche sie nennen
    (`text`, deutsch, Platzhalter `{name}` aus Parametern und Ergebnis)."""

    system: str
    vorgang: str
    ausfuehren: AktionsFunktion
    text: str
    vorhaben: str = ""      # was geschehen wird, vor der Ausführung (Bestätigungsschritt), deutsch
    aendert: bool = True    # ändert ein Fachverfahren: vor der Ausführung bestätigt (bestaetigung.py)
    kunde: bool = True      # braucht die Kundennummer des Kontakts (ohne sie: klare Meldung, kein Aufruf)


AKTIONEN: Registry[tuple[str, str], AktionsEintrag] = Registry("Aktion")

# Die Fachverfahren, wie Beschäftigte sie nennen (Bestätigungsschritt, Störungsmeldung).
SYSTEM_NAMEN: Mapping[str, str] = {
    "atv": "ATV (Terminverwaltung)", "verbis": "VerBIS (Vermittlung)", "colibri": "Colibri (Leistung)",
    "kiwi": "KIWI (Kindergeld)", "aufgaben": "Aufgaben (Postkorb)", "versand": "Versand (Post)",
    "telefonie": "Telefonie", "step": "STEP (Online-Konto)",
}


def aktion(system: str, vorgang: str, text: str, *, vorhaben: str = "", aendert: bool = True,
           kunde: bool = True) -> Callable[[AktionsFunktion], AktionsFunktion]:
    def registrieren(f: AktionsFunktion) -> AktionsFunktion:
        AKTIONEN.eintragen((system, vorgang), AktionsEintrag(system, vorgang, f, text, vorhaben, aendert, kunde))
        return f
    return registrieren


KUNDE_FEHLT = ("Dieser Kontakt wurde ohne Kundennummer begonnen; {was} ist so nicht möglich. Beenden Sie den "
               "Kontakt mit Vermerk und beginnen Sie ihn mit der Kundennummer neu (Kundensuche)")


def kunde_fehlt(system: str, vorgang: str, kundennummer: str | None) -> str | None:
    """Der Grund, warum die Aktion ohne Kundennummer nicht laufen kann, sonst None."""
    eintrag = AKTIONEN.get((system, vorgang))
    if kundennummer or eintrag is None or not eintrag.kunde:
        return None
    return KUNDE_FEHLT.format(was=f"„{eintrag.vorhaben or vorgang}“ in {SYSTEM_NAMEN.get(system, system)}")


def aktionstext(satz: Mapping[str, Any]) -> str:
    """Die Vorlage des Texts einer ausgeführten Aktion (Satz mit `system` und `vorgang`)."""
    eintrag = AKTIONEN.get((str(satz.get("system")), str(satz.get("vorgang"))))
    return eintrag.text if eintrag else "{system}: {vorgang}."


@aktion("atv", "termin_absagen",
        "ATV: Termin {termin_id} als abgesagt gekennzeichnet (Grund: {absagegrund}).", vorhaben="Termin absagen")
def _absagen(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.atv.termin_absagen(str(p["termin_id"]), str(p.get("absagegrund", "")), k.benutzer)
    return {}


@aktion("atv", "termine_absagen",
        "ATV: als abgesagt gekennzeichnet (Grund: {absagegrund}): {abgesagt_text}.", vorhaben="Termine absagen")
def _alle_absagen(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    """Sagt jeden Termin aus `termin_ids` ab (Status „abgesagt“, nie gelöscht), den die Beschäftigten bestätigt
    haben (Abfrage `termine_im_zeitraum`). Ein Termin, der schon mit demselben Grund abgesagt ist, zählt als
    abgesagt und wird nicht noch einmal angefasst: Läuft die Aktion nach einem Abbruch mitten in der Liste erneut,
    nennt ihr Ergebnis trotzdem alle. Ein fremder oder unbekannter Termin bricht vor jeder Änderung ab."""
    grund = str(p.get("absagegrund", ""))
    termine = [s.atv.termin(str(i)) for i in p.get("termin_ids") or []]
    for i, t in zip(p.get("termin_ids") or [], termine, strict=True):
        if t is None or t.kundennummer != _kundennummer(k):
            raise LookupError(f"Termin {i} gehört nicht zu diesem Kunden")
    abgesagt = []
    for t in termine:
        assert t is not None
        if t.status == "geplant":
            t = s.atv.termin_absagen(t.id, grund, k.benutzer)
        elif not (t.status == "abgesagt" and t.absagegrund == grund):
            continue                        # inzwischen verschoben oder wahrgenommen: bleibt, wie es ist
        abgesagt.append(t)
    return {"abgesagt": [t.id for t in abgesagt], "anzahl_abgesagt": len(abgesagt),
            "abgesagt_text": "; ".join(_termin_label(t) for t in abgesagt) or "keiner (keiner mehr geplant)"}


@aktion("atv", "termin_verschieben",
        "ATV: Termin {termin_id} verschoben auf {beginn}.", vorhaben="Termin verschieben")
def _verschieben(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    neu = s.atv.termin_verschieben(str(p["termin_id"]), p["beginn"], k.benutzer)
    return {"neuer_termin": neu.id}


@aktion("atv", "termin_buchen",
        "ATV: Termin am {beginn} gebucht ({bereich}, {agentur}, Kalender {kalender}).", vorhaben="Termin buchen")
def _buchen(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    kalender = _kalender(p)
    termin = s.atv.termin_buchen(_kundennummer(k), str(p["bereich"]), str(p.get("agentur", "")),
                                 p["beginn"], kalender, k.benutzer)
    return {"kalender": kalender, "termin": termin.id}


@aktion("verbis", "abmelden",
        "VerBIS: Abmeldung erfasst, Grund {abmeldegrund}, zum {abmeldedatum}.", vorhaben="Kundin oder Kunden abmelden")
def _abmelden(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.verbis.abmelden(_kundennummer(k), str(p["abmeldegrund"]), p["abmeldedatum"], k.benutzer)
    return {}


@aktion("verbis", "status_aendern",
        "VerBIS: Statuswechsel auf {status} zum {ab} (statt Abmeldung).", vorhaben="Status ändern (Statuswechsel)")
def _status(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.verbis.status_aendern(_kundennummer(k), str(p["status"]), str(p.get("grund", "")), p["ab"], k.benutzer)
    return {}


@aktion("verbis", "profil_uebernehmen",
        "VerBIS: Angaben aus dem eService ins Profil übernommen.", vorhaben="Angaben aus dem eService ins Profil übernehmen")
def _profil(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    from kundenportal.fachverfahren.ports.verbis import Profil

    profil = Profil(fuehrerscheine=list(p.get("fuehrerscheine") or []), fahrzeuge=list(p.get("fahrzeuge") or []),
                    sprachkenntnisse=list(p.get("sprachkenntnisse") or []),
                    freie_angaben=str(p.get("freie_angaben") or ""),
                    stellengesuch=str(p.get("stellengesuch") or ""))
    s.verbis.profil_uebernehmen(_kundennummer(k), profil, k.benutzer)
    return {}


@aktion("colibri", "au_erfassen",
        "Colibri: Arbeitsunfähigkeit vom {au_beginn} bis {au_ende} erfasst.", vorhaben="Arbeitsunfähigkeit erfassen")
def _au(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.colibri.au_erfassen(_kundennummer(k), p["au_beginn"], p["au_ende"], k.benutzer)
    return {}


@aktion("colibri", "leistung_aufheben",
        "Colibri: Leistung aufgehoben ab {ab}.", vorhaben="Leistung aufheben")
def _aufheben(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.colibri.leistung_aufheben(_kundennummer(k), str(p["grund"]), p["ab"], k.benutzer)
    return {}


# Der Betreff in Anführungszeichen: er beginnt oft wie die Empfängerin heißt („Aufgabe an Familienkasse Direktion
# (Qualitätsprüfung): Qualitätsprüfung: …“ las sich wie ein Fehler).
@aktion("aufgaben", "erstellen",
        "Aufgabe an {an}, Betreff „{betreff}“.", vorhaben="Aufgabe an ein anderes Team anlegen", kunde=False)
def _aufgabe(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    aufgabe = s.aufgaben.erstellen(str(p["an"]), str(p["betreff"]), _kundennummer(k),
                                   str(p.get("text", "")), k.benutzer, k.kontakt)
    return {"aufgabe": aufgabe.id}


@aktion("telefonie", "weiterleiten",
        "Telefonie: weitergeleitet an {ziel}.", vorhaben="Anruf weiterleiten", aendert=False, kunde=False)
def _weiterleiten(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.telefonie.weiterleiten(str(p["ziel"]), k.kontakt, k.benutzer)
    return {}


@aktion("telefonie", "verbinden",
        "Telefonie: direkt verbunden mit {ziel}.", vorhaben="Anruf direkt verbinden", aendert=False, kunde=False)
def _verbinden(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.telefonie.verbinden(str(p["ziel"]), k.kontakt, k.benutzer)
    return {}


@aktion("versand", "papierantrag",
        "Versand: Papierantrag ({leistung}) per Post übersandt.", vorhaben="Papierantrag per Post versenden")
def _papier(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.versand.papierantrag(_kundennummer(k), str(p["leistung"]), k.benutzer)
    return {}


@aktion("kiwi", "oeffentlicher_dienst_erfassen",
        "KIWI: öffentlicher Dienst erfasst: {wert}.", vorhaben="Öffentlichen Dienst erfassen")
def _oed(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.kiwi.oeffentlicher_dienst_erfassen(_kundennummer(k), str(p["wert"]), k.benutzer)
    return {}


@aktion("kiwi", "haushaltszugehoerigkeit_hinterlegen",
        "KIWI: Haushaltszugehörigkeit für Kind {kind_id} hinterlegt ({haushalt}).", vorhaben="Haushaltszugehörigkeit hinterlegen")
def _haushalt(s: Systeme, k: Kontext, p: dict[str, Any]) -> dict[str, Any]:
    s.kiwi.haushaltszugehoerigkeit_hinterlegen(_kundennummer(k), str(p["kind_id"]), str(p["haushalt"]),
                                               k.benutzer)
    return {}


# --- Erweiterungen SC/EZ (Leitfäden der Eingangszone und des Service Centers SGB III) ----------------


# --- Erweiterungen FK/EMB/ES (Familienkasse, E-Mail-Arbeitshilfen, eService) -------------------------


# Bestätigung ändernder Aktionen (bestaetigung.py, docs/adr/0008): hier, weil die Engine sie braucht und
# die Registry der Aktionen hier steht.
def bestaetigung_schluessel(aktion_schluessel: str) -> str:
    """Der Schlüssel der Bestätigung einer Aktion in `lauf.auftraege`."""
    return f"{aktion_schluessel}#bestaetigt"


def bestaetigung_noetig(schritt: Any) -> bool:
    """Braucht diese Aktion eine Bestätigung? Ja, wenn sie ein Fachverfahren ändert (Registry:
    `aendert`); unbekannte Aktionen vorsichtshalber auch."""
    eintrag = AKTIONEN.get((schritt.system, schritt.vorgang))
    return eintrag is None or eintrag.aendert
