"""Die API-Instanz: Sitzungsanmeldung mit CSRF (wie die Seiten), Schema unter /api/schema/,
Doku unter /api/docs/ (eigene, barrierefreie Seite in der App-Hülle: api/doku.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from kundenportal.gespraech.fehler import GespraechFehler

from . import gespraech, katalog
from .doku import Doku
from .fehler import fehler_behandeln

api = NinjaAPI(
    title="Kundenportal-API",
    version="1",
    description=(
        "Katalog (geltende Fassung, Fassungen, Diff, Suche, Weisung) und Gespräche (starten, Stand lesen, "
        "antworten, Termin wählen, erneut versuchen, zurückgehen, abschließen). Anmeldung über die Sitzung des Portals; schreibende "
        "Aufrufe senden den Header `X-CSRFToken` mit dem Wert des Cookies `csrftoken`. Fehler kommen als "
        '`{"code": "...", "meldung": "..."}` mit stabilem Code: nicht_angemeldet (401), '
        "keine_berechtigung (403), csrf_fehlt (403), nicht_gefunden (404), ungueltige_anfrage (400), "
        "ungueltiges_json (400), antwort_abgelehnt (422), abgeschlossen (409); die übrigen Codes der Gesprächsdienste (frage_steht_nicht_an 409, kunde_unbekannt 422, nicht_gueltig 422, lauf_fehler 409, vermerk_leer 400, system_* 409) gehen unverändert hinaus."
    ),
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=Doku(),
    auth=django_auth,
    urls_namespace="api",
)
fehler_behandeln(api)


@api.exception_handler(GespraechFehler)
def _gespraech_fehler(request: HttpRequest, exc: GespraechFehler) -> HttpResponse:
    """Jeder Fehler der Gesprächsdienste wird an einer Stelle zu {code, meldung} mit HTTP-Status."""
    fehler = gespraech.als_api_fehler(exc)
    return api.create_response(request, {"code": fehler.code, "meldung": fehler.meldung}, status=fehler.status)


@api.exception_handler(PermissionDenied)
def _kein_zugriff(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """Fehlende Rechte (z. B. gespraech.fehler.KeinZugriff) als 403 keine_berechtigung mit der Meldung."""
    return api.create_response(request, {"code": "keine_berechtigung", "meldung": str(exc) or "Keine Berechtigung."},
                               status=403)


api.add_router("/katalog", katalog.router)
api.add_router("", gespraech.router)
api.add_router("/fuehrung", "kundenportal.fuehrung.api.router")
api.add_router("/redaktion", "kundenportal.api.redaktion.router")
