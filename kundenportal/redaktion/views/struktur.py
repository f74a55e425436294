"""Der strukturierte Editor: Schritte bearbeiten, einfügen, entfernen, verschieben, Art wechseln — und
die Live-Vorschau (Befunde, Schritte, Graph, Diff eines ungespeicherten Quelltexts).

Ohne JavaScript sind es Formulare mit Weiterleitung zum Schritt; mit htmx ersetzt die Antwort den
Editor (#editor) an Ort und Stelle. Jede Speicherung läuft durch `entwurf_speichern` (Prüfung und
optimistische Sperre): wer auf einer älteren Version arbeitet, überschreibt nichts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import queries
from ..ansicht import entwurf_ansehen
from ..forms import SchrittAnfuegen
from ..models import Entwurf
from ..pruefung import Pruefung
from ..services.entwurf import EntwurfFehler, Konflikt, entwurf_speichern
from ..struktur import (
    art_wechseln,
    aus_formular,
    einordnen,
    neuer_schritt,
    schritt_einfuegen,
    schritt_entfernen,
    schritt_ersetzen,
    schritt_lesen,
    schritt_verschieben,
)
from ..yamlfeld import FeldFehler
from ..zugriff import darf_redigieren

MAX_TEXT = 400_000   # Zeichen eines Entwurfs (der größte Leitfaden hat unter 20.000)


def _redaktion(request: HttpRequest, pk: int) -> Entwurf:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    return e


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _gesperrt(e: Entwurf) -> bool:
    return bool(e.paket_id and e.paket and e.paket.status not in ("offen", "zurueckgewiesen"))


def editor_kontext(request: HttpRequest, e: Entwurf, text: str | None = None, pruefung: Pruefung | None = None,
                   **extra: Any) -> dict[str, Any]:
    """Was der Editor zeigt — mit `text` für einen ungespeicherten Stand (Vorschau)."""
    return {"a": entwurf_ansehen(e, text=text, pruefung=pruefung), "e": e, "gesperrt": _gesperrt(e), "darf_redigieren": darf_redigieren(request.user),
            "anfuegen": SchrittAnfuegen(initial={"version": e.version, "art": "hinweis"}, prefix="neu"), **extra}


def _antwort(request: HttpRequest, e: Entwurf, *, meldung: str, fehler: bool = False, fokus: str = "",
             konflikt: bool = False, pruefung: Pruefung | None = None) -> HttpResponse:
    """htmx: der neu gezeichnete Editor (mit Meldung darin). Ohne JavaScript: Meldung und Weiterleitung
    zum Schritt; ein Konflikt zeigt die Seite mit 409."""
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "redaktion/_editor.html", editor_kontext(
            request, e, pruefung=pruefung, editor_meldung=meldung, editor_fehler=fehler, fokus=fokus))
    if konflikt:
        return render(request, "redaktion/entwurf.html", editor_kontext(request, e, konflikt=meldung), status=409)
    (messages.error if fehler else messages.success)(request, meldung)
    return redirect(f"/redaktion/entwuerfe/{e.pk}/" + (f"?offen={fokus}#schritt-{fokus}" if fokus else "#struktur"))


def _speichern(request: HttpRequest, e: Entwurf, text: str, version: int, erfolg: str, fokus: str) -> HttpResponse:
    try:
        e, pruefung = entwurf_speichern(request.user, e.pk, queries.katalog_aus_datenbank(), text=text,
                                        version=version)
    except Konflikt as k:
        return _antwort(request, queries.entwurf(e.pk) or e, meldung=k.meldung, fehler=True, konflikt=True)
    except EntwurfFehler as f:
        return _antwort(request, e, meldung=f.meldung, fehler=True)
    anzahl = len(pruefung.befunde)
    return _antwort(request, e, fokus=fokus, pruefung=pruefung, meldung=f"{erfolg} (Version {e.version}): " + (
        "keine Befunde." if not anzahl else f"{anzahl} Befund{'e' if anzahl > 1 else ''}."))


def _ausgangstext(request: HttpRequest, e: Entwurf) -> str:
    """Der Text, auf den die Änderung wirkt: mit htmx der Quelltext im Editor (auch ungespeichert —
    so bleiben Quelltext und Struktur eins), sonst der gespeicherte."""
    text = request.POST.get("quelltext")
    if text is not None and request.htmx and len(text) <= MAX_TEXT:  # type: ignore[attr-defined]
        return text.replace("\r\n", "\n")
    return e.text


@login_required
@require_POST
def schritt(request: HttpRequest, pk: int) -> HttpResponse:
    """Ein Schritt: `tun` = speichern | art | entfernen | hoch | runter."""
    e = _redaktion(request, pk)
    version, sid, tun = _version(request), request.POST.get("schritt", ""), request.POST.get("tun", "speichern")
    if version is None or not sid:
        return _antwort(request, e, meldung="Schritt nicht geändert: Formular unvollständig (Schritt, Version).",
                        fehler=True)
    text = _ausgangstext(request, e)
    try:
        if tun == "entfernen":
            neu, was, fokus = schritt_entfernen(text, sid), f"Schritt {sid} entfernt", ""
        elif tun in ("hoch", "runter"):
            neu = schritt_verschieben(text, sid, -1 if tun == "hoch" else 1)
            was, fokus = f"Schritt {sid} nach {'oben' if tun == 'hoch' else 'unten'} verschoben", sid
        elif tun == "art":
            art = request.POST.get("neue_art", "")
            neu = schritt_ersetzen(text, sid, art_wechseln(schritt_lesen(text, sid), art))
            was, fokus = f"Schritt {sid}: Art geändert", sid
        elif tun == "speichern":
            daten = aus_formular(schritt_lesen(text, sid), request.POST.get)
            neu = schritt_ersetzen(text, sid, daten)
            fokus = str(daten["id"])
            was = f"Schritt {sid} gespeichert" + (f" als {fokus}" if fokus != sid else "")
        else:
            raise FeldFehler(f"unbekannte Änderung {tun!r}")
    except FeldFehler as fehler:
        return _antwort(request, e, meldung=f"Schritt {sid}: {fehler}", fehler=True, fokus=sid)
    return _speichern(request, e, neu, version, was, fokus)


@login_required
@require_POST
def anfuegen(request: HttpRequest, pk: int) -> HttpResponse:
    """Einen Schritt einfügen: Art, Kennung, Text, Ziel (oder Ergebnis) und Stelle (hinter Schritt …)."""
    e = _redaktion(request, pk)
    form = SchrittAnfuegen(request.POST, prefix="neu")
    if not form.is_valid():
        return _antwort(request, e, fehler=True, meldung="Schritt nicht eingefügt: " + " ".join(
            f"{form.fields[k].label if k in form.fields else k}: {m}" for k, ms in form.errors.items() for m in ms))
    d = form.cleaned_data
    text = _ausgangstext(request, e)
    try:
        daten = neuer_schritt(d["schritt_id"], d["art"], d["weiter"] if d["art"] != "ende" else "")
        if d["text"]:
            daten["text"] = d["text"].replace("\r\n", "\n")
        if d["art"] in ("ende", "rueckkehr") and d["weiter"]:
            daten["ergebnis"] = d["weiter"]
        neu = schritt_einfuegen(text, einordnen(daten), d["hinter"])
    except FeldFehler as fehler:
        return _antwort(request, e, meldung=f"Schritt {d['schritt_id']}: {fehler}", fehler=True)
    return _speichern(request, e, neu, d["version"], f"Schritt {d['schritt_id']} eingefügt", d["schritt_id"])


@login_required
@require_POST
def vorschau(request: HttpRequest, pk: int) -> HttpResponse:
    """Live-Vorschau eines ungespeicherten Quelltexts: Befunde, Schritte, Graph, Diff (nichts gespeichert)."""
    e = _redaktion(request, pk)
    text = request.POST.get("text", "").replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        return HttpResponse(f"Quelltext zu lang für die Vorschau (über {MAX_TEXT:,} Zeichen).".replace(",", "."),
                            status=413)
    ctx = editor_kontext(request, e, text=text, vorschau=text != e.text)
    return render(request, "redaktion/_vorschau.html", ctx)
