"""Die Fehlerseiten 400, 403 und 404 in der Hülle, die zur Adresse passt: unter /kunde/ die der Kundenseite
(eServices der Bundesagentur: ohne „für Beschäftigte“, ohne Verweis auf die Anmeldung der Beschäftigten, mit dem
Weg zur eigenen Übersicht), sonst die des Arbeitsplatzes (templates/400.html …). Djangos eigene Sichten machen
die Arbeit (Status, Ausnahme); hier wird nur die Vorlage gewählt. Die API antwortet davor schon als JSON
(api.fehler.ApiHuelle).

Eine Anfrage über DATA_UPLOAD_MAX_MEMORY_SIZE (2,5 MiB) weist Django ab, bevor eine Sicht sie sieht
(RequestDataTooBig, eine SuspiciousOperation: sie endet hier in `ungueltige_anfrage`). Im Arbeitsplatz heißt sie
nicht „ungültige Anfrage“, sondern „Eingabe zu groß“ (413, templates/413.html): wie groß, was erlaubt ist, und dass
der Text nicht gespeichert ist, aber noch im Browser steht (mit „Zurück“ zum Formular, dann kürzen).

`serverfehler` (handler500) bekommt jede Ausnahme, die keine Sicht und keine Middleware behandelt hat: Ist die
Datenbank weg, antwortet es 503 mit Retry-After (betrieb/datenbankausfall.py), sonst Djangos 500 (templates/500.html)."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from . import datenbankausfall

KUNDENSEITE = "/kunde/"
MIB = 1024 * 1024


def _vorlage(request: HttpRequest, status: int | str) -> str:
    return f"eservice/{status}.html" if request.path_info.startswith(KUNDENSEITE) else f"{status}.html"


def megabyte(n: int) -> str:
    """2621440 → „2,5 MB“ (MiB, eine Nachkommastelle, deutsch); knapp über der Grenze nie gleich ihr („2,6 MB“)."""
    zehntel = -(-n * 10 // MIB)           # aufgerundet: 2,5 MB + 1 Byte ist nicht „2,5 MB“
    return f"{zehntel // 10},{zehntel % 10} MB"


def zu_gross(request: HttpRequest) -> HttpResponse:
    """413 in der App-Hülle: die Eingabe ist größer als DATA_UPLOAD_MAX_MEMORY_SIZE; nichts gespeichert."""
    try:
        groesse = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        groesse = 0
    erlaubt = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return render(request, "413.html", {"groesse": megabyte(groesse) if groesse > erlaubt else "",
                                        "erlaubt": megabyte(erlaubt)}, status=413)


def ungueltige_anfrage(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig) and not request.path_info.startswith(KUNDENSEITE):
        return zu_gross(request)
    return defaults.bad_request(request, exception, template_name=_vorlage(request, 400))


def verboten(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.permission_denied(request, exception, template_name=_vorlage(request, 403))


def nicht_gefunden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.page_not_found(request, exception, template_name=_vorlage(request, 404))


def csrf_abgelehnt(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: ein abgewiesenes Formular (abgelaufenes Token, neue Anmeldung in einem anderen Tab, kein
    Cookie) in der passenden Hülle und auf Deutsch — statt Djangos Seite „Mehr Information ist verfügbar mit
    DEBUG=True“ (Rundgang Betrieb). Der Grund steht nicht auf der Seite, nur ob das Cookie fehlte."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    return render(request, _vorlage(request, "403_csrf"), {"ohne_cookie": reason == REASON_NO_CSRF_COOKIE},
                  status=403)


def serverfehler(request: HttpRequest) -> HttpResponse:
    """handler500: Django ruft es im `except` der unbehandelten Ausnahme auf (sys.exc_info() ist sie)."""
    fehler = sys.exc_info()[1]
    if fehler is not None and datenbankausfall.datenbank_weg(fehler):
        return datenbankausfall.antwort(request, fehler)
    return defaults.server_error(request)
