"""Gesprächs-Endpunkte: Kontakt starten, Stand lesen, antworten, zurückgehen, abschließen.
Alles geht über `gespraech.services` — dieselben Rechte, dasselbe Protokoll wie die Seiten."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from kundenportal.gespraech import queries as gespraech_queries
from kundenportal.gespraech import services
from kundenportal.gespraech.ansicht import Ansicht, Wegpunkt
from kundenportal.gespraech.fehler import GespraechFehler, KeinZugriff
from kundenportal.gespraech.models import Kontakt
from kundenportal.katalog import queries

from .fehler import ApiFehler, Fehler, keine_berechtigung, nicht_gefunden

router = Router(tags=["Gespräch"])
FEHLER: dict[int, type[Schema]] = {400: Fehler, 401: Fehler, 403: Fehler, 404: Fehler, 409: Fehler, 422: Fehler}

# HTTP-Status je Code der Gesprächsdienste; der Code selbst geht unverändert hinaus.
STATUS = {"antwort_abgelehnt": 422, "kunde_unbekannt": 422, "nicht_gueltig": 422, "vermerk_leer": 400,
          "abgeschlossen": 409, "frage_steht_nicht_an": 409, "lauf_fehler": 409}


def als_api_fehler(fehler: GespraechFehler) -> ApiFehler:
    """Übersetzt einen Fehler der Gesprächsdienste (registriert in app.py für alle Endpunkte)."""
    if isinstance(fehler, KeinZugriff):
        return keine_berechtigung(fehler.meldung)
    status = STATUS.get(fehler.code, 409 if fehler.code.startswith("system_") else 400)
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


class KontaktStand(Schema):
    kontakt_id: uuid.UUID
    status: str                      # offen | abgeschlossen
    art: str                         # frage | ende | stoerung
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

    @classmethod
    def aus(cls, a: Ansicht) -> KontaktStand:
        def punkte(liste: list[Wegpunkt]) -> list[WegpunktAntwort]:
            return [WegpunktAntwort(**dataclasses.asdict(w)) for w in liste]

        return cls(kontakt_id=a.kontakt.pk, status=a.kontakt.status, art=a.art, leitfaden_id=a.leitfaden_id,
                   titel=a.titel, stand=a.stand, weisung=a.weisung, fakt=a.fakt, frage=a.frage, text=a.text,
                   regel=a.regel, optionen=[Wahl(wert=o.wert, label=o.label) for o in a.optionen],
                   eingabe=a.eingabe, sagen=a.sagen, erledigt=punkte(a.erledigt), weg=punkte(a.weg),
                   ergebnis=a.ergebnis, ergebnis_text=a.ergebnis_text, vermerk=a.vermerk, meldung=a.meldung,
                   identitaet_geprueft=a.identitaet_geprueft,
                   kunde=dataclasses.asdict(a.kunde) if a.kunde else None)


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


@router.post("/kontakte/{kontakt_id}/zurueck", response={200: KontaktStand, **FEHLER},
             summary="Zu einer früheren Frage zurückgehen (spätere Antworten entfallen)")
def zurueck(request: HttpRequest, kontakt_id: uuid.UUID, daten: Zurueck) -> KontaktStand:
    return KontaktStand.aus(services.kontakt_zurueck(request.user, _kontakt(kontakt_id), daten.fakt))


@router.post("/kontakte/{kontakt_id}/abschluss", response={200: KontaktStand, **FEHLER},
             summary="Kontakt mit Vermerk abschließen")
def abschliessen(request: HttpRequest, kontakt_id: uuid.UUID, daten: Abschluss) -> KontaktStand:
    kontakt = services.kontakt_abschliessen(request.user, _kontakt(kontakt_id), daten.vermerk)
    return KontaktStand.aus(services.kontakt_stand(request.user, kontakt))
