"""Gesprächs-Endpunkte: Kontakt starten, Stand lesen, antworten, Termin wählen, erneut versuchen,
zurückgehen, abschließen. Alles geht über `gespraech.services` und `gespraech.terminfilter` — dieselben
Rechte, dasselbe Protokoll, dieselbe Sitzung wie die Seiten. Lesen (GET) schreibt nie."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from kundenportal.gespraech import queries as gespraech_queries
from kundenportal.gespraech import services, terminfilter
from kundenportal.gespraech.ansicht import Ansicht, Wegpunkt, formwert
from kundenportal.gespraech.fehler import Abgelehnt, GespraechFehler, Konflikt
from kundenportal.gespraech.models import Kontakt
from kundenportal.katalog import queries

from .fehler import ApiFehler, Fehler, nicht_gefunden

router = Router(tags=["Gespräch"])
FEHLER: dict[int, type[Schema]] = {400: Fehler, 401: Fehler, 403: Fehler, 404: Fehler, 409: Fehler, 422: Fehler}

# HTTP-Status je Fehlerklasse der Gesprächsdienste; der Code selbst geht unverändert hinaus.
# Fehlende Rechte (KeinZugriff, eine PermissionDenied) beantwortet app.py mit 403 keine_berechtigung.
STATUS: dict[type[GespraechFehler], int] = {Abgelehnt: 422, Konflikt: 409}


def als_api_fehler(fehler: GespraechFehler) -> ApiFehler:
    """Übersetzt einen Fehler der Gesprächsdienste nach seiner Klasse (registriert in app.py)."""
    status = next((STATUS[k] for k in type(fehler).__mro__ if k in STATUS), 400)
    return ApiFehler(status, fehler.code, fehler.meldung)


class KontaktStart(Schema):
    leitfaden_id: str
    kundennummer: str | None = None
    standort: str | None = None


class Antwort(Schema):
    fakt: str
    wert: Any


class Zurueck(Schema):
    fakt: str


class TerminWahl(Schema):
    fakt: str
    wert: Any
    agentur: str = ""         # leer oder wie bisher: gewöhnliche Antwort; sonst zuerst die Agentur ändern


class Abschluss(Schema):
    vermerk: str


class Wahl(Schema):
    wert: str
    label: str


class WegpunktAntwort(Schema):
    art: str
    text: str
    antwort: str = ""
    fakt: str = ""


class Vorhaben(Schema):
    was: str
    system: str
    werte: list[tuple[str, str]]
    zeichen: str                     # an /bestaetigen zurückgeben: bestätigt genau diese Werte


class Bestaetigung(Schema):
    zeichen: str = ""


class KontaktStand(Schema):
    kontakt_id: uuid.UUID
    status: str                      # offen | abgeschlossen
    art: str                         # frage | bestaetigung | ende | stoerung
    leitfaden_id: str
    titel: str
    stand: dt.date
    weisung: str
    fakt: str
    frage: str
    text: str
    regel: str
    optionen: list[Wahl]
    eingabe: str
    sagen: list[str]
    erledigt: list[WegpunktAntwort]
    weg: list[WegpunktAntwort]
    ergebnis: str
    ergebnis_text: str
    vermerk: str
    meldung: str
    identitaet_geprueft: bool
    kunde: dict[str, Any] | None     # erst nach bestätigter Identität
    vorhaben: Vorhaben | None = None  # bei art "bestaetigung": was die Aktion tun wird

    @classmethod
    def aus(cls, a: Ansicht) -> KontaktStand:
        """Die Felder der Ansicht gleichen Namens; eigens übersetzt nur, was keine Zeichenkette ist."""
        def punkte(liste: list[Wegpunkt]) -> list[WegpunktAntwort]:
            return [WegpunktAntwort(**dataclasses.asdict(w)) for w in liste]

        eigens: dict[str, Any] = {
            "kontakt_id": a.kontakt.pk, "status": a.kontakt.status,
            "optionen": [Wahl(wert=o.wert, label=o.label) for o in a.optionen],
            "erledigt": punkte(a.erledigt), "weg": punkte(a.weg),
            "kunde": dataclasses.asdict(a.kunde) if a.kunde else None,
            "vorhaben": Vorhaben(was=a.vorhaben.was, system=a.vorhaben.system, werte=a.vorhaben.werte,
                                 zeichen=a.vorhaben.zeichen) if a.vorhaben else None}
        return cls(**eigens, **{f: getattr(a, f) for f in cls.model_fields if f not in eigens})


class FreieTermine(Schema):
    """Die freien Zeitfenster der anstehenden Terminfrage (wie der Filter über der Frage auf der Seite)."""

    agentur: str                     # deren Kalender angeboten wird ("" bei einem Cluster-Kalender)
    agentur_waehlbar: bool           # False: die Agentur ist bei dieser Frage fest
    vorschlaege: list[str]
    tag: dt.date | None
    fehler: str                      # abgelehnte Agentur, mit Grund ("" ohne Fehler)
    optionen: list[Wahl]


def _kontakt(kontakt_id: uuid.UUID) -> Kontakt:
    kontakt = gespraech_queries.kontakt(kontakt_id)
    if kontakt is None:
        raise nicht_gefunden(f"Unbekannter Kontakt: {kontakt_id}")
    return kontakt


@router.post("/kontakte", response={201: KontaktStand, **FEHLER}, summary="Kontakt nach einem Leitfaden starten")
def starten(request: HttpRequest, daten: KontaktStart) -> Status[KontaktStand]:
    if queries.leitfaden(daten.leitfaden_id) is None:
        raise nicht_gefunden(f"Unbekannter Leitfaden: {daten.leitfaden_id}")
    kontakt = services.kontakt_starten(request.user, daten.leitfaden_id, daten.kundennummer, daten.standort)
    return Status(201, KontaktStand.aus(services.kontakt_stand(request.user, kontakt)))


@router.get("/kontakte/{kontakt_id}", response={200: KontaktStand, **FEHLER},
            summary="Stand eines Kontakts: anstehende Frage oder Ende, Weg, Kundendaten")
def stand(request: HttpRequest, kontakt_id: uuid.UUID) -> KontaktStand:
    return KontaktStand.aus(services.kontakt_stand(request.user, _kontakt(kontakt_id)))


@router.post("/kontakte/{kontakt_id}/antwort", response={200: KontaktStand, **FEHLER},
             summary="Die anstehende Frage beantworten")
def beantworten(request: HttpRequest, kontakt_id: uuid.UUID, daten: Antwort) -> KontaktStand:
    return KontaktStand.aus(services.kontakt_beantworten(request.user, _kontakt(kontakt_id), daten.fakt,
                                                         daten.wert))


@router.get("/kontakte/{kontakt_id}/termine", response={200: FreieTermine, **FEHLER},
            summary="Freie Termine der anstehenden Terminfrage, gefiltert nach Agentur und ab Tag (liest nur)")
def termine(request: HttpRequest, kontakt_id: uuid.UUID, agentur: str = "", tag: dt.date | None = None) -> FreieTermine:
    kontakt = _kontakt(kontakt_id)
    services.kontakt_stand(request.user, kontakt)          # dieselben Rechte und dasselbe Protokoll wie der Stand
    ergebnis = terminfilter.termine_filtern(kontakt, agentur, tag)
    if ergebnis is None:
        raise ApiFehler(409, "keine_terminfrage", "Es steht keine Frage nach einem freien Termin an.")
    f, optionen = ergebnis
    return FreieTermine(agentur=f.agentur, agentur_waehlbar=f.agentur_waehlbar, vorschlaege=f.vorschlaege, tag=f.tag,
                        fehler=f.fehler, optionen=[Wahl(wert=formwert(o.wert), label=o.label) for o in optionen])


@router.post("/kontakte/{kontakt_id}/termin", response={200: KontaktStand, **FEHLER},
             summary="Einen freien Termin wählen, auch einer anderen Agentur (wie der Terminfilter der Seite)")
def termin(request: HttpRequest, kontakt_id: uuid.UUID, daten: TerminWahl) -> KontaktStand:
    return KontaktStand.aus(terminfilter.termin_waehlen(request.user, _kontakt(kontakt_id), daten.fakt,
                                                        daten.agentur, daten.wert))


@router.post("/kontakte/{kontakt_id}/bestaetigen", response={200: KontaktStand, **FEHLER},
             summary="Die angezeigte ändernde Aktion bestätigen (erst dann läuft sie im Fachverfahren)")
def bestaetigen(request: HttpRequest, kontakt_id: uuid.UUID, daten: Bestaetigung) -> KontaktStand:
    return KontaktStand.aus(services.kontakt_bestaetigen(request.user, _kontakt(kontakt_id), daten.zeichen))


@router.post("/kontakte/{kontakt_id}/weiter", response={200: KontaktStand, **FEHLER},
             summary="Nach einer Störung: anstehende Abfragen und Aktionen erneut versuchen")
def weiter(request: HttpRequest, kontakt_id: uuid.UUID) -> KontaktStand:
    return KontaktStand.aus(services.kontakt_weiter(request.user, _kontakt(kontakt_id)))


@router.post("/kontakte/{kontakt_id}/zurueck", response={200: KontaktStand, **FEHLER},
             summary="Zu einer früheren Frage zurückgehen (spätere Antworten entfallen)")
def zurueck(request: HttpRequest, kontakt_id: uuid.UUID, daten: Zurueck) -> KontaktStand:
    return KontaktStand.aus(services.kontakt_zurueck(request.user, _kontakt(kontakt_id), daten.fakt))


@router.post("/kontakte/{kontakt_id}/abschluss", response={200: KontaktStand, **FEHLER},
             summary="Kontakt mit Vermerk abschließen")
def abschliessen(request: HttpRequest, kontakt_id: uuid.UUID, daten: Abschluss) -> KontaktStand:
    kontakt = services.kontakt_abschliessen(request.user, _kontakt(kontakt_id), daten.vermerk)
    return KontaktStand.aus(services.kontakt_stand(request.user, kontakt))
