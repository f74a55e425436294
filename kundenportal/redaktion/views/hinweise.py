"""Änderungshinweise: lesen bestätigen (Beschäftigte) und der Lesestand je Hinweis (Teamleitung)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kundenportal import zeit
from kundenportal.konten.zugriff import standort_fuer

from ..hinweise import betrifft, lesestaende
from ..models import Aenderungshinweis
from ..services.hinweise import hinweis_bestaetigen
from ..zugriff import darf_lesestand_sehen


@login_required
@require_POST
def bestaetigen(request: HttpRequest, pk: int) -> HttpResponse:
    hinweis = Aenderungshinweis.objects.filter(pk=pk).first()
    if hinweis is None or not betrifft(request.user, hinweis, zeit.heute()):
        raise Http404("Diesen Hinweis gibt es für Ihre Rolle an Ihrem Standort nicht.")
    hinweis_bestaetigen(request.user, hinweis.pk)
    if getattr(request, "htmx", False):
        # Mitten im Gespräch: nur der Hinweis wird ersetzt — die Seite lädt nicht neu, eine schon getippte
        # Antwort bleibt im Feld (Rundgang Familienkasse: „Gelesen“ verwarf sie).
        return HttpResponse(format_html('<p class="kern-body" role="status" id="hinweis-{}-gelesen">Gelesen '
                                        'bestätigt: {}.</p>', hinweis.pk, hinweis.leitfaden_id))
    messages.success(request, f"Gelesen bestätigt: {hinweis.leitfaden_id}.")
    ziel = request.headers.get("Referer", "")
    if ziel and url_has_allowed_host_and_scheme(ziel, allowed_hosts={request.get_host()}):
        return redirect(ziel)
    return redirect("/")


@login_required
def lesestand_seite(request: HttpRequest) -> HttpResponse:
    if not darf_lesestand_sehen(request.user):
        raise PermissionDenied("Nur für die Teamleitung.")
    standort = standort_fuer(request.user)
    zeilen = lesestaende(standort, zeit.heute())
    return render(request, "redaktion/lesestand.html", {"zeilen": zeilen, "standort": standort})
