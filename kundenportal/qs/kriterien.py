"""Die festen Kriterien der Qualitätssicherung (Weisung 202003006, Abschnitt 4: Anlagen 2.2.1–2.2.6 der
Instrumente der Qualitätssicherung im Kundenportal) und die möglichen Urteile — als Daten."""

from __future__ import annotations

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
NICHT_ANWENDBAR = "nicht_anwendbar"

URTEILE: dict[str, str] = {ERFUELLT: "erfüllt", NICHT_ERFUELLT: "nicht erfüllt",
                           NICHT_ANWENDBAR: "nicht anwendbar"}

# Schlüssel → Text; der Schlüssel ist zugleich das Feld in models.Bewertung.
KRITERIEN: dict[str, str] = {
    "identitaet": "Identität vor Auskunft geprüft",
    "regel": "Weisungsregel korrekt angewandt",
    "vermerk": "Vermerk vollständig und sachlich",
    "ergebnis": "Ergebnis passend",
}

KOMMENTAR_LAENGE = 500
