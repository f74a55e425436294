"""Dauer einer Sitzung: Leerlauf (Beschäftigte KUNDENPORTAL_LEERLAUF_MINUTEN, Standard 30; Kunden
KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE, Standard 15) und absolute Höchstdauer (KUNDENPORTAL_SITZUNG_STUNDEN,
Standard 10) ab der Anmeldung — danach ist die Sitzung beendet, auch wenn sie benutzt wird."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty

BEGINN = "_sitzung_beginn"
ZULETZT = "_sitzung_zuletzt"
KUNDE = "eservice_kunde"     # eservice.zugang.SITZUNG_KUNDE (Kundenseite, getrennt von Beschäftigten)
AUFFRISCHEN_SEKUNDEN = 30    # die Leerlaufzeit höchstens alle 30 s schreiben (nicht jede Anfrage)


class SitzungsDauer:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sitzung = request.session
        angemeldet = request.user.is_authenticated or KUNDE in sitzung
        _ausgewertet(request)
        if angemeldet:
            jetzt = time.time()
            beginn = float(sitzung.setdefault(BEGINN, jetzt))
            zuletzt = float(sitzung.get(ZULETZT, jetzt))
            leerlauf = 60 * (settings.KUNDENPORTAL_LEERLAUF_MINUTEN if request.user.is_authenticated
                             else settings.KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE)
            if jetzt - zuletzt > leerlauf or jetzt - beginn > settings.SESSION_COOKIE_AGE:
                grund = ("nach längerer Pause" if jetzt - zuletzt > leerlauf else "nach der Höchstdauer")
                logout(request)      # leert die Sitzung (auch die Kundenanmeldung)
                messages.info(request, f"Ihre Sitzung wurde {grund} beendet. Bitte melden Sie sich neu an.")
            elif jetzt - zuletzt >= AUFFRISCHEN_SEKUNDEN or ZULETZT not in sitzung:
                sitzung[ZULETZT] = jetzt
        return self.get_response(request)


def _ausgewertet(request: HttpRequest) -> None:
    """`request.user` ist hier schon ausgewertet (die Anmeldung oben): ab jetzt das Objekt selbst statt Djangos
    verzögerten Stellvertreters. Jeder Zugriff auf ihn (`user.pk`, Rollen, Name) ging sonst durch zwei Python-Aufrufe
    (`LazyObject.__getattribute__`, `__getattr__`) — in einem Schritt des Gesprächs rund 35-mal. Anmelden und
    Abmelden setzen `request.user` weiter selbst."""
    nutzer = request.__dict__.get("user")
    if isinstance(nutzer, LazyObject):
        echt = nutzer.__dict__.get("_wrapped", empty)
        if echt is not empty:
            request.user = echt
