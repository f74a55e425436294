"""Prüfungen anderer Apps vor einem Schritt des Gesprächs (Registry, docs/hausstil.md, Gewohnheit 5).

Wer einen Kontakt in seine Seite einbettet oder den Kanal eines Kontakts kennt (etwa die E-Mail-Bearbeitung),
meldet hier in seinem AppConfig.ready an, ob ein Schritt laufen (`schritt_sperre_anmelden`) und ob eine Antwort
gelten darf (`antwort_pruefung_anmelden`); das Gespräch kennt die App nicht (Pfeile nach innen). Gerufen werden
die Prüfungen im Schritt der Dienste (services._schritt), nach der Sperre des Kontakts und bevor etwas geändert
ist. Die Sperre von „Zurück“ steht beim Zurückgehen selbst (services.zurueck_sperre_anmelden)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Kontakt

# Ob ein Schritt laufen darf, entscheidet mit, wer einen Kontakt in seine Seite einbettet (Registry, Gewohnheit 5):
# etwa die E-Mail-Bearbeitung, ob die Person die Mail des Kontakts noch bearbeitet. Eine Prüfung je App, angemeldet in
# ihrem AppConfig.ready; das Gespräch kennt die App nicht (Pfeile nach innen). Sie lehnt mit einem GespraechFehler ab
# (Code und Meldung mit dem, was zu tun ist) — nach der Sperre des Kontakts, vor „Dieser Kontakt ist abgeschlossen …“:
# ein veralteter Tab erfährt so den Grund der einbettenden App. Nur für Schritte (Antworten, Bestätigen, Erneut
# versuchen, Zurück), nicht für den Abschluss, den die App selbst ruft.
_SCHRITT_SPERREN: list[Callable[[Any, Kontakt], None]] = []


def schritt_sperre_anmelden(pruefung: Callable[[Any, Kontakt], None]) -> None:
    """`pruefung(user, kontakt)` wirft GespraechFehler, wenn `user` gerade keinen Schritt an `kontakt` gehen darf;
    nichts ist dann geändert. Gerufen nur für die Person, die den Kontakt führt (sonst bleibt es bei KeinZugriff)."""
    if pruefung not in _SCHRITT_SPERREN:
        _SCHRITT_SPERREN.append(pruefung)


# Ob eine Antwort gelten darf, entscheidet mit, wer den Kanal des Kontakts kennt (Registry, Gewohnheit 5): etwa die
# E-Mail-Bearbeitung, dass „Identität geprüft: ja“ nur zu einer Absenderadresse passt, die VerBIS beim Kunden hinterlegt
# hat. Eine Prüfung je App, angemeldet in ihrem AppConfig.ready; sie lehnt mit einem GespraechFehler ab (nach Sperre
# und Rechteprüfung, bevor etwas geändert ist) und kehrt für fremde Kanäle und Fakten sofort zurück.
ANTWORT_PRUEFUNGEN: list[Callable[[Any, Kontakt, str, Any], None]] = []


def antwort_pruefung_anmelden(pruefung: Callable[[Any, Kontakt, str, Any], None]) -> None:
    """`pruefung(user, kontakt, fakt, wert)` wirft GespraechFehler, wenn die Antwort `wert` auf `fakt` an diesem
    Kontakt nicht gelten darf; nichts ist dann geändert."""
    if pruefung not in ANTWORT_PRUEFUNGEN:
        ANTWORT_PRUEFUNGEN.append(pruefung)


def schritt_pruefen(user: Any, kontakt: Kontakt) -> None:
    if kontakt.user_id == getattr(user, "pk", None):
        for pruefung in _SCHRITT_SPERREN:
            pruefung(user, kontakt)
