"""Demo-Benutzer: je Rolle einer, Benutzername `demo-<rolle>` und Passwort gleich (nur Demo/Schulung)."""

from __future__ import annotations

from .rollen import ROLLEN
from .services import benutzer_anlegen, rollen_anlegen

DEMO_STANDORT = "Nürnberg"


def demo_benutzer_anlegen() -> list[tuple[str, str, str]]:
    """Legt die Demo-Benutzer an (idempotent); gibt (Benutzername, Passwort, Rolle) zurück."""
    rollen_anlegen()
    logins = []
    for schluessel, rolle in ROLLEN.items():
        name = f"demo-{schluessel.replace('_', '-')}"
        benutzer_anlegen(name, name, [schluessel], standort=DEMO_STANDORT, vorname="Demo", nachname=rolle.anzeige,
                         passwort_setzen=False)
        logins.append((name, name, rolle.anzeige))
    return logins
