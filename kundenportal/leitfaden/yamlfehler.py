"""YAML-Syntaxfehler in Worten: PyYAML meldet auf Englisch, und je nach Loader (libyaml oder reines Python) mit
anderem Text; `yaml_fehler` macht daraus einen deutschen Satz mit Zeile und Spalte. Der englische Text erreicht nie
jemanden (Redaktion, Szenario-Rekorder, Kommandozeile: alle lesen über `quelle.lesen_text`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .fehler import Befund, KatalogFehler


class DeutscherFehler(yaml.constructor.ConstructorError):
    """Ein Fehler, den der Loader selbst meldet (doppelter Schlüssel, unmögliches Datum): schon auf Deutsch."""


_ZEILENUMBRUCH = re.compile("\r\n|[\r\n\x85\u2028\u2029]")      # was YAML als Zeilenende zählt
_IM_ZWEIFEL = ("die YAML-Schreibweise stimmt hier nicht: Einrückung (nur Leerzeichen), Doppelpunkte, Klammern und "
               "Anführungszeichen prüfen")


@dataclass(frozen=True)
class YamlFehler:
    """Ein YAML-Syntaxfehler in Worten: wo (Zeile, Spalte; 1-basiert, 0 = unbekannt) und was nicht stimmt."""

    zeile: int
    spalte: int
    was: str

    @property
    def ort(self) -> str:
        if not self.zeile:
            return ""
        return f"Zeile {self.zeile}, Spalte {self.spalte}" if self.spalte else f"Zeile {self.zeile}"

    def __str__(self) -> str:
        return f"{self.ort}: {self.was}" if self.ort else self.was


class YamlUngueltig(KatalogFehler):
    """Der Text ist kein gültiges YAML: ein Befund mit Datei:Zeile; `fehler` nennt Zeile, Spalte und was."""

    def __init__(self, datei: str, fehler: YamlFehler) -> None:
        self.fehler = fehler
        spalte = f" (Spalte {fehler.spalte})" if fehler.spalte else ""
        super().__init__([Befund(datei, fehler.zeile, "", f"kein gültiges YAML{spalte}: {fehler.was}")])


def _zeichen(text: str, mark: Any, laenge: int = 1) -> str:
    """Der Text an einer Stelle von PyYAML (0-basiert; "" am Ende oder ohne Text)."""
    if mark is None:
        return ""
    zeilen = _ZEILENUMBRUCH.split(text)
    if mark.line >= len(zeilen):
        return ""
    zeile: str = zeilen[mark.line].replace("\ufeff", "")         # eine Bytereihenfolge-Marke zählt keine Spalte
    spalte: int = mark.column
    return zeile[spalte:spalte + laenge]


def _name(text: str, mark: Any, zeichen: str) -> str:
    """Anker, Verweis oder Typ (`&name`, `*name`, `!typ`) ab der Stelle, beginnend mit `zeichen`."""
    treffer = re.search(rf"{re.escape(zeichen)}[^\s,\[\]{{}}]*", _zeichen(text, mark, 200))
    return treffer.group(0) if treffer else zeichen


def _offene_klammer(text: str) -> tuple[int, int, str] | None:
    """(Zeile, Spalte, Zeichen; 0-basiert) der innersten „[“ oder „{“, die bis zum Ende offen bleibt — ungefähr:
    Texte in Anführungszeichen und Kommentare zählen nicht. Für den Fehler „Wert fehlt“ am Ende des Textes."""
    offen: list[tuple[int, int, str]] = []
    for nummer, zeile in enumerate(_ZEILENUMBRUCH.split(text)):
        zeile, i, davor = zeile.replace("\ufeff", ""), 0, " "
        while i < len(zeile):
            z = zeile[i]
            if z == "#" and davor in " \t":
                break
            if z in "\"'" and davor in " \t[{,:":
                ende = zeile.find(z, i + 1)
                i = len(zeile) if ende < 0 else ende
            elif z in "[{":
                offen.append((nummer, i, z))
            elif z in "]}" and offen:
                offen.pop()
            davor, i = zeile[i] if i < len(zeile) else " ", i + 1
    return offen[-1] if offen else None


def _flussklammer(ctx: str, text: str, kontext: Any, problem: Any) -> tuple[Any, str]:
    """Liste [..] oder Abbildung {..} in Flussform, die nicht richtig endet."""
    auf, zu, art = ("[", "]", "die Liste") if "sequence" in ctx else ("{", "}", "die Abbildung")
    gefunden = _zeichen(text, problem)
    if not gefunden or problem.line > kontext.line:
        return kontext, f"{art}, die mit „{auf}“ beginnt, wird nicht geschlossen (es fehlt „{zu}“)"
    beginn = f"{art}, die in Zeile {kontext.line + 1}, Spalte {kontext.column + 1} mit „{auf}“ beginnt"
    if gefunden in "]}":
        return problem, f"{beginn}, wird mit „{gefunden}“ statt mit „{zu}“ geschlossen"
    if gefunden == ":":
        return problem, (f"„:“ in {beginn.replace('die ', 'der ', 1)}: ein Text mit Doppelpunkt gehört in "
                         "Anführungszeichen (\"a: b\")")
    return problem, f"in {beginn.replace('die ', 'der ', 1)} fehlt hier ein Komma oder das schließende „{zu}“"


def _was(fehler: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """(Stelle, deutscher Satz) zu einem Fehler von PyYAML oder libyaml — nach den Texten beider Loader."""
    ctx, prob = str(fehler.context or ""), str(fehler.problem or "")
    kontext, problem = fehler.context_mark, fehler.problem_mark or fehler.context_mark
    zeichen = _zeichen(text, problem)
    if isinstance(fehler, DeutscherFehler):
        return problem, prob
    if ctx.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and kontext and problem:
        return _flussklammer(ctx, text, kontext, problem)
    if prob.startswith("mapping values are not allowed"):
        return problem, ("hier steht ein „:“, wo keiner stehen darf: ein Text mit Doppelpunkt gehört in "
                         "Anführungszeichen (z. B. text: \"Hinweis: …\"); sonst die Einrückung prüfen")
    if zeichen == "\t" or "tab character" in prob:
        return problem, "hier steht ein Tabulator: YAML rückt nur mit Leerzeichen ein — den Tabulator ersetzen"
    if "quoted scalar" in ctx and ("end of stream" in prob or "document separator" in prob):
        zeichen = _zeichen(text, kontext) or "\""
        return kontext, f"der Text, der mit „{zeichen}“ beginnt, wird nicht geschlossen (es fehlt „{zeichen}“)"
    if "quoted scalar" in ctx and "escape" in prob:
        folge = _zeichen(text, problem, 2) if zeichen == "\\" else "\\" + zeichen
        return problem, (f"„{folge}“ gibt es in einem Text in doppelten Anführungszeichen nicht: einen Backslash "
                         "als „\\\\“ schreiben oder den Text in einfache Anführungszeichen setzen")
    if "cannot start any token" in prob:
        return problem, (f"mit „{zeichen}“ kann kein Wert beginnen: den Wert in Anführungszeichen setzen "
                         f"(z. B. \"{zeichen}…\")" if zeichen.strip() else
                         "mit diesem Zeichen kann kein Wert beginnen: den Wert in Anführungszeichen setzen")
    if ctx.startswith("while parsing a block mapping"):
        if zeichen == ":":
            return problem, "vor dem „:“ fehlt der Name (name: wert)"
        if zeichen == "-":
            return problem, ("hier beginnt ein Listeneintrag („- “), erwartet wird ein Schlüssel (name: wert): "
                             "die Einrückung prüfen")
        return problem, ("die Einrückung stimmt nicht: Einträge derselben Ebene beginnen genau untereinander "
                         "(gleich viele Leerzeichen)")
    if ctx.startswith("while parsing a block collection"):
        return problem, ("in einer Liste beginnt jeder Eintrag mit „- “, genau unter den anderen: hier steht etwas "
                         "anderes — die Einrückung prüfen")
    if "node content" in prob and not zeichen and (klammer := _offene_klammer(text)):
        zeile, spalte, auf = klammer
        art, zu = ("die Liste", "]") if auf == "[" else ("die Abbildung", "}")
        return yaml.Mark("", 0, zeile, spalte, None, 0), (f"{art}, die mit „{auf}“ beginnt, wird nicht geschlossen "
                                                             f"(es fehlt „{zu}“)")
    if "node content" in prob:
        return problem, (f"hier fehlt ein Wert vor „{zeichen}“: den Wert ergänzen oder „{zeichen}“ entfernen; "
                         "ein Text mit diesem Zeichen gehört in Anführungszeichen" if zeichen.strip()
                         else "hier fehlt ein Wert: ergänzen oder das Zeichen davor entfernen")
    if ctx.startswith("while scanning a simple key"):
        return kontext, "hinter dem Namen fehlt der Doppelpunkt (name: wert), oder ein Folgetext ist nicht eingerückt"
    if "duplicate anchor" in ctx:
        zuerst = f" (zuerst in Zeile {kontext.line + 1})" if kontext else ""
        return problem, f"der Anker „{_name(text, problem, '&')}“ ist doppelt vergeben{zuerst}: jedem einen eigenen Namen geben"
    if "undefined alias" in prob:
        name = _name(text, problem, "*")
        return problem, (f"der Verweis „{name}“ zeigt auf keinen Anker: vorher „&{name[1:]}“ setzen oder, wenn "
                         "„*“ zum Text gehört, den Wert in Anführungszeichen setzen")
    if "single document" in ctx:
        return problem, "hier beginnt ein zweites Dokument („---“): eine Datei hat genau eines — die Zeile entfernen"
    if "constructor for the tag" in prob or ctx.startswith(("while scanning a tag", "while parsing a tag")):
        return problem, (f"„{_name(text, problem, '!')}“ ist keine bekannte Typangabe: gehört „!“ zum Text, den Wert "
                         "in Anführungszeichen setzen")
    if "merging" in prob:
        return problem, "„<<:“ übernimmt eine Abbildung (z. B. <<: *anker) und braucht eine — sonst den Schlüssel umbenennen"
    if "unhashable key" in prob:
        return problem, "ein Schlüssel muss ein einfacher Name sein, keine Liste oder Abbildung"
    if ctx.startswith(("while scanning an anchor", "while scanning an alias")):
        return problem, ("nach „&“ (Anker) oder „*“ (Verweis) folgt ein Name aus Buchstaben und Ziffern: gehört das "
                         "Zeichen zum Text, den Wert in Anführungszeichen setzen")
    if ctx.startswith("while scanning a block scalar"):
        return problem, ("hinter „|“ oder „>“ steht in derselben Zeile höchstens „-“, „+“ oder eine Ziffer; der "
                         "Text beginnt eingerückt in der nächsten Zeile")
    if "directive" in ctx or "directive" in prob or "tag handle" in prob or "YAML document" in prob:
        return problem, "eine Zeile, die mit „%“ beginnt, ist eine YAML-Anweisung: den Wert in Anführungszeichen setzen"
    if "sequence entries are not allowed" in prob:
        return problem, "ein Listeneintrag („- “) kann hier nicht stehen: in eine eigene Zeile schreiben und einrücken"
    if "mapping keys are not allowed" in prob:
        return problem, "„?“ kann hier nicht stehen: den Wert in Anführungszeichen setzen"
    if "document start" in prob:
        return problem, ("hier steht noch etwas, obwohl der Wert davor schon zu Ende ist (etwa hinter „]“, „}“ oder "
                         "„\"“): entfernen oder den ganzen Wert in Anführungszeichen setzen")
    if "nesting depth" in prob:
        return problem, "zu tief verschachtelt: Listen und Abbildungen flacher aufbauen"
    return problem, _IM_ZWEIFEL


def yaml_fehler(fehler: BaseException, text: str = "") -> YamlFehler:
    """Der Fehler beim Lesen von `text` (yaml.YAMLError, RecursionError) in Worten, mit Zeile und Spalte: für die
    häufigen Fehler (Klammer oder Anführungszeichen nicht geschlossen, „:“ im Text, Einrückung, Tabulator, doppelt
    …) ein eigener Satz, sonst ein allgemeiner — nie der englische Text von PyYAML."""
    if isinstance(fehler, yaml.reader.ReaderError):
        stelle = text.find(chr(fehler.character)) if isinstance(fehler.character, int) else -1
        davor = _ZEILENUMBRUCH.split(text[:stelle]) if stelle >= 0 else []
        code = f"U+{fehler.character:04X}" if isinstance(fehler.character, int) else "unbekannt"
        return YamlFehler(len(davor), len(davor[-1]) + 1 if davor else 0,
                          f"unzulässiges Steuerzeichen ({code}): entfernen (oft beim Kopieren eingeschleppt)")
    if isinstance(fehler, RecursionError):
        return YamlFehler(0, 0, "zu tief verschachtelt: Listen und Abbildungen flacher aufbauen")
    if not isinstance(fehler, yaml.MarkedYAMLError):
        return YamlFehler(0, 0, _IM_ZWEIFEL)
    stelle, was = _was(fehler, text)
    return YamlFehler(stelle.line + 1, stelle.column + 1, was) if stelle is not None else YamlFehler(0, 0, was)
