"""Zugangsentscheidungen der Kundenseite, an einer Stelle (house style, habit 4).

Der angemeldete Kunde steht in der Sitzung unter SITZUNG_KUNDE; Beschäftigte (django.contrib.auth)
sind davon getrennt."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

SITZUNG_KUNDE = "eservice_kunde"

View = Callable[..., HttpResponse]


def angemeldeter_kunde(request: HttpRequest) -> str | None:
    nummer = request.session.get(SITZUNG_KUNDE)
    return str(nummer) if nummer else None


def kunde_erforderlich(view: View) -> View:
    """Ohne angemeldeten Kunden zur Anmeldung, danach zurück zur gewünschten Seite."""

    @wraps(view)
    def pruefen(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        kundennummer = angemeldeter_kunde(request)
        if kundennummer is None:
            ziel = reverse("eservice:anmelden") + "?" + urlencode({"weiter": request.get_full_path()})
            return HttpResponseRedirect(ziel)
        return view(request, kundennummer, *args, **kwargs)

    return pruefen
