"""Fehler der API als JSON `{"code": "...", "meldung": "..."}` mit stabilem Code und passendem
HTTP-Status — nie ein Traceback, nie Djangos HTML-Fehlerseite."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)


class Fehler(Schema):
    code: str
    meldung: str


class ApiFehler(Exception):
    """Ein erwarteter Fehler mit stabilem Code, z. B. ApiFehler(404, "nicht_gefunden", "...")."""

    def __init__(self, status: int, code: str, meldung: str) -> None:
        super().__init__(meldung)
        self.status, self.code, self.meldung = status, code, meldung


def nicht_gefunden(meldung: str) -> ApiFehler:
    return ApiFehler(404, "nicht_gefunden", meldung)


def keine_berechtigung(meldung: str) -> ApiFehler:
    return ApiFehler(403, "keine_berechtigung", meldung)


def ungueltig(meldung: str) -> ApiFehler:
    return ApiFehler(400, "ungueltige_anfrage", meldung)


def _antwort(api: NinjaAPI, request: HttpRequest, status: int, code: str, meldung: str) -> HttpResponse:
    return api.create_response(request, {"code": code, "meldung": meldung}, status=status)


def _ort(fehler: dict[str, Any]) -> str:
    teile = [str(x) for x in fehler.get("loc", ()) if x not in ("body", "query", "path", "payload")]
    return ".".join(teile) or "Anfrage"


def fehler_behandeln(api: NinjaAPI) -> None:
    """Registriert die Fehlerbehandlung an `api` (ersetzt Ninjas {"detail": ...})."""

    @api.exception_handler(ApiFehler)
    def _api_fehler(request: HttpRequest, exc: ApiFehler) -> HttpResponse:
        return _antwort(api, request, exc.status, exc.code, exc.meldung)

    @api.exception_handler(ValidationError)
    def _validierung(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        meldungen = [f"{_ort(e)}: {e.get('msg', 'ungültig')}" for e in exc.errors]
        return _antwort(api, request, 400, "ungueltige_anfrage", "; ".join(meldungen))

    @api.exception_handler(AuthenticationError)
    def _nicht_angemeldet(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _antwort(api, request, 401, "nicht_angemeldet", "Bitte anmelden (Sitzung des Kundenportals).")

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, json.JSONDecodeError):
            j = exc.__cause__
            return _antwort(api, request, 400, "ungueltiges_json",
                            f"Der Anfragerumpf ist kein gültiges JSON (Zeile {j.lineno}, Spalte {j.colno}: {j.msg}).")
        if exc.status_code == 403 and "CSRF" in exc.message:
            return _antwort(api, request, 403, "csrf_fehlt",
                            "CSRF-Prüfung fehlgeschlagen: Header X-CSRFToken mit dem Wert des Cookies csrftoken senden.")
        if exc.status_code == 400:
            return _antwort(api, request, 400, "ungueltige_anfrage", exc.message)
        return _antwort(api, request, exc.status_code, "http_fehler", exc.message)

    @api.exception_handler(Http404)
    def _404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _antwort(api, request, 404, "nicht_gefunden", str(exc) or "Nicht gefunden.")

    @api.exception_handler(Exception)
    def _unerwartet(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unerwarteter Fehler in %s %s", request.method, request.path)
        return _antwort(api, request, 500, "interner_fehler",
                        "Unerwarteter Fehler; er ist protokolliert. Bitte erneut versuchen.")
