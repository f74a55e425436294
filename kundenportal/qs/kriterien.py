"""Die möglichen Urteile je Kriterium eines Bewertungsbogens. Die Kriterien selbst stehen versioniert in
den QS-Anlagen (content/arbeitsmittel/qs-anlage/; Weisung 202003006, Abschnitt 4)."""

from __future__ import annotations

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
NICHT_ANWENDBAR = "nicht_anwendbar"

URTEILE: dict[str, str] = {ERFUELLT: "erfüllt", NICHT_ERFUELLT: "nicht erfüllt",
                           NICHT_ANWENDBAR: "nicht anwendbar"}

KOMMENTAR_LAENGE = 500
