"""Das Datenmodell eines Leitfadens: Kopf (leitfaden.yaml), Fassungen (<stand>.yaml) und Schritte.

Eine veröffentlichte Fassung ist unveränderlich (Inhalts-Hash); eine Korrektur ist eine neue Fassung."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, final

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_MUSTER = r"^(EZ|SC|FK|EMB|ES|BS) [0-9A-Za-zÄÖÜäöüß.\-]+$"
Kanal = Literal["ez", "sc3", "scfk", "emb", "eservice"]
"""Die Kanäle, in denen ein Leitfaden angeboten wird (eine Rolle führt Kontakte in ihren Kanälen)."""


FRAGE_LAENGE = 200     # Zeichen: der Wortlaut einer Frage ist eine Überschrift (längste Beschriftung heute 122)
_PLATZHALTER = re.compile(r"\{[^{}]*\}")


def wortlaut_fehler(wortlaut: str) -> str:
    """Was am Wortlaut einer Frage (`frage:`) nicht geht, in Worten; "" wenn er passt. Er ist eine Zeile, nicht
    leer, höchstens FRAGE_LAENGE Zeichen und ohne Platzhalter: Weg, Vermerk und QS nennen die Frage ohne Werte
    (gefüllt wird nur der Text des Schritts, engine.text_fuellen)."""
    if not wortlaut.strip():
        return "darf nicht leer sein: weglassen, dann gilt die Beschriftung des Fakts (fakten.yaml)"
    if wortlaut != wortlaut.strip() or "\n" in wortlaut:
        return "eine Zeile ohne Leerraum am Anfang und Ende"
    if len(wortlaut) > FRAGE_LAENGE:
        return f"höchstens {FRAGE_LAENGE} Zeichen, eingegeben sind {len(wortlaut)} — bitte kürzen"
    if _PLATZHALTER.search(wortlaut):
        return ("ohne Platzhalter ({…}): Weg und Vermerk nennen die Frage ohne Werte — Werte gehören in den Text "
                "für die Beschäftigten")
    return ""


class _Basis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Zweig(_Basis):
    """Ein Ausgang: `wenn` (CEL-Bedingung) → `nach`; ohne `wenn` ist es der `sonst`-Zweig."""

    wenn: str | None = None
    nach: str

    @model_validator(mode="before")
    @classmethod
    def _sonst(cls, daten: Any) -> Any:
        if isinstance(daten, dict) and "sonst" in daten:
            rest = {k: v for k, v in daten.items() if k != "sonst"}
            if rest:
                raise ValueError("'sonst' steht allein: - sonst: <schritt>")
            return {"nach": daten["sonst"]}
        return daten


class _Schritt(_Basis):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    text: str = ""
    vermerk: str = ""
    annahme: str = ""     # Hinweis an die Redaktion: hier ist Inhalt erschlossen, nicht belegt
    regel: str = ""       # welche Regel der Weisung dieser Schritt umsetzt (z. B. "2.2 a) 2")


class _MitAusgang(_Schritt):
    nach: str | None = None
    weiter: list[Zweig] = []

    @model_validator(mode="after")
    def _ein_ausgang(self) -> _MitAusgang:
        if self.nach is not None and self.weiter:
            raise ValueError("braucht genau eins: 'nach' oder 'weiter', nicht beide")
        ohne = self.nach is None and not self.weiter and not getattr(self, "je_antwort", None)
        # Ein eingebundener Leitfaden, der selbst endet (ohne `rueckkehr`), braucht keinen Ausgang.
        if ohne and getattr(self, "art", "") != "einbinden":
            raise ValueError("braucht einen Ausgang: 'nach' oder 'weiter'")
        return self


class OptionenQuelle(_Basis):
    quelle: str
    parameter: dict[str, str] = {}


@final
class Frage(_MitAusgang):
    """Eine Frage nach `fakt`. `frage`: ihr Wortlaut in dieser Fassung statt der Beschriftung des Fakts
    (fakten.yaml `label`/`label_je_kanal`) — in jedem Kanal, in Gespräch, Weg und Vermerk (wortlaut.frage_text)."""

    art: Literal["frage"]
    fakt: str
    frage: str | None = None
    optionen_aus: OptionenQuelle | None = None
    gueltig_wenn: str | None = None
    ablehnung: str = ""
    je_antwort: dict[str, str] = {}

    @field_validator("frage")
    @classmethod
    def _wortlaut(cls, wert: str | None) -> str | None:
        if wert is not None and (fehler := wortlaut_fehler(wert)):
            raise ValueError(fehler)
        return wert

    @field_validator("je_antwort", mode="before")
    @classmethod
    def _bool_schluessel(cls, wert: Any) -> Any:
        if isinstance(wert, dict):
            umbenannt = {"True": "ja", "False": "nein", "true": "ja", "false": "nein"}
            return {umbenannt.get(str(k), str(k)): v for k, v in wert.items()}
        return wert

    @model_validator(mode="after")
    def _nur_ein_weg(self) -> Frage:
        wege = sum([self.nach is not None, bool(self.weiter), bool(self.je_antwort)])
        if wege != 1:
            raise ValueError("eine Frage braucht genau eins: 'nach', 'weiter' oder 'je_antwort'")
        return self


@final
class Hinweis(_MitAusgang):
    art: Literal["hinweis"]


@final
class Pruefung(_MitAusgang):
    """Liest Zustand aus einem Fachverfahren (über einen Port) in Variablen für Bedingungen."""

    art: Literal["pruefung"]
    abfrage: str
    parameter: dict[str, str] = {}


@final
class Aktion(_MitAusgang):
    """Ändert ein Fachverfahren über seinen Port. `abgabe` ist eine Aktion, die an ein anderes Team
    übergibt (Aufgabe, Telefonie) und in der Oberfläche als Übergabe erscheint."""

    art: Literal["aktion", "abgabe"]
    system: str
    vorgang: str
    parameter: dict[str, Any] = {}


@final
class Einbinden(_MitAusgang):
    art: Literal["einbinden"]
    leitfaden: str


@final
class Rueckkehr(_Schritt):
    """Ende eines eingebundenen Leitfadens: zurück zum Aufrufer. Läuft der Leitfaden allein, endet
    der Kontakt mit `ergebnis`."""

    art: Literal["rueckkehr"]
    ergebnis: str


@final
class Ende(_Schritt):
    art: Literal["ende"]
    ergebnis: str


Schritt = Annotated[
    Frage | Hinweis | Pruefung | Aktion | Einbinden | Rueckkehr | Ende, Field(discriminator="art")
]


class Geltungsbereich(_Basis):
    """Wo eine Fassung gilt (Standortregel einer Weisung, Teil des Siegels): Verbünde (ids aus
    standorte.yaml) und einzelne Agenturen (Namen). Ohne Geltungsbereich gilt eine Fassung überall."""

    verbuende: list[str] = []
    agenturen: list[str] = []

    @model_validator(mode="after")
    def _nicht_leer(self) -> Geltungsbereich:
        if not self.verbuende and not self.agenturen:
            raise ValueError("nennt mindestens einen Verbund oder eine Agentur (sonst weglassen: gilt überall)")
        return self

    def umfasst(self, agentur: str | None, verbund_von: dict[str, str]) -> bool:
        """Gilt an `agentur`? `verbund_von`: Agentur → Verbund-id (standorte.yaml)."""
        if not agentur:
            return False
        return agentur in self.agenturen or verbund_von.get(agentur, "") in self.verbuende

    def in_worten(self, verbund_namen: Mapping[str, str] | None = None) -> str:
        """„Verbund Nürnberg; Agentur Bonn“: Verbünde mit ihrem Namen (`verbund_namen`: id → Name, standorte.yaml;
        Standorte.verbuende), dann die Agenturen — keine Kennungen auf der Seite."""
        namen = verbund_namen or {}
        return "; ".join([namen.get(v) or f"Verbund {v}" for v in self.verbuende] +
                         [f"Agentur {a}" for a in self.agenturen])

    def __str__(self) -> str:
        return self.in_worten()


class FassungsDatei(_Basis):
    stand: dt.date
    gueltig_ab: dt.date
    gueltig_bis: dt.date | None = None
    geltungsbereich: Geltungsbereich | None = None
    weisung: str
    redaktion: str = ""
    start: str
    schritte: list[Schritt]


class KopfDatei(_Basis):
    id: Annotated[str, Field(pattern=ID_MUSTER)]
    titel: str
    kanaele: list[Kanal] = []
    schlagwoerter: list[str] = []
    beschreibung: str = ""
    variante_von: str | None = None
    standortregel: Literal["pilot_weiterbildungsberatung"] | None = None
    baustein: bool = False

    @model_validator(mode="after")
    def _variante(self) -> KopfDatei:
        if (self.variante_von is None) != (self.standortregel is None):
            raise ValueError("variante_von und standortregel stehen nur zusammen")
        return self


def nachfolger(schritt: Schritt) -> list[str]:
    """Die Ziele der Ausgänge eines Schritts (je Antwort, Verzweigungen, `nach`), in ihrer Reihenfolge."""
    ziele: list[str] = []
    if type(schritt) is Frage and schritt.je_antwort:     # genauer Typ: isinstance über pydantic ist teuer
        ziele.extend(schritt.je_antwort.values())
    felder = schritt.__dict__        # nicht getattr mit Vorgabe: pydantic wirft für fehlende Felder (langsam)
    ziele.extend(z.nach for z in felder.get("weiter", ()))
    nach = felder.get("nach")
    if nach:
        ziele.append(nach)
    return ziele
