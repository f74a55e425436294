"""Die eigenen Termine des Kunden: ansehen, absagen (mit Grund und Prüfseite), als iCalendar herunterladen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kundenportal import zeit
from kundenportal.eservice import queries, termin_hinweise
from kundenportal.eservice.forms import TerminAbsageForm, eingabe_merken, eingabe_zeigen
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


def _zeile(t: Termin, beginn: Mapping[str, dt.datetime] | None = None) -> dict[str, object]:
    """Ein Termin für die Vorlagen: Anlass und Stand in Worten, wo er stattfindet und was mitzubringen ist
    (termin_hinweise); mit `beginn` (Termin-ID → Beginn der eigenen Termine) auch, wann der verschobene Termin
    war, den er ersetzt (`vorgaenger`), bzw. wann der neue Termin ist (`nachfolger`)."""
    beginn = beginn or {}
    return {"t": t, "bereich": BEREICH_TEXTE.get(t.bereich, t.bereich), "status": STATUS_TEXTE.get(t.status, t.status),
            "ort": termin_hinweise.ort(t), "mitbringen": termin_hinweise.mitbringen(t),
            "vorgaenger": beginn.get(t.vorgaenger), "nachfolger": beginn.get(t.nachfolger)}


@kunde_erforderlich
def liste(request: HttpRequest, kundennummer: str) -> HttpResponse:
    termine = queries.termine(kundennummer)
    beginn = {t.id: t.beginn for t in termine}
    return render(request, "eservice/termine.html", {
        "geplant": [_zeile(t, beginn) for t in termine if t.status == "geplant"],
        "frueher": [_zeile(t, beginn) for t in termine if t.status != "geplant"]})


ABSAGE_GRUND = "eservice_absage_grund"      # Sitzung: der geprüfte Grund bis zur Bestätigung (je Termin)
# Sitzung: die abgelehnte Eingabe mit ihren Meldungen (forms.eingabe_merken) je Termin, {termin_id: eingabe};
# sie gilt bis zum nächsten Absenden des Formulars für diesen Termin oder bis zur Absage.
ABSAGE_EINGABE = "eservice_absage_eingabe"
PRUEFEN = "?schritt=pruefen"


def _eingabe_merken(request: HttpRequest, termin_id: str, form: TerminAbsageForm) -> HttpResponse:
    """Post/Redirect/Get im Fehlerfall: Eingabe und Meldungen je Termin in die Sitzung, dann zum Formular."""
    request.session[ABSAGE_EINGABE] = {**_eingaben(request), termin_id: eingabe_merken(form)}
    return HttpResponseRedirect(reverse("eservice:termin_absagen", args=[termin_id]))


def _eingaben(request: HttpRequest) -> dict[str, Any]:
    gemerkt = request.session.get(ABSAGE_EINGABE)
    return dict(gemerkt) if isinstance(gemerkt, dict) else {}


def _eingabe_vergessen(request: HttpRequest, termin_id: str) -> None:
    eingaben = _eingaben(request)
    if eingaben.pop(termin_id, None) is None:
        return
    if eingaben:
        request.session[ABSAGE_EINGABE] = eingaben
    else:
        request.session.pop(ABSAGE_EINGABE, None)


@kunde_erforderlich
@require_http_methods(["GET", "POST"])
def absagen(request: HttpRequest, kundennummer: str, termin_id: str) -> HttpResponse:
    """Drei Schritte: Grund eingeben → Prüfseite (was geschieht) → „Absage bestätigen“. „Grund ändern“ führt mit
    dem eingegebenen Grund zurück ins Formular. Unumkehrbar ist erst der bestätigte POST. Jeder POST endet mit
    einer Weiterleitung (Post/Redirect/Get, Grund bzw. abgelehnte Eingabe in der Sitzung), auch bei Fehlern:
    „Zurück“ im Browser fragt nie, ob ein Formular erneut gesendet werden soll, zeigt das Formular mit der
    Eingabe (und den Meldungen, wenn sie zu sehen waren) und führt nach der Absage zur Terminliste statt zu einer
    veralteten Prüfseite."""
    termin = _eigener(kundennummer, termin_id)
    gemerkt = request.session.get(ABSAGE_GRUND)
    grund_gemerkt = str(gemerkt.get("grund", "")) if isinstance(gemerkt, dict) and gemerkt.get("termin") == termin.id \
        else ""
    formular = reverse("eservice:termin_absagen", args=[termin.id])
    if request.method == "GET":
        if termin.status != "geplant":           # schon abgesagt (etwa „Zurück“ nach der Absage): die Liste
            _eingabe_vergessen(request, termin.id)
            messages.info(request, "Dieser Termin ist nicht mehr geplant; hier sehen Sie seinen Stand.")
            return HttpResponseRedirect(reverse("eservice:termine"))
        if request.GET.get("schritt") == "pruefen" and grund_gemerkt:
            return render(request, "eservice/termin_absagen_pruefen.html", {"termin": _zeile(termin),
                                                                            "grund": grund_gemerkt})
        eingabe = _eingaben(request).get(termin.id)
        if isinstance(eingabe, dict):            # nach einem Fehler: die Eingabe mit ihren Meldungen
            form = eingabe_zeigen(TerminAbsageForm, eingabe)
        else:
            form = TerminAbsageForm(initial={"grund": grund_gemerkt} if grund_gemerkt else None)
        return render(request, "eservice/termin_absagen.html", {"termin": _zeile(termin), "form": form})
    form = TerminAbsageForm(request.POST)
    if "aendern" in request.POST:                # „Grund ändern“: der gemerkte Grund steht im Formular (GET)
        return HttpResponseRedirect(formular)
    if not form.is_valid():
        return _eingabe_merken(request, termin.id, form)
    _eingabe_vergessen(request, termin.id)
    if termin.status == "geplant" and "bestaetigt" not in request.POST:
        request.session[ABSAGE_GRUND] = {"termin": termin.id, "grund": form.cleaned_data["grund"]}
        return HttpResponseRedirect(formular + PRUEFEN)
    try:
        termin_absagen(kundennummer, termin.id, form.cleaned_data["grund"], durch=f"kunde:{kundennummer}")
    except AbsageAbgelehnt as abgelehnt:
        if _eigener(kundennummer, termin.id).status != "geplant":   # inzwischen abgesagt oder vorbei: die Liste
            request.session.pop(ABSAGE_GRUND, None)
            messages.error(request, str(abgelehnt))
            return HttpResponseRedirect(reverse("eservice:termine"))
        form.add_error("grund", str(abgelehnt))
        return _eingabe_merken(request, termin.id, form)
    request.session.pop(ABSAGE_GRUND, None)
    messages.success(request, f"Ihr Termin am {termin.beginn.astimezone(zeit.BERLIN):%d.%m.%Y um %H:%M} Uhr ist abgesagt.")
    messages.info(request, "Wie es weitergeht: " + render_to_string("eservice/_nach_der_absage.html").strip())
    return HttpResponseRedirect(reverse("eservice:termine"))


@kunde_erforderlich
def ics(request: HttpRequest, kundennummer: str, termin_id: str) -> HttpResponse:
    termin = _eigener(kundennummer, termin_id)
    antwort = HttpResponse(termin_als_ics(termin, erstellt=zeit.jetzt()), content_type="text/calendar; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="termin-{termin.id}.ics"'
    return antwort
