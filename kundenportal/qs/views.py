"""Seiten der Qualitätssicherung: parsen, Dienst rufen, darstellen (house style, habit 4)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kundenportal import zeit
from kundenportal.konten import zugriff
from kundenportal.verdrahtung import katalog

from . import queries, services
from .forms import BewertungForm, StichprobeZiehen
from .kriterien import KRITERIEN, URTEILE
from .models import Bewertung, Stichprobe

ZEITRAEUME = (7, 30, 90, 365)


def _qs(request: HttpRequest) -> None:
    if not zugriff.darf_qs(request.user):
        raise PermissionDenied("Die Qualitätssicherung macht die Teamleitung.")


def _leitfaeden() -> list[str]:
    return sorted(lf.id for lf in katalog().leitfaeden.values() if not getattr(lf.kopf, "baustein", False))


@login_required
@require_http_methods(["GET", "POST"])
def uebersicht(request: HttpRequest) -> HttpResponse:
    """Stichprobe ziehen, die Stichproben des Standorts und die QS-Quote je Leitfaden und Kriterium."""
    _qs(request)
    form = StichprobeZiehen(request.POST if request.method == "POST" else None, leitfaeden=_leitfaeden())
    if form.is_bound and form.is_valid():
        try:
            stichprobe = services.stichprobe_ziehen(
                request.user, heute=zeit.heute(), jetzt=zeit.jetzt(), n=form.cleaned_data["n"],
                tage=form.cleaned_data["tage"], leitfaden=form.cleaned_data["leitfaden"])
        except services.QsFehler as fehler:
            messages.error(request, fehler.meldung)
        else:
            return redirect("qs:stichprobe", stichprobe.pk)
    standort = zugriff.standort_fuer(request.user)
    tage = int(request.GET["tage"]) if request.GET.get("tage", "").isdigit() else 30
    tage = tage if tage in ZEITRAEUME else 30
    bis = zeit.heute()
    von = bis - dt.timedelta(days=tage - 1)
    return render(request, "qs/uebersicht.html", {
        "form": form, "standort": standort, "stichproben": queries.stichproben(standort),
        "kriterien": KRITERIEN.values(), "quoten": queries.quoten(standort=standort, von=von, bis=bis),
        "von": von, "bis": bis, "tage": tage, "zeitraeume": ZEITRAEUME})


def _stichprobe(request: HttpRequest, stichprobe_id: int) -> Stichprobe:
    _qs(request)
    gefunden = queries.stichprobe(stichprobe_id)
    if gefunden is None:
        raise Http404("Diese Stichprobe gibt es nicht.")
    try:
        return services.stichprobe_lesen(request.user, gefunden)
    except services.KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None


@login_required
def stichprobe(request: HttpRequest, stichprobe_id: int) -> HttpResponse:
    s = _stichprobe(request, stichprobe_id)
    return render(request, "qs/stichprobe.html", {"s": s, "bewertungen": queries.bewertungen(s)})


def _anfangswerte(bewertung: Bewertung) -> dict[str, str]:
    """Gespeichertes Urteil, sonst der Vorschlag der Vorbewertung."""
    werte = {k: getattr(bewertung, k) or bewertung.vorschlag.get(k, {}).get("urteil", "") for k in KRITERIEN}
    return {**werte, "kommentar": bewertung.kommentar}


@login_required
@require_http_methods(["GET", "POST"])
def bewertung(request: HttpRequest, bewertung_id: int) -> HttpResponse:
    _qs(request)
    b = queries.bewertung(bewertung_id)
    if b is None:
        raise Http404("Diese Bewertung gibt es nicht.")
    try:
        pfad = services.bewertung_oeffnen(request.user, b)
    except services.KeinZugriff as fehler:
        raise PermissionDenied(fehler.meldung) from None
    form = BewertungForm(request.POST if request.method == "POST" else None, initial=_anfangswerte(b))
    if form.is_bound and form.is_valid():
        try:
            services.bewertung_speichern(request.user, b, {k: form.cleaned_data[k] for k in KRITERIEN},
                                         form.cleaned_data["kommentar"], jetzt=zeit.jetzt())
        except services.QsFehler as fehler:
            messages.error(request, fehler.meldung)
        else:
            messages.success(request, f"Kontakt {b.nummer} bewertet.")
            return redirect("qs:stichprobe", b.stichprobe_id)
    vorschlaege = {KRITERIEN[k]: (URTEILE[v["urteil"]], v["grund"]) for k, v in b.vorschlag.items() if k in KRITERIEN}
    return render(request, "qs/bewertung.html", {"b": b, "pfad": pfad, "form": form,
                                                 "vorschlaege": vorschlaege})
