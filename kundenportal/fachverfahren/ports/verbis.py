"""VerBIS: Stammdaten, Profil, Abmeldung."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Protocol

# Die Form einer Kundennummer nach dem Normalisieren: drei Ziffern, ein Buchstabe, sechs Ziffern (900D000001).
KUNDENNUMMER_FORM = re.compile(r"[0-9]{3}[A-Z][0-9]{6}")


def kundennummer_normalisieren(eingabe: str) -> str:
    """Eine Kundennummer, wie Menschen sie tippen, in der Form von VerBIS: Leerzeichen, Binde-, Schräg- und
    Punkte weg, Großbuchstaben („900d 000001“ und „900D-000001“ → „900D000001“). Eine Regel für alle
    Eingaben: Kundensuche der Beschäftigten, Anmeldung im eService, Zuordnung einer Mail."""
    return re.sub(r"[\s\-./]+", "", eingabe or "").upper()


@dataclass(frozen=True)
class Kunde:
    kundennummer: str
    vorname: str
    nachname: str
    geburtsdatum: dt.date | None
    wohnort_agentur: str
    betreuung: str = "av"
    status: str = "arbeitsuchend"
    online_asu: str = "keine"
    abmeldegrund: str = ""
    abmeldedatum: dt.date | None = None


@dataclass(frozen=True)
class Profil:
    fuehrerscheine: list[str] = field(default_factory=list)
    fahrzeuge: list[str] = field(default_factory=list)
    sprachkenntnisse: list[dict[str, Any]] = field(default_factory=list)
    freie_angaben: str = ""
    stellengesuch: str = ""


class Verbis(Protocol):
    def kunde(self, kundennummer: str) -> Kunde | None: ...
    def kunden_suchen(self, *, name: str = "", geburtsdatum: dt.date | None = None,
                      grenze: int = 20) -> list[Kunde]: ...
    def abmelden(self, kundennummer: str, abmeldegrund: str, abmeldedatum: dt.date,
                 durch: str) -> Kunde: ...
    def status_aendern(self, kundennummer: str, status: str, grund: str, ab: dt.date, durch: str) -> Kunde:
        """Statuswechsel statt Abmeldung (VerBIS-Arbeitshilfe „Kundenabmeldung und Statuswechsel“, Weisung
        2.2 a) 3): z. B. Rentner, der weiter vermittelt werden möchte → `arbeitsuchend`."""
        ...
    def kunde_per_email(self, adresse: str) -> Kunde | None:
        """Der Kunde mit dieser hinterlegten E-Mail-Adresse (Groß-/Kleinschreibung egal) — None, wenn
        keiner oder mehrere sie hinterlegt haben: eine geteilte Adresse ordnet nicht zu (Zuordnung einer Mail nur bei eindeutiger Adresse, Sozialdatenschutz)."""
        ...
    def kunden_per_email(self, adressen: Collection[str]) -> dict[str, Kunde | None]:
        """`kunde_per_email` für viele Adressen in einem Zug (Einlesen im Stapel: eine Frage statt einer je
        Mail): je gefragte Adresse, unverändert als Schlüssel, dasselbe Ergebnis wie `kunde_per_email`."""
        ...
    def profil(self, kundennummer: str) -> Profil: ...
    def profil_uebernehmen(self, kundennummer: str, profil: Profil, durch: str) -> Profil: ...
