"""Prüfpfade für den Load-Balancer: `/healthz` (Lebendprüfung: der Prozess antwortet — ohne Datenbank und
ohne Broker) und `/readyz` (Bereitschaft: soll dieser Knoten Anfragen bekommen?).

/readyz prüft, was jede Seite braucht; fehlt eines, antwortet es 503 „nicht_bereit“ mit den Gründen, und der
Load-Balancer nimmt den Knoten heraus:

- `datenbank`: antwortet binnen DATENBANK_SEKUNDEN (1 s; Verbindung aus dem Pool, Abfragen mit statement_timeout,
  das Ganze in einem eigenen Thread — auch ein Server, der gar nicht antwortet, hält /readyz nicht auf) und alle
  Migrationen angewandt (einmal je Prozess, nach Erfolg gemerkt) — eine leere oder alte Datenbank ist nicht bereit;
- `katalog`: geladen und ohne Befunde von `katalog pruefen` (Verweise, Graph, Siegel veröffentlichter Fassungen;
  einmal je geladenem Katalog geprüft und gemerkt);
- `statische_dateien` (nur mit ManifestStaticFilesStorage, also im Betrieb): dieser Prozess hat das Manifest
  von `collectstatic` geladen — sonst scheitert jede Seite an `{% static %}`.

Nicht jede Seite braucht den `broker` (Redis/RabbitMQ für Celery): fehlt er, bleibt der Knoten bereit (200,
Status „eingeschraenkt“, Liste `eingeschraenkt`) — Anmeldung und Seiten gehen, Antworten auf E-Mails warten im
Ausgang (emb.ausgang_fegen sendet nach). Sonst nähme der Load-Balancer bei einer Broker-Störung alle Knoten
zugleich heraus. Der Broker wird nebenher geprüft: ist die Datenbank weg, kommt die Antwort in rund einer
Sekunde; antwortet der Broker nicht, nach höchstens PRUEF_SEKUNDEN (2 s).

Der Rumpf ist öffentlich erreichbar: je Prüfung nur ein kurzer Grund, keine Pfade und keine Fehlertexte. Die
Einzelheiten stehen im Protokoll (Logger kundenportal.betrieb: WARNING, wenn eine Prüfung gestört wird, INFO,
wenn sie wieder geht) — nicht bei jeder Abfrage des Load-Balancers."""

from __future__ import annotations

import contextvars
import hmac
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as ZeitUeberschritten
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from psycopg.errors import QueryCanceled

from .datenbank import fehlertext
from .katalogpruefung import katalog_befunde_gemerkt
from .nebenlauf import Nebenlauf

logger = logging.getLogger("kundenportal.betrieb")
PRUEF_SEKUNDEN = 2.0         # so lange wartet /readyz höchstens auf den Broker (nebenher, nicht kritisch)
DATENBANK_SEKUNDEN = 1.0     # … und auf die Datenbank (Verbindung, Abfragen; Rundgang Betrieb: bis zu 4 s)
ANTWORTET_NICHT = f"antwortet nicht in {DATENBANK_SEKUNDEN:g} s"


class NichtBereit(Exception):
    """Eine Prüfung scheitert: `grund` kurz und öffentlich (Rumpf), `details` nur fürs Protokoll."""

    def __init__(self, grund: str, details: str = "") -> None:
        super().__init__(grund)
        self.grund, self.details = grund, details


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Lebendprüfung: keine Datenbank, kein Broker, kein Katalog — nur „der Prozess antwortet“."""
    return JsonResponse({"status": "ok"})


# --- Datenbank ------------------------------------------------------------------------------------

_migriert: set[str] = set()        # Datenbanken, deren Migrationen in diesem Prozess schon vollständig waren


def _migrationen_einlesen() -> None:
    """Die Migrationsdateien einmal je Prozess importieren (nur Python, keine Datenbank) — vor der Zeitgrenze der
    Datenbank: in einem frischen Arbeiter unter Last dauerte das über 1 s, und /readyz meldete „antwortet nicht“,
    obwohl die Datenbank sofort antwortete. Danach baut `_migrationen` den Graphen aus den geladenen Modulen."""
    global _eingelesen
    if _eingelesen or connection.alias in _migriert:
        return
    from django.db.migrations.loader import MigrationLoader

    MigrationLoader(None, ignore_no_migrations=True)
    _eingelesen = True


_eingelesen = False


def _migrationen() -> None:
    if connection.alias in _migriert:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    offen = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if offen:
        erste = ", ".join(f"{m.app_label}.{m.name}" for m, _ in offen[:3])
        raise NichtBereit("Migrationen fehlen (manage.py einrichten)", f"{len(offen)} offen, etwa {erste}")
    _migriert.add(connection.alias)


def _ursache(db: dict[str, Any]) -> str:
    """Der Pool meldet nur "couldn't get a connection"; eine eigene Verbindung nennt die Ursache ("Connection
    refused", "password authentication failed", …) — sofort, wenn der Server ablehnt."""
    from .datenbank import DatenbankNichtErreichbar, verbinden

    try:
        verbinden(db, connect_timeout=DATENBANK_SEKUNDEN).close()
    except DatenbankNichtErreichbar as fehler:
        return str(fehler)
    return "eigene Verbindung gelingt (Pool erschöpft?)"


def _datenbank_pruefen() -> str:
    """Im Thread `readyz-db` (eigene Verbindung des Threads, mit Pool: eine geliehene): höchstens
    DATENBANK_SEKUNDEN / 2 auf den Pool warten, jede Abfrage mit statement_timeout (eine gehaltene Sperre auf
    django_migrations, ein überlasteter Server); danach die Verbindung zurückgeben."""
    db = connection.settings_dict
    postgresql = connection.vendor == "postgresql"
    try:
        pool = connection.pool if postgresql else None  # type: ignore[attr-defined]
        if pool is not None and connection.connection is None:
            pool.open()                               # wie Django; wartet nicht
            try:
                frei = pool.getconn(timeout=DATENBANK_SEKUNDEN / 2)    # nicht DATABASE_POOL_TIMEOUT
            except Exception as fehler:   # PoolTimeout: lehnt der Server ab, sagt es die eigene Verbindung sofort
                raise NichtBereit("nicht erreichbar", f"{fehlertext(fehler, db)}; Ursache: {_ursache(db)}") from None
            pool.putconn(frei)
        # statement_timeout gilt mit SET LOCAL nur in dieser Transaktion (die Verbindung geht zurück in den Pool).
        # SQLite ohne Transaktion: BEGIN IMMEDIATE stellte sich hinter jeden Schreiber.
        with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
            if postgresql:
                cursor.execute(f"SET LOCAL statement_timeout = {round(DATENBANK_SEKUNDEN * 1000)}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
            try:
                _migrationen()
            except DatabaseError as fehler:
                if not isinstance(fehler.__cause__, QueryCanceled):
                    raise NichtBereit("Migrationsstand nicht lesbar", fehlertext(fehler, db)) from None
                raise
    except NichtBereit:
        raise
    except DatabaseError as fehler:     # abgebrochen nach statement_timeout, abgelehnt, abgerissen
        if isinstance(fehler.__cause__, QueryCanceled):
            raise NichtBereit(ANTWORTET_NICHT, f"statement_timeout {DATENBANK_SEKUNDEN:g} s überschritten") from None
        raise NichtBereit("nicht erreichbar", fehlertext(fehler, db)) from None
    finally:
        connection.close()
    return connection.vendor


_DB_PRUEFUNG: Nebenlauf[str] = Nebenlauf("readyz-db")


def _datenbank() -> str:
    """Antwortet nach höchstens DATENBANK_SEKUNDEN — auch wenn der Server gar nicht antwortet (Verbindungsaufbau
    ohne Antwort, eingefrorener Server, verlorene Pakete), wo keine Zeitgrenze von libpq oder PostgreSQL greift.
    Die Prüfung läuft dafür in einem eigenen Thread; hängt sie noch, wartet die nächste Abfrage auf dieselbe,
    statt eine zweite zu starten (höchstens ein Thread und eine Verbindung je Prozess)."""
    _migrationen_einlesen()
    try:
        return _DB_PRUEFUNG.ergebnis(_datenbank_pruefen, DATENBANK_SEKUNDEN)
    except ZeitUeberschritten:
        raise NichtBereit(ANTWORTET_NICHT, f"keine Antwort nach {DATENBANK_SEKUNDEN:g} s (Verbindung oder Abfrage "
                                           "hängt; die Prüfung läuft weiter)") from None


# --- Broker ---------------------------------------------------------------------------------------

def _broker() -> str:
    from kombu.connection import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=PRUEF_SEKUNDEN,  # type: ignore[no-untyped-call]
                    transport_options={"socket_timeout": PRUEF_SEKUNDEN,
                                       "socket_connect_timeout": PRUEF_SEKUNDEN}) as verbindung:
        try:
            verbindung.ensure_connection(max_retries=1, timeout=PRUEF_SEKUNDEN)
        except Exception as fehler:
            raise NichtBereit("nicht erreichbar", f"{type(fehler).__name__}: {fehler}") from None
        return str(verbindung.transport_cls)


# --- Katalog --------------------------------------------------------------------------------------

def _katalog() -> str:
    from kundenportal.leitfaden.fehler import KatalogFehler
    from kundenportal.verdrahtung import katalog

    try:
        k = katalog()
    except KatalogFehler as fehler:
        raise NichtBereit("Katalog fehlerhaft (kundenportal katalog pruefen)",
                          f"{len(fehler.befunde)} Befunde: " + "; ".join(str(b) for b in fehler.befunde[:3])) from None
    if not k.leitfaeden:
        raise NichtBereit("keine Leitfäden geladen", f"Katalog unter {k.wurzel} ist leer")
    befunde, stand = katalog_befunde_gemerkt(k)
    if befunde:
        raise NichtBereit(f"Katalog fehlerhaft: {len(befunde)} Befunde (kundenportal katalog pruefen)",
                          "; ".join(befunde[:3]))
    return f"{len(k.leitfaeden)} Leitfäden, {stand}"


# --- Statische Dateien ----------------------------------------------------------------------------

def _mit_manifest() -> bool:
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    return isinstance(staticfiles_storage, ManifestFilesMixin)


def _statische_dateien() -> str:
    from django.contrib.staticfiles.storage import staticfiles_storage

    speicher: Any = staticfiles_storage          # ManifestFilesMixin (_mit_manifest)
    anzahl = len(speicher.hashed_files)
    if not anzahl:
        raise NichtBereit("Manifest fehlt (collectstatic --noinput, dann Dienst neu starten)",
                          f"{speicher.manifest_name} unter STATIC_ROOT={settings.STATIC_ROOT} fehlt oder "
                          "ist leer (beim Start dieses Prozesses)")
    return f"{anzahl} Dateien"


# --- /readyz --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pruefung:
    tun: Callable[[], str]
    kritisch: bool = True                 # False: gestört heißt „eingeschraenkt“, nicht „nicht bereit“
    braucht_datenbank: bool = False       # ohne Datenbank nicht geprüft (die Antwort kommt schnell)
    gilt: Callable[[], bool] = lambda: True


PRUEFUNGEN: dict[str, Pruefung] = {
    "datenbank": Pruefung(_datenbank),
    "broker": Pruefung(_broker, kritisch=False),
    "katalog": Pruefung(_katalog, braucht_datenbank=True),
    "statische_dateien": Pruefung(_statische_dateien, gilt=_mit_manifest),
}

_nebenher = ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")
_zustand: dict[str, bool] = {}       # letzter Stand je Prüfung in diesem Prozess (Protokoll nur beim Wechsel)


def _melden(name: str, ok: bool, fehler: NichtBereit | None = None, unerwartet: BaseException | None = None) -> None:
    vorher = _zustand.get(name)
    _zustand[name] = ok
    if ok:
        if vorher is False:
            logger.info("readyz: %s wieder in Ordnung", name)
        return
    details = fehler.details if fehler is not None else f"{type(unerwartet).__name__}: {unerwartet}"
    grund = fehler.grund if fehler is not None else "Fehler"
    if vorher is not False:
        logger.warning("readyz: %s gestört: %s – %s", name, grund, details, exc_info=unerwartet)
    else:
        logger.debug("readyz: %s weiter gestört: %s", name, grund)


def _ausfuehren(name: str, tun: Callable[[], str]) -> dict[str, Any]:
    beginn = time.perf_counter()
    try:
        eintrag: dict[str, Any] = {"ok": True, "info": tun()}
        _melden(name, True)
    except NichtBereit as fehler:
        eintrag = {"ok": False, "info": fehler.grund}
        _melden(name, False, fehler)
    except Exception as fehler:      # unerwartet: kurzer Grund im Rumpf, Traceback im Protokoll
        eintrag = {"ok": False, "info": "Fehler (siehe Protokoll)"}
        _melden(name, False, unerwartet=fehler)
    eintrag["ms"] = round((time.perf_counter() - beginn) * 1000, 1)
    return eintrag


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    beginn = time.monotonic()
    geltend = {name: p for name, p in PRUEFUNGEN.items() if p.gilt()}
    nebenher: dict[str, Future[dict[str, Any]]] = {
        name: _nebenher.submit(contextvars.copy_context().run, _ausfuehren, name, p.tun)   # mit Anfragekennung
        for name, p in geltend.items() if not p.kritisch}
    ergebnis: dict[str, dict[str, Any]] = {}
    datenbank_ok = True
    for name, p in geltend.items():
        if not p.kritisch:
            continue
        if p.braucht_datenbank and not datenbank_ok:
            ergebnis[name] = {"ok": None, "info": "nicht geprüft (Datenbank)", "ms": 0.0}
            continue
        ergebnis[name] = _ausfuehren(name, p.tun)
        if name == "datenbank":
            datenbank_ok = bool(ergebnis[name]["ok"])
    for name, zukunft in nebenher.items():
        try:
            ergebnis[name] = zukunft.result(timeout=max(PRUEF_SEKUNDEN + 0.5 - (time.monotonic() - beginn), 0.1))
        except ZeitUeberschritten:
            ergebnis[name] = {"ok": False, "info": "keine Antwort", "ms": round((time.monotonic() - beginn) * 1000, 1)}
            _melden(name, False, NichtBereit("keine Antwort", f"nach {PRUEF_SEKUNDEN:g} s"))
        ergebnis[name]["kritisch"] = False
    ergebnis = {name: ergebnis[name] for name in geltend}
    gruende = [n for n, e in ergebnis.items() if geltend[n].kritisch and e["ok"] is False]
    eingeschraenkt = [n for n, e in ergebnis.items() if not geltend[n].kritisch and e["ok"] is False]
    status = "nicht_bereit" if gruende else ("eingeschraenkt" if eingeschraenkt else "bereit")
    rumpf: dict[str, Any] = {"status": status, "pruefungen": ergebnis}
    if gruende:
        rumpf["gruende"] = gruende
    if eingeschraenkt:
        rumpf["eingeschraenkt"] = eingeschraenkt
    antwort = JsonResponse(rumpf, status=503 if gruende else 200)
    # Die Störung steht einmal beim Wechsel im Protokoll (_melden) — nicht bei jeder Abfrage des Load-Balancers
    # als ERROR "Service Unavailable: /readyz" (django.request).
    antwort._has_been_logged = True  # type: ignore[attr-defined]
    return antwort


# --- /metrics -------------------------------------------------------------------------------------

def _nur_text(text: str, status: int) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Messwerte für Prometheus (betrieb/metriken.py). Ohne KUNDENPORTAL_METRIKEN_TOKEN gibt es sie nicht (404);
    sonst nur mit `Authorization: Bearer <Token>` (Vergleich in konstanter Zeit), ohne Sitzung und Anmeldeseite:
    fehlt es oder ist es falsch, 401 mit kurzem Grund. Die Werte sind Aggregate, aber sie zeigen das Aufkommen."""
    token = getattr(settings, "KUNDENPORTAL_METRIKEN_TOKEN", "")
    if not token:
        return _nur_text("Nicht gefunden.", 404)
    art, _, mitgesandt = request.headers.get("Authorization", "").strip().partition(" ")
    if art.lower() != "bearer" or not mitgesandt.strip():
        antwort = _nur_text("Anmeldung fehlt: Authorization: Bearer <Token> mitsenden.", 401)
    elif not hmac.compare_digest(mitgesandt.strip().encode(), token.encode()):
        antwort = _nur_text("Token ungültig.", 401)
    else:
        from prometheus_client.exposition import choose_encoder

        from .metriken import REGISTRY

        ausgabe, art_des_inhalts = choose_encoder(request.headers.get("Accept", ""))
        return HttpResponse(ausgabe(REGISTRY), content_type=art_des_inhalts)
    antwort["WWW-Authenticate"] = 'Bearer realm="kundenportal-metriken"'
    return antwort


PRUEFPFADE: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": healthz, "/readyz": readyz, "/metrics": metrics}


class Pruefpfade:
    """Middleware ganz vorn: /healthz, /readyz und /metrics antworten vor der Host-Prüfung und der
    HTTPS-Umleitung, ohne Sitzung und Anmeldung — Load-Balancer und Prometheus fragen die Knoten über ihre Adresse
    und per HTTP. Für jede andere Anfrage nur ein Blick in PRUEFPFADE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pfad = PRUEFPFADE.get(request.path_info)
        if pfad is not None:
            return pfad(request)
        return self.get_response(request)
