"""Fehler der API als JSON `{"code": "...", "meldung": "..."}` mit stabilem Code und passendem
HTTP-Status — nie ein Traceback, nie Djangos HTML-Fehlerseite."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kundenportal.betrieb import datenbankausfall

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


def _meldung(e: dict[str, Any]) -> str:
    """Die Meldung einer pydantic-Prüfung auf Deutsch, nach ihrem `type` (die englische nur, wo es keine gibt).
    Den geprüften Wert gibt Ninja nicht mit; die Meldung nennt darum, was erwartet wird."""
    typ, ctx = str(e.get("type", "")), e.get("ctx") or {}
    if typ == "missing":
        return "fehlt (Pflichtfeld)"
    if typ == "extra_forbidden":
        return "unbekanntes Feld: entfernen oder richtig schreiben"
    if typ.startswith(("date_", "datetime_")):
        return "erwartet ein Datum JJJJ-MM-TT (z. B. 2020-03-20)"
    if typ.startswith("bool_"):
        return "erwartet true oder false"
    if typ.startswith(("int_", "float_")):
        return "erwartet eine Zahl"
    if typ in ("string_type", "string_unicode"):
        return "erwartet einen Text"
    if typ == "string_too_long":
        return f"höchstens {ctx.get('max_length')} Zeichen"
    if typ == "string_too_short":
        return f"mindestens {ctx.get('min_length')} Zeichen"
    if typ in ("literal_error", "enum"):
        return f"nicht erlaubt: erlaubt sind {ctx.get('expected', '')}"
    if typ in ("dict_type", "model_type", "model_attributes_type"):
        return "erwartet ein JSON-Objekt"
    if typ == "list_type":
        return "erwartet eine Liste"
    if typ in ("value_error", "assertion_error"):          # eigene Prüfregeln melden schon deutsch
        return str(e.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return str(e.get("msg", "ungültig"))


def fehler_behandeln(api: NinjaAPI) -> None:
    """Registriert die Fehlerbehandlung an `api` (ersetzt Ninjas {"detail": ...})."""

    @api.exception_handler(ApiFehler)
    def _api_fehler(request: HttpRequest, exc: ApiFehler) -> HttpResponse:
        return _antwort(api, request, exc.status, exc.code, exc.meldung)

    @api.exception_handler(ValidationError)
    def _validierung(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        meldungen = [f"{_ort(e)}: {_meldung(e)}" for e in exc.errors]
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
        if isinstance(exc, OperationalError | InterfaceError) and datenbankausfall.datenbank_weg(exc):
            return datenbankausfall.antwort(request, exc)     # Datenbank weg: 503 mit Retry-After, wie die Seiten
        logger.exception("Unerwarteter Fehler in %s %s", request.method, request.path)
        return _antwort(api, request, 500, "interner_fehler",
                        "Unerwarteter Fehler; er ist protokolliert. Bitte erneut versuchen.")


HTTP_CODES = {400: "ungueltige_anfrage", 401: "nicht_angemeldet", 403: "keine_berechtigung", 404: "nicht_gefunden",
              405: "methode_nicht_erlaubt", 413: "anfrage_zu_gross", 415: "falscher_inhaltstyp",
              422: "nicht_verarbeitbar", 500: "interner_fehler"}
HTTP_MELDUNGEN = {405: "Diese Methode ist hier nicht erlaubt.", 404: "Nicht gefunden.",
                  413: "Die Anfrage ist zu groß.", 500: "Unerwarteter Fehler; er ist protokolliert."}


def _json_fehler(status: int, code: str, meldung: str) -> HttpResponse:
    return HttpResponse(json.dumps({"code": code, "meldung": meldung}, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8")


class ApiHuelle:
    """Middleware für /api/: was vor oder neben Ninja scheitert, kommt trotzdem als `{code, meldung}` —
    zu große Körper (413, vor dem Lesen: Content-Length über KUNDENPORTAL_API_MAX_BYTES), multipart ohne
    boundary (400), NUL-Bytes in Pfad oder Abfrage (400), nicht erlaubte Methoden (405) und jede andere
    Nicht-JSON-Fehlerantwort (Djangos 400 bei kaputtem Körper, 404 außerhalb der Operationen)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)  # type: ignore[no-any-return]
        from django.conf import settings

        grenze = int(getattr(settings, "KUNDENPORTAL_API_MAX_BYTES", 1_000_000))
        try:
            laenge = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _json_fehler(400, "ungueltige_anfrage", "Content-Length ist keine Zahl.")
        if laenge > grenze:
            return _json_fehler(413, "anfrage_zu_gross", f"Der Anfragerumpf ist größer als {grenze} Bytes.")
        art = request.META.get("CONTENT_TYPE", "")
        if art.startswith("multipart/") and "boundary=" not in art:
            return _json_fehler(400, "ungueltige_anfrage", "multipart ohne boundary: der Körper ist nicht lesbar.")
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            return _json_fehler(400, "ungueltige_anfrage", "NUL-Zeichen in Pfad oder Abfrage.")
        antwort: HttpResponse = self.get_response(request)
        if antwort.status_code >= 400 and not antwort.get("Content-Type", "").startswith("application/json"):
            logger.info("API %s %s: %s ohne JSON-Körper ersetzt", request.method, request.path, antwort.status_code)
            ersatz = _json_fehler(antwort.status_code, HTTP_CODES.get(antwort.status_code, "http_fehler"),
                                  HTTP_MELDUNGEN.get(antwort.status_code, antwort.reason_phrase))
            if antwort.has_header("Allow"):
                ersatz["Allow"] = antwort["Allow"]
            return ersatz
        return antwort
