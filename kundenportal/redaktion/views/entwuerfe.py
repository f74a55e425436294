"""Seiten der Redaktion für Entwürfe: Übersicht, Entwurf beginnen, Quelltext- und strukturierter
Editor mit Befunden, Schrittgraph und Unterschied zur Basis (views parse, call, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kundenportal import zeit

from .. import queries
from ..forms import (
    EntwurfBearbeiten,
    EntwurfBeginnen,
    FeldAendern,
    NeuerLeitfaden,
    PaketAnlegen,
)
from ..models import Entwurf
from ..services.entwurf import EntwurfFehler, entwurf_beginnen, entwurf_speichern, entwurf_verwerfen
from ..yamlfeld import FeldFehler, feld_setzen
from ..zugriff import darf_redaktion_sehen, darf_redigieren
from .struktur import editor_kontext


def _redaktion(request: HttpRequest) -> None:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")


def _entwurf(pk: int) -> Entwurf:
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    return e


@login_required
def uebersicht(request: HttpRequest) -> HttpResponse:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")
    heute = zeit.heute()
    return render(request, "redaktion/uebersicht.html", {
        "entwuerfe": queries.entwuerfe(), "pakete": queries.pakete(), "geplant": queries.geplante(heute),
        "beginnen": EntwurfBeginnen(initial={"stand": heute}, prefix="beginnen"),
        "neu": NeuerLeitfaden(initial={"stand": heute}, prefix="neu"),
        "paket_form": PaketAnlegen(initial={"datum": heute}, prefix="paket",
                                   standorte=queries.katalog_aus_datenbank().standorte), "darf_redigieren": darf_redigieren(request.user),
    })


@login_required
@require_POST
def beginnen(request: HttpRequest) -> HttpResponse:
    _redaktion(request)
    form = EntwurfBeginnen(request.POST, prefix="beginnen")
    if not form.is_valid():
        messages.error(request, "Entwurf nicht begonnen: " + " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("redaktion:uebersicht")
    e = entwurf_beginnen(request.user, queries.katalog_aus_datenbank(), basis=form.cleaned_data["basis"],
                         stand=form.cleaned_data["stand"])
    return redirect("redaktion:entwurf", e.pk)


@login_required
@require_POST
def neu(request: HttpRequest) -> HttpResponse:
    _redaktion(request)
    form = NeuerLeitfaden(request.POST, prefix="neu")
    if not form.is_valid():
        messages.error(request, "Leitfaden nicht angelegt: " + " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("redaktion:uebersicht")
    d = form.cleaned_data
    try:
        e = entwurf_beginnen(request.user, queries.katalog_aus_datenbank(), leitfaden_id=d["leitfaden_id"],
                             titel=d["titel"], ordner=d["ordner"], weisung=d["weisung"], stand=d["stand"])
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:uebersicht")
    return redirect("redaktion:entwurf", e.pk)


def _seite(request: HttpRequest, e: Entwurf, form: EntwurfBearbeiten | None = None, status: int = 200,
           konflikt: str = "") -> HttpResponse:
    form = form or EntwurfBearbeiten(initial={"text": e.text, "kopf_text": e.kopf_text, "version": e.version})
    offen = request.GET.get("offen", "")[:80]     # der zuletzt bearbeitete Schritt (ohne JavaScript) steht offen
    return render(request, "redaktion/entwurf.html", editor_kontext(request, e, form=form, konflikt=konflikt,
                                                                     fokus=offen),
                  status=status)


@login_required
def entwurf(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")
    e = _entwurf(pk)
    if request.method != "POST":
        return _seite(request, e)
    _redaktion(request)
    form = EntwurfBearbeiten(request.POST)
    if not form.is_valid():
        return _seite(request, e, form, status=400)
    try:
        e, pruefung = entwurf_speichern(request.user, e.pk, queries.katalog_aus_datenbank(),
                                        text=form.cleaned_data["text"], version=form.cleaned_data["version"],
                                        kopf_text=form.cleaned_data["kopf_text"])
    except EntwurfFehler as fehler:
        return _seite(request, _entwurf(pk), form, status=409, konflikt=fehler.meldung)
    anzahl = len(pruefung.befunde)
    messages.success(request, f"Gespeichert (Version {e.version}): " +
                     ("keine Befunde." if not anzahl else f"{anzahl} Befund{'e' if anzahl > 1 else ''} — siehe unten."))
    return redirect("redaktion:entwurf", e.pk)


@login_required
@require_POST
def feld(request: HttpRequest, pk: int) -> HttpResponse:
    """Strukturierter Editor: ein Feld eines Schritts ändern (dieselbe Speicherung wie der Quelltext)."""
    _redaktion(request)
    e = _entwurf(pk)
    form = FeldAendern(request.POST)
    if not form.is_valid():
        messages.error(request, "Feld nicht geändert: Eingabe unvollständig.")
        return redirect("redaktion:entwurf", e.pk)
    d = form.cleaned_data
    try:
        text = feld_setzen(e.text, d["schritt"], d["feld"], d["wert"].replace("\r\n", "\n"))
        e, pruefung = entwurf_speichern(request.user, e.pk, queries.katalog_aus_datenbank(), text=text,
                                        version=d["version"])
    except FeldFehler as fehler:
        messages.error(request, f"Schritt {d['schritt']}, Feld {d['feld']}: {fehler}")
        return redirect("redaktion:entwurf", e.pk)
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:entwurf", e.pk)
    messages.success(request, f"Schritt {d['schritt']}: {d['feld']} geändert (Version {e.version}, "
                     f"{len(pruefung.befunde)} Befunde).")
    return redirect(f"/redaktion/entwuerfe/{e.pk}/#schritt-{d['schritt']}")


@login_required
@require_POST
def verwerfen(request: HttpRequest, pk: int) -> HttpResponse:
    _redaktion(request)
    try:
        entwurf_verwerfen(request.user, _entwurf(pk).pk)
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:entwurf", pk)
    messages.success(request, "Entwurf verworfen.")
    return redirect("redaktion:uebersicht")
