"""Der Szenario-Editor: einen Weg durch den Entwurf aufzeichnen (Frage für Frage) und als Szenario
speichern; das Szenario-Tor führt es danach bei jeder Freigabe aus. Dieselbe Adresse löscht ein Szenario
(`tun=loeschen`, aus der Liste auf der Seite des Entwurfs)."""

from __future__ import annotations

import json
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kundenportal import zeit
from kundenportal.katalog.queries import szenarien as projekt_szenarien

from .. import queries
from ..aufzeichnung import (
    AusgangslageUngueltig,
    antworten_lesbar,
    ausgangslage_lesen,
    szenario_text,
    weitergehen,
)
from ..forms import SzenarioAufzeichnen
from ..pruefung import entwurf_pruefen
from ..services.entwurf import EntwurfFehler
from ..services.szenario import freie_kennung, szenario_loeschen, szenario_speichern
from ..zugriff import darf_redigieren
from .struktur import editor_kontext


def _antworten(roh: str) -> dict[str, Any]:
    try:
        daten = json.loads(roh or "{}")
    except json.JSONDecodeError:
        return {}
    return daten if isinstance(daten, dict) else {}


def _einfach(wert: Any) -> Any:
    """Abbildungen und Listen mit Zeilennummern (quelle.ZDict) als schlichte dict/list für yaml.safe_dump."""
    if isinstance(wert, dict):
        return {str(k): _einfach(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_einfach(x) for x in wert]
    return wert


def _zahl(roh: str | None) -> int | None:
    try:
        return int(roh or "")
    except ValueError:
        return None


def loeschen(request: HttpRequest, pk: int) -> HttpResponse:
    """Löscht erst nach der Rückfrage in der Liste (ihr Knopf sendet bestaetigt=ja) und nur auf der Version, die
    die Rückfrage zeigte. Nicht gelöscht (gesperrt, inzwischen gelöscht, andere Version): 409 mit der Seite des
    Entwurfs, die Meldung über der Liste — die Liste zeigt den jetzigen Stand."""
    if request.POST.get("bestaetigt") != "ja":
        messages.error(request, "Szenario nicht gelöscht: bitte „Wirklich löschen“ in der Rückfrage wählen.")
        return redirect(f"/redaktion/entwuerfe/{pk}/#szenarien")
    szenario = _zahl(request.POST.get("szenario"))
    try:
        kennung = szenario_loeschen(request.user, pk, szenario if szenario is not None else 0,
                                    _zahl(request.POST.get("version")))
    except EntwurfFehler as fehler:
        e = queries.entwurf(pk)
        if e is None:       # verworfen oder veröffentlicht: keine Seite mehr, auf der die Liste stünde
            messages.error(request, fehler.meldung)
            return redirect("redaktion:uebersicht")
        return render(request, "redaktion/entwurf.html",
                      editor_kontext(request, e, szenario_meldung=fehler.meldung, fokus=""), status=409)
    messages.success(request, f"Szenario {kennung} gelöscht: das Szenario-Tor führt es nicht mehr aus.")
    return redirect(f"/redaktion/entwuerfe/{pk}/#szenarien")


@login_required
def aufzeichnen(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    if request.method == "POST" and request.POST.get("tun") == "loeschen":
        return loeschen(request, pk)
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    p = entwurf_pruefen(queries.katalog_aus_datenbank(), e.leitfaden_id, e.ordner, e.text, e.kopf_text)
    if p.fassung is None or p.katalog is None:
        messages.error(request, "Der Entwurf lässt sich nicht lesen: erst die Befunde beheben.")
        return redirect("redaktion:entwurf", e.pk)
    beispiel = next((s for s in projekt_szenarien() if s.leitfaden in (e.leitfaden_id,)), None)
    kopf = p.katalog.leitfaeden[e.leitfaden_id].kopf
    form = SzenarioAufzeichnen(request.POST or None, initial={
        "datum": p.fassung.gueltig_ab, "kanal": (kopf.kanaele or ["sc3"])[0],
        # eine Kennung, die es noch nicht gibt (sonst scheiterte erst das Speichern an der doppelten)
        "szenario_id": freie_kennung(f"{e.leitfaden_id.lower().replace(' ', '-').replace('.', '')}-redaktion-{e.pk}"),
        "ausgangslage": yaml.safe_dump(_einfach(beispiel.ausgangslage), allow_unicode=True, sort_keys=False)
        if beispiel else "",
    })
    antworten = _antworten(request.POST.get("antworten", ""))
    stand = None
    fehler = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lage = ausgangslage_lesen(d["ausgangslage"])
        except AusgangslageUngueltig as f:
            lage, fehler = {}, str(f)
        if request.POST.get("fakt") and "antwort" in request.POST:
            antworten[request.POST["fakt"]] = request.POST["antwort"]
        if not fehler:
            stand = weitergehen(p.katalog, leitfaden_id=e.leitfaden_id, kanal=d["kanal"], datum=d["datum"],
                                ausgangslage=lage, antworten=antworten)
            if stand.fertig and request.POST.get("speichern"):
                text = szenario_text(szenario_id=d["szenario_id"], titel=d["titel"], leitfaden_id=e.leitfaden_id,
                                     kanal=d["kanal"], datum=d["datum"], ausgangslage=lage, antworten=antworten,
                                     ergebnis=stand.ergebnis)
                try:
                    szenario_speichern(request.user, text, entwurf_id=e.pk, lauf={
                        "ok": True, "quelle": "Aufzeichnung", "fassung": stand.ergebnis.fassung, "fehler": []})
                except EntwurfFehler as f:
                    fehler = f.meldung
                else:
                    messages.success(request, f"Szenario {d['szenario_id']} gespeichert: das Szenario-Tor führt es aus.")
                    return redirect("redaktion:entwurf", e.pk)
    kanal = form.cleaned_data["kanal"] if form.is_bound and form.is_valid() else form["kanal"].value()
    return render(request, "redaktion/szenario.html", {
        "e": e, "form": form, "stand": stand, "antworten": antworten, "fehler": fehler,
        "antworten_lesbar": antworten_lesbar(p.katalog, str(kanal or ""), antworten),
        "antworten_json": json.dumps(antworten, ensure_ascii=False), "heute": zeit.heute(),
    })
