"""Der Szenario-Editor: einen Weg durch den Entwurf aufzeichnen (Frage für Frage) und als Szenario
speichern; das Szenario-Tor führt es danach bei jeder Freigabe aus. Dieselbe Adresse löscht ein Szenario
(`tun=loeschen`, aus der Liste auf der Seite des Entwurfs)."""

from __future__ import annotations

import json
from typing import Any

import yaml
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kundenportal import zeit
from kundenportal.katalog.queries import szenarien as projekt_szenarien
from kundenportal.konten.zugriff import standort_fuer
from kundenportal.leitfaden.geltung_lesbar import geltung
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog

from .. import queries
from ..aufzeichnung import (
    AusgangslageUngueltig,
    antworten_lesbar,
    ausgangslage_lesen,
    regel_des_wegs,
    szenario_text,
    weitergehen,
)
from ..forms import SzenarioAufzeichnen
from ..pruefung import entwurf_pruefen
from ..services.entwurf import EntwurfFehler, paketdaten_setzen
from ..services.protokoll import fassung_kurz
from ..services.szenario import freie_kennung, szenario_loeschen, szenario_speichern
from ..tor import STANDORT_FELD, beispiel_standort, standorte_des_entwurfs, warum_nicht
from ..zugriff import darf_redigieren
from .struktur import editor_kontext


class MitStandort(SzenarioAufzeichnen):
    """Das Formular des Rekorders mit dem Standort, an dem der Kontakt geführt wird (Szenario `standort`): er wählt wie
    am Arbeitsplatz die Fassung — nicht die Wohnortagentur der Kundin. TODO(forms.py): das Feld gehört in
    SzenarioAufzeichnen (redaktion/forms.py, nicht Teil dieser Änderung)."""

    standort = forms.ChoiceField(label=STANDORT_FELD)
    field_order = ["szenario_id", "titel", "datum", "standort", "kanal", "ausgangslage"]

    def __init__(self, *args: Any, katalog: Katalog, entwurf: Fassung, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        datum = _datum(self, entwurf)
        gilt = set(standorte_des_entwurfs(katalog, entwurf, datum))
        feld = self.fields["standort"]
        feld.choices = [(a, f"{a} (hier gilt der Entwurf)" if a in gilt else a)   # type: ignore[attr-defined]
                        for a in sorted(katalog.standorte.agenturen)]
        lf = katalog.leitfaeden[entwurf.leitfaden_id]
        feld.help_text = (f"Wählt wie im Gespräch am Arbeitsplatz die Fassung, die dort gilt — nicht die Wohnortagentur "
                          f"der Kundin. Der Entwurf gilt {geltung(katalog, lf, entwurf)}.")


def _datum(form: forms.Form, entwurf: Fassung) -> Any:
    """Das Datum, das das Formular gerade nennt (gültig eingegeben, sonst der Vorschlag: „Gültig ab“ des Entwurfs)."""
    if form.is_bound:
        roh = form.data.get("datum", "")
        try:
            return form.fields["datum"].clean(roh)
        except forms.ValidationError:
            pass
    return form.initial.get("datum") or entwurf.gueltig_ab


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


def _standort_warnung(form: MitStandort, katalog: Katalog, entwurf: Fassung) -> str:
    """Wählen Datum und Standort des Formulars eine andere Fassung als den Entwurf? Dann die Warnung mit Grund und
    Abhilfe — schon beim Aufzeichnen, nicht erst im Szenario-Tor. "" sonst."""
    datum = _datum(form, entwurf)
    standort = str(form["standort"].value() or "") or None
    if standort in standorte_des_entwurfs(katalog, entwurf, datum):
        return ""
    geltend = aufloesen(katalog, entwurf.leitfaden_id, datum, standort)
    statt = f"gilt {fassung_kurz(geltend.schluessel)}" if geltend is not None else "gilt keine Fassung"
    grund, abhilfe = warum_nicht(katalog, entwurf, datum, standort)
    return (f"Am {datum:%d.%m.%Y} in {standort or '(ohne Standort)'} {statt} — nicht der Entwurf "
            f"({fassung_kurz(entwurf.schluessel)}): die Aufzeichnung und später das Szenario-Tor prüften diese Fassung. "
            f"{grund} {abhilfe}").strip()


@login_required
def aufzeichnen(request: HttpRequest, pk: int) -> HttpResponse:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    if request.method == "POST" and request.POST.get("tun") == "loeschen":
        return loeschen(request, pk)
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    text = e.text
    if e.paket is not None:      # wie das Szenario-Tor: mit Gültigkeit und Standortregeln des Pakets
        text = paketdaten_setzen(text, gueltig_ab=e.paket.gueltig_ab, gueltig_bis=e.paket.gueltig_bis,
                                 geltungsbereich=e.paket.geltungsbereich)
    p = entwurf_pruefen(queries.katalog_aus_datenbank(), e.leitfaden_id, e.ordner, text, e.kopf_text)
    if p.fassung is None or p.katalog is None:
        messages.error(request, "Der Entwurf lässt sich nicht lesen: erst die Befunde beheben.")
        return redirect("redaktion:entwurf", e.pk)
    beispiel = next((s for s in projekt_szenarien() if s.leitfaden in (e.leitfaden_id,)), None)
    kopf = p.katalog.leitfaeden[e.leitfaden_id].kopf
    form = MitStandort(request.POST or None, katalog=p.katalog, entwurf=p.fassung, initial={
        "datum": p.fassung.gueltig_ab, "kanal": (kopf.kanaele or ["sc3"])[0],
        # ein Standort, an dem der Entwurf gilt (der eigene, wenn dort): sonst prüfte die Aufzeichnung eine andere Fassung
        "standort": beispiel_standort(p.katalog, p.fassung, p.fassung.gueltig_ab, standort_fuer(request.user)),
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
                                ausgangslage=lage, antworten=antworten, standort=d["standort"])
            if stand.fertig and request.POST.get("speichern"):
                text = szenario_text(szenario_id=d["szenario_id"], titel=d["titel"], leitfaden_id=e.leitfaden_id,
                                     kanal=d["kanal"], datum=d["datum"], ausgangslage=lage, antworten=antworten,
                                     ergebnis=stand.ergebnis, standort=d["standort"],
                                     regel=regel_des_wegs(p.katalog, stand.ergebnis))
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
        "standort_warnung": _standort_warnung(form, p.katalog, p.fassung),
        "antworten_lesbar": antworten_lesbar(p.katalog, str(kanal or ""), antworten,
                                             stand.ergebnis.fassung if stand is not None else ""),
        "antworten_json": json.dumps(antworten, ensure_ascii=False), "heute": zeit.heute(),
    })
