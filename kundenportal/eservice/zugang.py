"""Zugangsentscheidungen der Kundenseite, an einer Stelle (house style, habit 4).

Der angemeldete Kunde steht in der Sitzung unter SITZUNG_KUNDE; Beschäftigte (django.contrib.auth)
sind davon getrennt."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

SITZUNG_KUNDE = "eservice_kunde"
# Merker „hier war ein Kunde angemeldet“ (Wert "1", keine Kundendaten), gesetzt bei der Anmeldung, gelöscht beim
# Abmelden. Fehlt die Anmeldung in der Sitzung, steht er aber noch da, ist die Sitzung abgelaufen (Leerlauf,
# Höchstdauer, gelöschte Sitzung): die Anmeldung sagt das (sitzung_abgelaufen).
MERKER = "eservice_sitzung"

View = Callable[..., HttpResponse]


def sitzung_abgelaufen(request: HttpRequest) -> bool:
    return request.COOKIES.get(MERKER) == "1" and angemeldeter_kunde(request) is None


def merker_setzen(antwort: HttpResponse) -> None:
    """Ein Cookie nur für diese Browsersitzung, wie das Sitzungscookie geschützt (HttpOnly, Secure im Betrieb)."""
    antwort.set_cookie(MERKER, "1", path=reverse("eservice:uebersicht"), secure=settings.SESSION_COOKIE_SECURE,
                       httponly=True, samesite="Lax")


def merker_loeschen(antwort: HttpResponse) -> None:
    antwort.delete_cookie(MERKER, path=reverse("eservice:uebersicht"), samesite="Lax")


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
