"""Fehler der Gesprächsdienste: eine klare deutsche Meldung und ein stabiler Code (für Seite und API).

Die Klasse sagt die Art (die API bildet Klassen auf HTTP-Status ab, nie Texte auf Codes):
Abgelehnt (eine Eingabe passt nicht), Konflikt (der Stand erlaubt es gerade nicht), KeinZugriff
(Recht fehlt — eine PermissionDenied, also 403 auf jeder Seite ohne eigene Übersetzung)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class GespraechFehler(Exception):
    """`code` ist stabil (API), `meldung` ist für Beschäftigte geschrieben."""

    def __init__(self, code: str, meldung: str) -> None:
        self.code = code
        self.meldung = meldung
        super().__init__(meldung)


class Abgelehnt(GespraechFehler):
    """Eine Eingabe wurde abgelehnt (Antwort, Kundennummer, keine geltende Fassung)."""


class Konflikt(GespraechFehler):
    """Der Stand des Kontakts erlaubt den Schritt gerade nicht (abgeschlossen, andere Frage steht an,
    Fachverfahren gestört oder ablehnend)."""


class KeinZugriff(PermissionDenied):
    """Die Rolle darf das nicht (konten.zugriff). Als PermissionDenied beantworten Seiten sie mit 403."""

    code = "kein_zugriff"

    def __init__(self, meldung: str) -> None:
        self.meldung = meldung
        super().__init__(meldung)
