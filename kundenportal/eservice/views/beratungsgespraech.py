"""eService „Beratungsgespräch vorbereiten“: Formular → Zusammenfassung → Bestätigung.

Die Angaben liegen bis zum Absenden nur in der Sitzung; erst das Absenden läuft den Leitfaden
"ES Beratungsgespraech" (services.beratungsgespraech_uebermitteln)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kundenportal.eservice import queries
from kundenportal.eservice.forms import FAHRZEUGE, FUEHRERSCHEINKLASSEN, BeratungsgespraechForm
from kundenportal.eservice.services import (
    EingabeAbgelehnt,
    beratungsgespraech_angebot,
    beratungsgespraech_uebermitteln,
)
from kundenportal.eservice.zugang import kunde_erforderlich

SITZUNG_ANGABEN = "eservice_beratungsgespraech"
SITZUNG_ERGEBNIS = "eservice_beratungsgespraech_ergebnis"


def _nicht_verfuegbar(request: HttpRequest, grund: str) -> HttpResponse:
    return render(request, "eservice/nicht_verfuegbar.html", {"grund": grund})


def _formular(request: HttpRequest, form: BeratungsgespraechForm, status: int = 200) -> HttpResponse:
    return render(request, "eservice/beratungsgespraech.html", {"form": form}, status=status)


@kunde_erforderlich
@require_http_methods(["GET", "POST"])
def formular(request: HttpRequest, kundennummer: str) -> HttpResponse:
    angebot = beratungsgespraech_angebot(kundennummer)
    if not angebot.verfuegbar:
        return _nicht_verfuegbar(request, angebot.grund)
    if request.method == "POST":
        form = BeratungsgespraechForm(request.POST)
        if not form.is_valid():
            return _formular(request, form, status=400)
        request.session[SITZUNG_ANGABEN] = form.angaben()
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech_pruefen"))
    gespeichert = request.session.get(SITZUNG_ANGABEN)
    form = BeratungsgespraechForm(initial=BeratungsgespraechForm.daten_aus(gespeichert) if gespeichert else None)
    return _formular(request, form)


def _lesbar(angaben: dict[str, Any]) -> dict[str, Any]:
    klassen, fahrzeuge = dict(FUEHRERSCHEINKLASSEN), dict(FAHRZEUGE)
    return {"fuehrerscheine": [klassen.get(k, k) for k in angaben.get("fuehrerscheine") or []],
            "fahrzeuge": [fahrzeuge.get(f, f) for f in angaben.get("fahrzeuge") or []],
            "sprachkenntnisse": angaben.get("sprachkenntnisse") or [],
            "freie_angaben": angaben.get("freie_angaben") or "", "stellengesuch": angaben.get("stellengesuch") or ""}


@kunde_erforderlich
@require_http_methods(["GET", "POST"])
def pruefen(request: HttpRequest, kundennummer: str) -> HttpResponse:
    angaben = request.session.get(SITZUNG_ANGABEN)
    if not angaben:
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech"))
    if request.method == "POST":
        try:
            ergebnis = beratungsgespraech_uebermitteln(kundennummer, angaben)
        except EingabeAbgelehnt as abgelehnt:
            form = BeratungsgespraechForm(BeratungsgespraechForm.daten_aus(angaben))
            form.is_valid()
            form.add_error(form.feld_zu_fakt(abgelehnt.fakt), abgelehnt.grund)
            return _formular(request, form, status=400)
        del request.session[SITZUNG_ANGABEN]
        if ergebnis != "profil_uebernommen":
            return _nicht_verfuegbar(request, beratungsgespraech_angebot(kundennummer).grund)
        request.session[SITZUNG_ERGEBNIS] = ergebnis
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech_bestaetigung"))
    return render(request, "eservice/beratungsgespraech_pruefen.html", {"angaben": _lesbar(angaben)})


@kunde_erforderlich
def bestaetigung(request: HttpRequest, kundennummer: str) -> HttpResponse:
    if request.session.get(SITZUNG_ERGEBNIS) != "profil_uebernommen":
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech"))
    profil = queries.profil(kundennummer)
    return render(request, "eservice/beratungsgespraech_bestaetigung.html",
                  {"angaben": _lesbar(profil.__dict__)})
