"""Die Fehlerseiten 400, 403 und 404 in der Hülle, die zur Adresse passt: unter /kunde/ die der Kundenseite
(eServices der Bundesagentur: ohne „für Beschäftigte“, ohne Verweis auf die Anmeldung der Beschäftigten, mit dem
Weg zur eigenen Übersicht), sonst die des Arbeitsplatzes (templates/400.html …). Djangos eigene Sichten machen
die Arbeit (Status, Ausnahme); hier wird nur die Vorlage gewählt. Die API antwortet davor schon als JSON
(api.fehler.ApiHuelle)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults

KUNDENSEITE = "/kunde/"


def _vorlage(request: HttpRequest, status: int) -> str:
    return f"eservice/{status}.html" if request.path_info.startswith(KUNDENSEITE) else f"{status}.html"


def ungueltige_anfrage(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.bad_request(request, exception, template_name=_vorlage(request, 400))


def verboten(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.permission_denied(request, exception, template_name=_vorlage(request, 403))


def nicht_gefunden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.page_not_found(request, exception, template_name=_vorlage(request, 404))
