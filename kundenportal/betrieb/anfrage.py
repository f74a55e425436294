"""Anfragekennung: jede Anfrage bekommt eine Kennung (vom Proxy übernommen aus X-Request-ID, sonst neu),
die in jeder Protokollzeile steht und in der Antwort zurückgeht; dazu eine Zugriffszeile je Anfrage
(Methode, Pfad ohne Abfrage, Status, Dauer, Benutzer-ID) — keine Kundennummern (maskiert), keine Inhalte.

Die äußerste Middleware darf selbst nie scheitern und nichts nachladen: die Benutzer-ID der Zugriffszeile
kommt nur aus dem, was die Anfrage schon geladen hat (ist die Datenbank weg, lädt sie die Sitzung nicht ein
zweites Mal). Bei einer Serverstörung (5xx) trägt die Antwort trotzdem die Kennung, die Sicherheitsköpfe und —
als HTML-Seite — die Fehlernummer (= Anfragekennung) für die Meldung an den IT-Service.

Eine vorgegebene Kennung, in der eine Kundennummer steht (ein Client, der `X-Request-ID` selbst setzt, oder ein
Proxy, der ihn durchreicht), wird verworfen und neu erzeugt: sie stünde sonst unmaskiert im Feld `anfrage` jeder
Zeile (Rundgang Betrieb). Die Zeile von `django.request` zu einer 4xx-Antwort schreibt diese Middleware selbst, noch
mit der Kennung — Django schriebe sie erst nach dem Ende der Middleware-Kette, mit `"anfrage": "-"`."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty
from django.utils.log import log_response

from kundenportal.conf.protokoll import ANFRAGE_KENNUNG
from kundenportal.conf.protokollfilter import maskieren

logger = logging.getLogger("kundenportal.anfrage")
GUELTIG = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
STILL = ("/healthz", "/readyz", "/metrics", "/static/")     # Prüfpfade und Dateien: keine Zugriffszeile
# Köpfe, die jede Antwort trägt; eine Störung vor den inneren Middlewares (Sitzung, Datenbank) ließe sie fehlen.
SICHERHEIT_5XX = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                  "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
FEHLERNUMMER = ('<p class="fehlernummer" id="fehlernummer">Fehlernummer: <strong><code>{kennung}</code></strong> '
                "– bitte geben Sie sie an, wenn Sie den Fehler dem IT-Service melden.</p>")


def benutzer_id(request: HttpRequest) -> int | str | None:
    """Die ID des angemeldeten Benutzers, wenn die Anfrage ihn schon geladen hat — sonst None, ohne
    Datenbankzugriff (request.user ist ein verzögertes Objekt: es jetzt auszuwerten hieße, die Sitzung zu laden)."""
    user: Any = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        gewickelt = user.__dict__.get("_wrapped", empty)
        user = gewickelt if gewickelt is not empty else request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    pk = getattr(user, "pk", None)
    return pk if isinstance(pk, int | str) else None


def _serverfehler(antwort: HttpResponse, kennung: str) -> None:
    """5xx: Sicherheitsköpfe ergänzen, in eine HTML-Seite die Fehlernummer schreiben."""
    for kopf, wert in SICHERHEIT_5XX.items():
        if kopf not in antwort:
            antwort[kopf] = wert
    if "Content-Security-Policy" not in antwort:
        from .inhaltsrichtlinie import _kopfzeile

        richtlinie = _kopfzeile()[0]
        if richtlinie:
            antwort["Content-Security-Policy"] = richtlinie
    if (getattr(antwort, "streaming", False) or not antwort.get("Content-Type", "").startswith("text/html")
            or antwort.get("Content-Encoding")):
        return
    text = antwort.content.decode(antwort.charset or "utf-8", errors="replace")
    if 'id="fehlernummer"' in text:
        return
    zeile = FEHLERNUMMER.format(kennung=kennung)       # Kennung: nur [A-Za-z0-9._-] (GUELTIG)
    for anker in ("</section>", "</main>", "</body>"):
        stelle = text.find(anker)
        if stelle >= 0:
            text = text[:stelle] + zeile + text[stelle:]
            break
    else:
        text += zeile
    antwort.content = text.encode(antwort.charset or "utf-8")
    if "Content-Length" in antwort:
        antwort["Content-Length"] = str(len(antwort.content))


class AnfrageKennung:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kennung = request.headers.get("X-Request-ID", "")
        if not GUELTIG.match(kennung) or maskieren(kennung) != kennung:     # nie eine Kundennummer im Protokoll
            kennung = uuid.uuid4().hex
        token = ANFRAGE_KENNUNG.set(kennung)
        beginn = time.perf_counter()
        try:
            antwort = self.get_response(request)
            antwort["X-Request-ID"] = kennung
            if antwort.status_code >= 400:    # wie Djangos BaseHandler, aber noch mit der Kennung; er schreibt sie dann nicht
                log_response("%s: %s", antwort.reason_phrase, request.path, response=antwort, request=request)
            if antwort.status_code >= 500:
                try:
                    _serverfehler(antwort, kennung)
                except Exception:   # die Fehlerseite bleibt, wie sie ist
                    logger.exception("Fehlernummer nicht eingefügt")
            if not request.path.startswith(STILL):
                try:
                    benutzer = benutzer_id(request)
                except Exception:
                    benutzer = None
                logger.info("%s %s %s", request.method, request.path, antwort.status_code, extra={
                    "methode": request.method, "pfad": request.path, "status": antwort.status_code,
                    "dauer_ms": round((time.perf_counter() - beginn) * 1000, 1), "benutzer": benutzer})
            return antwort
        finally:
            ANFRAGE_KENNUNG.reset(token)
