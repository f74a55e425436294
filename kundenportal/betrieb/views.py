"""Prüfpfade für den Load-Balancer: `/healthz` (der Prozess antwortet) und `/readyz` (Datenbank,
Broker und Katalog sind da — sonst 503, der Knoten bekommt keine Anfragen)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("kundenportal.betrieb")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _datenbank() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _broker() -> str:
    from kombu.connection import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2,  # type: ignore[no-untyped-call]
                    transport_options={"socket_timeout": 2, "socket_connect_timeout": 2}) as verbindung:
        verbindung.ensure_connection(max_retries=1, timeout=2)
        return str(verbindung.transport_cls)


def _katalog() -> str:
    from kundenportal.katalog.queries import katalog

    k = katalog()
    if not k.leitfaeden:
        raise RuntimeError("keine Leitfäden geladen")
    return f"{len(k.leitfaeden)} Leitfäden"


PRUEFUNGEN: dict[str, Callable[[], str]] = {"datenbank": _datenbank, "broker": _broker, "katalog": _katalog}


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    ergebnis: dict[str, dict[str, object]] = {}
    for name, pruefung in PRUEFUNGEN.items():
        beginn = time.perf_counter()
        try:
            ergebnis[name] = {"ok": True, "info": pruefung()}
        except Exception as fehler:  # jede Störung heißt: nicht bereit (mit Grund, ohne Traceback)
            logger.warning("readyz: %s nicht bereit: %s", name, type(fehler).__name__)
            ergebnis[name] = {"ok": False, "info": f"{type(fehler).__name__}: {fehler}"[:200]}
        ergebnis[name]["ms"] = round((time.perf_counter() - beginn) * 1000, 1)
    bereit = all(e["ok"] for e in ergebnis.values())
    return JsonResponse({"status": "bereit" if bereit else "nicht_bereit", "pruefungen": ergebnis},
                        status=200 if bereit else 503)


class Pruefpfade:
    """Middleware ganz vorn: /healthz und /readyz antworten vor der Host-Prüfung und der HTTPS-Umleitung —
    der Load-Balancer fragt die Knoten über ihre Adresse und per HTTP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        if request.path_info == "/readyz":
            return readyz(request)
        return self.get_response(request)
