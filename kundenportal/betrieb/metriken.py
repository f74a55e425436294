"""Messwerte für Prometheus unter `/metrics` (docs/betrieb.md, „Metriken (/metrics)“).

Alles wird zur Abfragezeit berechnet (`Sammler.collect`), nichts je Anfrage gezählt: keine Middleware, kein
Zähler im Gesprächsschritt. Jede Zahl über die Datenbank ist ein Aggregat (COUNT, MIN) über indizierte Spalten —
nie eine Kundennummer, ein Name, eine Adresse oder ein Betreff; Bezeichner sind nur Status, Kanal und Postkorb.
Weil jeder Wert aus der gemeinsamen Datenbank kommt, braucht es bei mehreren gunicorn-Arbeitern und Knoten
keinen Multiprozess-Modus von prometheus-client: jeder Arbeiter liefert dieselben Zahlen (nur der Katalog ist
der dieses Prozesses).

Die Abfragen laufen wie die Datenbankprüfung von /readyz in einem eigenen Thread (eigene Verbindung, auf
PostgreSQL mit `statement_timeout`) und höchstens DATENBANK_SEKUNDEN lang: antwortet die Datenbank nicht oder
scheitert eine Abfrage, meldet der Sammler `kundenportal_datenbank_erreichbar 0` und lässt die Zahlen der
Datenbank (und den Katalog, den sie braucht) weg — die Antwort bleibt 200, die Abfrage von Prometheus hängt
nicht. Hängt der Thread noch, wartet die nächste Abfrage auf ihn, statt einen zweiten zu starten."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from collections.abc import Iterator
from concurrent.futures import TimeoutError as ZeitUeberschritten
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib import metadata

import django
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Min, Q
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import CollectorRegistry

from kundenportal import zeit

from .datenbank import fehlertext
from .nebenlauf import Nebenlauf

logger = logging.getLogger("kundenportal.betrieb")
DATENBANK_SEKUNDEN = 2.0      # so lange wartet /metrics höchstens auf die Zahlen der Datenbank
# Status der Mails, die noch jemand oder etwas bearbeiten muss; erledigte und verworfene zählen nicht (sie wachsen
# bis zur Löschfrist und sagen nichts über einen Stau).
MAIL_STATUS = ("eingang", "quarantaene", "offen", "in_bearbeitung")
POSTKORB = re.compile(r"[a-z][a-z0-9_]{0,39}")     # Bezeichner eines Postkorbs, nie freier Text


@dataclass
class Datenbankwerte:
    mails: dict[str, int] = field(default_factory=dict)            # Status → Anzahl (MAIL_STATUS, auch 0)
    aelteste_offene_mail_sekunden: float = 0.0
    antworten: dict[str, int] = field(default_factory=dict)        # wartend, fehlgeschlagen
    antworten_liegen: int = 0
    antworten_ohne_neuen_versuch: int = 0
    aufgaben: dict[str, int] | None = None                         # Postkorb → offen; None: kein Referenzsystem
    kontakte: dict[str, int] = field(default_factory=dict)         # Kanal → offen


def _aufgaben_aus_referenz() -> bool:
    """Die Aufgaben liegen nur mit dem Referenz-Fachverfahren in dieser Datenbank (sonst im echten System)."""
    return str(settings.FACHVERFAHREN.get("aufgaben", "")).startswith("kundenportal.fachverfahren.referenz.")


def _werte(jetzt: dt.datetime) -> Datenbankwerte:
    """Die Aggregate, je eine Abfrage: Mails je Status (Index status), älteste offene (Index status, eingegangen),
    Antworten im Ausgang (Index status), offene Aufgaben je Postkorb, offene Kontakte je Kanal (Teilindex
    fuehrung_kontakt_offen)."""
    from kundenportal.emb.models import WARTEN_BIS_FEGEN, Antwort, Mail
    from kundenportal.gespraech.models import Kontakt

    w = Datenbankwerte()
    w.mails = dict.fromkeys(MAIL_STATUS, 0)
    for zeile in (Mail.objects.filter(status__in=MAIL_STATUS).order_by().values("status")
                  .annotate(n=Count("id"))):
        w.mails[zeile["status"]] = zeile["n"]
    aelteste = Mail.objects.filter(status=Mail.Status.OFFEN).order_by().aggregate(a=Min("eingegangen"))["a"]
    if aelteste is not None:
        w.aelteste_offene_mail_sekunden = max((jetzt - aelteste).total_seconds(), 0.0)
    wartend, fehlgeschlagen = Antwort.Status.WARTEND, Antwort.Status.FEHLGESCHLAGEN
    a = Antwort.objects.filter(status__in=(wartend, fehlgeschlagen)).order_by().aggregate(
        wartend=Count("id", filter=Q(status=wartend)),
        fehlgeschlagen=Count("id", filter=Q(status=fehlgeschlagen)),
        liegen=Count("id", filter=Q(status=wartend, naechster_versuch__lte=jetzt - WARTEN_BIS_FEGEN)),
        aufgegeben=Count("id", filter=Q(status=fehlgeschlagen, naechster_versuch__isnull=True)))
    w.antworten = {"wartend": a["wartend"], "fehlgeschlagen": a["fehlgeschlagen"]}
    w.antworten_liegen, w.antworten_ohne_neuen_versuch = a["liegen"], a["aufgegeben"]
    if _aufgaben_aus_referenz():
        from kundenportal.fachverfahren.referenz.models import Aufgabe

        w.aufgaben = {}
        for je_korb in Aufgabe.objects.filter(status="offen").order_by().values("an").annotate(n=Count("id")):
            postkorb = je_korb["an"] if POSTKORB.fullmatch(je_korb["an"]) else "sonstige"
            w.aufgaben[postkorb] = w.aufgaben.get(postkorb, 0) + je_korb["n"]
    for je_kanal in Kontakt.objects.filter(status=Kontakt.OFFEN).order_by().values("kanal").annotate(n=Count("id")):
        kanal = je_kanal["kanal"] if POSTKORB.fullmatch(je_kanal["kanal"]) else "sonstige"
        w.kontakte[kanal] = w.kontakte.get(kanal, 0) + je_kanal["n"]
    return w


def _abfragen() -> Datenbankwerte:
    """Im Thread `metriken-db`: eine Verbindung (aus dem Pool), auf PostgreSQL jede Abfrage mit statement_timeout
    (SET LOCAL: nur in dieser Transaktion); danach die Verbindung zurückgeben. SQLite ohne Transaktion (BEGIN
    IMMEDIATE stellte sich hinter jeden Schreiber)."""
    postgresql = connection.vendor == "postgresql"
    try:
        with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
            if postgresql:
                cursor.execute(f"SET LOCAL statement_timeout = {round(DATENBANK_SEKUNDEN * 1000)}")
            return _werte(zeit.jetzt())
    finally:
        connection.close()


ABFRAGE: Nebenlauf[Datenbankwerte] = Nebenlauf("metriken-db")
_erreichbar: bool | None = None        # letzter Stand in diesem Prozess (Protokoll nur beim Wechsel)


def _melden(ok: bool, details: str = "") -> None:
    global _erreichbar
    vorher, _erreichbar = _erreichbar, ok
    if ok and vorher is False:
        logger.info("metriken: Datenbank wieder erreichbar")
    elif not ok and vorher is not False:
        logger.warning("metriken: Datenbank nicht erreichbar, Zahlen der Datenbank fehlen: %s", details)


def datenbankwerte() -> Datenbankwerte | None:
    """Die Zahlen der Datenbank nach höchstens DATENBANK_SEKUNDEN; None, wenn sie nicht erreichbar ist."""
    try:
        werte = ABFRAGE.ergebnis(_abfragen, DATENBANK_SEKUNDEN)
    except ZeitUeberschritten:
        _melden(False, f"keine Antwort nach {DATENBANK_SEKUNDEN:g} s (die Abfrage läuft weiter; den Grund nennt /readyz)")
        return None
    except DatabaseError as fehler:
        _melden(False, f"{type(fehler).__name__}: {fehlertext(fehler, connection.settings_dict)}")
        return None
    except Exception as fehler:      # etwa PoolTimeout: kein Traceback je Abfrage, nur der Wechsel
        _melden(False, f"{type(fehler).__name__}: {fehlertext(fehler, connection.settings_dict)}")
        return None
    _melden(True)
    return werte


def _version() -> str:
    try:
        return metadata.version("kundenportal")
    except metadata.PackageNotFoundError:
        return "unbekannt"


def _gauge(name: str, hilfe: str, wert: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, hilfe, value=wert)


def _je(name: str, hilfe: str, bezeichner: str, werte: dict[str, int]) -> GaugeMetricFamily:
    g = GaugeMetricFamily(name, hilfe, labels=[bezeichner])
    for schluessel, wert in sorted(werte.items()):
        g.add_metric([schluessel], wert)
    return g


def _katalog() -> Iterator[Metric]:
    """Der Katalog dieses Prozesses: geladen, Leitfäden, Fassungen, Befunde von `katalog pruefen` — dieselbe,
    einmal je Katalogstand gemerkte Prüfung wie /readyz (katalogpruefung.katalog_befunde_gemerkt)."""
    from kundenportal.leitfaden.fehler import KatalogFehler
    from kundenportal.verdrahtung import katalog

    from .katalogpruefung import katalog_befunde_gemerkt

    try:
        k = katalog()
    except KatalogFehler as fehler:
        geladen, leitfaeden, fassungen, befunde = 0, 0, 0, len(fehler.befunde)
    else:
        geladen, leitfaeden, fassungen = 1, len(k.leitfaeden), len(k.fassungen())
        befunde = len(katalog_befunde_gemerkt(k)[0])
    yield _gauge("kundenportal_katalog_geladen", "1, wenn dieser Prozess einen Katalog geladen hat, sonst 0 "
                 "(fehlerhaft: kundenportal katalog pruefen)", geladen)
    yield _gauge("kundenportal_katalog_leitfaeden", "Leitfäden im Katalog dieses Prozesses", leitfaeden)
    yield _gauge("kundenportal_katalog_fassungen", "Fassungen aller Leitfäden im Katalog dieses Prozesses", fassungen)
    yield _gauge("kundenportal_katalog_befunde", "Befunde von „kundenportal katalog pruefen“ für den Katalog "
                 "dieses Prozesses (0 = ohne Befund)", befunde)


class Sammler:
    """Der Sammler für prometheus-client: jede Abfrage von /metrics ruft `collect` einmal."""

    def collect(self) -> Iterator[Metric]:
        info = InfoMetricFamily("kundenportal_build", "Version des Kundenportals, von Python und Django")
        info.add_metric([], {"version": _version(), "python": ".".join(map(str, sys.version_info[:3])),
                             "django": django.get_version()})
        yield info
        werte = datenbankwerte()
        yield _gauge("kundenportal_datenbank_erreichbar", "1, wenn die Zahlen der Datenbank binnen "
                     f"{DATENBANK_SEKUNDEN:g} s gelesen wurden; 0: Datenbank nicht erreichbar oder nicht lesbar (Grund im "
                     "Protokoll), die Zahlen der Datenbank und des Katalogs fehlen", 1 if werte is not None else 0)
        if werte is None:
            return
        yield _je("kundenportal_emb_mails", "Eingegangene Mails, die noch zu bearbeiten sind, je Status (eingang: "
                  "wird zerlegt, quarantaene, offen, in_bearbeitung)", "status", werte.mails)
        yield _gauge("kundenportal_emb_aelteste_offene_mail_alter_seconds", "Alter der ältesten offenen Mail der "
                     "Warteschlange in Sekunden (0: keine offen)", werte.aelteste_offene_mail_sekunden)
        yield _je("kundenportal_emb_antworten", "Antworten im Ausgang, die noch nicht gesendet sind, je Status "
                  "(wartend, fehlgeschlagen)", "status", werte.antworten)
        yield _gauge("kundenportal_emb_antworten_liegen", "Antworten, die länger als der Feger wartet "
                     f"({round(_sekunden_fegen())} s) nicht gesendet sind: Broker oder Worker fehlen "
                     "(emb.ausgang_fegen sendet nach)", werte.antworten_liegen)
        yield _gauge("kundenportal_emb_antworten_ohne_neuen_versuch", "Fehlgeschlagene Antworten ohne geplanten "
                     "neuen Versuch: brauchen die Beschäftigten", werte.antworten_ohne_neuen_versuch)
        if werte.aufgaben is not None:
            yield _je("kundenportal_postkorb_aufgaben_offen", "Offene Aufgaben je Postkorb (Referenz-Fachverfahren "
                      "Aufgaben)", "postkorb", werte.aufgaben)
        yield _je("kundenportal_kontakte_offen", "Begonnene, nicht abgeschlossene Kontakte je Kanal", "kanal",
                  werte.kontakte)
        try:
            yield from _katalog()
        except DatabaseError as fehler:        # Katalog aus der Datenbank: eben noch erreichbar, jetzt nicht
            logger.warning("metriken: Katalog nicht lesbar: %s", fehlertext(fehler, connection.settings_dict))


def _sekunden_fegen() -> float:
    from kundenportal.emb.models import WARTEN_BIS_FEGEN

    return WARTEN_BIS_FEGEN.total_seconds()


def registry() -> CollectorRegistry:
    """Eine eigene Registry nur mit dem Sammler (ohne die Prozess-Zähler des Standards: welcher Arbeiter eine
    Abfrage beantwortet, ist Zufall)."""
    r = CollectorRegistry(auto_describe=False)
    r.register(Sammler())
    return r


REGISTRY = registry()
