"""eService „Beratungsgespräch vorbereiten“: Formular → Prüfseite → Bestätigung.

Die Angaben liegen bis zum Absenden nur in der Sitzung. Die Prüfseite lässt den Leitfaden
"ES Beratungsgespraech" bis vor die ändernde Aktion laufen (services.beratungsgespraech_vorhaben) und
zeigt, was geschehen wird; erst „Angaben absenden“ führt genau das aus (mit dem Zeichen des Vorhabens)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kundenportal.eservice import queries
from kundenportal.eservice.forms import FAHRZEUGE, FUEHRERSCHEINKLASSEN, BeratungsgespraechForm
from kundenportal.eservice.services import (
    EingabeAbgelehnt,
    NichtMehrAktuell,
    beratungsgespraech_angebot,
    beratungsgespraech_uebermitteln,
    beratungsgespraech_vorhaben,
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
    # Vorbelegt mit den Angaben dieser Sitzung, sonst mit dem gespeicherten Profil: das Absenden ersetzt das
    # ganze Profil, ein leeres Formular löschte also, was der Kunde nicht erneut eingibt.
    angaben = request.session.get(SITZUNG_ANGABEN) or asdict(queries.profil(kundennummer))
    form = BeratungsgespraechForm(initial=BeratungsgespraechForm.daten_aus(angaben))
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
            ergebnis = beratungsgespraech_uebermitteln(kundennummer, angaben, request.POST.get("zeichen") or None)
        except EingabeAbgelehnt as abgelehnt:
            return _abgelehnt(request, angaben, abgelehnt)
        except NichtMehrAktuell as geaendert:
            return _pruefseite(request, kundennummer, angaben, meldung=str(geaendert), status=409)
        del request.session[SITZUNG_ANGABEN]
        if ergebnis != "profil_uebernommen":
            return _nicht_verfuegbar(request, beratungsgespraech_angebot(kundennummer).grund)
        request.session[SITZUNG_ERGEBNIS] = ergebnis
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech_bestaetigung"))
    return _pruefseite(request, kundennummer, angaben)


def _abgelehnt(request: HttpRequest, angaben: dict[str, Any], abgelehnt: EingabeAbgelehnt) -> HttpResponse:
    form = BeratungsgespraechForm(BeratungsgespraechForm.daten_aus(angaben))
    form.is_valid()
    form.add_error(form.feld_zu_fakt(abgelehnt.fakt), abgelehnt.grund)
    return _formular(request, form, status=400)


def _pruefseite(request: HttpRequest, kundennummer: str, angaben: dict[str, Any], meldung: str = "",
                status: int = 200) -> HttpResponse:
    """Zusammenfassung und Bestätigungsschritt: was der Leitfaden mit den Angaben tun wird."""
    try:
        vorhaben = beratungsgespraech_vorhaben(kundennummer, angaben)
    except EingabeAbgelehnt as abgelehnt:
        return _abgelehnt(request, angaben, abgelehnt)
    return render(request, "eservice/beratungsgespraech_pruefen.html",
                  {"angaben": _lesbar(angaben), "vorhaben": vorhaben, "meldung": meldung}, status=status)


@kunde_erforderlich
def bestaetigung(request: HttpRequest, kundennummer: str) -> HttpResponse:
    if request.session.get(SITZUNG_ERGEBNIS) != "profil_uebernommen":
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech"))
    profil = queries.profil(kundennummer)
    return render(request, "eservice/beratungsgespraech_bestaetigung.html",
                  {"angaben": _lesbar(profil.__dict__)})
