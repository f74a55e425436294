"""Anfragekennung: jede Anfrage bekommt eine Kennung (vom Proxy übernommen aus X-Request-ID, sonst neu),
die in jeder Protokollzeile steht und in der Antwort zurückgeht; dazu eine Zugriffszeile je Anfrage
(Methode, Pfad ohne Abfrage, Status, Dauer, Benutzer-ID) — keine Kundennummern (maskiert), keine Inhalte."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kundenportal.conf.protokoll import ANFRAGE_KENNUNG

logger = logging.getLogger("kundenportal.anfrage")
GUELTIG = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
STILL = ("/healthz", "/readyz", "/static/")      # Prüfpfade und Dateien: keine Zugriffszeile


class AnfrageKennung:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kennung = request.headers.get("X-Request-ID", "")
        if not GUELTIG.match(kennung):
            kennung = uuid.uuid4().hex
        token = ANFRAGE_KENNUNG.set(kennung)
        beginn = time.perf_counter()
        try:
            antwort = self.get_response(request)
            antwort["X-Request-ID"] = kennung
            if not request.path.startswith(STILL):
                user = getattr(request, "user", None)
                logger.info("%s %s %s", request.method, request.path, antwort.status_code, extra={
                    "methode": request.method, "pfad": request.path, "status": antwort.status_code,
                    "dauer_ms": round((time.perf_counter() - beginn) * 1000, 1),
                    "benutzer": user.pk if user is not None and user.is_authenticated else None})
            return antwort
        finally:
            ANFRAGE_KENNUNG.reset(token)
