"""Wozu Sozialdaten gelesen oder geändert werden (Zweckbindung, § 67c SGB X): feste Zwecke, jeder Eintrag
im Zugriffsprotokoll trägt genau einen. Der Zweck folgt aus der Aktion (`zweck_fuer`); eine Aktion ohne
Zweck ist ein Programmierfehler (ValueError) — tests/konten/test_zweck.py prüft jede Aktion im Quelltext."""

from __future__ import annotations

GESPRAECH = "gespraech"
HISTORIE = "historie"
IDENTIFIZIEREN = "identifizieren"
EMAIL = "email"
QUARANTAENE = "quarantaene"
AUFGABE = "aufgabe"
QS = "qs"
REDAKTION = "redaktion"
DATENSCHUTZKONTROLLE = "datenschutzkontrolle"

ZWECKE: dict[str, str] = {
    GESPRAECH: "Kundengespräch führen",
    HISTORIE: "Frühere Kontakte einsehen",
    IDENTIFIZIEREN: "Kundin oder Kunden finden",
    EMAIL: "Kundenmail bearbeiten",
    QUARANTAENE: "Zerlegung einer Mail prüfen",
    AUFGABE: "Aufgabe im Postkorb bearbeiten",
    QS: "Qualitätssicherung (pseudonymisiert)",
    REDAKTION: "Leitfadenänderung prüfen",
    DATENSCHUTZKONTROLLE: "Zugriffe auf Sozialdaten kontrollieren",
}

# Aktion → Zweck; ausdrücklich genannte Aktionen zuerst, sonst der Anfang des Codes.
AKTIONEN: dict[str, str] = {
    "verbis_profil_lesen": GESPRAECH,
    "kundenhistorie_lesen": HISTORIE,
    "kunde_suchen": IDENTIFIZIEREN,
    "emb_sicherheitsmerkmale_lesen": IDENTIFIZIEREN,    # Identität prüfen: Absender und Namen gegen VerBIS
    "postkorb_lesen": AUFGABE,
    "verhaltensdiff": REDAKTION,
    "zugriffsprotokoll_herunterladen": DATENSCHUTZKONTROLLE,     # die Administration: Auskunft, Kontrolle
}
ANFAENGE: tuple[tuple[str, str], ...] = (
    ("emb_quarantaene", QUARANTAENE),
    ("emb_", EMAIL),
    ("kontakt_", GESPRAECH),
    ("aufgabe_", AUFGABE),
    ("qs_", QS),
)


def zweck_fuer(aktion: str) -> str:
    """Der Zweck einer Aktion; ValueError, wenn die Aktion keinen hat."""
    if aktion in AKTIONEN:
        return AKTIONEN[aktion]
    for anfang, zweck in ANFAENGE:
        if aktion.startswith(anfang):
            return zweck
    raise ValueError(f"Aktion {aktion!r} hat keinen Zweck (konten/zwecke.py: AKTIONEN oder ANFAENGE ergänzen)")


def pruefen(zweck: str) -> str:
    if zweck not in ZWECKE:
        raise ValueError(f"Unbekannter Zweck {zweck!r} (bekannt: {', '.join(ZWECKE)})")
    return zweck
