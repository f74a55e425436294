"""Registries der Aufträge an die Fachverfahren (docs/hausstil.md, Gewohnheit 5: Registries statt if-Ketten).

- Abfragen (`art: pruefung`) lesen Zustand in Variablen für Bedingungen.
- Optionen-Quellen liefern die Optionen einer Frage aus einem System (Termine, freie Zeiten, Kinder)
  und prüfen eine Antwort dagegen.
- Aktionen ändern ein System; was sie tun, steht im Vokabular (`aktionen` in fakten.yaml), und wie der
  Vermerk sie nennt, steht bei der Aktion selbst (`text`, Platzhalter aus ihren Parametern und Ergebnissen).

Jede Registry lehnt einen doppelten Namen ab (registry.DoppelterEintrag)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.fachverfahren.ports.atv import kalender_fuer
from kundenportal.fachverfahren.ports.step import STUFEN

from .kontext import Kontext
from .registry import Registry
from .vokabular import BERLIN, wert_text


@dataclass(frozen=True)
class Option:
    wert: Any
    label: str


# --- Abfragen ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Abfrage:
    name: str
    variablen: dict[str, str]      # Variable → Typ (ausdruck.TYPEN)
    lesen: Callable[[Systeme, Kontext, Mapping[str, Any]], dict[str, Any]]
    beschreibung: str


ABFRAGEN: Registry[str, Abfrage] = Registry("Abfrage")


def abfrage(name: str, variablen: dict[str, str], beschreibung: str) -> Callable[..., Any]:
    def registrieren(f: Callable[[Systeme, Kontext, Mapping[str, Any]], dict[str, Any]]) -> Any:
        ABFRAGEN.eintragen(name, Abfrage(name, variablen, f, beschreibung))
        return f
    return registrieren


def _kundennummer(kontext: Kontext) -> str:
    return kontext.kundennummer or ""


@abfrage("kunde", {"online_asu": "text", "betreuung": "text", "kundenstatus": "text",
                   "wohnort_agentur": "text", "kunde_bekannt": "bool"}, "VerBIS: Stammdaten")
def _kunde(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    kunde = systeme.verbis.kunde(_kundennummer(kontext))
    if kunde is None:
        return {"online_asu": "keine", "betreuung": "", "kundenstatus": "", "wohnort_agentur": "",
                "kunde_bekannt": False}
    return {"online_asu": kunde.online_asu, "betreuung": kunde.betreuung, "kundenstatus": kunde.status,
            "wohnort_agentur": kunde.wohnort_agentur, "kunde_bekannt": True}


@abfrage("sicherheitsstufe", {"sicherheitsstufe": "text", "stufe_ausweissicht": "bool"},
         "STEP: Sicherheitsstufe des Online-Kontos (kein Konto zählt unter Ausweissicht, A4)")
def _sicherheitsstufe(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    konto = systeme.step.konto(_kundennummer(kontext))
    stufe = konto.sicherheitsstufe if konto else "kein_konto"
    ausreichend = stufe in STUFEN and STUFEN.index(stufe) >= STUFEN.index("ausweissicht")
    return {"sicherheitsstufe": stufe, "stufe_ausweissicht": ausreichend}


@abfrage("alg_bezug", {"alg_bezug": "bool"}, "Colibri: bezieht der Kunde Arbeitslosengeld?")
def _alg(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    return {"alg_bezug": systeme.colibri.alg_bezug(_kundennummer(kontext))}


@abfrage("kiwi_fall", {"familienkasse": "text", "kiz_kalender": "text", "kinder": "liste",
                       "oed_erfasst": "text"}, "KIWI: Kindergeldfall und KiZ-Cluster-Kalender")
def _kiwi(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    fall = systeme.kiwi.fall(_kundennummer(kontext))
    if fall is None:
        return {"familienkasse": "", "kiz_kalender": "", "kinder": [], "oed_erfasst": ""}
    cluster = kontext.standorte.kiz_cluster(fall.familienkasse)
    kinder = [{"id": k.id, "vorname": k.vorname, "haushalt": k.haushalt} for k in fall.kinder]
    return {"familienkasse": fall.familienkasse, "kiz_kalender": cluster.id if cluster else "",
            "kinder": kinder, "oed_erfasst": fall.oeffentlicher_dienst}


@abfrage("termine", {"termine_geplant": "liste", "anzahl_termine_geplant": "zahl"},
         "ATV: geplante Termine des Kunden")
def _termine(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    geplant = [t for t in systeme.atv.termine(_kundennummer(kontext)) if t.status == "geplant"]
    liste = [{"id": t.id, "bereich": t.bereich, "agentur": t.agentur} for t in geplant]
    return {"termine_geplant": liste, "anzahl_termine_geplant": len(liste)}


@abfrage("termin", {"termin_bereich": "text", "termin_agentur": "text", "termin_beginn": "zeitpunkt",
                    "termin_kalender": "text"}, "ATV: ein Termin (Parameter termin_id)")
def _termin(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> dict[str, Any]:
    termin = systeme.atv.termin(str(p.get("termin_id", "")))
    if termin is None or termin.kundennummer != _kundennummer(kontext):
        raise LookupError(f"Termin {p.get('termin_id')} gehört nicht zu diesem Kunden")
    return {"termin_bereich": termin.bereich, "termin_agentur": termin.agentur, "termin_beginn": termin.beginn,
            "termin_kalender": termin.kalender}


def _tag(wert: Any) -> dt.date:
    """Ein Kalendertag aus einem Parameter (Datum, Zeitpunkt in Berliner Zeit oder ISO-Text)."""
    if isinstance(wert, dt.datetime):
        return wert.astimezone(BERLIN).date()
    if isinstance(wert, dt.date):
        return wert
    return dt.date.fromisoformat(str(wert)[:10])


@abfrage("termine_im_zeitraum", {"termine_im_zeitraum": "liste", "termin_ids_im_zeitraum": "liste",
                                 "anzahl_termine_im_zeitraum": "zahl", "termine_im_zeitraum_text": "text"},
         "ATV: geplante Termine des Kunden, deren Tag im Zeitraum liegt (Parameter von, bis; beide Tage zählen)")
def _termine_im_zeitraum(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> dict[str, Any]:
    """Alle geplanten Termine von `von` bis `bis` (Tag in Berliner Zeit), nach Beginn — ohne Grenze der Zahl: eine
    AU-Meldung sagt jeden Termin im AU-Zeitraum ab (Aktion `termine_absagen`), nicht nur die ersten."""
    von, bis = _tag(p["von"]), _tag(p["bis"])
    treffer = sorted((t for t in systeme.atv.termine(_kundennummer(kontext))
                      if t.status == "geplant" and von <= t.beginn.astimezone(BERLIN).date() <= bis),
                     key=lambda t: (t.beginn, t.id))
    return {"termine_im_zeitraum": [{"id": t.id, "bereich": t.bereich, "agentur": t.agentur} for t in treffer],
            "termin_ids_im_zeitraum": [t.id for t in treffer], "anzahl_termine_im_zeitraum": len(treffer),
            "termine_im_zeitraum_text": "; ".join(_termin_label(t) for t in treffer)}


# --- Optionen-Quellen ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OptionenQuelle:
    name: str
    optionen: Callable[[Systeme, Kontext, Mapping[str, Any]], list[Option]]
    ablehnung: Callable[[Systeme, Kontext, Mapping[str, Any], Any], str | None] | None = None


QUELLEN: Registry[str, OptionenQuelle] = Registry("Optionen-Quelle")


def _termin_label(t: Any) -> str:
    """Erst, was die Kundin kennt (Tag, Uhrzeit, Bereich, Agentur), dann die Nummer im ATV. Der Bereich steht als
    Code; die Oberfläche zeigt ihn mit seinem Label (gespraech.ansicht.optionen, lesbar.im_text)."""
    return f"{t.beginn.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr, {t.bereich}, Agentur {t.agentur} (Termin {t.id})"


def _geplante(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    termine = systeme.atv.termine(_kundennummer(kontext))
    return [Option(t.id, _termin_label(t)) for t in termine if t.status == "geplant"]


QUELLEN.eintragen("geplante_termine", OptionenQuelle("geplante_termine", _geplante))


def _wohnort(systeme: Systeme, kontext: Kontext) -> str:
    kunde = systeme.verbis.kunde(_kundennummer(kontext))
    return kunde.wohnort_agentur if kunde else (kontext.standort or "")


def _bbie_agenturen(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    wohnort = _wohnort(systeme, kontext)
    return [Option(a.name, a.name if a.bbie_ab is None or a.bbie_ab <= kontext.datum
                   else f"{a.name} (BBiE ab {a.bbie_ab:%d.%m.%Y})")
            for a in kontext.standorte.bbie_agenturen(wohnort)]


def _bbie_ablehnung(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any], wert: Any) -> str | None:
    return kontext.standorte.bbie_ablehnung(_wohnort(systeme, kontext), str(wert), None)


QUELLEN.eintragen("bbie_agenturen", OptionenQuelle("bbie_agenturen", _bbie_agenturen, _bbie_ablehnung))


def _kalender(p: Mapping[str, Any]) -> str:
    return str(p.get("kalender") or kalender_fuer(str(p.get("agentur", "")), str(p.get("bereich", ""))))


def _freie(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> list[Option]:
    ab = kontext.jetzt
    if p.get("bereich") == "bb_im_erwerbsleben":
        agentur = kontext.standorte.agenturen.get(str(p.get("agentur")))
        if agentur and agentur.bbie_ab:
            ab = max(ab, dt.datetime.combine(agentur.bbie_ab, dt.time(0), BERLIN))
    if p.get("ab_tag"):   # Filter "ab Tag" (Datum oder Zeitpunkt): die nächsten zehn ab diesem Tag
        tag = p["ab_tag"]
        tag = tag.astimezone(BERLIN).date() if isinstance(tag, dt.datetime) else dt.date.fromisoformat(str(tag))
        ab = max(ab, dt.datetime.combine(tag, dt.time(0), BERLIN))
    return [Option(z, wert_text(z)) for z in systeme.atv.freie_termine(_kalender(p), ab, 10)]


def _freie_ablehnung(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any], wert: Any) -> str | None:
    if wert <= kontext.jetzt:
        return f"{wert_text(wert)} liegt nicht in der Zukunft"
    if p.get("bereich") == "bb_im_erwerbsleben":
        grund = kontext.standorte.bbie_ablehnung(_wohnort(systeme, kontext), str(p.get("agentur")),
                                                 wert.astimezone(BERLIN).date())
        if grund:
            return grund
    if p.get("bereich") == "weiterbildungsberatung":
        agentur = kontext.standorte.agenturen.get(str(p.get("agentur")))
        if agentur and agentur.bbie_ab and wert.astimezone(BERLIN).date() >= agentur.bbie_ab:
            return (f"Die Weiterbildungsberatung (Pilot) in {agentur.name} endet am Vortag des BBiE-Starts "
                    f"{agentur.bbie_ab:%d.%m.%Y}; für spätere Termine die Berufsberatung im Erwerbsleben buchen")
    if not systeme.atv.ist_frei(_kalender(p), wert):
        return f"Termin nicht mehr frei: {wert_text(wert)} im Kalender {_kalender(p)}"
    return None


QUELLEN.eintragen("freie_termine", OptionenQuelle("freie_termine", _freie, _freie_ablehnung))


def _kinder(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    fall = systeme.kiwi.fall(_kundennummer(kontext))
    return [Option(k.id, f"{k.id} – {k.vorname}" + (f" ({k.geburtsdatum:%d.%m.%Y})" if k.geburtsdatum else ""))
            for k in (fall.kinder if fall else [])]


QUELLEN.eintragen("kinder", OptionenQuelle("kinder", _kinder))

# Aus welchem Fachverfahren eine Optionen-Quelle liest (für „System nicht erreichbar“).
QUELLEN_SYSTEM: Mapping[str, str] = {"geplante_termine": "atv", "freie_termine": "atv",
                                     "bbie_agenturen": "verbis", "kinder": "kiwi"}


# --- Aktionen ------------------------------------------------------------------------------------

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


@aktion("aufgaben", "erstellen",
        "Aufgabe an {an}: {betreff}.", vorhaben="Aufgabe an ein anderes Team anlegen", kunde=False)
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
