"""Befunde in den Worten der Redaktion: was der Kern aus pydantic (Schema) und CEL (Bedingungen) auf
Englisch meldet, sagt die Redaktion auf Deutsch — mit Ort (Schritt-Kennung statt Listenplatz, Feld) und
Abhilfe; bei einem unbekannten Namen (Fakt, Feld, Ergebnis, Schritt …) mit „Meinten Sie …?“
(difflib gegen content/fakten.yaml und die Namen, die der Leitfaden kennt). Den Ort eines Befunds in Worten für die
Seiten („Schritt „online“, Feld „Weiter zu““) sagt befundort.

Übersetzt wird hier, nicht im Kern (kundenportal.leitfaden): der Kern bleibt die eine geteilte Prüfung,
seine Meldungen gehen an Entwicklung und CLI. Schemafehler werden dafür noch einmal gegen dasselbe Modell
geprüft — so steht der pydantic-Fehlertyp (`type`) zur Verfügung, nicht nur sein englischer Text."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from kundenportal.leitfaden.auftraege import ABFRAGEN
from kundenportal.leitfaden.ausdruck import KONTEXT
from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import (
    Aktion,
    Einbinden,
    Ende,
    FassungsDatei,
    Frage,
    Geltungsbereich,
    Hinweis,
    KopfDatei,
    OptionenQuelle,
    Pruefung,
    Rueckkehr,
    Zweig,
)
from kundenportal.leitfaden.quelle import ZDict, lesen_text, zeile_von

SCHRITTARTEN: dict[str, type[BaseModel]] = {
    "frage": Frage, "hinweis": Hinweis, "pruefung": Pruefung, "aktion": Aktion, "abgabe": Aktion,
    "einbinden": Einbinden, "rueckkehr": Rueckkehr, "ende": Ende}
# Was ein fehlendes Pflichtfeld braucht (Feldname → Abhilfe).
PFLICHT = {
    "id": "eine Kennung aus Kleinbuchstaben, Ziffern und _ vergeben (z. B. id: hinweis_neu)",
    "art": f"die Art des Schritts angeben ({', '.join(SCHRITTARTEN)})",
    "fakt": "den Fakt der Frage eintragen (ein Name aus content/fakten.yaml)",
    "ergebnis": "ein Ergebnis aus content/fakten.yaml (ergebnisse) eintragen",
    "nach": "das Ziel eintragen: die Kennung des nächsten Schritts",
    "system": "das System der Aktion eintragen (z. B. system: atv)",
    "vorgang": "den Vorgang der Aktion eintragen (z. B. vorgang: termin_absagen)",
    "abfrage": "die Abfrage eintragen (z. B. abfrage: sicherheitsstufe)",
    "leitfaden": "den eingebundenen Leitfaden eintragen (z. B. leitfaden: \"SC 3.003\")",
    "quelle": "die Quelle der Optionen eintragen",
    "stand": "den Stand als Datum eintragen (z. B. stand: 2020-04-01)",
    "gueltig_ab": "den ersten Gültigkeitstag eintragen (z. B. gueltig_ab: 2020-04-01)",
    "weisung": "die Nummer der Weisung eintragen (z. B. weisung: \"202003006\")",
    "start": "die Kennung des ersten Schritts eintragen (z. B. start: identitaet)",
    "schritte": "die Liste der Schritte anlegen (schritte: mit einer Zeile „- id: …“ je Schritt)",
    "titel": "den Titel des Leitfadens eintragen",
}
# Meldungen des Kerns zu Feldern außerhalb der Schritte, die die Redaktion in ihren Worten sagt: (Feld, Meldung) → Text.
KOPFMELDUNGEN = {
    ("gueltig_bis", "endet vor gueltig_ab"):
        "„Gültig bis“ liegt vor „Gültig ab“: die Fassung endete, bevor sie beginnt — gueltig_bis entfernen (die "
        "Fassung gilt dann, bis eine neuere sie ablöst) oder ein Datum ab gueltig_ab eintragen",
}
# CEL-Typen (Meldungen von cel-expr-python) in Worten.
TYPEN = {"bool": "ja/nein", "string": "Text", "int": "Zahl", "uint": "Zahl", "double": "Kommazahl",
         "google.protobuf.timestamp": "Datum", "timestamp": "Datum", "list(dyn)": "Liste", "list<dyn>": "Liste",
         "dyn": "beliebig", "null_type": "null", "map(string, dyn)": "Abbildung"}
AEHNLICH = 0.75     # difflib-Ähnlichkeit für „Meinten Sie …?“: Tippfehler ja, bloß verwandte Wörter nicht
OPERATOREN = {"_==_": "==", "_!=_": "!=", "_&&_": "&&", "_||_": "||", "!_": "!", "_<_": "<", "_<=_": "<=",
              "_>_": ">", "_>=_": ">=", "_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/", "@in": "in"}

_CEL_NAME = re.compile(r"Ausdruck (\d+):(\d+): undeclared reference to '([^']+)'(?: \(in container '[^']*'\))?$")
_CEL_TYP = re.compile(r"Ausdruck (\d+):(\d+): found no matching overload for '([^']+)' applied to '\((.*)\)'$")
_CEL_SYNTAX = re.compile(r"Ausdruck (\d+):(\d+): Syntax error: (.*)$")
_CEL_AUSWAHL = re.compile(r"Ausdruck (\d+):(\d+): expression of type '([^']+)' cannot be the operand of a select "
                          r"operation$")
_CEL_ERGEBNIS = re.compile(r"liefert (\S+), erwartet (\S+)$")


@dataclass
class Namen:
    """Was der Leitfaden kennt — die Kandidaten für „Meinten Sie …?“."""

    fakten: list[str] = field(default_factory=list)
    variablen: list[str] = field(default_factory=list)
    ergebnisse: list[str] = field(default_factory=list)
    abfragen: list[str] = field(default_factory=list)
    aktionen: list[tuple[str, str]] = field(default_factory=list)
    leitfaeden: list[str] = field(default_factory=list)
    schritte: list[str] = field(default_factory=list)
    weisungen: list[str] = field(default_factory=list)

    @classmethod
    def aus(cls, katalog: Katalog, schritte: Iterable[str] = ()) -> Namen:
        vok = katalog.vokabular
        variablen = {*vok.fakten, *KONTEXT, *(v for a in ABFRAGEN.values() for v in a.variablen)}
        return cls(fakten=sorted(vok.fakten), variablen=sorted(variablen), ergebnisse=sorted(vok.ergebnisse),
                   abfragen=sorted(ABFRAGEN), aktionen=sorted(vok.aktionen), leitfaeden=sorted(katalog.leitfaeden),
                   schritte=list(schritte), weisungen=sorted(katalog.weisungen, reverse=True))


def meinten_sie(name: str, kandidaten: Iterable[str]) -> str:
    """„ Meinten Sie „x“?“ (bis zu drei ähnliche Namen, difflib, ohne Groß/klein), sonst ""."""
    je_klein: dict[str, str] = {}
    for k in kandidaten:
        if k != name:
            je_klein.setdefault(k.lower(), k)
    treffer = [je_klein[t] for t in difflib.get_close_matches(name.lower(), je_klein, n=3, cutoff= AEHNLICH)]
    return f" Meinten Sie {' oder '.join(f'„{t}“' for t in treffer)}?" if treffer else ""


def _wert(eingabe: Any) -> str:
    if isinstance(eingabe, dict):
        return "eine Abbildung"
    if isinstance(eingabe, list):
        return "eine Liste"
    text = " ".join(str(eingabe).split())
    return f"„{text if len(text) <= 40 else text[:37] + '…'}“"


# --- Schema (pydantic) --------------------------------------------------------------------------------------------

def _kern_schluessel(e: Any) -> tuple[tuple[Any, ...], str, str]:
    """(Pfad, Feld, Meldung) genau wie der Kern sie bildet (leitfaden.laden._pruefen_gegen)."""
    ort = tuple(x for x in e["loc"] if isinstance(x, str | int))
    pfad = tuple(x for x in ort if not (isinstance(x, str) and x.islower() and x in SCHRITTARTEN))
    meldung = e["msg"].removeprefix("Value error, ")
    if e["type"] == "extra_forbidden":
        meldung = "unbekanntes Feld"
    elif e["type"] == "missing":
        meldung = "Pflichtfeld fehlt"
    return pfad, ".".join(str(x) for x in pfad) or "(Datei)", meldung


def _knoten(roh: Any, pfad: tuple[Any, ...]) -> Any:
    for teil in pfad:
        try:
            roh = roh[teil]
        except (KeyError, IndexError, TypeError):
            return None
    return roh


def _feld_mit_kennung(roh: Any, pfad: tuple[Any, ...]) -> str:
    """`schritte.3.fakt` → `schritte.stufe.fakt`: der Schritt mit seiner Kennung, wie die Redaktion ihn kennt."""
    teile = [str(x) for x in pfad]
    if len(pfad) > 1 and pfad[0] == "schritte" and isinstance(pfad[1], int):
        schritt = _knoten(roh, pfad[:2])
        if isinstance(schritt, dict) and isinstance(schritt.get("id"), str) and schritt["id"]:
            teile[1] = schritt["id"]
    return ".".join(teile) or "(Datei)"


def _erlaubte_felder(roh: Any, pfad: tuple[Any, ...], modell: type[BaseModel]) -> list[str]:
    """Die Felder, die an der Stelle `pfad` (ohne das unbekannte Feld selbst) stehen dürfen."""
    eltern = pfad[:-1]
    if modell is KopfDatei:
        return list(KopfDatei.model_fields)
    if not eltern:
        return list(FassungsDatei.model_fields)
    if eltern == ("geltungsbereich",):
        return list(Geltungsbereich.model_fields)
    if eltern[0] == "schritte" and len(eltern) == 2:
        schritt = _knoten(roh, eltern)
        art = schritt.get("art") if isinstance(schritt, dict) else None
        klasse = SCHRITTARTEN.get(str(art))
        return list(klasse.model_fields) if klasse else []
    if eltern[0] == "schritte" and len(eltern) == 4 and eltern[2] == "weiter":
        return [*Zweig.model_fields, "sonst"]
    if eltern[-1] == "optionen_aus":
        return list(OptionenQuelle.model_fields)
    return []


def _schema_meldung(e: Any, roh: Any, pfad: tuple[Any, ...], modell: type[BaseModel]) -> str:
    typ, ctx, eingabe = e["type"], e.get("ctx") or {}, e.get("input")
    name = next((str(x) for x in reversed(pfad) if isinstance(x, str)), "")
    if typ == "missing":
        return f"Pflichtfeld „{name}“ fehlt: {PFLICHT.get(name, 'ergänzen')}"
    if typ == "extra_forbidden":
        erlaubt = _erlaubte_felder(roh, pfad, modell)
        liste = f" (erlaubt: {', '.join(erlaubt)})" if erlaubt else ""
        return f"unbekanntes Feld „{name}“: entfernen oder richtig schreiben{liste}.{meinten_sie(name, erlaubt)}"
    if typ == "union_tag_invalid":
        tag = str(ctx.get("tag", eingabe))
        return (f"Art „{tag}“ gibt es nicht: erlaubt sind {', '.join(SCHRITTARTEN)}."
                f"{meinten_sie(tag, SCHRITTARTEN)}")
    if typ == "union_tag_not_found":
        return f"Pflichtfeld „art“ fehlt: {PFLICHT['art']}"
    if typ == "string_pattern_mismatch":
        if modell is KopfDatei and name == "id":
            return f"Kennung {_wert(eingabe)} hat nicht die Form „Bereich Nummer“: z. B. SC 3.400 (Bereich EZ, SC, " \
                   "FK, EMB, ES oder BS)"
        if name == "id":
            vorschlag = re.sub(r"[^a-z0-9_]+", "_", str(eingabe).lower()).strip("_")
            return (f"Kennung {_wert(eingabe)}: nur Kleinbuchstaben, Ziffern und _ erlaubt"
                    + (f" (z. B. {vorschlag})" if vorschlag else ""))
        return f"{_wert(eingabe)} hat nicht die erwartete Form ({ctx.get('pattern', '')})"
    if typ == "string_type":
        return f"erwartet einen Text, nicht {_wert(eingabe)}: den Wert in Anführungszeichen setzen (z. B. \"…\")"
    if typ in ("dict_type", "model_type", "model_attributes_type"):
        return (f"erwartet eine Abbildung (Zeilen „name: wert“ oder {{ja: schritt, nein: schritt}}), nicht "
                f"{_wert(eingabe)}")
    if typ == "list_type":
        return f"erwartet eine Liste (jede Zeile beginnt mit „- “), nicht {_wert(eingabe)}"
    if typ.startswith(("date_", "datetime_")):
        return f"erwartet ein Datum JJJJ-MM-TT (z. B. 2020-04-01), nicht {_wert(eingabe)}"
    if typ.startswith("bool_"):
        return f"erwartet ja oder nein (true/false), nicht {_wert(eingabe)}"
    if typ.startswith(("int_", "float_")):
        return f"erwartet eine Zahl, nicht {_wert(eingabe)}"
    if typ == "literal_error":
        erwartet = str(ctx.get("expected", ""))
        kandidaten = re.findall(r"'([^']*)'", erwartet)
        return (f"{_wert(eingabe)} ist hier nicht erlaubt: erlaubt sind {', '.join(kandidaten) or erwartet}."
                f"{meinten_sie(str(eingabe), kandidaten)}")
    if typ in ("value_error", "assertion_error"):       # die Prüfregeln des Modells melden schon deutsch
        return str(e["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"ungültiger Wert {_wert(eingabe)}: nach dem Muster eines gültigen Schritts schreiben (Prüfung {typ})"


def schema_befunde(befunde: list[Befund], text: str, datei: str, modell: type[BaseModel]) -> list[Befund]:
    """Ersetzt die Schemabefunde des Kerns zu `datei` (aus `text`, gegen `modell`) durch deutsche."""
    if not any(b.datei == datei for b in befunde):
        return befunde
    try:
        roh = lesen_text(text, datei)
    except KatalogFehler:
        return befunde
    try:
        modell.model_validate(roh)
    except ValidationError as fehler:
        deutsch: dict[tuple[str, str], tuple[str, str]] = {}
        for e in fehler.errors():
            pfad, feld, meldung = _kern_schluessel(e)
            deutsch.setdefault((feld, meldung), (_feld_mit_kennung(roh, pfad), _schema_meldung(e, roh, pfad, modell)))
        return [replace(b, feld=deutsch[(b.feld, b.meldung)][0], meldung=deutsch[(b.feld, b.meldung)][1])
                if b.datei == datei and (b.feld, b.meldung) in deutsch else b for b in befunde]
    return befunde


def an_feldzeile(befunde: list[Befund], text: str, datei: str) -> list[Befund]:
    """Befunde zu `datei` über Felder außerhalb der Schritte (gueltig_bis, weisung, geltungsbereich.agenturen …)
    zeigen auf die Zeile ihres Felds: der Kern kennt nur die Zeilen der Schritte und nennt sonst Zeile 1."""
    if not any(b.datei == datei and b.feld and not b.feld.startswith("schritte") for b in befunde):
        return befunde
    try:
        roh = lesen_text(text, datei)
    except KatalogFehler:
        return befunde
    if not isinstance(roh, ZDict):
        return befunde
    ergebnis = []
    for b in befunde:
        teile = b.feld.split(".")
        if b.datei == datei and teile[0] != "schritte" and teile[0] in roh.zeilen:
            b = replace(b, zeile=zeile_von(roh, tuple(int(t) if t.isdigit() else t for t in teile)))
        ergebnis.append(b)
    return ergebnis


# --- Bedingungen (CEL) und unbekannte Namen -----------------------------------------------------------------------

def _typ(name: str) -> str:
    return TYPEN.get(name.strip().lower(), name.strip())


def _syntax(spalte: str, rest: str) -> str:
    if "token recognition error at: '=" in rest:
        return f"Syntaxfehler an Spalte {spalte}: ein einzelnes „=“ gibt es nicht — vergleichen mit ==, z. B. " \
               "betreuung == 'av'"
    if "token recognition error at: '\"" in rest or "token recognition error at: '''" in rest:
        return f"Syntaxfehler an Spalte {spalte}: ein Text ist nicht geschlossen — das Anführungszeichen am Ende fehlt"
    if "<EOF>" in rest and rest.startswith(("mismatched input '<EOF>'", "extraneous input '<EOF>'")):
        return f"Syntaxfehler an Spalte {spalte}: die Bedingung endet zu früh — nach dem letzten Operator (&&, ||, " \
               "==, !) fehlt der Rest, z. B. a && b"
    if rest.startswith("missing ')'"):
        return f"Syntaxfehler an Spalte {spalte}: eine Klammer „(“ ist nicht geschlossen — „)“ ergänzen"
    wort = re.match(r"(?:mismatched|extraneous) input '([^']*)'", rest)
    if wort and wort.group(1).lower() in ("and", "or", "not", "und", "oder", "nicht"):
        ersatz = {"and": "&&", "und": "&&", "or": "||", "oder": "||", "not": "!", "nicht": "!"}[wort.group(1).lower()]
        return f"Syntaxfehler an Spalte {spalte}: „{wort.group(1)}“ gibt es in Bedingungen nicht — {ersatz} schreiben"
    if wort:
        return f"Syntaxfehler an Spalte {spalte} bei „{wort.group(1)}“: Bedingungen verbinden Namen und Werte mit " \
               "==, !=, <, >, &&, ||, ! — Text in '…'"
    return f"Syntaxfehler an Spalte {spalte}: die Bedingung nach dem Muster fakt == 'wert' && anderer_fakt schreiben"


def _cel(meldung: str, namen: Namen) -> str:
    if m := _CEL_NAME.search(meldung):
        spalte, name = m.group(2), m.group(3)
        if name == "tage":
            neu = f"Funktion tage braucht zwei Datumswerte (Spalte {spalte}): tage(von, bis), z. B. tage(au_beginn, datum)"
        else:
            neu = (f"unbekannter Name „{name}“ (Spalte {spalte}): weder ein Fakt aus content/fakten.yaml noch eine "
                   f"Variable einer Abfrage — richtig schreiben oder den Fakt anlegen.{meinten_sie(name, namen.variablen)}")
        return meldung[:m.start()] + neu
    if m := _CEL_TYP.search(meldung):
        spalte, op = m.group(2), OPERATOREN.get(m.group(3), m.group(3))
        typen = ", ".join(_typ(t) for t in re.split(r",\s*(?![^()]*\))", m.group(4)))
        neu = (f"„{op}“ passt nicht zu den Werten ({typen}) an Spalte {spalte}: beide Seiten brauchen denselben Typ — "
               "ein ja/nein-Fakt steht ohne Vergleich (fakt oder !fakt), Text in Anführungszeichen (fakt == 'wert'), "
               "ein Datum mit timestamp('2020-04-01T00:00:00Z')")
        return meldung[:m.start()] + neu
    if m := _CEL_SYNTAX.search(meldung):
        return meldung[:m.start()] + _syntax(m.group(2), m.group(3))
    if m := _CEL_AUSWAHL.search(meldung):
        return meldung[:m.start()] + (f"ein {_typ(m.group(3))} hat keine Felder (Spalte {m.group(2)}): den Punkt "
                                      "entfernen oder den Namen ohne „.…“ schreiben")
    if m := _CEL_ERGEBNIS.search(meldung):
        return meldung[:m.start()] + (f"liefert {_typ(m.group(1))}, erwartet wird {_typ(m.group(2))}: eine Bedingung "
                                      "muss wahr oder falsch ergeben, z. B. fakt == 'wert' oder tage(von, bis) > 42")
    return meldung


def _liste(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def _vorschlag(meldung: str, namen: Namen) -> str:
    """Der Vorschlag zu einer deutschen Meldung des Kerns über einen unbekannten Namen ("" wenn keiner passt)."""
    regeln: list[tuple[str, Any]] = [
        (r"^unbekannter Fakt (?P<name>\S+):", lambda m: namen.fakten),
        (r"^unbekanntes Ergebnis (?P<name>\S+) ", lambda m: namen.ergebnisse),
        (r"^unbekannte Abfrage (?P<name>\S+) ", lambda m: namen.abfragen),
        (r"^unbekannter Platzhalter \{(?P<name>\w+)\}", lambda m: namen.variablen),
        (r"^Ziel-Schritt (?P<name>\S+) gibt es nicht \(vorhanden: (?P<liste>.*)\)", lambda m: _liste(m["liste"])),
        (r"^Start-Schritt (?P<name>\S+) gibt es nicht", lambda m: namen.schritte),
        (r"^unbekanntes System (?P<name>\S+) \(bekannt: (?P<liste>.*)\)", lambda m: _liste(m["liste"])),
        (r"^unbekannte Aktion (?P<system>\w+)\.(?P<name>\w+) ",
         lambda m: [v for s, v in namen.aktionen if s == m["system"]]),
        (r"kennt den Parameter (?P<name>\S+) nicht \((?P<liste>.*)\)", lambda m: _liste(m["liste"])),
        (r"^(?P<name>\S+) ist keine Option von \S+ \((?P<liste>.*)\)", lambda m: _liste(m["liste"])),
        (r"Wert '(?P<name>[^']*)' gibt es für \S+ nicht \((?P<liste>[^)]*)\) — ", lambda m: _liste(m["liste"])),
        (r"^eingebundener Leitfaden (?P<name>.+) ist nicht im Katalog", lambda m: namen.leitfaeden),
    ]
    for muster, kandidaten in regeln:
        if m := re.search(muster, meldung):
            return meinten_sie(m["name"], kandidaten(m))
    return ""


_WEISUNG = re.compile(r"^unbekannte Weisung (?P<nummer>.*): content/weisungen/.*\.yaml fehlt$")
_FAKT = re.compile(r"^unbekannter Fakt (?P<name>\S+): erst in content/fakten\.yaml anlegen$")
# Die Redaktion sieht keine Dateien: was sie selbst tun kann, und was die Entwicklung tut
FAKT_ABHILFE = ("unbekannter Fakt {name}: einen Fakt des Vokabulars eintragen. Einen neuen Fakt legt die Entwicklung im "
                "Vokabular an; eine neue Antwort auf eine bestehende Frage erfassen Sie im Freigabepaket („Neue "
                "Antwortoption erfassen“)")


def _weisung(meldung: str, namen: Namen) -> str:
    """„Die Weisung 999999999 gibt es im Katalog nicht …“ statt „… content/weisungen/999999999.yaml fehlt“ (die
    Redaktion sieht keine Dateien); sonst die Meldung unverändert."""
    if (m := _WEISUNG.match(meldung)) is None:
        return meldung
    beispiel = namen.weisungen[0] if namen.weisungen else "202003006"
    return (f"Die Weisung {m['nummer']} gibt es im Katalog nicht: im Quelltext die Nummer einer Weisung des Katalogs "
            f"eintragen (z. B. weisung: \"{beispiel}\"). Eine neue Weisung erfassen Sie im Freigabepaket: Paket mit "
            f"ihrer Nummer anlegen, dann „Neue Weisung erfassen“.{meinten_sie(m['nummer'], namen.weisungen)}")


def verdeutschen(befunde: list[Befund], namen: Namen) -> list[Befund]:
    """CEL-Meldungen und die Meldungen zu Kopffeldern (KOPFMELDUNGEN) auf Deutsch, mit Vorschlag bei unbekannten
    Namen; die übrigen Befunde mit Vorschlag."""
    ergebnis = []
    for b in befunde:
        meldung = KOPFMELDUNGEN.get((b.feld, b.meldung)) or _cel(_weisung(b.meldung, namen), namen)
        if m := _FAKT.match(meldung):
            meldung = FAKT_ABHILFE.format(name=m["name"])
        if not meldung.rstrip().endswith("?") and (vorschlag := _vorschlag(meldung, namen)):
            meldung = meldung.rstrip() + ("" if meldung.rstrip().endswith((".", "!")) else ".") + vorschlag
        ergebnis.append(b if meldung == b.meldung else replace(b, meldung=meldung))
    return ergebnis
