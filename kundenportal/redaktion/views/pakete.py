"""Seiten eines Freigabepakets: Metadaten, Entwürfe, Änderungsübersicht, Regelspur, Szenario-Tor,
Verhaltens-Diff, Einreichen, Freigeben oder Zurückweisen (Vier-Augen-Prinzip), Zurückrufen, Protokoll."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kundenportal.konten.services import zugriffe_protokollieren
from kundenportal.verdrahtung import systeme

from .. import queries
from ..ansicht import geltungsbereich_text
from ..forms import Freigeben, PaketAendern, PaketAnlegen, Zurueckweisen
from ..mitarbeit import bearbeitet_von, freigabe_verwehrt, verfasst
from ..models import Freigabepaket
from ..neue_weisung import KOPF
from ..optionen import aus_paket
from ..optionen import lesbar as optionen_lesbar
from ..paketkatalog import (
    Paketstand,
    freigegeben,
    offen_satz,
    offene_punkte,
    ohne_schritt_punkte,
    paket_katalog,
    regelspur_punkte,
)
from ..services.entwurf import EntwurfFehler, paketdaten_setzen
from ..services.freigabe import (
    einreichung_zurueckziehen,
    entwurf_zuordnen,
    paket_aendern,
    paket_anlegen,
    paket_einreichen,
    paket_fingerabdruck,
    paket_freigeben,
    paket_zurueckrufen,
    paket_zurueckweisen,
    tor_laufen_lassen,
)
from ..services.protokoll import einzelheiten
from ..services.weisung import weisung_zum_pruefen
from ..tor import ungedeckt_lesbar, weisung_im_text, zusammenfassung
from ..verhalten import lesbar, verhaltensdiff
from ..zugriff import darf_redaktion_sehen, darf_redigieren, hat_freigaberolle
from .arbeitsmittel import paket_kontext
from .entwuerfe import FEHLER_FELD, nicht_gefunden, uebersicht_seite

VERHALTEN_GRENZE = 200

# Fehler der Dienste am Feld, zu dem sie gehören (sonst über dem Formular) — dazu die der Freigabe.
PAKET_FEHLER_FELD = {**FEHLER_FELD, "weisung_unbekannt": "weisung", "datum_vergangen": "gueltig_ab",
                     "vor_weisung": "gueltig_ab", "vor_vorschlag": "gueltig_ab",
                     "tor_rot": "gueltig_ab", "kommentar_fehlt": "kommentar", "datum_ausserhalb": None,
                     "pfad_vergeben": None}


def _am_feld(form: forms.Form, fehler: EntwurfFehler) -> None:
    """Die Meldung eines Dienstes an das Feld, das sie betrifft; der Fokus geht dorthin (forms.FokusAufFehler)."""
    feld = PAKET_FEHLER_FELD.get(fehler.code)
    form.add_error(feld if feld in form.fields else None, fehler.meldung)


def _paket(request: HttpRequest, pk: int) -> Freigabepaket:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")
    p = queries.paket(pk)
    if p is None:
        raise Http404("Dieses Freigabepaket gibt es nicht.")
    return p


def _neue_weisung(p: Freigabepaket, katalog: Any) -> dict[str, Any] | None:
    """Die neue Weisung des Pakets für die Seite (Angaben, Regelpunkte); None, wenn sie im Katalog steht."""
    if p.weisung in katalog.weisungen and p.status != Freigabepaket.GEPLANT:
        return None
    if not p.neue_weisung:
        return {"erfasst": False} if p.weisung not in katalog.weisungen else None
    a = p.neue_weisung
    return {"erfasst": True, "titel": a.get("titel", ""), "datum": dt.date.fromisoformat(a["datum"]),
            "gueltig_ab": dt.date.fromisoformat(a["gueltig_ab"]), "geschaeftszeichen": a.get("geschaeftszeichen", ""),
            "bezug": a.get("bezug", ""), "kopf": [(KOPF[k], v) for k, v in (a.get("kopf") or {}).items() if k in KOPF],
            "regeln": a.get("regeln") or [], "veroeffentlicht": p.status == Freigabepaket.GEPLANT}


def _freigabe(request: HttpRequest, pk: int) -> Freigabepaket:
    """Freigeben und zurückweisen: nur die Rolle Freigabe (sonst 403). Wer die Rolle hat, aber am Paket mitgearbeitet
    hat, bekommt die Seite des Pakets mit dem Grund (`_verwehrt`) — nicht „gehört nicht zu Ihrer Rolle“."""
    p = _paket(request, pk)
    if not hat_freigaberolle(request.user):
        raise PermissionDenied("Freigeben und zurückweisen darf nur die Rolle Freigabe; Ihr Konto hat sie nicht.")
    return p


def _verwehrt(request: HttpRequest, p: Freigabepaket, grund: str) -> HttpResponse:
    """Die Seite des Pakets mit dem Grund, warum diese Person nicht freigeben oder zurückweisen darf (403)."""
    messages.error(request, grund)
    return paket_seite(request, p, status=403)


@login_required
@require_POST
def anlegen(request: HttpRequest) -> HttpResponse:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    katalog = queries.katalog_aus_datenbank()
    form = PaketAnlegen(request.POST, prefix="paket", standorte=katalog.standorte, weisungen=katalog.weisungen)
    if not form.is_valid():
        return uebersicht_seite(request, paket_form=form, status=400)
    try:
        p = paket_anlegen(request.user, **form.cleaned_data, nicht_vergangen=True)
    except EntwurfFehler as fehler:
        _am_feld(form, fehler)
        return uebersicht_seite(request, paket_form=form, status=400)
    if p.weisung not in katalog.weisungen:      # eine neue Weisung: gleich weiter zu ihrem Formular
        messages.info(request, f"Paket angelegt. Weisung {p.weisung} gibt es im Katalog noch nicht: hier erfassen — "
                               "sie wird mit dem Paket geprüft, freigegeben und veröffentlicht.")
        return redirect("redaktion:weisung_erfassen", p.pk)
    return redirect("redaktion:paket", p.pk)


def _aendern_form(p: Freigabepaket, katalog: Any) -> PaketAendern:
    g = p.geltungsbereich or {}
    return PaketAendern(prefix="aendern", standorte=katalog.standorte, weisungen=katalog.weisungen, initial={
        "weisung": p.weisung, "titel": p.titel, "datum": p.datum, "stand": p.stand, "gueltig_ab": p.gueltig_ab,
        "gueltig_bis": p.gueltig_bis, "verbuende": g.get("verbuende", []), "agenturen": g.get("agenturen", []),
        "fingerabdruck": paket_fingerabdruck(p)})


@login_required
@require_POST
def aendern(request: HttpRequest, pk: int) -> HttpResponse:
    """Angaben des Pakets ändern (nur Redaktion, nur offen oder zurückgewiesen). Abgelehnt: die Seite mit den
    Eingaben und der Meldung — 409, wenn inzwischen jemand anderes geändert hat, sonst 400."""
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    p = _paket(request, pk)
    katalog = queries.katalog_aus_datenbank()
    form = PaketAendern(request.POST, prefix="aendern", standorte=katalog.standorte, weisungen=katalog.weisungen)
    if not form.is_valid():
        return paket_seite(request, p, aendern_form=form, status=400)
    try:
        paket_aendern(request.user, p.pk, **form.cleaned_data, nicht_vergangen=True)
    except EntwurfFehler as fehler:
        p.refresh_from_db()
        if fehler.code == "paket_konflikt":        # neuer Fingerabdruck: erneut speichern übernimmt die Eingaben
            daten = request.POST.copy()
            daten["aendern-fingerabdruck"] = paket_fingerabdruck(p)
            form = PaketAendern(daten, prefix="aendern", standorte=katalog.standorte, weisungen=katalog.weisungen)
            form.is_valid()
        _am_feld(form, fehler)
        return paket_seite(request, p, aendern_form=form, status=409 if fehler.code == "paket_konflikt" else 400)
    messages.success(request, "Angaben des Pakets gespeichert.")
    return redirect("redaktion:paket", p.pk)


@login_required
def paket(request: HttpRequest, pk: int) -> HttpResponse:
    if darf_redaktion_sehen(request.user) and queries.paket(pk) is None:
        return nicht_gefunden(request, f"Das Freigabepaket {pk} gibt es nicht. Die Übersicht der Redaktion zeigt alle "
                                       "Pakete.")
    return paket_seite(request, _paket(request, pk))


def paket_seite(request: HttpRequest, p: Freigabepaket, aendern_form: PaketAendern | None = None,
                freigeben_form: Freigeben | None = None, zurueck_form: Zurueckweisen | None = None,
                status: int = 200, weisung_angebot: Any = None) -> HttpResponse:
    """Die Seite des Pakets; ein abgelehntes Formular steht mit den Eingaben und den Meldungen an den Feldern darin
    (Fokus auf dem ersten Feld mit Fehler). Nach der Freigabe zeigt sie, was freigegeben wurde (nur lesend)."""
    katalog = queries.katalog_aus_datenbank()
    entwuerfe = list(p.entwuerfe.select_related("autor", "basis"))
    dateien = list(p.dateien.select_related("hinweis").all()) if p.status != Freigabepaket.OFFEN else []
    optionen = aus_paket(p.neue_optionen)
    stand = paket_katalog(katalog, entwuerfe, weisung_zum_pruefen(p), optionen, p.gueltig_ab) if entwuerfe else (
        freigegeben(katalog, dateien) if p.status in (Freigabepaket.GEPLANT, Freigabepaket.ZURUECKGERUFEN) else None)
    formulare = (aendern_form, freigeben_form, zurueck_form)
    hat_rolle = hat_freigaberolle(request.user)
    verwehrt = freigabe_verwehrt(request.user, p, entwuerfe) if hat_rolle and p.status == Freigabepaket.ZUR_FREIGABE \
        else ""
    return render(request, "redaktion/paket.html", {
        "p": p, "entwuerfe": entwuerfe, "stand": stand, "spur": regelspur_punkte(p, stand) if stand else [],
        "offene_punkte": offene_punkte(p.weisung, stand) if stand else [],
        "ohne_schritt_punkte": ohne_schritt_punkte(p.weisung, stand) if stand else [],
        "freigegeben": bool(stand) and not entwuerfe,
        "freie": queries.entwuerfe().filter(paket__isnull=True),
        "dateien": dateien,
        "protokoll": [(z, einzelheiten(z.details)) for z in queries.protokoll(f"paket:{p.pk}")[:50]],
        "geltungsbereich": geltungsbereich_text(p.geltungsbereich, katalog.standorte),
        "darf_redigieren": darf_redigieren(request.user), "hat_freigaberolle": hat_rolle,
        "darf_freigeben": hat_rolle and not verwehrt, "freigabe_verwehrt": verwehrt,
        "darf_zurueckweisen": hat_rolle and not verfasst(request.user, p, entwuerfe),
        "bearbeitet_von": bearbeitet_von(p, entwuerfe, dateien),
        "tor_text": zusammenfassung(p.tor) if p.tor else "", "ungedeckt": ungedeckt_lesbar(p.tor.get("ungedeckt") or []),
        "freigeben_form": freigeben_form or Freigeben(initial={"gueltig_ab": p.gueltig_ab}, prefix="freigabe"),
        "zurueck_form": zurueck_form or Zurueckweisen(prefix="zurueck"),
        "aendern_form": aendern_form or _aendern_form(p, katalog),
        "aenderbar": p.status in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN),
        "fehler": any(f is not None and f.errors for f in formulare),
        "neue_weisung": _neue_weisung(p, katalog),
        "neue_optionen": optionen_lesbar(katalog.vokabular, optionen),
        "optionen_befunde": stand.optionen_befunde if isinstance(stand, Paketstand) else [],
        "weisung_angebot": weisung_angebot, **paket_kontext(p),
    }, status=status)


@login_required
def verhalten(request: HttpRequest, pk: int) -> HttpResponse:
    p = _paket(request, pk)
    entwuerfe = list(p.entwuerfe.all())
    for e in entwuerfe:         # wie Tor und Freigabe: Gültigkeit und Standortregeln des Pakets (nicht gespeichert)
        e.text = paketdaten_setzen(e.text, gueltig_ab=p.gueltig_ab, gueltig_bis=p.gueltig_bis,
                                   geltungsbereich=p.geltungsbereich)
    veroeffentlicht = queries.katalog_aus_datenbank()
    stand = paket_katalog(veroeffentlicht, entwuerfe, weisung_zum_pruefen(p), aus_paket(p.neue_optionen), p.gueltig_ab)
    ersetzt = {neu.leitfaden_id: neu.schluessel for _, neu, _, _ in stand.aenderungen}
    laeufe = queries.letzte_laeufe(set(ersetzt), VERHALTEN_GRENZE)
    ergebnis = verhaltensdiff(veroeffentlicht, stand.katalog, laeufe, ersetzt, systeme())
    gezeigt = ergebnis.abweichungen + ergebnis.nicht_nachspielbar
    if gezeigt:                 # gezeigt wird der Weg je Kontakt: protokolliert (wer, welcher Kontakt)
        zugriffe_protokollieren(request.user, "verhaltensdiff", [("", a.kontakt) for a in gezeigt])
    return render(request, "redaktion/verhalten.html", {
        "p": p, "anzahl": ergebnis.nachgespielt, "nicht_betroffen": ergebnis.nicht_betroffen,
        "abweichungen": ergebnis.abweichungen, "nicht_nachspielbar": ergebnis.nicht_nachspielbar,
        "abschnitte": [("anders", "Würden sich anders verhalten", [lesbar(a, stand.katalog) for a in ergebnis.abweichungen]),
                       ("unvollstaendig", "Nicht vollständig nachspielbar",
                        [lesbar(a, stand.katalog) for a in ergebnis.nicht_nachspielbar])],
        "grenze": VERHALTEN_GRENZE})


def _aktion(request: HttpRequest, pk: int, tun: Callable[[], Any], erfolg: str) -> HttpResponse:
    _paket(request, pk)
    try:
        tun()
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
    else:
        messages.success(request, erfolg)
    return redirect("redaktion:paket", pk)


@login_required
@require_POST
def zuordnen(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    try:
        entwurf_id = int(request.POST.get("entwurf", ""))
    except ValueError:
        messages.error(request, "Entwurf: bitte einen Entwurf wählen.")
        return redirect("redaktion:paket", pk)
    weg = request.POST.get("herausnehmen") == "1"
    setzen = not weg and request.POST.get("weisung_setzen") == "1"
    p = _paket(request, pk)
    try:
        e = entwurf_zuordnen(request.user, pk, entwurf_id, zuordnen=not weg, weisung_setzen=setzen)
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        if fehler.code == "weisung_abweichend":    # ohne YAML weiter: ein Klick setzt die Weisung im Entwurf
            fremd = queries.entwurf(entwurf_id)
            return paket_seite(request, p, weisung_angebot=(fremd, weisung_im_text(fremd.text)) if fremd else None,
                               status=400)
        return redirect("redaktion:paket", pk)
    messages.success(request, "Entwurf herausgenommen." if weg else "Entwurf ins Paket aufgenommen." + (
        f" Weisung im Entwurf auf {p.weisung} gesetzt (Version {e.version})." if setzen else ""))
    return redirect("redaktion:paket", pk)


@login_required
@require_POST
def tor(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")
    _paket(request, pk)
    ergebnis = tor_laufen_lassen(request.user, pk)
    (messages.success if ergebnis["ok"] else messages.error)(
        request, "Szenario-Tor bestanden." if ergebnis["ok"] else "Szenario-Tor nicht bestanden: siehe unten.")
    return redirect(f"/redaktion/pakete/{pk}/#tor")


@login_required
@require_POST
def einreichen(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    p = _paket(request, pk)
    try:
        paket_einreichen(request.user, pk)
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:paket", pk)
    if offen := _offene_punkte(p):      # erlaubt (organisatorische Punkte), aber ausgesprochen: vier Augen sehen es
        messages.warning(request, f"Zur Freigabe eingereicht — mit {len(offen)} "
                                  f"{'Punkt' if len(offen) == 1 else 'Punkten'} der Weisung {p.weisung}, "
                                  f"{'den' if len(offen) == 1 else 'die'} kein "
                                  f"Schritt umsetzt: {offen_satz(offen)}. Die Freigabe sieht das auf der Seite des "
                                  "Pakets; braucht ein Punkt doch einen Schritt, die Einreichung zurückziehen.")
    else:
        messages.success(request, "Zur Freigabe eingereicht.")
    return redirect("redaktion:paket", pk)


def _offene_punkte(p: Freigabepaket) -> list[tuple[str, str]]:
    """Die Punkte der Weisung des Pakets, die kein Schritt umsetzt (paketkatalog.offene_punkte), aus den Entwürfen."""
    entwuerfe = list(p.entwuerfe.select_related("basis"))
    if not entwuerfe:
        return []
    stand = paket_katalog(queries.katalog_aus_datenbank(), entwuerfe, weisung_zum_pruefen(p), aus_paket(p.neue_optionen),
                          p.gueltig_ab)
    return offene_punkte(p.weisung, stand)


def _ohne_formular(request: HttpRequest, p: Freigabepaket, fehler: EntwurfFehler) -> HttpResponse | None:
    """Ist das Paket inzwischen nicht mehr zur Freigabe (in einem anderen Tab freigegeben oder zurückgewiesen), zeigt
    die Seite kein Freigabeformular mehr: die Meldung steht dann oben. Sonst None (Meldung am Formular)."""
    p.refresh_from_db()                 # auch ein nicht bestandenes Tor steht danach am Paket
    if p.status == Freigabepaket.ZUR_FREIGABE:
        return None
    messages.error(request, fehler.meldung)
    return redirect("redaktion:paket", p.pk)


@login_required
@require_POST
def freigeben(request: HttpRequest, pk: int) -> HttpResponse:
    """Freigeben mit „Gültig ab“. Abgelehnt: die Seite mit Datum und Kommentar und der Meldung am Feld (400)."""
    p = _freigabe(request, pk)
    if p.status == Freigabepaket.ZUR_FREIGABE and (grund := freigabe_verwehrt(request.user, p)):
        return _verwehrt(request, p, grund)
    form = Freigeben(request.POST, prefix="freigabe")
    if form.is_valid():
        d = form.cleaned_data
        try:
            paket_freigeben(request.user, pk, gueltig_ab=d["gueltig_ab"], kommentar=d["kommentar"])
        except EntwurfFehler as fehler:
            if (antwort := _ohne_formular(request, p, fehler)) is not None:
                return antwort
            _am_feld(form, fehler)
        else:
            messages.success(request, f"Freigegeben: gilt ab {d['gueltig_ab']:%d.%m.%Y}.")
            return redirect("redaktion:paket", pk)
    return paket_seite(request, p, freigeben_form=form, status=400)


@login_required
@require_POST
def zurueckweisen(request: HttpRequest, pk: int) -> HttpResponse:
    """Zurückweisen mit Kommentar. Abgelehnt: die Seite mit der Eingabe und der Meldung am Feld (400)."""
    p = _freigabe(request, pk)
    if p.status == Freigabepaket.ZUR_FREIGABE and verfasst(request.user, p, list(p.entwuerfe.all())):
        return _verwehrt(request, p, "Sie haben das Paket oder einen seiner Entwürfe verfasst — zurückweisen muss "
                                     "eine andere Person (Vier-Augen-Prinzip).")
    form = Zurueckweisen(request.POST, prefix="zurueck")
    if form.is_valid():
        try:
            paket_zurueckweisen(request.user, pk, form.cleaned_data["kommentar"])
        except EntwurfFehler as fehler:
            if (antwort := _ohne_formular(request, p, fehler)) is not None:
                return antwort
            _am_feld(form, fehler)
        else:
            messages.success(request, "An die Redaktion zurückgegeben.")
            return redirect("redaktion:paket", pk)
    return paket_seite(request, p, zurueck_form=form, status=400)


@login_required
@require_POST
def zurueckrufen(request: HttpRequest, pk: int) -> HttpResponse:
    """Zurückrufen eines geplanten Pakets — oder (`einreichung=1`, ohne eigene Adresse) eine Einreichung
    zurückziehen, solange die Freigabe nicht entschieden hat: nur die Redaktion."""
    if request.POST.get("einreichung") == "1":
        if not darf_redigieren(request.user):
            raise PermissionDenied("Nur für die Redaktion.")
        return _aktion(request, pk, lambda: einreichung_zurueckziehen(request.user, pk),
                       "Einreichung zurückgezogen: das Paket ist wieder in Bearbeitung. Nach den Änderungen das "
                       "Szenario-Tor prüfen und erneut einreichen.")
    return _aktion(request, pk, lambda: paket_zurueckrufen(request.user, pk),
                   "Zurückgerufen: die Fassungen gelten nicht; die Entwürfe sind wieder bearbeitbar.")
