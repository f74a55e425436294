"""Ein Szenario durch einen Entwurf aufzeichnen: der Runner geht den Entwurf mit den bisherigen
Antworten gegen frische Referenzsysteme (wie `szenario pruefen`) und sagt, welche Frage als nächste
ansteht — oder wie der Kontakt endet. Daraus entsteht die Szenario-Datei.

Anders als beim Ausführen einer Szenario-Datei gilt kein Standardwert (fakten.yaml `standard:`): der Rekorder
zeichnet einen neuen Weg auf und fragt jede Frage, die das Gespräch stellt — die Datei nennt dann jede Antwort."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from typing import Any

import yaml

from kundenportal.fachverfahren.ausgangslage import AusgangslageFehler, lage_lesen
from kundenportal.leitfaden import wortlaut
from kundenportal.leitfaden.auftraege import SYSTEM_NAMEN
from kundenportal.leitfaden.engine import text_fuellen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Einbinden, Frage, Hinweis, Schritt
from kundenportal.leitfaden.szenario import Ergebnis, Szenario, ausfuehren
from kundenportal.leitfaden.weisung import punkte
from kundenportal.leitfaden.yamlfehler import yaml_fehler

UNBEANTWORTET = "unbeantwortete Frage: "
# Was die Felder der Ausgangslage erwarten (für die Meldung, wenn ein Wert nicht passt).
ERWARTET = {
    "kunde": "eine Abbildung (kundennummer: …, vorname: …, geburtsdatum: JJJJ-MM-TT, …)",
    "verbis": "eine Abbildung (fuehrerscheine: …, sprachkenntnisse: …)",
    "termine": "eine Liste von Terminen (- {id: T1, beginn: 2020-04-01T09:00, agentur: Nürnberg})",
    "step": "eine Abbildung (konto: true, sicherheitsstufe: basis)",
    "colibri": "eine Abbildung (alg_bezug: true)",
    "kiwi": "eine Abbildung (kindergeldnummer: …, familienkasse: …, kinder: [ … ])",
    "kiwi.kinder": "eine Liste von Kindern (- {vorname: …, geburtsdatum: JJJJ-MM-TT})",
    "aufgaben": "eine Liste von Aufgaben (- {an: …, betreff: …, text: …})",
}
_LISTEN = (("termine",), ("aufgaben",), ("kiwi", "kinder"))
# Was YAML als Zeitpunkt liest (yaml.resolver): ein solcher Wert mit unmöglichem Monat oder Tag ist ein ValueError.
_ZEITPUNKT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?"
                        r"(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?")


PLATZHALTER = re.compile(r"\{[a-z_][a-z0-9_]*\}")        # wie leitfaden.engine.PLATZHALTER
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)      # libyaml, wenn vorhanden (wie der Katalog)


class AusgangslageUngueltig(ValueError):
    """Die Ausgangslage lässt sich nicht lesen; die Meldung nennt das Feld und was es erwartet."""


# Begrenzt schon beim Bilden (nicht erst danach gekürzt): ein YAML-Alias-Geflecht unter `termine:` wächst
# sonst exponentiell, bevor es gekürzt wird.
_REPR = reprlib.Repr()          # Python 3.11: Grenzen als Attribute (Schlüsselwörter erst ab 3.12)
_REPR.maxlevel = 3
_REPR.maxtuple = _REPR.maxlist = _REPR.maxarray = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 4
_REPR.maxdeque = 4
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 60


def _kurz(wert: Any) -> str:
    text = _REPR.repr(wert)
    return text if len(text) <= 60 else text[:57] + "…"


def _ungueltiges_datum(text: str) -> str:
    """Wo steht das Datum, das YAML erkennt, aber nicht bilden kann (etwa 1990-13-01)?"""
    def suchen(wert: Any, pfad: str) -> str:
        if isinstance(wert, dict):
            return next((t for k, v in wert.items() if (t := suchen(v, f"{pfad}.{k}" if pfad else str(k)))), "")
        if isinstance(wert, list):
            return next((t for i, v in enumerate(wert) if (t := suchen(v, f"{pfad}[{i}]"))), "")
        if isinstance(wert, str) and _ZEITPUNKT.fullmatch(wert):
            try:
                yaml.safe_load(wert)
            except ValueError:
                return (f"Ausgangslage, Feld {pfad or '(oberste Ebene)'}: {wert} ist kein gültiges Datum "
                        "(JJJJ-MM-TT, Monat 1–12, Tag im Monat; mit Uhrzeit JJJJ-MM-TTTHH:MM:SS)")
        return ""

    try:
        roh = yaml.load(text, Loader=yaml.BaseLoader)      # nur Texte: hier scheitert kein Datum
    except yaml.YAMLError:
        roh = None
    return suchen(roh, "") or ("Ausgangslage: ein Wert passt nicht zu seinem Typ — ein Datum (JJJJ-MM-TT, Monat 1–12, "
                               "Tag im Monat) oder eine Typangabe wie „!!int“ prüfen")


def _form_pruefen(lage: dict[str, Any]) -> None:
    for pfad in _LISTEN:
        wert: Any = lage
        for teil in pfad:
            wert = wert.get(teil) if isinstance(wert, dict) else None
        if wert is not None and not isinstance(wert, list):
            name = ".".join(pfad)
            raise AusgangslageUngueltig(f"Ausgangslage, Feld {name}: erwartet {ERWARTET[name]}, nicht {_kurz(wert)}")
    try:
        lage_lesen(lage)
    except AusgangslageFehler as fehler:
        feld = fehler.feld.removeprefix("ausgangslage").lstrip(".") or "(oberste Ebene)"
        meldung = str(fehler).removeprefix(f"{fehler.feld}: ")
        raise AusgangslageUngueltig(f"Ausgangslage, Feld {feld}: {meldung}") from None
    except (TypeError, AttributeError, KeyError, ValueError):
        for k, v in lage.items():           # welches Feld? jedes einzeln lesen
            try:
                lage_lesen({k: v, "kunde": lage["kunde"]} if k == "verbis" and "kunde" in lage else {k: v})
            except (TypeError, AttributeError, KeyError, ValueError):
                raise AusgangslageUngueltig(f"Ausgangslage, Feld {k}: erwartet {ERWARTET.get(k, 'einen anderen Wert')}"
                                            f", nicht {_kurz(v)}") from None
        raise AusgangslageUngueltig("Ausgangslage: passt nicht zusammen (Felder prüfen)") from None


def ausgangslage_lesen(text: str) -> dict[str, Any]:
    """Die Ausgangslage aus dem YAML des Formulars, geprüft wie beim Ausführen (fachverfahren.ausgangslage);
    AusgangslageUngueltig mit einer Meldung, die das Feld nennt."""
    try:
        lage = yaml.load(text or "{}", Loader=_LOADER) or {}
    except (yaml.YAMLError, RecursionError) as fehler:       # in Worten, mit Zeile und Spalte (nie PyYAMLs Englisch)
        raise AusgangslageUngueltig(f"Ausgangslage: kein gültiges YAML — {yaml_fehler(fehler, text)}") from None
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):  # ein Datum, das YAML
        raise AusgangslageUngueltig(_ungueltiges_datum(text)) from None    # erkennt, aber nicht bilden kann; `!!int x`
    if not isinstance(lage, dict):
        raise AusgangslageUngueltig("Ausgangslage: erwartet eine Abbildung (kunde: …, step: …)")
    _form_pruefen(lage)
    return lage


@dataclass
class Stand:
    ergebnis: Ergebnis
    frage: str = ""                          # Fakt der nächsten Frage, "" wenn fertig oder Fehler
    frage_text: str = ""                     # die Frage in Worten (Beschriftung des Fakts im Kanal)
    frage_hinweis: str = ""                  # der Text des Schritts, wenn er etwas anderes sagt
    optionen: list[tuple[str, str]] = field(default_factory=list)     # (Wert, Beschriftung)
    eingabe_typ: str = "text"                # ohne Optionen: das Eingabefeld (date, datetime-local wie im Gespräch)
    eingabe_hinweis: str = ""                # … und was es erwartet, schon vor dem Absenden
    fertig: bool = False
    ergebnis_text: str = ""                  # das Ergebnis in Worten (fakten.yaml, ergebnis_texte)
    hinweise: list[str] = field(default_factory=list)   # Hinweise seit der letzten Frage (wie im Gespräch `sagen`)
    sagen_wort: str = "Im Gespräch"          # wie sie eingeleitet werden: im Kanal des Szenarios wie im Gespräch
    aktionen_text: list[str] = field(default_factory=list)


# Das Eingabefeld einer freien Antwort je Typ des Fakts (fakten.yaml) und der Hinweis daran: dieselbe Schreibweise,
# die die Prüfung der Antwort erwartet (fachverfahren.ports.zeitpunkt) — vor dem Absenden, nicht erst als Fehler.
EINGABE = {
    "zeitpunkt": ("datetime-local", "Datum und Uhrzeit, JJJJ-MM-TTTHH:MM (z. B. 2026-12-10T09:30)."),
    "datum": ("date", "Ein Datum, JJJJ-MM-TT (z. B. 2026-12-10)."),
    "zahl": ("text", "Eine Zahl (z. B. 3)."),
}

JA_NEIN = {"True": "ja", "False": "nein", "true": "ja", "false": "nein"}


def _code(text: str) -> str:
    """Ein Code ohne Label: wenigstens ohne Unterstriche (wie lesbar.code)."""
    return text.replace("_", " ")


def wert_text(katalog: Katalog, wert: Any) -> str:
    """Eine Antwort in Worten: ja/nein, eine Option mit ihrem Label (fakten.yaml `wert_texte`), sonst wie gegeben."""
    text = str(wert)
    return JA_NEIN.get(text) or katalog.vokabular.wert_texte.get(text, text)


def _frage_schritt(katalog: Katalog, fassung_schluessel: str, fakt: str) -> Frage | None:
    """Die (letzte) Frage nach `fakt` in der Fassung; None ohne Fassung oder ohne solche Frage."""
    if not fassung_schluessel:
        return None
    try:
        schritte = katalog.fassung(fassung_schluessel).daten.schritte
    except (KeyError, ValueError):
        return None
    return next((s for s in reversed(schritte) if isinstance(s, Frage) and s.fakt == fakt), None)


def frage_text(katalog: Katalog, fakt: str, kanal: str, schritt: Frage | None = None) -> str:
    """Die Frage zu `fakt`, wie die Beschäftigten sie im Kanal sehen — mit `schritt` wie im Gespräch
    (leitfaden.wortlaut: der Wortlaut der Fassung, sonst `label_je_kanal`/`label`), statt des Fakt-Namens; ohne
    Beschriftung der Text des Schritts."""
    if (schritt is not None and schritt.frage) or fakt in katalog.vokabular.fakten:
        return wortlaut.frage_text(katalog.vokabular, schritt or {"fakt": fakt}, kanal)
    return (schritt.text if schritt is not None else "") or _code(fakt)


def ergebnis_text(katalog: Katalog, code: str) -> str:
    """Das Ergebnis eines Wegs in Worten (fakten.yaml `ergebnis_texte`)."""
    text = katalog.vokabular.ergebnisse.get(code, "")
    return text if text and text != code else _code(code)


def aktion_text(system: str, vorgang: str) -> str:
    return f"{SYSTEM_NAMEN.get(system, system)}, Vorgang „{_code(vorgang)}“"


def antworten_lesbar(katalog: Katalog, kanal: str, antworten: dict[str, Any],
                     fassung: str = "") -> list[tuple[str, str]]:
    """Die bisherigen Antworten als (Frage, Antwort) in Worten — keine Fakt-Namen und Codes auf der Seite; mit
    `fassung` (Schlüssel der aufgezeichneten Fassung) jede Frage im Wortlaut dieser Fassung."""
    return [(frage_text(katalog, str(fakt), kanal, _frage_schritt(katalog, fassung, str(fakt))),
             wert_text(katalog, wert)) for fakt, wert in antworten.items()]


def _optionen(katalog: Katalog, fassung_schluessel: str, fakt: str, kanal: str,
             offen: tuple[Frage, dict[str, Any]] | None = None) -> tuple[str, str, list[tuple[str, str]]]:
    """(Frage, Text des Schritts, Optionen als (Wert, Beschriftung)) der nächsten Frage. `offen`: der Schritt, der
    ansteht, mit den Werten des Laufs (`szenario.Ergebnis.offen`) — sein Text mit gefüllten Platzhaltern wie im Gespräch.
    Ohne ihn die letzte Frage nach `fakt` in der Fassung; ein Platzhalter ohne Wert steht dann als „…“ da."""
    schritt, werte = offen if offen is not None else (_frage_schritt(katalog, fassung_schluessel, fakt), None)
    text = schritt.text if schritt is not None else ""
    if text and werte is not None:
        text = text_fuellen(text, werte, katalog.vokabular.wert_texte)
    if text and PLATZHALTER.search(text):               # ohne Wert: nie „{wohnort_agentur}“ auf der Seite
        text = " ".join(PLATZHALTER.sub("…", text).split())
    werte_liste = [str(k) for k in (schritt.je_antwort or {})] if schritt is not None else []
    vokabel = katalog.vokabular.fakten.get(fakt)
    if not werte_liste and vokabel is not None:
        werte_liste = ["ja", "nein"] if vokabel.typ == "bool" else list(vokabel.optionen)
    frage = frage_text(katalog, fakt, kanal, schritt)
    return frage, text if text != frage else "", [(w, wert_text(katalog, w)) for w in werte_liste]


def _schritt_zum_schluessel(katalog: Katalog, erg: Ergebnis, schluessel: str) -> Schritt | None:
    """Der Schritt eines Wegpunkts (`Ergebnis.weg`): „id“ in der Fassung des Laufs, „einbinden/id“ in der
    eingebundenen Fassung (`Ergebnis.eingebunden`). None, wenn er sich nicht finden lässt."""
    try:
        fassung = katalog.fassung(erg.fassung)
        *einbindungen, sid = schluessel.split("/")
        for teil in einbindungen:
            einb = next((s for s in fassung.daten.schritte if s.id == teil and isinstance(s, Einbinden)), None)
            if einb is None:
                return None
            fassung = katalog.fassung(erg.eingebunden[einb.leitfaden])
    except (KeyError, ValueError):
        return None
    return next((s for s in fassung.daten.schritte if s.id == sid), None)


def hinweise_seit_letzter_frage(katalog: Katalog, erg: Ergebnis, werte: dict[str, Any] | None = None) -> list[str]:
    """Die Texte der Hinweis-Schritte, die der Lauf seit der letzten Frage ging — die Engine hält an einem Hinweis
    nicht an, das Gespräch zeigt ihn über der nächsten Frage oder am Ende (gespraech.ansicht `sagen`); so auch der
    Rekorder. Platzhalter mit den Werten des Laufs (`werte`), ohne Wert „…“."""
    texte: list[str] = []
    for schluessel in erg.weg:
        schritt = _schritt_zum_schluessel(katalog, erg, schluessel)
        if isinstance(schritt, Frage):
            texte = []
        elif isinstance(schritt, Hinweis) and schritt.text:
            text = text_fuellen(schritt.text, werte or {}, katalog.vokabular.wert_texte)
            texte.append(" ".join(PLATZHALTER.sub("…", text).split()) if PLATZHALTER.search(text) else text)
    return texte


def weitergehen(katalog: Katalog, *, leitfaden_id: str, kanal: str, datum: dt.date, ausgangslage: dict[str, Any],
                antworten: dict[str, Any], standort: str | None = None) -> Stand:
    """Der Weg bis zur nächsten offenen Frage. `standort`: wo der Kontakt geführt wird — er wählt wie im Gespräch die
    Fassung (Standortvarianten, Pilotstandorte); ohne ihn die Wohnortagentur der Ausgangslage (szenarien.md)."""
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    sz = Szenario(id="aufzeichnung", titel="", regel="", leitfaden=leitfaden_id, kanal=kanal, datum=datum,
                  standort=standort or None, ausgangslage=ausgangslage, antworten=antworten, erwartet={},
                  datei="aufzeichnung")
    erg = ausfuehren(katalog, sz, ReferenzTestsysteme(), standards=False)     # jede Frage wie im Gespräch
    wort = wortlaut.sagen_wort(kanal)
    offen = [f.removeprefix(UNBEANTWORTET) for f in erg.fehler if f.startswith(UNBEANTWORTET)]
    if offen and len(erg.fehler) == 1:
        # Der Weg bis zur offenen Frage (mit den Hinweisen davor): derselbe Lauf, angehalten an dieser Frage — an
        # einer unbeantworteten nennt der Runner nur sie, nicht den Weg dorthin.
        bis = ausfuehren(katalog, dataclasses.replace(sz, erwartet={"abbruch_bei_frage": offen[0]}),
                         ReferenzTestsysteme(), standards=False)
        hinweise = hinweise_seit_letzter_frage(katalog, bis, erg.offen[1] if erg.offen is not None else None)
        # der Schritt, an dem der Lauf hielt (zwei Schritte fragen oft denselben Fakt: SC 3.003 `verschieben_zeit`
        # und `zeit_eigene_agentur` beide `wunschtermin`), mit den Werten des Laufs für seine Platzhalter
        schritt = erg.offen if erg.offen is not None and isinstance(erg.offen[0], Frage) \
            and erg.offen[0].fakt == offen[0] else None
        frage, hinweis, optionen = _optionen(katalog, erg.fassung, offen[0], kanal, schritt)
        if schritt is not None and erg.offen_optionen is not None:
            optionen = erg.offen_optionen          # aus der Quelle der Frage (die Kinder des Falls), wie im Gespräch
        vokabel = katalog.vokabular.fakten.get(offen[0])
        typ, erwartet = EINGABE.get(vokabel.typ if vokabel is not None else "", ("text", ""))
        return Stand(ergebnis=erg, frage=offen[0], frage_text=frage, frage_hinweis=hinweis, optionen=optionen,
                     eingabe_typ=typ, eingabe_hinweis=erwartet, hinweise=hinweise, sagen_wort=wort)
    return Stand(ergebnis=erg, fertig=not erg.fehler, ergebnis_text=ergebnis_text(katalog, erg.ergebnis),
                 hinweise=hinweise_seit_letzter_frage(katalog, erg) if not erg.fehler else [], sagen_wort=wort,
                 aktionen_text=[aktion_text(str(a["system"]), str(a["vorgang"])) for a in erg.aktionen])


def regel_des_wegs(katalog: Katalog, erg: Ergebnis) -> str:
    """Die Punkte der Weisung, auf die Schritte des gelaufenen Wegs mit `regel:` verweisen, als `regel:` des Szenarios
    („Weisung 202612001, 2.1, 2.2 a) 6“) — so zählt die Regelspur der Weisung das Szenario als Beleg. "" ohne."""
    try:
        nummer = katalog.fassung(erg.fassung).weisung
    except (KeyError, ValueError):
        return ""
    gefunden: set[str] = set()
    for schluessel in erg.weg:
        schritt = _schritt_zum_schluessel(katalog, erg, schluessel)
        if schritt is not None and (regel := getattr(schritt, "regel", "")):
            gefunden |= punkte(str(regel)) or {str(regel)}
    return f"Weisung {nummer}, {', '.join(sorted(gefunden))}" if gefunden and nummer else ""


def szenario_text(*, szenario_id: str, titel: str, leitfaden_id: str, kanal: str, datum: dt.date,
                  ausgangslage: dict[str, Any], antworten: dict[str, Any], ergebnis: Ergebnis,
                  standort: str = "", regel: str = "") -> str:
    """Die Szenario-Datei: Antworten wie gegeben, erwartet das erreichte Ergebnis und die Aktionen; `standort`
    ausdrücklich (wo der Kontakt geführt wird), damit das Tor dieselbe Fassung prüft wie die Aufzeichnung; `regel`:
    die Punkte der Weisung, die der Weg belegt (`regel_des_wegs`)."""
    erwartet: dict[str, Any] = {"ergebnis": ergebnis.ergebnis}
    if ergebnis.aktionen:
        erwartet["aktionen"] = [{"system": a["system"], "vorgang": a["vorgang"]} for a in ergebnis.aktionen]
    daten: dict[str, Any] = {"id": szenario_id, "titel": titel, **({"regel": regel} if regel else {}),
                             "leitfaden": leitfaden_id, "kanal": kanal,
                             "datum": datum, **({"standort": standort} if standort else {}),
                             "ausgangslage": ausgangslage, "antworten": antworten, "erwartet": erwartet}
    return yaml.safe_dump(daten, allow_unicode=True, sort_keys=False, width=110)
