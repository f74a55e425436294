"""Eine Bedingung (CEL, ausdruck.py) in Worten, für Menschen, die CEL nicht lesen: der Änderungshinweis an die
Beschäftigten und die Tabelle des Diffs (diff_lesbar). `stufe_ausweissicht || sicherheitsstufe == 'eid'` →
„Sicherheitsstufe mindestens Ausweissichtverfahren ist Ja oder Sicherheitsstufe des STEP-Kontos ist „Online-
Ausweisfunktion (eID)““.

Gelesen wird die Form, in der Leitfäden Bedingungen schreiben: Namen (Fakten mit ihrer Beschriftung, Variablen der
Abfragen und des Kontexts mit ihrem Namen unten), Texte, Zahlen, ja/nein, Listen, Vergleiche, `in`, `!`, `&&`, `||`,
Klammern und die Funktionen `tage(von, bis)` und `size(x)`. Alles andere (Makros wie `.all(…)`, `has`, `type`) gibt
None: dann sagt der Aufrufer nur, dass sich die Bedingung geändert hat — nie den rohen Ausdruck."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .katalog import Katalog

Code = Callable[[Any], str]

# Die Variablen der Abfragen (auftraege, `@abfrage`) und des Kontexts (ausdruck.KONTEXT), wie Menschen sie nennen.
VARIABLEN_NAMEN = {
    "online_asu": "Stand der Online-Arbeitsuchendmeldung", "betreuung": "Betreuung", "kundenstatus": "Kundenstatus",
    "wohnort_agentur": "Wohnortagentur", "kunde_bekannt": "Kundin oder Kunde bekannt",
    "sicherheitsstufe": "Sicherheitsstufe des STEP-Kontos",
    "stufe_ausweissicht": "Sicherheitsstufe mindestens Ausweissichtverfahren",
    "alg_bezug": "Bezug von Arbeitslosengeld", "familienkasse": "Familienkasse", "kiz_kalender": "KiZ-Kalender",
    "kinder": "Kinder", "oed_erfasst": "Angabe zum öffentlichen Dienst in KIWI",
    "termine_geplant": "geplante Termine", "anzahl_termine_geplant": "Zahl der geplanten Termine",
    "termin_bereich": "Bereich des Termins", "termin_agentur": "Agentur des Termins",
    "termin_beginn": "Beginn des Termins", "termin_kalender": "Kalender des Termins",
    "termine_im_zeitraum": "Termine im Zeitraum", "termin_ids_im_zeitraum": "Termine im Zeitraum",
    "anzahl_termine_im_zeitraum": "Zahl der Termine im Zeitraum", "termine_im_zeitraum_text": "Termine im Zeitraum",
    "anzahl_kinder_ab_alter": "Zahl der Kinder ab dem Mindestalter",
    "kinder_unter_alter": "Kinder unter dem Mindestalter",
}
KONTEXT_NAMEN = {"datum": "Datum des Kontakts", "standort": "Standort des Kontakts", "kanal": "Kanal des Kontakts"}
VERGLEICHE = {"==": "ist", "!=": "ist nicht", "<": "ist kleiner als", "<=": "ist höchstens", ">": "ist größer als",
              ">=": "ist mindestens", "in": "ist eins von"}

_TOKEN = re.compile(r"\s*(?:(?P<zahl>\d+(?:\.\d+)?)|(?P<text>'[^'\\]*'|\"[^\"\\]*\")|(?P<name>[A-Za-z_]\w*)"
                    r"|(?P<op>&&|\|\||==|!=|<=|>=|[<>!()\[\],.]))")


class _NichtLesbar(Exception):
    """Eine Form, die dieses Modul nicht in Worte fasst (der Aufrufer bekommt None)."""


@dataclass(frozen=True)
class _Knoten:
    art: str                      # name | wert | nicht | und | oder | vergleich | funktion | liste
    wert: Any = None              # Name, Literal, Operator oder Funktionsname
    teile: tuple[_Knoten, ...] = ()


class _Leser:
    """Rekursiver Abstieg über die Token: oder → und → nicht → vergleich → einfach."""

    def __init__(self, text: str) -> None:
        self.token: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text.rstrip()):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise _NichtLesbar(text[pos:])
            art = m.lastgroup or ""
            self.token.append((art, m.group(art)))
            pos = m.end()
        self.i = 0

    def _sieht(self, *werte: str) -> bool:
        return self.i < len(self.token) and self.token[self.i][1] in werte and self.token[self.i][0] in ("op", "name")

    def _nimm(self) -> tuple[str, str]:
        if self.i >= len(self.token):
            raise _NichtLesbar("Ende")
        self.i += 1
        return self.token[self.i - 1]

    def _erwarte(self, wert: str) -> None:
        if self._nimm()[1] != wert:
            raise _NichtLesbar(wert)

    def ganz(self) -> _Knoten:
        knoten = self._oder()
        if self.i != len(self.token):
            raise _NichtLesbar("Rest")
        return knoten

    def _oder(self) -> _Knoten:
        teile = [self._und()]
        while self._sieht("||"):
            self._nimm()
            teile.append(self._und())
        return teile[0] if len(teile) == 1 else _Knoten("oder", teile=tuple(teile))

    def _und(self) -> _Knoten:
        teile = [self._nicht()]
        while self._sieht("&&"):
            self._nimm()
            teile.append(self._nicht())
        return teile[0] if len(teile) == 1 else _Knoten("und", teile=tuple(teile))

    def _nicht(self) -> _Knoten:
        if self._sieht("!"):
            self._nimm()
            return _Knoten("nicht", teile=(self._nicht(),))
        return self._vergleich()

    def _vergleich(self) -> _Knoten:
        links = self._einfach()
        if self._sieht(*VERGLEICHE):
            op = self._nimm()[1]
            return _Knoten("vergleich", op, (links, self._einfach()))
        return links

    def _einfach(self) -> _Knoten:
        art, wert = self._nimm()
        if art == "zahl":
            return _Knoten("wert", float(wert) if "." in wert else int(wert))
        if art == "text":
            return _Knoten("wert", wert[1:-1])
        if art == "op" and wert == "(":
            innen = self._oder()
            self._erwarte(")")
            return innen
        if art == "op" and wert == "[":
            teile = []
            while not self._sieht("]"):
                teile.append(self._einfach())
                if not self._sieht("]"):
                    self._erwarte(",")
            self._nimm()
            return _Knoten("liste", teile=tuple(teile))
        if art == "name" and wert in ("true", "false"):
            return _Knoten("wert", wert == "true")
        if art == "name" and wert not in ("in", "null"):
            if self._sieht("."):
                raise _NichtLesbar(".")                 # Felder und Makros (x.all(…)): nicht in Worten
            if self._sieht("("):
                self._nimm()
                argumente = [self._oder()]
                while self._sieht(","):
                    self._nimm()
                    argumente.append(self._oder())
                self._erwarte(")")
                return _Knoten("funktion", wert, tuple(argumente))
            return _Knoten("name", wert)
        raise _NichtLesbar(wert)


def bedingung_lesbar(text: str, katalog: Katalog | None, *, code: Code) -> str | None:
    """Die Bedingung in Worten, oder None, wenn ihre Form sich nicht sicher in Worte fassen lässt."""
    try:
        return _Worte(katalog, code).satz(_Leser(str(text)).ganz())
    except _NichtLesbar:
        return None


class _Worte:
    def __init__(self, katalog: Katalog | None, code: Code) -> None:
        self.katalog, self.code = katalog, code

    def _fakt(self, name: str) -> Any:
        return self.katalog.vokabular.fakten.get(name) if self.katalog is not None else None

    def _name(self, name: str) -> str:
        fakt = self._fakt(name)
        if fakt is not None and fakt.label:
            return f"Antwort auf „{fakt.label}“"
        if name in VARIABLEN_NAMEN:
            return VARIABLEN_NAMEN[name]
        if name in KONTEXT_NAMEN:
            return KONTEXT_NAMEN[name]
        raise _NichtLesbar(name)

    def _wert(self, wert: Any) -> str:
        if isinstance(wert, bool):
            return "Ja" if wert else "Nein"
        if isinstance(wert, int | float):
            return str(wert).replace(".", ",")
        return f"„{self.code(wert)}“"

    def satz(self, k: _Knoten, aussen: str = "") -> str:
        if k.art == "name":                       # ein Name allein ist ein Wahrheitswert: „… ist Ja“
            return f"{self._name(k.wert)} ist Ja"
        if k.art == "nicht":
            innen = k.teile[0]
            if innen.art == "name":
                return f"{self._name(innen.wert)} ist Nein"
            return f"nicht ({self.satz(innen)})"
        if k.art in ("und", "oder"):
            wort = " und " if k.art == "und" else " oder "
            satz = wort.join(self.satz(t, k.art) for t in k.teile)
            return f"({satz})" if aussen and aussen != k.art else satz
        if k.art == "vergleich":
            links, rechts = k.teile
            if links.art == "wert" and rechts.art != "wert":
                links, rechts = rechts, links
            if isinstance(rechts.wert, bool) and rechts.art == "wert" and k.wert in ("==", "!="):
                ja = rechts.wert == (k.wert == "==")
                return f"{self.ausdruck(links)} ist {'Ja' if ja else 'Nein'}"
            return f"{self.ausdruck(links)} {VERGLEICHE[k.wert]} {self.ausdruck(rechts)}"
        if k.art == "wert" and isinstance(k.wert, bool):
            return "immer" if k.wert else "nie"
        raise _NichtLesbar(k.art)

    def ausdruck(self, k: _Knoten) -> str:
        if k.art == "name":
            return self._name(k.wert)
        if k.art == "wert":
            return self._wert(k.wert)
        if k.art == "liste":
            teile = [self.ausdruck(t) for t in k.teile]
            return ", ".join(teile[:-1]) + f" oder {teile[-1]}" if len(teile) > 1 else "".join(teile)
        if k.art == "funktion" and k.wert == "tage" and len(k.teile) == 2:
            return f"Kalendertage von {self.ausdruck(k.teile[0])} bis {self.ausdruck(k.teile[1])}"
        if k.art == "funktion" and k.wert == "size" and len(k.teile) == 1:
            return f"Länge von {self.ausdruck(k.teile[0])}"
        raise _NichtLesbar(str(k.wert))
