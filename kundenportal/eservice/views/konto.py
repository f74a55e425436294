"""Anmelden, Abmelden und die Übersicht des Kunden."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kundenportal import zeit
from kundenportal.eservice import queries
from kundenportal.eservice.forms import AnmeldeForm
from kundenportal.eservice.services import AnmeldungGesperrt, beratungsgespraech_angebot, kunde_anmelden
from kundenportal.eservice.zugang import (
    SITZUNG_KUNDE,
    angemeldeter_kunde,
    kunde_erforderlich,
    merker_loeschen,
    merker_setzen,
    nie_speichern,
    sitzung_abgelaufen,
)
from kundenportal.konten import drosselung


def _sitzung_schon_gemeldet(request: HttpRequest) -> bool:
    """Hat konten.sitzung.SitzungsDauer das Ende schon gemeldet („Ihre Sitzung wurde … beendet“)? Dann keine
    zweite Meldung. Liest die Meldungen, ohne sie zu verbrauchen (storage.used = False)."""
    speicher = messages.get_messages(request)
    gemeldet = any(str(m).startswith("Ihre Sitzung wurde") for m in speicher)
    if isinstance(speicher, BaseStorage):
        speicher.used = False
    return gemeldet


@nie_speichern
@require_http_methods(["GET", "POST"])
def anmelden(request: HttpRequest) -> HttpResponse:
    weiter = request.POST.get("weiter") or request.GET.get("weiter") or ""
    if not url_has_allowed_host_and_scheme(weiter, {request.get_host()}, require_https=request.is_secure()):
        weiter = ""
    abgelaufen = sitzung_abgelaufen(request)
    kontext = {"weiter": weiter, "sitzung_abgelaufen": abgelaufen,
               "abgelaufen_zeigen": abgelaufen and request.method == "GET" and not _sitzung_schon_gemeldet(request)}
    if request.method == "POST":
        form = AnmeldeForm(request.POST)
        if form.is_valid():
            eingabe = form.cleaned_data["kundennummer"]
            if not drosselung.kunde_darf_anmelden(request, eingabe):      # je Client-Adresse (django-axes)
                form.add_error(None, drosselung.GESPERRT_KUNDE)
                return render(request, "eservice/anmelden.html", {"form": form, **kontext}, status=429)
            try:
                kundennummer = kunde_anmelden(eingabe, form.cleaned_data["passwort"], jetzt=zeit.echt())
            except AnmeldungGesperrt as gesperrt:
                form.add_error(None, str(gesperrt))
                return render(request, "eservice/anmelden.html", {"form": form, **kontext}, status=429)
            if kundennummer is None:
                drosselung.kunde_fehlversuch(request, eingabe)
            else:
                drosselung.kunde_erfolg(request, eingabe)
                request.session.cycle_key()
                request.session[SITZUNG_KUNDE] = kundennummer
                antwort = HttpResponseRedirect(weiter or reverse("eservice:uebersicht"))
                merker_setzen(antwort)
                return antwort
            form.add_error(None, "Kundennummer oder Passwort ist nicht richtig. Bitte prüfen Sie Ihre Eingabe.")
        status = 200 if form.is_valid() and not form.non_field_errors() else 400
        return render(request, "eservice/anmelden.html", {"form": form, **kontext}, status=status)
    if angemeldeter_kunde(request):
        return HttpResponseRedirect(reverse("eservice:uebersicht"))
    return render(request, "eservice/anmelden.html", {"form": AnmeldeForm(), **kontext})


@nie_speichern
@require_POST
def abmelden(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    antwort = HttpResponseRedirect(reverse("eservice:anmelden") + "?abgemeldet=1")
    merker_loeschen(antwort)
    return antwort


@kunde_erforderlich
def uebersicht(request: HttpRequest, kundennummer: str) -> HttpResponse:
    return render(request, "eservice/uebersicht.html", {
        "kunde": queries.kunde(kundennummer), "stufe": queries.sicherheitsstufe(kundennummer),
        "angebot": beratungsgespraech_angebot(kundennummer),
        "uebermittelt": queries.beratungsgespraech_uebermittelt(kundennummer),
        "termine": [t for t in queries.termine(kundennummer) if t.status == "geplant"]})
