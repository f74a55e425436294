"""Die Datenbank ist während einer Anfrage weg (Neustart, Failover, Netz): 503 mit `Retry-After` statt 500 mit
Traceback (Rundgang Betrieb: ein Neustart von PostgreSQL brachte ~3 s lang Fehlerseiten 500).

Eingehängt als `handler500` (kundenportal/urls.py → betrieb.fehlerseiten.serverfehler): dort kommen die Ausnahmen
aus Sichten wie aus Middlewares an (die erste Abfrage einer Anfrage ist meist das Laden der Sitzung in einer
Middleware, vor jeder Sicht). Was als „Datenbank weg“ gilt, entscheidet `datenbank_weg`: kein Verbindungsaufbau
(psycopg ohne SQLSTATE, Wartezeit des Pools), SQLSTATE-Klasse 08, Abbruch durch den Server (57P01–57P03) oder zu
viele Verbindungen (53300); eine geschlossene Verbindung (InterfaceError). Verklemmung, Zeitüberschreitung einer
Abfrage oder verletzte Regeln bleiben 500 — dort antwortet die Datenbank.

Die Antwort entsteht ohne Datenbank: die Seite wird ohne Anfrage gerendert (keine Kontextprozessoren, also weder
Benutzer noch Sitzung noch Meldungen), in der Hülle, die zur Adresse passt; htmx bekommt einen Abschnitt, den
static/portal/htmx-fehler.js anzeigt, /api/ das JSON `{code, meldung}` der API. Jede Datenbankverbindung des
Threads wird geschlossen (der Pool verwirft eine kaputte und baut eine neue): die nächste Anfrage verbindet neu.

Was die Seite über die Eingabe sagt, stimmt: Scheiterte schon der Verbindungsaufbau, hat diese Anfrage nichts
geschrieben — die Eingabe ist nicht gespeichert und steht noch im Formular. Brach die Verbindung mitten in der
Anfrage ab, ist jede Transaktion ganz oder gar nicht geschrieben (ein Dienst besitzt seine Transaktion), aber ob
sie vor dem Abbruch bestätigt war, weiß die App nicht: die Seite sagt das, statt „nichts verloren“ zu versprechen.

Protokoll: eine Zeile WARNING `datenbank_nicht_erreichbar` (Logger kundenportal.betrieb) mit Art, SQLSTATE und
Phase — ohne Abfrage, ohne Parameter, ohne Traceback; die Zugriffszeile (betrieb.anfrage) nennt Pfad und 503."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator
from typing import Literal

import psycopg
from django.db import InterfaceError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from psycopg_pool import PoolTimeout

logger = logging.getLogger("kundenportal.betrieb")
EREIGNIS = "datenbank_nicht_erreichbar"
NOCHMAL_SEKUNDEN = 5          # Retry-After; ein Neustart oder Failover dauert wenige Sekunden
SICHER = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# 57P01 admin_shutdown (Neustart, pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now (fährt
# hoch oder herunter), 53300 too_many_connections; die Klasse 08 (connection_exception) ohnehin.
ABBRUCH = frozenset({"57P01", "57P02", "57P03", "53300"})

Phase = Literal["verbinden", "anfrage"]


def _kette(fehler: BaseException) -> Iterator[BaseException]:
    gesehen: set[int] = set()
    aktuell: BaseException | None = fehler
    while aktuell is not None and id(aktuell) not in gesehen:
        gesehen.add(id(aktuell))
        yield aktuell
        aktuell = aktuell.__cause__ or aktuell.__context__


def _psycopg(fehler: BaseException) -> psycopg.Error | None:
    return next((f for f in _kette(fehler) if isinstance(f, psycopg.Error)), None)


def datenbank_weg(fehler: BaseException) -> bool:
    """Ist `fehler` ein Verlust der Datenbankverbindung (nicht: ein Fehler, den die Datenbank meldet)?"""
    if any(isinstance(f, InterfaceError | psycopg.InterfaceError) for f in _kette(fehler)):
        return True
    ursache = _psycopg(fehler)
    if not isinstance(ursache, psycopg.OperationalError):
        return False
    zustand = ursache.sqlstate
    return zustand is None or zustand.startswith("08") or zustand in ABBRUCH


def phase(fehler: BaseException) -> Phase:
    """`verbinden`: die Anfrage bekam keine Verbindung (also hat sie nichts geschrieben); sonst `anfrage`."""
    if any(isinstance(f, PoolTimeout) for f in _kette(fehler)):
        return "verbinden"
    for f in _kette(fehler):
        if any(rahmen.f_code.co_name == "ensure_connection" for rahmen, _ in traceback.walk_tb(f.__traceback__)):
            return "verbinden"
    return "anfrage"


def verbindungen_schliessen() -> None:
    """Jede Verbindung dieses Threads schließen — mit Pool: zurückgeben, der Pool verwirft eine kaputte."""
    for verbindung in connections.all(initialized_only=True):
        try:
            verbindung.close()
        except Exception:       # die Verbindung ist ohnehin weg; schließen darf hier nichts mehr verhindern
            logger.debug("Verbindung %s nicht sauber geschlossen", verbindung.alias, exc_info=True)


def _protokollieren(request: HttpRequest, fehler: BaseException, wann: Phase) -> None:
    ursache = _psycopg(fehler)
    zustand = ursache.sqlstate if ursache is not None else None
    logger.warning("%s: %s %s → 503 (%s, %s)", EREIGNIS, request.method, wann, type(ursache or fehler).__name__,
                   zustand or "ohne SQLSTATE",
                   extra={"ereignis": EREIGNIS, "phase": wann, "art": type(ursache or fehler).__name__,
                          "sqlstate": zustand, "methode": request.method})


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def antwort(request: HttpRequest, fehler: BaseException) -> HttpResponse:
    """503 für eine Anfrage, deren Datenbank weg ist: protokolliert, Verbindungen geschlossen, ohne Datenbank."""
    verbindungen_schliessen()
    wann = phase(fehler)
    _protokollieren(request, fehler, wann)
    kontext = {"eingabe": request.method not in SICHER, "gespeichert_unklar": wann == "anfrage",
               "kunde": request.path_info.startswith("/kunde/"), "sekunden": NOCHMAL_SEKUNDEN}
    if request.path_info.startswith("/api/"):
        meldung = ("Die Datenbank ist gerade nicht erreichbar. " + (
            "Die Anfrage wurde nicht ausgeführt; bitte in einigen Sekunden erneut senden." if wann == "verbinden"
            else "Ob die Anfrage ausgeführt wurde, ist offen (ganz oder gar nicht): erst lesen, dann erneut senden."))
        ergebnis = HttpResponse(json.dumps({"code": EREIGNIS, "meldung": meldung}, ensure_ascii=False),
                                status=503, content_type="application/json; charset=utf-8")
    elif _htmx(request):
        ergebnis = HttpResponse(render_to_string("portal/_503.html", kontext), status=503)
    else:
        huelle = "eservice/basis.html" if kontext["kunde"] else "base.html"
        ergebnis = HttpResponse(render_to_string("503.html", {**kontext, "huelle": huelle}), status=503)
    ergebnis["Retry-After"] = str(NOCHMAL_SEKUNDEN)
    add_never_cache_headers(ergebnis)
    # Die Zeile oben ist der Eintrag; Django soll nicht noch „Service Unavailable“ mit Traceback schreiben.
    ergebnis._has_been_logged = True  # type: ignore[attr-defined]
    return ergebnis
