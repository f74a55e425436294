"""REST-Endpunkte der Redaktion (Tag "Redaktion"): Entwürfe (anlegen aus einer Basisfassung mit
YAML-Inhalt, ändern mit Version, Befunde), Freigabepakete (anlegen, Entwürfe aufnehmen, Tor,
einreichen, freigeben, zurückweisen, zurückrufen), Änderungshinweise (lesen, bestätigen).
Dieselben Dienste wie die Seiten; Fehler als {code, meldung}."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from kundenportal import zeit
from kundenportal.redaktion import queries
from kundenportal.redaktion.hinweise import betrifft, offene_eintraege
from kundenportal.redaktion.models import Aenderungshinweis, Entwurf, Freigabepaket, Katalogdatei
from kundenportal.redaktion.services.entwurf import (
    EntwurfFehler,
    Konflikt,
    entwurf_beginnen,
    entwurf_speichern,
)
from kundenportal.redaktion.services.freigabe import (
    entwurf_zuordnen,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    paket_zurueckrufen,
    paket_zurueckweisen,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.hinweise import hinweis_bestaetigen
from kundenportal.redaktion.zugriff import darf_redaktion_sehen, darf_redigieren

from .fehler import ApiFehler, Fehler, keine_berechtigung, nicht_gefunden

router = Router(tags=["Redaktion"])
FEHLER: dict[int, type[Schema]] = {400: Fehler, 401: Fehler, 403: Fehler, 404: Fehler, 409: Fehler}


class Befund(Schema):
    datei: str
    zeile: int
    feld: str
    meldung: str
    schritt: str


class EntwurfAntwort(Schema):
    id: int
    leitfaden: str
    version: int
    basis: str | None
    paket: int | None
    text: str
    befunde: list[Befund]

    @staticmethod
    def aus(e: Entwurf) -> EntwurfAntwort:
        return EntwurfAntwort(id=e.pk, leitfaden=e.leitfaden_id, version=e.version,
                              basis=e.basis.schluessel if e.basis else None, paket=e.paket_id, text=e.text,
                              befunde=[Befund(**{k: b.get(k, "" if k != "zeile" else 0) for k in Befund.model_fields})
                                       for b in e.befunde])


class EntwurfNeu(Schema):
    basis_leitfaden: str
    basis_stand: dt.date
    stand: dt.date
    text: str | None = None


class EntwurfAenderung(Schema):
    text: str
    version: int


class Geltungsbereich(Schema):
    """Standortregeln: Verbünde (Kennungen) und Agenturen (Namen) aus standorte.yaml; leer = überall."""

    verbuende: list[str] = []
    agenturen: list[str] = []


class PaketNeu(Schema):
    weisung: str
    titel: str
    datum: dt.date
    stand: str = ""
    gueltig_ab: dt.date | None = None
    gueltig_bis: dt.date | None = None
    geltungsbereich: Geltungsbereich | None = None


class PaketAntwort(Schema):
    id: int
    weisung: str
    titel: str
    status: str
    gueltig_ab: dt.date | None
    autor: str
    pruefer: str | None
    kommentar: str
    entwuerfe: list[int]
    tor: dict[str, Any]

    @staticmethod
    def aus(p: Freigabepaket) -> PaketAntwort:
        return PaketAntwort(id=p.pk, weisung=p.weisung, titel=p.titel, status=p.status, gueltig_ab=p.gueltig_ab,
                            autor=p.autor.get_username(), pruefer=p.pruefer.get_username() if p.pruefer else None,
                            kommentar=p.kommentar, entwuerfe=list(p.entwuerfe.values_list("pk", flat=True)), tor=p.tor)


class Zuordnung(Schema):
    entwurf: int


class EntwurfImPaket(Schema):
    """Der aufgenommene Entwurf, wie er jetzt im Paket steht (ohne Text; den liest GET /entwuerfe/{id})."""

    id: int
    leitfaden: str
    version: int
    paket: int


class AufnahmeAntwort(PaketAntwort):
    """Das Paket nach dem Aufnehmen, dazu der aufgenommene Entwurf und die Meldung wie auf der Seite des Pakets."""

    entwurf: EntwurfImPaket
    meldung: str


class Freigabe(Schema):
    gueltig_ab: dt.date
    kommentar: str = ""


class Kommentar(Schema):
    kommentar: str


class HinweisAntwort(Schema):
    id: int
    leitfaden: str
    gilt_ab: dt.date
    text: str


STATUS = {"vier_augen": 403, "keine_berechtigung": 403, "kommentar_fehlt": 400, "datum_vergangen": 400,
          "ordner_ungueltig": 400, "standort_unbekannt": 400, "weisung_unbekannt": 400,
          "weisung_abweichend": 400, "stand_zu_frueh": 400, "ordner_vergeben": 400, "text_zu_lang": 400,
          "kopf_zu_lang": 400, "datum_ausserhalb": 400}


def _fehler(f: EntwurfFehler) -> ApiFehler:
    """Konflikt (409) für Zustände (veraltete Version, Tor rot, Paket gesperrt), 403 für Vier-Augen."""
    return ApiFehler(409 if isinstance(f, Konflikt) else STATUS.get(f.code, 409), f.code, f.meldung)


def _redaktion(request: HttpRequest, schreiben: bool = False) -> None:
    if not (darf_redigieren(request.user) if schreiben else darf_redaktion_sehen(request.user)):
        raise keine_berechtigung("Nur für die Redaktion" + ("." if schreiben else " und die Freigabe."))


def _entwurf(pk: int) -> Entwurf:
    e = queries.entwurf(pk)
    if e is None:
        raise nicht_gefunden(f"Entwurf {pk} gibt es nicht.")
    return e


def _paket(pk: int) -> Freigabepaket:
    p = queries.paket(pk)
    if p is None:
        raise nicht_gefunden(f"Freigabepaket {pk} gibt es nicht.")
    return p


@router.get("/entwuerfe", response={200: list[EntwurfAntwort], **FEHLER}, summary="Alle Entwürfe")
def entwuerfe(request: HttpRequest) -> list[EntwurfAntwort]:
    _redaktion(request)
    return [EntwurfAntwort.aus(e) for e in queries.entwuerfe()]


@router.post("/entwuerfe", response={201: EntwurfAntwort, **FEHLER},
             summary="Entwurf aus einer veröffentlichten Fassung (optional gleich mit YAML-Inhalt)")
def entwurf_anlegen(request: HttpRequest, daten: EntwurfNeu) -> Status[EntwurfAntwort]:
    _redaktion(request, schreiben=True)
    basis = Katalogdatei.objects.filter(art=Katalogdatei.FASSUNG, status=Katalogdatei.VEROEFFENTLICHT,
                                        leitfaden_id=daten.basis_leitfaden, stand=daten.basis_stand).first()
    if basis is None:
        raise nicht_gefunden(f"basis: keine veröffentlichte Fassung {daten.basis_leitfaden}@{daten.basis_stand}")
    katalog = queries.katalog_aus_datenbank()
    e = entwurf_beginnen(request.user, katalog, basis=basis, stand=daten.stand)
    if daten.text is not None:
        e, _ = entwurf_speichern(request.user, e.pk, katalog, text=daten.text, version=e.version)
    return Status(201, EntwurfAntwort.aus(e))


@router.get("/entwuerfe/{pk}", response={200: EntwurfAntwort, **FEHLER}, summary="Entwurf mit Befunden")
def entwurf_lesen(request: HttpRequest, pk: int) -> EntwurfAntwort:
    _redaktion(request)
    return EntwurfAntwort.aus(_entwurf(pk))


@router.get("/entwuerfe/{pk}/befunde", response={200: list[Befund], **FEHLER}, summary="Befunde der letzten Prüfung")
def entwurf_befunde(request: HttpRequest, pk: int) -> list[Befund]:
    return entwurf_lesen(request, pk).befunde


@router.put("/entwuerfe/{pk}", response={200: EntwurfAntwort, **FEHLER},
            summary="Entwurf ändern (409 konflikt, wenn `version` nicht die gespeicherte ist)")
def entwurf_aendern(request: HttpRequest, pk: int, daten: EntwurfAenderung) -> EntwurfAntwort:
    _redaktion(request, schreiben=True)
    _entwurf(pk)
    try:
        e, _ = entwurf_speichern(request.user, pk, queries.katalog_aus_datenbank(), text=daten.text,
                                 version=daten.version)
    except EntwurfFehler as f:
        raise _fehler(f) from None
    return EntwurfAntwort.aus(e)


@router.post("/pakete", response={201: PaketAntwort, **FEHLER}, summary="Freigabepaket für eine Weisung anlegen")
def paket_neu(request: HttpRequest, daten: PaketNeu) -> Status[PaketAntwort]:
    _redaktion(request, schreiben=True)
    try:
        paket = paket_anlegen(request.user, **daten.model_dump(), nicht_vergangen=True)   # wie die Seite
    except EntwurfFehler as f:
        raise _fehler(f) from None
    return Status(201, PaketAntwort.aus(paket))


@router.get("/pakete/{pk}", response={200: PaketAntwort, **FEHLER}, summary="Freigabepaket mit Tor-Ergebnis")
def paket_lesen(request: HttpRequest, pk: int) -> PaketAntwort:
    _redaktion(request)
    return PaketAntwort.aus(_paket(pk))


def _schritt(request: HttpRequest, pk: int, tun: Any, schreiben: bool = False) -> PaketAntwort:
    _redaktion(request, schreiben=schreiben)
    _paket(pk)
    try:
        tun()
    except EntwurfFehler as f:
        raise _fehler(f) from None
    return PaketAntwort.aus(_paket(pk))


@router.post("/pakete/{pk}/entwuerfe", response={201: AufnahmeAntwort, 200: AufnahmeAntwort, **FEHLER},
             summary="Entwurf ins Paket aufnehmen (201 aufgenommen, 200 war schon im Paket)")
def paket_entwurf(request: HttpRequest, response: HttpResponse, pk: int, daten: Zuordnung) -> Status[AufnahmeAntwort]:
    """Antwortet mit dem Paket (wie GET /pakete/{pk}), dem aufgenommenen Entwurf (id, Version) und der Meldung.
    201 mit Location (das Paket), wenn der Entwurf jetzt aufgenommen wurde; 200, wenn er schon im Paket war —
    dann ändert sich nichts (auch das Ergebnis des Szenario-Tors bleibt)."""
    _redaktion(request, schreiben=True)
    schon = _entwurf(daten.entwurf).paket_id == _paket(pk).pk
    try:
        e = entwurf_zuordnen(request.user, pk, daten.entwurf)
    except EntwurfFehler as f:
        raise _fehler(f) from None
    meldung = (f"Entwurf {e.pk} ({e.leitfaden_id}) war schon im Paket." if schon
               else f"Entwurf {e.pk} ({e.leitfaden_id}) ins Paket aufgenommen.")
    antwort = AufnahmeAntwort(**PaketAntwort.aus(_paket(pk)).model_dump(), meldung=meldung,
                              entwurf=EntwurfImPaket(id=e.pk, leitfaden=e.leitfaden_id, version=e.version, paket=pk))
    if not schon:
        response["Location"] = reverse("api:paket_lesen", kwargs={"pk": pk})
    return Status(200 if schon else 201, antwort)


@router.post("/pakete/{pk}/tor", response={200: PaketAntwort, **FEHLER}, summary="Szenario-Tor ausführen")
def paket_tor(request: HttpRequest, pk: int) -> PaketAntwort:
    return _schritt(request, pk, lambda: tor_laufen_lassen(request.user, pk))


@router.post("/pakete/{pk}/einreichen", response={200: PaketAntwort, **FEHLER}, summary="Zur Freigabe einreichen")
def paket_einreichen_api(request: HttpRequest, pk: int) -> PaketAntwort:
    return _schritt(request, pk, lambda: paket_einreichen(request.user, pk), schreiben=True)


@router.post("/pakete/{pk}/freigeben", response={200: PaketAntwort, **FEHLER},
             summary="Freigeben mit Gültigkeitsdatum (Rolle Freigabe, nicht die Autorin/der Autor)")
def paket_freigeben_api(request: HttpRequest, pk: int, daten: Freigabe) -> PaketAntwort:
    return _schritt(request, pk, lambda: paket_freigeben(request.user, pk, gueltig_ab=daten.gueltig_ab,
                                                         kommentar=daten.kommentar))


@router.post("/pakete/{pk}/zurueckweisen", response={200: PaketAntwort, **FEHLER}, summary="Mit Kommentar zurückgeben")
def paket_zurueckweisen_api(request: HttpRequest, pk: int, daten: Kommentar) -> PaketAntwort:
    return _schritt(request, pk, lambda: paket_zurueckweisen(request.user, pk, daten.kommentar))


@router.post("/pakete/{pk}/zurueckrufen", response={200: PaketAntwort, **FEHLER},
             summary="Geplantes Paket vor dem Gültigkeitstag zurückrufen")
def paket_zurueckrufen_api(request: HttpRequest, pk: int) -> PaketAntwort:
    return _schritt(request, pk, lambda: paket_zurueckrufen(request.user, pk))


@router.get("/hinweise", response={200: list[HinweisAntwort], **FEHLER},
            summary="Gültige, noch nicht bestätigte Änderungshinweise der eigenen Kanäle")
def hinweise(request: HttpRequest) -> list[HinweisAntwort]:
    # je Leitfaden einer; mit unbestätigten Hinweisen davor deren Zusammenfassung (redaktion.hinweise.eintrag)
    return [HinweisAntwort(id=e.hinweis.pk, leitfaden=e.hinweis.leitfaden_id, gilt_ab=e.hinweis.gilt_ab, text=e.text)
            for e in offene_eintraege(request.user, zeit.heute())]


@router.post("/hinweise/{pk}/gelesen", response={204: None, **FEHLER}, summary="Lesen bestätigen")
def hinweis_gelesen(request: HttpRequest, pk: int) -> Status[None]:
    h = Aenderungshinweis.objects.filter(pk=pk).first()
    if h is None or not betrifft(request.user, h, zeit.heute()):
        raise nicht_gefunden(f"Änderungshinweis {pk} gibt es für Ihre Rolle nicht.")
    hinweis_bestaetigen(request.user, h.pk)
    return Status(204, None)
