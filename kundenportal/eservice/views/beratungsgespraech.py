"""eService „Beratungsgespräch vorbereiten“: Formular → Prüfseite → Bestätigung.

Die Angaben liegen bis zum Absenden nur in der Sitzung. Jeder POST endet mit einer Weiterleitung
(Post/Redirect/Get), auch bei Fehlern: die abgelehnte Eingabe samt Meldungen liegt dann unter SITZUNG_EINGABE,
und das Formular (GET mit `?eingabe=abgelehnt`) zeigt sie wieder; ohne den Zusatz (der Kunde kommt später über das
Menü wieder) beginnt es frisch und vergisst sie. So ist keine Seite im Verlauf die Antwort auf einen POST, und
„Zurück“ im Browser fragt nie nach erneutem Senden (Chromium: ERR_CACHE_MISS bei `no-store`). Die Prüfseite lässt den Leitfaden
"ES Beratungsgespraech" bis vor die ändernde Aktion laufen (services.beratungsgespraech_vorhaben) und
zeigt, was geschehen wird; erst „Angaben absenden“ führt genau das aus (mit dem Zeichen des Vorhabens)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kundenportal.eservice import queries
from kundenportal.eservice.forms import (
    FAHRZEUGE,
    FUEHRERSCHEINKLASSEN,
    BeratungsgespraechForm,
    eingabe_merken,
    eingabe_zeigen,
)
from kundenportal.eservice.services import (
    UEBERNOMMEN,
    Angebot,
    EingabeAbgelehnt,
    NichtMehrAktuell,
    beratungsgespraech_angebot,
    beratungsgespraech_uebermitteln,
    beratungsgespraech_vorhaben,
)
from kundenportal.eservice.zugang import kunde_erforderlich

SITZUNG_ANGABEN = "eservice_beratungsgespraech"
SITZUNG_ERGEBNIS = "eservice_beratungsgespraech_ergebnis"
# Die zuletzt abgelehnte Eingabe mit ihren Meldungen (forms.eingabe_merken): nur die Felder des Formulars.
# Sie gilt, bis das Formular wieder abgeschickt wird (gültig: ersetzt durch SITZUNG_ANGABEN), bis zum Absenden
# der Angaben, bis zum Abmelden oder bis das Formular ohne ABGELEHNT aufgerufen wird — so zeigen „Zurück“ und
# Neuladen die Fehlerseite mit der Eingabe, ein neuer Besuch aber nicht die alten Meldungen und Häkchen.
SITZUNG_EINGABE = "eservice_beratungsgespraech_eingabe"
ABGELEHNT = "?eingabe=abgelehnt"


def _nicht_verfuegbar(request: HttpRequest, angebot: Angebot) -> HttpResponse:
    """Der eService steht dem Kunden (noch) nicht zur Verfügung: warum und was er tun kann. Dass nichts
    gespeichert wurde, sagt die Seite nur, wenn er Angaben abgeschickt hatte (Meldung nach der Weiterleitung)."""
    return render(request, "eservice/nicht_verfuegbar.html", {"angebot": angebot})


def _formular(request: HttpRequest, kundennummer: str, form: BeratungsgespraechForm) -> HttpResponse:
    return render(request, "eservice/beratungsgespraech.html", {
        "form": form, "uebermittelt": queries.beratungsgespraech_uebermittelt(kundennummer)})


def _zurueck_zum_formular(request: HttpRequest, form: BeratungsgespraechForm) -> HttpResponse:
    """Post/Redirect/Get im Fehlerfall: Eingabe und Meldungen in die Sitzung, dann zum Formular."""
    request.session[SITZUNG_EINGABE] = eingabe_merken(form)
    return HttpResponseRedirect(reverse("eservice:beratungsgespraech") + ABGELEHNT)


@kunde_erforderlich
@require_http_methods(["GET", "POST"])
def formular(request: HttpRequest, kundennummer: str) -> HttpResponse:
    angebot = beratungsgespraech_angebot(kundennummer)
    if not angebot.verfuegbar:               # nach einem POST erst weiterleiten: auch diese Seite nur per GET
        return HttpResponseRedirect(request.path) if request.method == "POST" else _nicht_verfuegbar(request, angebot)
    if request.method == "POST":
        form = BeratungsgespraechForm(request.POST)
        if not form.is_valid():
            return _zurueck_zum_formular(request, form)
        request.session.pop(SITZUNG_EINGABE, None)
        request.session[SITZUNG_ANGABEN] = form.angaben()
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech_pruefen"))
    eingabe = request.session.get(SITZUNG_EINGABE)
    if request.GET.get("eingabe") != "abgelehnt":   # ein neuer Besuch: die abgelehnte Eingabe ist vergessen
        request.session.pop(SITZUNG_EINGABE, None)
    elif isinstance(eingabe, dict):                 # nach einem Fehler: die Eingabe mit ihren Meldungen
        return _formular(request, kundennummer, eingabe_zeigen(BeratungsgespraechForm, eingabe))
    # Vorbelegt mit den Angaben dieser Sitzung, sonst mit dem gespeicherten Profil: das Absenden ersetzt das
    # ganze Profil, ein leeres Formular löschte also, was der Kunde nicht erneut eingibt.
    angaben = request.session.get(SITZUNG_ANGABEN) or asdict(queries.profil(kundennummer))
    form = BeratungsgespraechForm(initial=BeratungsgespraechForm.daten_aus(angaben))
    return _formular(request, kundennummer, form)


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
        except NichtMehrAktuell as geaendert:     # neu prüfen lassen: die Prüfseite per GET, mit der Meldung
            messages.warning(request, str(geaendert))
            return HttpResponseRedirect(reverse("eservice:beratungsgespraech_pruefen"))
        for schluessel in (SITZUNG_ANGABEN, SITZUNG_EINGABE):
            request.session.pop(schluessel, None)
        if ergebnis != UEBERNOMMEN:     # inzwischen nicht mehr verfügbar: das Formular sagt, warum
            messages.info(request, "Ihre Angaben wurden nicht gespeichert.")
            return HttpResponseRedirect(reverse("eservice:beratungsgespraech"))
        request.session[SITZUNG_ERGEBNIS] = ergebnis
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech_bestaetigung"))
    return _pruefseite(request, kundennummer, angaben)


def _abgelehnt(request: HttpRequest, angaben: dict[str, Any], abgelehnt: EingabeAbgelehnt) -> HttpResponse:
    """Der Leitfaden lehnt eine Angabe ab: zurück zum Formular, die Meldung am Feld."""
    form = BeratungsgespraechForm(BeratungsgespraechForm.daten_aus(angaben))
    form.is_valid()
    form.add_error(form.feld_zu_fakt(abgelehnt.fakt), abgelehnt.grund)
    return _zurueck_zum_formular(request, form)


def _pruefseite(request: HttpRequest, kundennummer: str, angaben: dict[str, Any]) -> HttpResponse:
    """Zusammenfassung und Bestätigungsschritt: was der Leitfaden mit den Angaben tun wird."""
    try:
        vorhaben = beratungsgespraech_vorhaben(kundennummer, angaben)
    except EingabeAbgelehnt as abgelehnt:
        return _abgelehnt(request, angaben, abgelehnt)
    return render(request, "eservice/beratungsgespraech_pruefen.html",
                  {"angaben": _lesbar(angaben), "vorhaben": vorhaben,
                   "vorhaben_kunde": _fuer_kunden(vorhaben.was) if vorhaben else "",
                   "vorhaben_text": _ergaenzung(vorhaben) if vorhaben else "",
                   "uebermittelt": queries.beratungsgespraech_uebermittelt(kundennummer)})


# Die Aktion des Leitfadens in Worten für Kunden: `Vorhaben.was` ist für Beschäftigte geschrieben
# (leitfaden/auftraege/aktionen.py, verbis.profil_uebernehmen); unbekannte Aktionen zeigt die Seite, wie sie sind.
FUER_KUNDEN = {
    "Angaben aus dem eService ins Profil übernehmen":
        "Ihre Angaben werden in Ihrem Profil bei der Agentur für Arbeit gespeichert. Ihre Beratungsfachkraft "
        "sieht sie und kann sich so auf das Gespräch mit Ihnen vorbereiten.",
}


def _fuer_kunden(was: str) -> str:
    return FUER_KUNDEN.get(was, f"{was}.")


def _ergaenzung(vorhaben: Any) -> str:
    """Der Text des Leitfadens unter dem Satz für Kunden — nur, wenn es für die Aktion keinen solchen Satz gibt:
    sonst sagt er dasselbe noch einmal („… in Ihr Profil übernommen und stehen Ihrer Beratungsfachkraft …“)."""
    return "" if vorhaben.was in FUER_KUNDEN else str(vorhaben.text or "")


@kunde_erforderlich
def bestaetigung(request: HttpRequest, kundennummer: str) -> HttpResponse:
    if request.session.get(SITZUNG_ERGEBNIS) != UEBERNOMMEN:
        return HttpResponseRedirect(reverse("eservice:beratungsgespraech"))
    profil = queries.profil(kundennummer)
    return render(request, "eservice/beratungsgespraech_bestaetigung.html",
                  {"angaben": _lesbar(profil.__dict__),
                   "uebermittelt": queries.beratungsgespraech_uebermittelt(kundennummer)})
