"""Seiten der Redaktion für Entwürfe: Übersicht, Entwurf beginnen, Quelltext- und strukturierter
Editor mit Befunden, Schrittgraph und Unterschied zur Basis (views parse, call, render)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kundenportal import zeit

from .. import queries
from ..ansicht import geltungsbereich_text
from ..forms import (
    EntwurfBearbeiten,
    EntwurfBeginnen,
    FeldAendern,
    NeuerLeitfaden,
    PaketAnlegen,
)
from ..klartext import FELDER
from ..models import Entwurf
from ..services.entwurf import EntwurfFehler, Konflikt, entwurf_beginnen, entwurf_speichern, entwurf_verwerfen
from ..yamlfeld import FeldFehler, feld_setzen
from ..zugriff import darf_redaktion_sehen, darf_redigieren
from .struktur import (
    UNBEKANNTE_VERSION,
    Konfliktansicht,
    editor_kontext,
    gespeichert_meldung,
    konflikt_antwort,
    meldung_geben,
)


def _redaktion(request: HttpRequest) -> None:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")


def _entwurf(pk: int) -> Entwurf:
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    return e


def nicht_gefunden(request: HttpRequest, text: str) -> HttpResponse:
    """404 in den Worten der Redaktion (die allgemeine Seite spricht von Kontakten), mit dem Weg zur Übersicht."""
    return render(request, "redaktion/404.html", {"text": text}, status=404)


def _verbleib(request: HttpRequest, pk: int) -> HttpResponse:
    """Wohin ein Entwurf gegangen ist, den es nicht mehr gibt: freigegeben → zum Paket (mit der Fassung, die er
    geworden ist), verworfen → zur Übersicht mit wer/wann; sonst eine 404 für die Redaktion."""
    weg = queries.verbleib_des_entwurfs(pk)
    if weg is None:
        return nicht_gefunden(request, f"Den Entwurf {pk} gibt es nicht. Vielleicht ist der Link falsch abgeschrieben; "
                                       "die Übersicht der Redaktion zeigt alle Entwürfe in Arbeit.")
    if weg.paket is not None:
        messages.info(request, weg.meldung)
        return redirect("redaktion:paket", weg.paket)
    messages.info(request, weg.meldung)
    return redirect("redaktion:uebersicht")


# Fehler der Dienste am Feld, zu dem sie gehören (sonst über dem Formular).
FEHLER_FELD = {"ordner_ungueltig": "ordner", "ordner_vergeben": "ordner", "leitfaden_vorhanden": "leitfaden_id",
               "stand_zu_frueh": "stand", "gueltig_bis_vor_ab": "gueltig_bis", "standort_unbekannt": None,
               "text_zu_lang": "text", "kopf_zu_lang": "kopf_text"}


def _geplant_mit_ort(heute: Any, katalog: Any) -> list[tuple[Any, str]]:
    """Die geplanten Fassungen mit ihren Standortregeln in Worten ("" = überall): „was gilt ab wann, wo“ auf einen
    Blick (Rundgang Redaktion: eine nur für Fürth freigegebene Fassung stand wie eine für alle da)."""
    return [(f, geltungsbereich_text(f.freigabe.geltungsbereich if f.freigabe else None, katalog.standorte))
            for f in queries.geplante(heute).select_related("freigabe")]


def uebersicht_seite(request: HttpRequest, *, beginnen: EntwurfBeginnen | None = None,
                     neu: NeuerLeitfaden | None = None, paket_form: PaketAnlegen | None = None,
                     status: int = 200) -> HttpResponse:
    """Die Übersicht; ein gescheitertes Formular steht mit den Eingaben und Fehlern an den Feldern darin."""
    heute = zeit.heute()
    katalog = queries.katalog_aus_datenbank()
    beginnen = beginnen or EntwurfBeginnen(initial={"stand": heute}, prefix="beginnen")
    beginnen.fassungen_anbieten(katalog, heute)
    return render(request, "redaktion/uebersicht.html", {
        "entwuerfe": queries.entwuerfe(), "pakete": queries.pakete(), "geplant": _geplant_mit_ort(heute, katalog),
        "beginnen": beginnen,
        "neu": neu or NeuerLeitfaden(initial={"stand": heute}, prefix="neu"),
        # „Datum der Weisung“ bleibt leer: das Paket übernimmt das Datum der Weisung aus dem Katalog (forms.py).
        "paket_form": paket_form or PaketAnlegen(prefix="paket", standorte=katalog.standorte,
                                                 weisungen=katalog.weisungen),
        "darf_redigieren": darf_redigieren(request.user),
        "fehler": any(f is not None and f.errors for f in (beginnen, neu, paket_form)),
    }, status=status)


def dienstfehler_am_feld(form: forms.Form, fehler: EntwurfFehler) -> None:
    """Die Meldung eines Dienstes an das Feld, das sie betrifft (FEHLER_FELD), sonst ans ganze Formular."""
    feld = FEHLER_FELD.get(fehler.code)
    form.add_error(feld if feld in form.fields else None, fehler.meldung)


@login_required
def uebersicht(request: HttpRequest) -> HttpResponse:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")
    return uebersicht_seite(request)


@login_required
@require_POST
def beginnen(request: HttpRequest) -> HttpResponse:
    _redaktion(request)
    form = EntwurfBeginnen(request.POST, prefix="beginnen")
    if not form.is_valid():
        return uebersicht_seite(request, beginnen=form, status=400)
    try:
        e = entwurf_beginnen(request.user, queries.katalog_aus_datenbank(), basis=form.cleaned_data["basis"],
                             stand=form.cleaned_data["stand"])
    except EntwurfFehler as fehler:
        dienstfehler_am_feld(form, fehler)
        return uebersicht_seite(request, beginnen=form, status=400)
    return redirect("redaktion:entwurf", e.pk)


@login_required
@require_POST
def neu(request: HttpRequest) -> HttpResponse:
    _redaktion(request)
    form = NeuerLeitfaden(request.POST, prefix="neu")
    if not form.is_valid():
        return uebersicht_seite(request, neu=form, status=400)
    d = form.cleaned_data
    try:
        e = entwurf_beginnen(request.user, queries.katalog_aus_datenbank(), leitfaden_id=d["leitfaden_id"],
                             titel=d["titel"], ordner=d["ordner"], weisung=d["weisung"], stand=d["stand"])
    except EntwurfFehler as fehler:
        dienstfehler_am_feld(form, fehler)
        return uebersicht_seite(request, neu=form, status=400)
    return redirect("redaktion:entwurf", e.pk)


def _seite(request: HttpRequest, e: Entwurf, form: EntwurfBearbeiten | None = None, status: int = 200,
           **extra: Any) -> HttpResponse:
    form = form or EntwurfBearbeiten(initial={"text": e.text, "kopf_text": e.kopf_text, "version": e.version})
    offen = request.GET.get("offen", "")[:80]     # der zuletzt bearbeitete Schritt (ohne JavaScript) steht offen
    return render(request, "redaktion/entwurf.html", editor_kontext(request, e, form=form, fokus=offen, **extra),
                  status=status)


def _eingereichte_version(form: EntwurfBearbeiten) -> int:
    """Die Version, auf der die abgesendete Eingabe beruht (unlesbar: eine, die nie gespeichert wird)."""
    try:
        return int(form.data.get("version", ""))
    except (TypeError, ValueError):
        return UNBEKANNTE_VERSION


@login_required
def entwurf(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")
    if request.method != "POST" and queries.entwurf(pk) is None:
        return _verbleib(request, pk)
    e = _entwurf(pk)
    if request.method != "POST":
        return _seite(request, e)
    _redaktion(request)
    form = EntwurfBearbeiten(request.POST)
    if not form.is_valid():     # die Eingabe bleibt im Feld, mit der Version, auf der sie beruht
        return _seite(request, e, form, status=400, version=_eingereichte_version(form))
    d = form.cleaned_data
    try:
        e, pruefung = entwurf_speichern(request.user, e.pk, queries.katalog_aus_datenbank(),
                                        text=d["text"], version=d["version"], kopf_text=d["kopf_text"],
                                        was="Quelltext gespeichert")
    except Konflikt as k:
        eingaben = [("Ihr Quelltext (nicht gespeichert)", d["text"].replace("\r\n", "\n"))]
        if e.kopf_text and d["kopf_text"].replace("\r\n", "\n") != e.kopf_text:
            eingaben.append(("Ihr Leitfadenkopf (nicht gespeichert)", d["kopf_text"].replace("\r\n", "\n")))
        return konflikt_antwort(request, pk, k, Konfliktansicht("den Quelltext speichern", eingaben))
    except EntwurfFehler as fehler:
        return _seite(request, _entwurf(pk), form, status=409, version=d["version"], editor_meldung=fehler.meldung,
                      editor_fehler=True)
    anzahl = len(pruefung.befunde)
    meldung_geben(request, gespeichert_meldung("Gespeichert", e.version, anzahl), anzahl)
    return redirect("redaktion:entwurf", e.pk)


@login_required
@require_POST
def feld(request: HttpRequest, pk: int) -> HttpResponse:
    """Strukturierter Editor: ein Feld eines Schritts ändern (dieselbe Speicherung wie der Quelltext)."""
    _redaktion(request)
    e = _entwurf(pk)
    form = FeldAendern(request.POST)
    if not form.is_valid():
        fehler = "; ".join(str(m) for m in form.errors.get("wert", []))
        messages.error(request, f"Feld nicht geändert: {fehler}" if fehler else
                       "Feld nicht geändert: Eingabe unvollständig.")
        return redirect("redaktion:entwurf", e.pk)
    d = form.cleaned_data
    try:
        text = feld_setzen(e.text, d["schritt"], d["feld"], d["wert"].replace("\r\n", "\n"))
        e, pruefung = entwurf_speichern(request.user, e.pk, queries.katalog_aus_datenbank(), text=text,
                                        version=d["version"], was=f"Schritt „{d['schritt']}“ geändert "
                                        f"({FELDER.get(d['feld'].split('.')[0], d['feld'])})")
    except FeldFehler as fehler:
        messages.error(request, f"Schritt {d['schritt']}, Feld {d['feld']}: {fehler}")
        return redirect("redaktion:entwurf", e.pk)
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:entwurf", e.pk)
    anzahl = len(pruefung.befunde)
    meldung_geben(request, gespeichert_meldung(f"Schritt {d['schritt']}: {d['feld']} geändert", e.version, anzahl),
                  anzahl)
    return redirect(f"/redaktion/entwuerfe/{e.pk}/#schritt-{d['schritt']}")


@login_required
@require_POST
def verwerfen(request: HttpRequest, pk: int) -> HttpResponse:
    """Verwirft den Entwurf erst nach der Rückfrage auf der Seite (ihr Knopf sendet bestaetigt=ja) und nur auf der
    Version, die die Rückfrage zeigte (sonst Konflikt 409 wie beim Speichern)."""
    _redaktion(request)
    if request.POST.get("bestaetigt") != "ja":
        messages.error(request, "Entwurf nicht verworfen: bitte „Wirklich verwerfen“ in der Rückfrage wählen.")
        return redirect(f"/redaktion/entwuerfe/{pk}/#verwerfen")
    try:
        version: int | None = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        entwurf_verwerfen(request.user, _entwurf(pk).pk, version)
    except Konflikt as k:       # inzwischen gespeichert: nichts gelöscht, der gespeicherte Stand mit wer/wann
        return konflikt_antwort(request, pk, k, Konfliktansicht("Entwurf verwerfen"))
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:entwurf", pk)
    messages.success(request, "Entwurf verworfen.")
    return redirect("redaktion:uebersicht")
