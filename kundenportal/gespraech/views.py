"""Seiten des Arbeitsplatzes: parsen, Dienst rufen, darstellen (house style, habit 4).
Zugriffsentscheidungen stehen in konten.zugriff, Änderungen in services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kundenportal import zeit
from kundenportal.katalog import queries as katalog_queries
from kundenportal.konten import zugriff

from . import aufgaben, queries, services
from .fehler import GespraechFehler, KeinZugriff
from .forms import Abschluss, KundeFinden
from .models import Kontakt


def _agent(request: HttpRequest) -> None:
    if not zugriff.darf_kontakte_fuehren(request.user):
        raise PermissionDenied("Ihre Rolle führt keine Kontakte.")


@login_required
def arbeitsplatz(request: HttpRequest) -> HttpResponse:
    _agent(request)
    return render(request, "gespraech/arbeitsplatz.html", {
        "offen": queries.offene_kontakte(request.user), "form": KundeFinden()})


@login_required
def neu(request: HttpRequest) -> HttpResponse:
    """Kontakt beginnen: Kunde per Kundennummer oder Nachname + Geburtsdatum finden (nur Kundennummern)."""
    _agent(request)
    form = KundeFinden(request.GET or None)
    treffer: list[str] | None = None
    if request.GET and form.is_valid():
        treffer = services.kunde_suchen(request.user, kundennummer=form.cleaned_data["kundennummer"],
                                        nachname=form.cleaned_data["nachname"],
                                        geburtsdatum=form.cleaned_data["geburtsdatum"])
        if len(treffer) == 1:
            return redirect(f"{reverse('gespraech:anliegen')}?kundennummer={treffer[0]}")
    return render(request, "gespraech/neu.html", {"form": form, "treffer": treffer})


@login_required
def anliegen(request: HttpRequest) -> HttpResponse:
    """Anliegen wählen: die heute am Standort geltenden Leitfäden der eigenen Kanäle."""
    _agent(request)
    kundennummer = request.GET.get("kundennummer", "")
    standort = zugriff.standort_fuer(request.user)
    zeilen = [z for kanal in zugriff.kanaele_fuer(request.user)
              for z in katalog_queries.leitfaeden(kanal=kanal, datum=zeit.heute(), standort=standort, bausteine=False)]
    return render(request, "gespraech/anliegen.html", {"zeilen": zeilen, "kundennummer": kundennummer})


@login_required
@require_POST
def starten(request: HttpRequest) -> HttpResponse:
    try:
        kontakt = services.kontakt_starten(request.user, request.POST.get("leitfaden", ""),
                                           request.POST.get("kundennummer") or None)
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    except GespraechFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("gespraech:neu")
    return redirect("gespraech:kontakt", kontakt.pk)


def _kontakt(kontakt_id: uuid.UUID) -> Kontakt:
    return get_object_or_404(Kontakt.objects.select_related("user"), pk=kontakt_id)


@login_required
def kontakt(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    k = _kontakt(kontakt_id)
    try:
        ansicht = services.kontakt_stand(request.user, k)
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    vorlage = "gespraech/ende.html" if ansicht.art == "ende" or k.status == Kontakt.ABGESCHLOSSEN \
        else "gespraech/kontakt.html"
    form = Abschluss(initial={"vermerk": ansicht.vermerk})
    return render(request, vorlage, {"a": ansicht, "k": ansicht.kontakt, "form": form,
                                     "bearbeitbar": zugriff.darf_kontakt_bearbeiten(request.user, ansicht.kontakt)})


def _handeln(request: HttpRequest, kontakt_id: uuid.UUID, art: str) -> HttpResponse:
    k = _kontakt(kontakt_id)
    fakt = request.POST.get("fakt", "")
    try:
        if art == "antwort":
            services.kontakt_beantworten(request.user, k, fakt, request.POST.get("wert", ""))
        else:
            services.kontakt_zurueck(request.user, k, fakt)
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    except GespraechFehler as fehler:
        messages.error(request, fehler.meldung)
    return redirect("gespraech:kontakt", k.pk)


@login_required
@require_POST
def antwort(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    return _handeln(request, kontakt_id, "antwort")


@login_required
@require_POST
def zurueck(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    return _handeln(request, kontakt_id, "zurueck")


@login_required
@require_POST
def abschliessen(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    k = _kontakt(kontakt_id)
    form = Abschluss(request.POST)
    if not form.is_valid():
        messages.error(request, "Der Vermerk darf nicht leer sein.")
        return redirect("gespraech:kontakt", k.pk)
    try:
        services.kontakt_abschliessen(request.user, k, form.cleaned_data["vermerk"])
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    except GespraechFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("gespraech:kontakt", k.pk)
    messages.success(request, "Kontakt gespeichert.")
    if k.kundennummer:
        return redirect("gespraech:kunde", k.kundennummer)
    return redirect("gespraech:arbeitsplatz")


@login_required
def kunde(request: HttpRequest, kundennummer: str) -> HttpResponse:
    try:
        daten, kontakte = services.kundenhistorie_lesen(request.user, kundennummer)
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    return render(request, "gespraech/kunde.html", {"kundennummer": kundennummer, "daten": daten,
                                                    "kontakte": kontakte})


@login_required
def postkorb(request: HttpRequest, postkorb: str) -> HttpResponse:
    try:
        liste = aufgaben.aufgaben_lesen(request.user, postkorb)
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    return render(request, "gespraech/postkorb.html", {"postkorb": postkorb, "name": aufgaben.postkorb_name(postkorb),
                                                       "aufgaben": liste})


@login_required
@require_POST
def aufgabe(request: HttpRequest, postkorb: str, aufgabe_id: int, art: str) -> HttpResponse:
    tun = aufgaben.aufgabe_nehmen if art == "nehmen" else aufgaben.aufgabe_schliessen
    try:
        tun(request.user, postkorb, aufgabe_id)
    except KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    except GespraechFehler as fehler:
        messages.error(request, fehler.meldung)
    else:
        messages.success(request, f"Aufgabe {aufgabe_id} " + ("übernommen." if art == "nehmen" else "erledigt."))
    return redirect("gespraech:postkorb", postkorb)
