"""Die Kundenauswahl: ein undurchschaubarer Verweis auf eine gefundene Kundin oder einen gefundenen
Kunden, damit keine Kundennummer in einer URL steht.

Kundennummern sind Sozialdaten (§ 35 SGB I); was in einer URL steht, landet im Browserverlauf und in
Proxy- und Access-Logs. Die Kundensuche geht deshalb per POST und legt je Treffer eine *Auswahl* in der
Sitzung ab: einen zufälligen Schlüssel (`secrets.token_urlsafe`, 128 Bit) auf die Kundennummer. Die
Seiten danach (`/kontakt/anliegen/<auswahl>/`, `/kunden/<auswahl>/`) tragen nur diesen Schlüssel.

Warum die Sitzung und kein signiertes Token (`django.core.signing`): Signieren schützt vor Fälschung,
verbirgt aber nichts — der Inhalt steht base64-lesbar im Token, die Kundennummer also doch in der URL.
Der Schlüssel hier verrät nichts, ist nicht zu erraten, gilt nur in der Sitzung, in der gesucht wurde
(also nur für diese Person: Django verwirft die Sitzung beim Abmelden und beim Anmelden einer anderen
Person), und nur `GUELTIG` lang; eine Sitzung hält höchstens `HOECHSTENS` Auswahlen.

Die Auswahl ersetzt nur die Adresse, nicht die Zugriffsprüfung: ob jemand die Kundendaten sehen darf
und das Protokoll der Zugriffe bleiben in den Diensten (services, konten.zugriff)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.sessions.backends.base import SessionBase

SITZUNGSSCHLUESSEL = "kundenauswahl"
GUELTIG = dt.timedelta(hours=1)
HOECHSTENS = 20


def _gueltige(sitzung: SessionBase, jetzt: dt.datetime) -> dict[str, dict[str, str]]:
    alle: dict[str, dict[str, str]] = sitzung.get(SITZUNGSSCHLUESSEL, {})
    return {s: e for s, e in alle.items() if jetzt - dt.datetime.fromisoformat(e["seit"]) < GUELTIG}


def auswahl_anlegen(sitzung: SessionBase, kundennummer: str, jetzt: dt.datetime) -> str:
    """Legt eine Auswahl für `kundennummer` an und liefert ihren Schlüssel (für die URL).
    Abgelaufene Auswahlen fallen dabei weg, über `HOECHSTENS` hinaus die ältesten."""
    auswahlen = _gueltige(sitzung, jetzt)
    schluessel = secrets.token_urlsafe(16)
    auswahlen[schluessel] = {"kundennummer": kundennummer, "seit": jetzt.isoformat()}
    sitzung[SITZUNGSSCHLUESSEL] = dict(list(auswahlen.items())[-HOECHSTENS:])
    return schluessel


def auswahl_lesen(sitzung: SessionBase, schluessel: str, jetzt: dt.datetime) -> str | None:
    """Die Kundennummer hinter `schluessel`, oder None: unbekannt, aus einer anderen Sitzung oder abgelaufen."""
    eintrag = _gueltige(sitzung, jetzt).get(schluessel)
    return eintrag["kundennummer"] if eintrag else None
