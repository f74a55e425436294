"""REST-API der Anlagen 5 und 7 (dieselben Zahlen wie die Seiten; domain.md A12). Nur die Teamleitung, und nur
mit den Zahlen ihrer Kanäle (konten.zugriff.kennzahl_kanaele): ein fremder `kanal` ist eine 403 mit dem Grund.
Fehlt `von` oder `bis`, gilt dieselbe Ergänzung wie auf den Seiten (kennzahlen.zeitraum_ergaenzen); ein Datum
außerhalb von 2000–2100 ist eine 400 mit Meldung."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from kundenportal.konten import zugriff

from . import kontaktliste
from .anlage7 import anlage7
from .kennzahlen import Zeitraum, ZeitraumFehler, anlage5_der_teamleitung, zeitraum_ergaenzen
from .services import ANLAGE5_NUR_SGB3, KeinZugriff, fremder_kanal, kanaele_text, kanal_pruefen, zustaendig

router = Router(tags=["Führungsprozesse"])


class Fehler(Schema):
    code: str
    meldung: str


class _Abgelehnt(Exception):
    def __init__(self, status: int, code: str, meldung: str) -> None:
        super().__init__(meldung)
        self.status, self.fehler = status, Fehler(code=code, meldung=meldung)
FEHLER: dict[int, type[Schema]] = {400: Fehler, 401: Fehler, 403: Fehler}


class Filter(Schema):
    """Die Filter der Seiten, mit denselben Namen und Werten; die Beschreibungen stehen im Schema (/api/schema/)."""

    von: dt.date | None = Field(None, description=(
        "Beginn (JJJJ-MM-TT). Fehlt er: der Erste des dritten Monats vor `bis`; fehlen beide: 2020-02-01."))
    bis: dt.date | None = Field(None, description=(
        "Ende (JJJJ-MM-TT). Fehlt es: das Ende des dritten Monats ab `von`; fehlen beide: 2020-04-30."))
    standort: str | None = Field(None, description=(
        "Ein Standort (Agentur, etwa „Nürnberg“); leer: alle Standorte. Ist einer gewählt und `gruppe` leer, zählt "
        "nur seine Standortgruppe (Pilotstandort oder nicht) — in der Anlage 5 wie auf der Seite und in der CSV: "
        "die Werte tragen nur die Spalten dieser Gruppe, `gruppe` in der Antwort nennt sie."))
    gruppe: str = Field("", description=(
        "Standortgruppe: leer (Pilot- und andere Standorte), `pilot` oder `andere`. Widerspricht sie dem "
        "Standort, ist das eine 400 mit Meldung."))
    phase: str = Field("", description="Zeit zur Weisung: leer (vor und ab dem 20.03.2020), `vor` oder `ab`.")
    kanal: str = Field("", description=(
        "Ein Kanal der Teamleitung: leer (alle eigenen), `ez`, `sc3`, `emb`, `eservice` (Anlage 5: nur Kanäle des "
        "SGB III); ein fremder Kanal ist eine 403."))


class KennzahlZeile(Schema):
    kennzahl: str
    titel: str
    einheit: str
    werte: dict[str, float | None]
    hinweis: str = ""               # etwa: erst in einer späteren Fassung der Anlage 5 geführt


class Spalte(Schema):
    schluessel: str = Field(description=(
        "Der Schlüssel der Spalte in `werte` jeder Kennzahl: der Name der Vergleichsgruppe (etwa „Andere Standorte "
        "vor dem 20.03.2020“) — bleibt gleich, auch mit gewähltem Standort."))
    gruppe: str = Field(description="Die Standortgruppe der Spalte: `pilot` oder `andere`.")
    phase: str = Field(description="Die Zeit zur Weisung: `vor` oder `ab` (dem 20.03.2020).")
    name: str = Field(description=(
        "Die Überschrift der Spalte wie auf der Seite und in der CSV: mit gewähltem Standort nach ihm („Nürnberg "
        "vor dem 20.03.2020“), sonst der Name der Vergleichsgruppe."))


class Anlage5Antwort(Schema):
    von: dt.date
    bis: dt.date
    standort: str | None
    # die gezählte Standortgruppe: die gewählte, bei einem Standort ohne Wahl seine (wie Seite und CSV); "" beide
    gruppe: str = Field(description="Die gezählte Standortgruppe: `pilot`, `andere` oder leer (beide). Bei einem "
                                    "Standort ohne `gruppe` die seine, wie auf der Seite und in der CSV.")
    phase: str
    spalten: list[Spalte] = Field(description=(
        "Die Spalten der Kennzahlen in ihrer Reihenfolge: `schluessel` in `werte`, Standortgruppe, Zeit zur Weisung "
        "und `name`, die Überschrift wie auf der Seite und in der CSV (mit gewähltem Standort nach ihm)."))
    kennzahlen: list[KennzahlZeile]
    je_anliegen: list[dict[str, object]]
    # Mails (nicht Gespräche) in der Warteschlange am Ende des Zeitraums, im ganzen Kundenpostfach (es hat keinen
    # Standort); null, wenn der Kanalfilter die E-Mail-Bearbeitung ausschließt.
    email_rueckstand_mails: int | None


class RegelAntwort(Schema):
    regel: str
    titel: str
    leitfaeden: list[str]
    kanaele: list[str]                              # die Kanäle, an denen die Anlage 7 die Regel misst
    # False: die Regel misst keinen Kanal der Teamleitung — dann ohne Zahlen und QS-Quoten (leere Angaben), und
    # `hinweis` sagt, wer ihre Zahlen sieht.
    gezaehlt: bool = True
    hinweis: str = ""
    kontakte: dict[str, int]
    umgesetzt_prozent: dict[str, float | None]      # Anteil der Wege über die Schritte der Regel je Gruppe
    auf_weisung_prozent: dict[str, float | None]    # ab dem Tag: Anteil auf Fassungen der Weisung
    qs: list[dict[str, object]]
    massnahmen: list[str]


def _zeitraum(request: HttpRequest, f: Filter) -> Zeitraum:
    if not zugriff.darf_kennzahlen_sehen(request.user):
        raise _Abgelehnt(403, "keine_berechtigung", "Die Anlagen der Führungsprozesse sieht die Teamleitung.")
    try:
        z = Zeitraum(*zeitraum_ergaenzen(f.von, f.bis), f.standort or None, f.gruppe, f.phase, f.kanal).pruefen()
    except ZeitraumFehler as fehler:
        raise _Abgelehnt(400, "ungueltige_anfrage", str(fehler)) from None
    eigene = zugriff.kennzahl_kanaele(request.user)
    if z.kanal and z.kanal not in eigene:        # wie die Seiten: ein fremder Kanal ist kein Zugriff
        raise _Abgelehnt(403, "keine_berechtigung", fremder_kanal(z.kanal, eigene))
    return z


@router.get("/anlage5", response={200: Anlage5Antwort, **FEHLER}, summary="Anlage 5: Steuerungsübersicht")
def anlage5_api(request: HttpRequest, f: Query[Filter]) -> Anlage5Antwort | Status[Fehler]:
    """Dieselben Zahlen wie die Seite /fuehrung/anlage-5/ und ihre CSV unter denselben Filtern, aus derselben
    Rechnung: ein gewählter Standort zählt nur seine Standortgruppe."""
    try:
        z = _zeitraum(request, f)
        if not zugriff.darf_anlage5_sehen(request.user):
            raise _Abgelehnt(403, "keine_berechtigung", ANLAGE5_NUR_SGB3)
        kanal_pruefen(request.user, z.kanal)
    except _Abgelehnt as a:
        return Status(a.status, a.fehler)
    except KeinZugriff as grund:
        return Status(403, Fehler(code="keine_berechtigung", meldung=grund.meldung))
    _, b = anlage5_der_teamleitung(z, kontaktliste.kanaele_der_teamleitung(request.user))   # wie Seite und CSV
    # `werte` behält die Schlüssel der Vergleichsgruppe (der Vertrag mit den Clients); die Überschriften nennen wie
    # Seite und CSV den gewählten Standort (Bericht.spalten_namen, eine Quelle)
    namen, z = b.segment_namen, b.zeitraum
    spalten = [Spalte(schluessel=schluessel, gruppe=gruppe, phase="ab" if nach else "vor", name=name)
               for schluessel, (gruppe, nach), name in zip(namen, b.segmente, b.spalten_namen, strict=True)]
    return Anlage5Antwort(
        von=z.von, bis=z.bis, standort=z.standort, gruppe=z.gruppe, phase=z.phase, spalten=spalten,
        kennzahlen=[KennzahlZeile(kennzahl=zl.kennzahl, titel=zl.titel, einheit=zl.einheit,
                                  werte=dict(zip(namen, zl.werte, strict=True)), hinweis=zl.hinweis) for zl in b.zeilen],
        je_anliegen=[{"leitfaden": lf, "titel": t, "stand": st.isoformat(), "pilotstandorte": p, "andere": a}
                     for lf, t, st, p, a in b.je_anliegen],
        email_rueckstand_mails=b.rueckstand_mails)


@router.get("/anlage7", response={200: list[RegelAntwort], **FEHLER}, summary="Anlage 7: Umsetzungsdialog")
def anlage7_api(request: HttpRequest, f: Query[Filter]) -> list[RegelAntwort] | Status[Fehler]:
    try:
        z = _zeitraum(request, f)
    except _Abgelehnt as a:
        return Status(a.status, a.fehler)
    gruppen = ("Pilotstandorte vor", "Pilotstandorte ab", "Andere vor", "Andere ab")
    zeilen = anlage7(z, kanaele=zugriff.kennzahl_kanaele(request.user), qs_kanaele=zugriff.qs_kanaele(request.user),
                     blind_fuer=request.user)
    return [RegelAntwort(regel=r.regel, titel=r.titel, leitfaeden=list(r.leitfaeden), kanaele=list(r.kanaele),
                         gezaehlt=r.gezaehlt,
                         hinweis="" if r.gezaehlt else (f"Die Regel misst Kontakte der Kanäle {kanaele_text(r.kanaele)}, "
                                                        f"nicht Ihrer Kanäle; die Zahlen dazu sieht "
                                                        f"{zustaendig(r.kanaele)}."),
                         kontakte=dict(zip(gruppen, r.kontakte, strict=True)) if r.gezaehlt else {},
                         umgesetzt_prozent=dict(zip(gruppen, r.umgesetzt, strict=True)) if r.gezaehlt else {},
                         auf_weisung_prozent=({"Pilotstandorte": r.auf_weisung[0], "Andere Standorte": r.auf_weisung[1]}
                                              if r.gezaehlt else {}),
                         qs=[{"kriterium": q.kriterium, "text": q.text, "erfuellt": q.erfuellt, "bewertet": q.bewertet}
                             for q in r.qs],
                         massnahmen=[m.text for m in r.massnahmen])
            for r in zeilen]
