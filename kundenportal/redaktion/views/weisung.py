"""Die neue Weisung eines Freigabepakets erfassen: Nummer, Titel, Daten, Geschäftszeichen, Bezug, Kopf und die
Regelpunkte (mehrere Zeilen, „Weitere Zeilen“ ohne JavaScript; je Punkt optional, warum kein Schritt nötig ist). Die Umsetzung je Punkt kommt aus den Regelverweisen
der Schritte (neue_weisung.py). Abgelehnt: die Seite mit den Eingaben und der Meldung am Feld (views parse, call,
render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import queries
from ..forms import Regelpunkte, WeisungErfassen
from ..models import Freigabepaket
from ..neue_weisung import KOPF
from ..services.entwurf import EntwurfFehler
from ..services.weisung import weisung_erfassen, weisung_verwerfen
from ..zugriff import darf_redigieren
from .entwuerfe import nicht_gefunden

LEERE_ZEILEN = 3
# Fehler des Dienstes am Feld, zu dem sie gehören (sonst über dem Formular).
FEHLER_FELD = {"weisung_nummer": "nummer", "weisung_vorhanden": "nummer", "weisung_in_anderem_paket": "nummer",
               "weisung_ab_vor_datum": "gueltig_ab", "weisung_nach_paket": "gueltig_ab"}


def _anfangswerte(p: Freigabepaket) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Was die Seite zeigt: die erfasste Weisung, sonst Vorschläge aus dem Paket (Nummer, Titel, Daten)."""
    a = p.neue_weisung or {}
    kopf = a.get("kopf") or {}
    werte = {"nummer": p.weisung, "titel": a.get("titel") or p.titel, "datum": a.get("datum") or p.datum,
             "gueltig_ab": a.get("gueltig_ab") or p.gueltig_ab, "geschaeftszeichen": a.get("geschaeftszeichen", ""),
             "bezug": a.get("bezug", ""), **{f"kopf_{k}": kopf.get(k, "") for k in KOPF}}
    return werte, list(a.get("regeln") or [])


def _formset(initial: list[dict[str, str]], leer: int = LEERE_ZEILEN, data: Any = None) -> Any:
    if data is not None:
        return Regelpunkte(data, prefix="regel")
    zeilen = [*initial, *({"punkt": "", "titel": "", "ohne_schritt": ""} for _ in range(leer))]
    return Regelpunkte(prefix="regel", initial=zeilen)


def _seite(request: HttpRequest, p: Freigabepaket, form: WeisungErfassen, zeilen: Any, status: int = 200) -> HttpResponse:
    fehler = bool(form.errors) or any(f.errors for f in zeilen.forms) or bool(zeilen.non_form_errors())
    if fehler and not form.errors:          # der Fokus auf das erste Feld mit Fehler, auch in den Regelpunkten
        erstes = next(((f, n) for f in zeilen.forms for n in ("punkt", "titel", "ohne_schritt") if n in f.errors), None)
        if erstes is not None:
            erstes[0].fields[erstes[1]].widget.attrs["autofocus"] = True
    return render(request, "redaktion/weisung.html", {"p": p, "form": form, "zeilen": zeilen, "fehler": fehler,
                                                      "neu": not p.neue_weisung}, status=status)


def _paket(request: HttpRequest, pk: int, aendern: str = "") -> Freigabepaket | HttpResponse:
    """Das Paket für die Redaktion; mit `aendern` (was sich ändern soll, etwa „die Weisung“) nur, solange es
    bearbeitet wird — sonst zurück zum Paket mit dem Grund."""
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    p = queries.paket(pk)
    if p is None:
        return nicht_gefunden(request, "Dieses Freigabepaket gibt es nicht (mehr).")
    if aendern and p.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        messages.error(request, f"Das Paket ist {p.get_status_display()}: {aendern} nicht mehr änderbar.")
        return redirect("redaktion:paket", p.pk)
    return p


def _weitere_zeilen(request: HttpRequest, p: Freigabepaket) -> HttpResponse:
    """„Weitere Zeilen“: nichts gespeichert, die Eingaben bleiben, drei leere Zeilen dazu; der Fokus auf die erste."""
    werte = {n: request.POST.get(f"weisung-{n}", "") for n in WeisungErfassen.base_fields}
    try:
        anzahl = min(int(request.POST.get("regel-TOTAL_FORMS", "0")), 57)
    except ValueError:
        anzahl = 0
    zeilen = [{n: request.POST.get(f"regel-{i}-{n}", "") for n in ("punkt", "titel", "ohne_schritt")}
              for i in range(anzahl)]
    formset = _formset(zeilen)
    formset.forms[anzahl].fields["punkt"].widget.attrs["autofocus"] = True
    return _seite(request, p, WeisungErfassen(prefix="weisung", initial=werte), formset)


@login_required
def erfassen(request: HttpRequest, pk: int) -> HttpResponse:
    p = _paket(request, pk, aendern="die Weisung ist")
    if isinstance(p, HttpResponse):
        return p
    if p.weisung in queries.katalog_aus_datenbank().weisungen and not p.neue_weisung:
        messages.info(request, f"Weisung {p.weisung} steht schon im Katalog: sie wird hier nicht erfasst.")
        return redirect("redaktion:paket", p.pk)
    if request.method != "POST":
        werte, regeln = _anfangswerte(p)
        return _seite(request, p, WeisungErfassen(prefix="weisung", initial=werte), _formset(regeln))
    if "weitere_zeilen" in request.POST:
        return _weitere_zeilen(request, p)
    form, zeilen = WeisungErfassen(request.POST, prefix="weisung"), _formset([], data=request.POST)
    if not (form.is_valid() & zeilen.is_valid()):            # beide prüfen: alle Meldungen auf einmal
        return _seite(request, p, form, zeilen, status=400)
    try:
        weisung_erfassen(request.user, p.pk, regeln=zeilen.regeln, **form.cleaned_data)
    except EntwurfFehler as fehler:
        feld = FEHLER_FELD.get(fehler.code)
        form.add_error(feld if feld in form.fields else None, fehler.meldung)
        return _seite(request, p, form, zeilen, status=400)
    messages.success(request, f"Weisung {form.cleaned_data['nummer']} erfasst: sie wird mit dem Paket geprüft, "
                              "freigegeben und veröffentlicht.")
    return redirect("redaktion:paket", p.pk)


@login_required
def verwerfen(request: HttpRequest, pk: int) -> HttpResponse:
    """„Erfasste Weisung verwerfen“: erst eine Rückfrage (GET), dann verwerfen (POST mit CSRF). Nur solange das Paket
    bearbeitet wird; sonst zurück zum Paket mit dem Grund."""
    p = _paket(request, pk)
    if isinstance(p, HttpResponse):
        return p
    if not p.neue_weisung:
        messages.info(request, "Das Paket hat keine erfasste neue Weisung.")
        return redirect("redaktion:paket", p.pk)
    if p.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        messages.error(request, f"Das Paket ist {p.get_status_display()}: die Weisung lässt sich nicht mehr verwerfen.")
        return redirect("redaktion:paket", p.pk)
    if request.method != "POST":
        nennen = [e for e in queries.entwuerfe().filter(text__contains=p.weisung)]
        return render(request, "redaktion/weisung_verwerfen.html", {
            "p": p, "titel": p.neue_weisung.get("titel", ""), "regeln": p.neue_weisung.get("regeln") or [],
            "entwuerfe": nennen})
    try:
        weisung_verwerfen(request.user, p.pk)
    except EntwurfFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("redaktion:paket", p.pk)
    messages.success(request, f"Die erfasste Weisung {p.weisung} ist verworfen. Entwürfe, die sie nennen, haben jetzt "
                              "einen Befund; das Szenario-Tor ist neu zu prüfen.")
    return redirect("redaktion:paket", p.pk)
