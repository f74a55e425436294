"""Zugangsentscheidungen der Kundenseite, an einer Stelle (house style, habit 4).

Der angemeldete Kunde steht in der Sitzung unter SITZUNG_KUNDE; Beschäftigte (django.contrib.auth)
sind davon getrennt."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

SITZUNG_KUNDE = "eservice_kunde"

View = Callable[..., HttpResponse]




def angemeldeter_kunde(request: HttpRequest) -> str | None:
    nummer = request.session.get(SITZUNG_KUNDE)
    return str(nummer) if nummer else None


def nie_speichern(view: View) -> View:
    """Seiten mit Sozialdaten speichert kein Browser und kein Zwischenspeicher (`Cache-Control: no-store`,
    mit `private, no-cache, must-revalidate, max-age=0`): nach dem Abmelden zeigt „Zurück“ nichts mehr an,
    und ein geteilter Rechner hält nichts fest (§ 35 SGB I, Art. 32 DSGVO)."""

    @wraps(view)
    def ohne_speicher(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        antwort = view(request, *args, **kwargs)
        add_never_cache_headers(antwort)
        return antwort

    return ohne_speicher


def kunde_erforderlich(view: View) -> View:
    """Ohne angemeldeten Kunden zur Anmeldung, danach zurück zur gewünschten Seite; jede Antwort mit
    `Cache-Control: no-store` (nie_speichern)."""

    @wraps(view)
    def pruefen(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        kundennummer = angemeldeter_kunde(request)
        if kundennummer is None:
            ziel = reverse("eservice:anmelden") + "?" + urlencode({"weiter": request.get_full_path()})
            return HttpResponseRedirect(ziel)
        return view(request, kundennummer, *args, **kwargs)

    return nie_speichern(pruefen)
