"""Freie Antworten (Text, Datum, Zahl, Zeitpunkt): was als Antwort zählt und was das Feld nach einem Schritt
wieder zeigt.

Am Telefon tippt die Agentin, während die Kundin spricht; nichts davon darf still verloren gehen. Eine
abgelehnte Antwort (etwa ein unplausibles Datum) steht deshalb wieder im Feld, mit der Meldung am Feld, und
„Zurück“ zu einer freien Frage zeigt die zurückgenommene Antwort zum Ändern. Mit htmx trägt die Ansicht beides
(`Ansicht.eingabe_wert`, `Ansicht.feld_fehler`); ohne JavaScript leitet die Seite weiter (Post/Redirect/Get),
und die Sitzung hält es bis zum nächsten Zeigen des Kontakts (`merken`, `einsetzen`) — nie in der URL."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from kundenportal import verdrahtung
from kundenportal.lesbar import zahl

from .ansicht import Ansicht, hoechstens
from .fehler import Abgelehnt

# Was eine leere freie Antwort sagt, wenn das Label allein holprig klänge — wie die Kundenseite
# (eservice.forms.TerminAbsageForm); sonst „Bitte geben Sie „<Label>“ an.“
LEER_MELDUNGEN = {"absagegrund": "Bitte geben Sie einen Grund für die Absage an."}
SITZUNGSSCHLUESSEL = "gespraech_eingabe"


def text_antwort(fakt: str, wert: Any) -> Any:
    """Eine freie Textantwort ohne Leerraum am Rand; leer (auch nur Leerzeichen) ist keine Antwort:
    Abgelehnt mit code `antwort_leer` und einer Meldung für das Feld, zu lang (ansicht.hoechstens) `antwort_zu_lang`. Andere Fakten bleiben, wie sie sind.
    Geprüft vor dem Schritt, ohne Kontakt und Fachverfahren: nichts wird gelesen oder gespeichert."""
    vokabular = verdrahtung.katalog().vokabular.fakten.get(fakt)
    if vokabular is None or vokabular.typ != "text" or not isinstance(wert, str):
        return wert
    wert = wert.strip()
    if not wert:
        raise Abgelehnt("antwort_leer", LEER_MELDUNGEN.get(fakt) or f"Bitte geben Sie „{vokabular.label}“ an.")
    grenze = hoechstens(fakt)
    if len(wert) > grenze:        # der Text bleibt im Feld (ins_feld), die Agentin kürzt ihn dort
        raise Abgelehnt("antwort_zu_lang", f"„{vokabular.label}“ ist zu lang: {zahl(len(wert))} Zeichen, höchstens "
                        f"{zahl(grenze)}. Bitte kürzen.")
    return wert


def ins_feld(ansicht: Ansicht, fakt: str, wert: str, fehler: str = "") -> bool:
    """Setzt `wert` (und den Grund der Ablehnung) ins freie Antwortfeld, wenn die Ansicht die Frage `fakt`
    mit freier Eingabe zeigt; True, wenn es passte. Die Meldung steht dann am Feld statt oben. Zeigt sie die
    Frage mit Optionen, wird ein `wert` ohne Fehler, der eine ihrer Optionen ist, zur vorigen Wahl (nach „Zurück“
    ohne JavaScript)."""
    if ansicht.art != "frage" or ansicht.fakt != fakt:
        return False
    if not ansicht.eingabe:
        if fehler or not any(o.wert == wert for o in ansicht.optionen):
            return False
        ansicht.vorige_wahl = wert
        return True
    ansicht.eingabe_wert = wert
    if fehler:
        ansicht.feld_fehler = fehler
        if ansicht.meldung == fehler:
            ansicht.meldung = ""
    return True


def merken(sitzung: SessionBase, kontakt_id: Any, fakt: str, wert: str, fehler: str = "") -> None:
    """Ohne JavaScript: was das Feld beim nächsten Zeigen des Kontakts wieder zeigt (einmal)."""
    if fakt and (wert or fehler):
        sitzung[SITZUNGSSCHLUESSEL] = {"kontakt": str(kontakt_id), "fakt": fakt, "wert": wert, "fehler": fehler}


def einsetzen(sitzung: SessionBase, ansicht: Ansicht) -> None:
    """Setzt, was `merken` für diesen Kontakt hielt, ins Feld (oder die Meldung oben, wenn keine freie Frage
    ansteht) und vergisst es; für einen anderen Kontakt bleibt es liegen, bis dieser gezeigt wird oder ein
    neuer Eintrag es ersetzt."""
    gemerkt = sitzung.get(SITZUNGSSCHLUESSEL)
    if not isinstance(gemerkt, dict) or gemerkt.get("kontakt") != str(ansicht.kontakt.pk):
        return
    del sitzung[SITZUNGSSCHLUESSEL]
    fehler = str(gemerkt.get("fehler", ""))
    if not ins_feld(ansicht, str(gemerkt.get("fakt", "")), str(gemerkt.get("wert", "")), fehler) and fehler:
        ansicht.meldung = fehler        # keine freie Frage (mehr): die Meldung oben im Gesprächsbereich
