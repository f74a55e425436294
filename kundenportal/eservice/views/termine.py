"""Die eigenen Termine des Kunden: ansehen, absagen (mit Grund und Prüfseite), als iCalendar herunterladen."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kundenportal import zeit
from kundenportal.eservice import queries
from kundenportal.eservice.forms import TerminAbsageForm
from kundenportal.eservice.zugang import kunde_erforderlich
from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.termine.ical import termin_als_ics
from kundenportal.termine.queries import BEREICH_TEXTE, STATUS_TEXTE, TerminNichtGefunden, termin_des_kunden
from kundenportal.termine.services import AbsageAbgelehnt, termin_absagen


def _eigener(kundennummer: str, termin_id: str) -> Termin:
    try:
        return termin_des_kunden(kundennummer, termin_id)
    except TerminNichtGefunden:
        raise Http404("Termin nicht gefunden") from None


def _zeile(t: Termin) -> dict[str, object]:
    return {"t": t, "bereich": BEREICH_TEXTE.get(t.bereich, t.bereich), "status": STATUS_TEXTE.get(t.status, t.status)}


@kunde_erforderlich
def liste(request: HttpRequest, kundennummer: str) -> HttpResponse:
    termine = queries.termine(kundennummer)
    return render(request, "eservice/termine.html", {
        "geplant": [_zeile(t) for t in termine if t.status == "geplant"],
        "frueher": [_zeile(t) for t in termine if t.status != "geplant"]})


ABSAGE_GRUND = "eservice_absage_grund"      # Sitzung: der geprüfte Grund bis zur Bestätigung (je Termin)
PRUEFEN = "?schritt=pruefen"


@kunde_erforderlich
@require_http_methods(["GET", "POST"])
def absagen(request: HttpRequest, kundennummer: str, termin_id: str) -> HttpResponse:
    """Drei Schritte: Grund eingeben → Prüfseite (was geschieht) → „Absage bestätigen“. „Grund ändern“ führt mit
    dem eingegebenen Grund zurück ins Formular. Unumkehrbar ist erst der bestätigte POST. Die Prüfseite kommt per
    Weiterleitung (Post/Redirect/Get, der Grund in der Sitzung): „Zurück“ im Browser fragt nie, ob ein Formular
    erneut gesendet werden soll, und führt nach der Absage zur Terminliste statt zu einer veralteten Prüfseite."""
    termin = _eigener(kundennummer, termin_id)
    gemerkt = request.session.get(ABSAGE_GRUND)
    grund_gemerkt = str(gemerkt.get("grund", "")) if isinstance(gemerkt, dict) and gemerkt.get("termin") == termin.id \
        else ""
    if request.method == "GET":
        if termin.status != "geplant":           # schon abgesagt (etwa „Zurück“ nach der Absage): die Liste
            messages.info(request, "Dieser Termin ist nicht mehr geplant; hier sehen Sie seinen Stand.")
            return HttpResponseRedirect(reverse("eservice:termine"))
        if request.GET.get("schritt") == "pruefen" and grund_gemerkt:
            return render(request, "eservice/termin_absagen_pruefen.html", {"termin": _zeile(termin),
                                                                            "grund": grund_gemerkt})
        form = TerminAbsageForm(initial={"grund": grund_gemerkt} if grund_gemerkt else None)
        return render(request, "eservice/termin_absagen.html", {"termin": _zeile(termin), "form": form})
    form = TerminAbsageForm(request.POST)
    if "aendern" in request.POST:
        return render(request, "eservice/termin_absagen.html", {"termin": _zeile(termin), "form": form})
    if form.is_valid() and termin.status == "geplant" and "bestaetigt" not in request.POST:
        request.session[ABSAGE_GRUND] = {"termin": termin.id, "grund": form.cleaned_data["grund"]}
        return HttpResponseRedirect(reverse("eservice:termin_absagen", args=[termin.id]) + PRUEFEN)
    if form.is_valid():
        try:
            termin_absagen(kundennummer, termin.id, form.cleaned_data["grund"], durch=f"kunde:{kundennummer}")
        except AbsageAbgelehnt as abgelehnt:
            form.add_error("grund", str(abgelehnt))
        else:
            request.session.pop(ABSAGE_GRUND, None)
            messages.success(request, f"Ihr Termin am {termin.beginn.astimezone(zeit.BERLIN):%d.%m.%Y um %H:%M} Uhr ist abgesagt.")
            return HttpResponseRedirect(reverse("eservice:termine"))
    return render(request, "eservice/termin_absagen.html", {"termin": _zeile(termin), "form": form}, status=400)


@kunde_erforderlich
def ics(request: HttpRequest, kundennummer: str, termin_id: str) -> HttpResponse:
    termin = _eigener(kundennummer, termin_id)
    antwort = HttpResponse(termin_als_ics(termin, erstellt=zeit.jetzt()), content_type="text/calendar; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="termin-{termin.id}.ics"'
    return antwort
