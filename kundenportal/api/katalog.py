"""Katalog-Endpunkte: geltende Fassung, Fassungen, Diff, Suche, Änderungsübersicht einer Weisung.
Für alle Angemeldeten; die Suche nur über die Kanäle der Rolle (wie die Seite /suche/)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from kundenportal import zeit
from kundenportal.katalog import queries
from kundenportal.konten.zugriff import darf_katalog_sehen, kanaele_fuer, standort_fuer
from kundenportal.leitfaden.diff import diff, diff_text
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Leitfaden
from kundenportal.leitfaden.weisung import aenderungsuebersicht, geaenderte_fassungen

from .fehler import Fehler, keine_berechtigung, nicht_gefunden, ungueltig
from .schemas import DiffAntwort, FassungKurz, FassungVoll, TrefferAntwort, WeisungAntwort, WeisungsAenderung

router = Router(tags=["Katalog"])
FEHLER: dict[int, type[Schema]] = {400: Fehler, 401: Fehler, 403: Fehler, 404: Fehler}


def _leitfaden(request: HttpRequest, leitfaden_id: str) -> Leitfaden:
    if not darf_katalog_sehen(request.user):
        raise keine_berechtigung("Der Katalog ist nur für angemeldete Benutzer.")
    lf = queries.leitfaden(leitfaden_id)
    if lf is None:
        raise nicht_gefunden(f"Unbekannter Leitfaden: {leitfaden_id}")
    return lf


def _fassung(lf: Leitfaden, stand: dt.date) -> Fassung:
    f = lf.fassung(stand)
    if f is None:
        staende = ", ".join(x.stand.isoformat() for x in lf.fassungen)
        raise nicht_gefunden(f"{lf.id}: keine Fassung mit Stand {stand.isoformat()} (vorhanden: {staende})")
    return f


@router.get("/leitfaeden/{leitfaden_id}/gueltig", response={200: FassungVoll, **FEHLER},
            summary="Die Fassung, die am Datum am Standort gilt")
def gueltige_fassung(request: HttpRequest, leitfaden_id: str, datum: dt.date | None = None,
                     standort: str | None = None) -> FassungVoll:
    _leitfaden(request, leitfaden_id)
    am = datum or zeit.heute()
    f = aufloesen(queries.katalog(), leitfaden_id, am, standort)
    if f is None:
        ort = f" in {standort}" if standort else ""
        raise nicht_gefunden(f"{leitfaden_id}: keine Fassung gilt am {am:%d.%m.%Y}{ort}")
    return FassungVoll.voll(f, queries.katalog().leitfaeden[f.leitfaden_id].kopf.titel)


@router.get("/leitfaeden/{leitfaden_id}/fassungen", response={200: list[FassungKurz], **FEHLER},
            summary="Fassungen eines Leitfadens (seitenweise: grenze, ab; Gesamtzahl im Header X-Gesamtzahl)")
def fassungen(request: HttpRequest, response: HttpResponse, leitfaden_id: str,
              grenze: int = 100, ab: int = 0) -> list[FassungKurz]:
    if not 1 <= grenze <= 500 or ab < 0:
        raise ungueltig("grenze: zwischen 1 und 500; ab: 0 oder mehr")
    alle = _leitfaden(request, leitfaden_id).fassungen
    response["X-Gesamtzahl"] = str(len(alle))
    return [FassungKurz.aus(f) for f in alle[ab:ab + grenze]]


@router.get("/leitfaeden/{leitfaden_id}/fassungen/{stand}", response={200: FassungVoll, **FEHLER},
            summary="Eine Fassung mit ihren Schritten")
def fassung(request: HttpRequest, leitfaden_id: str, stand: dt.date) -> FassungVoll:
    lf = _leitfaden(request, leitfaden_id)
    return FassungVoll.voll(_fassung(lf, stand), lf.kopf.titel)


@router.get("/leitfaeden/{leitfaden_id}/diff", response={200: DiffAntwort, **FEHLER},
            summary="Unterschied zweier Fassungen, Schritt für Schritt")
def vergleich(request: HttpRequest, leitfaden_id: str, alt: dt.date, neu: dt.date) -> DiffAntwort:
    lf = _leitfaden(request, leitfaden_id)
    a, n = _fassung(lf, alt), _fassung(lf, neu)
    return DiffAntwort.aus(diff(a, n), diff_text(queries.katalog(), a, n))


class SuchParameter(Schema):
    q: str
    datum: dt.date | None = None
    standort: str | None = None
    grenze: int = 20
    ab: int = 0


@router.get("/suche", response={200: list[TrefferAntwort], **FEHLER},
            summary="Anliegen suchen (Titel, Schlagwörter, Schritttexte; nur Kanäle der Rolle; seitenweise: "
                    "grenze, ab)")
def suche(request: HttpRequest, p: Query[SuchParameter]) -> list[TrefferAntwort]:
    if not 1 <= p.grenze <= 100:
        raise ungueltig("grenze: zwischen 1 und 100")
    if not 0 <= p.ab <= 1000:
        raise ungueltig("ab: zwischen 0 und 1000")
    standort = p.standort or standort_fuer(request.user)
    treffer = queries.suchen(p.q, p.datum or zeit.heute(), standort, kanaele_fuer(request.user), p.ab + p.grenze)
    return [TrefferAntwort.aus(t) for t in treffer[p.ab:]]


@router.get("/weisungen/{nummer}", response={200: WeisungAntwort, **FEHLER},
            summary="Änderungsübersicht einer Weisung")
def weisung(request: HttpRequest, nummer: str) -> WeisungAntwort:
    if not darf_katalog_sehen(request.user):
        raise keine_berechtigung("Der Katalog ist nur für angemeldete Benutzer.")
    k = queries.katalog()
    w = k.weisungen.get(nummer)
    if w is None:
        raise nicht_gefunden(f"Unbekannte Weisung: {nummer}")
    aenderungen = []
    for neu, alt in geaenderte_fassungen(k, nummer):
        arten = [s.art for s in diff(alt, neu).schritte] if alt else []
        aenderungen.append(WeisungsAenderung(
            leitfaden_id=neu.leitfaden_id, alter_stand=alt.stand if alt else None, neuer_stand=neu.stand,
            gueltig_ab=neu.gueltig_ab, neu=arten.count("neu"), geaendert=arten.count("geaendert"),
            entfallen=arten.count("entfallen")))
    return WeisungAntwort(nummer=w.nummer, titel=w.titel, datum=w.datum, gueltig_ab=w.gueltig_ab,
                          kopf={str(k): str(v) for k, v in w.kopf.items()}, aenderungen=aenderungen,
                          text=aenderungsuebersicht(k, nummer))
