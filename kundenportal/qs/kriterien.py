"""Die möglichen Urteile je Kriterium eines Bewertungsbogens. Die Kriterien selbst stehen versioniert in
den QS-Anlagen (content/arbeitsmittel/qs-anlage/; Weisung 202003006, Abschnitt 4)."""

from __future__ import annotations

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
NICHT_ANWENDBAR = "nicht_anwendbar"
OFFEN = ""      # nur in der Vorbewertung: der Weg entscheidet das Kriterium nicht, die Teamleitung urteilt

URTEILE: dict[str, str] = {ERFUELLT: "erfüllt", NICHT_ERFUELLT: "nicht erfüllt",
                           NICHT_ANWENDBAR: "nicht anwendbar"}

KOMMENTAR_LAENGE = 500


def regel_anzeige(regel: str) -> str:
    """Die Regel eines Kriteriums, wie die Teamleitung sie liest: Verweise auf die Weisung und ihre Anlagen
    bleiben („2.2 a) 2“, „Weisung 3 (Einzelaufträge)“); Verweise auf die interne Projektbeschreibung
    („domain.md A3“) zeigt keine Seite — der Text des Kriteriums sagt selbst, was geprüft wird."""
    regel = regel.strip()
    return "" if regel.startswith("domain.md") else regel
