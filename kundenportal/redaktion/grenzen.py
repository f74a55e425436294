"""Wie lang eine Eingabe der Redaktion sein darf — geprüft auf dem Server, mit Meldung am Feld; die abgelehnte
Eingabe bleibt stehen.

Die Kernprüfung des Katalogs (kundenportal.leitfaden, pydantic) setzt keine Länge: diese Grenzen gelten für das,
was die Redaktion eingibt, und liegen weit über dem, was der Katalog heute enthält (längster Fragetext 345
Zeichen, längste Bedingung 158, größte Fassung 16.069 Zeichen). Der ganze Quelltext bleibt so klein, dass er auch
in ungünstigster Schreibweise unter der Grenze einer Anfrage liegt (DATA_UPLOAD_MAX_MEMORY_SIZE, 2,5 MiB): ein
Zeichen wird im Formular zu höchstens 12 Bytes (4 Bytes UTF-8, jedes als %XX), 200.000 Zeichen also zu höchstens
2,4 MB — dazu der Leitfadenkopf (höchstens 10.000 Zeichen)."""

from __future__ import annotations

from kundenportal.lesbar import zahl

QUELLTEXT = 200_000     # Quelltext einer Fassung (der größte Leitfaden hat unter 20.000)
KOPF = 10_000           # Leitfadenkopf (YAML)
TEXT = 2_000            # Text, Vermerk, Annahme, Ablehnungsgrund, Kommentar: was Menschen lesen
BEDINGUNG = 1_000       # Bedingungen (CEL): gültig wenn, Zweige
KURZ = 200              # Titel, Regelverweis, Parameterwert
NAME = 100              # Kennungen und Namen: Fakt, Abfrage, Aktion, Leitfaden, Ergebnis, Schritt, Parameter
AUSGANGSLAGE = 20_000   # Ausgangslage eines Szenarios (YAML)


def zu_lang(beschriftung: str, laenge: int, grenze: int) -> str:
    """„Text für die Beschäftigten: höchstens 2.000 Zeichen, eingegeben sind 60.000 — bitte kürzen.“ ("" wenn es passt)."""
    if laenge <= grenze:
        return ""
    return f"{beschriftung}: höchstens {zahl(grenze)} Zeichen, eingegeben sind {zahl(laenge)} — bitte kürzen."

