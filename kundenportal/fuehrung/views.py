"""Seiten der Teamleitung: Anlage 5 (Steuerungsübersicht) und Anlage 7 (Umsetzungsdialog) der Arbeitshilfe
operative Führungsprozesse SGB III (domain.md A12): parsen, rechnen lassen, darstellen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kundenportal import zeit
from kundenportal.konten import zugriff
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from . import services, svg
from .anlage7 import anlage7, anlage7_fassung
from .csv_export import anlage5_csv
from .forms import BIS, VON, MassnahmeForm, ZeitraumFilter
from .kennzahlen import Bericht, Zeitraum, ZeitraumFehler, anlage5
from .kennzahlen_zeit import WEISUNG_TAG


def _teamleitung(request: HttpRequest) -> None:
    if not zugriff.darf_kennzahlen_sehen(request.user):
        raise PermissionDenied("Die Anlagen der Führungsprozesse sieht die Teamleitung.")


def _zeitraum(request: HttpRequest) -> tuple[ZeitraumFilter, Zeitraum | None, str]:
    """Zeitraum und Standort aus der Anfrage; ohne Angabe das Fenster um den Weisungstag (01.02.–30.04.2020)."""
    form = ZeitraumFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None, "Bitte die Eingaben prüfen: " + " ".join(
            f"{form.fields[f].label}: {' '.join(str(x) for x in e)}" for f, e in form.errors.items())
    von, bis, standort, gruppe, phase = form.werte() if request.GET else (VON, BIS, None, "", "")
    try:
        return form, Zeitraum(von, bis, standort, gruppe, phase).pruefen(), ""
    except ZeitraumFehler as fehler:
        return form, None, str(fehler)


def _diagramme(b: Bericht) -> dict[str, object]:
    prozent = [z for z in b.zeilen if z.einheit == "Prozent"]
    reihen = [svg.Reihe(name, [z.werte[i] for z in prozent]) for i, name in enumerate(b.segment_namen)]
    tage = [w for w, *_ in b.trend]
    gruppen = [(name, i) for name, i, g in (("Pilotstandorte", 0, "pilot"), ("Andere Standorte", 1, "andere"))
               if b.zeitraum.gruppe in ("", g)]       # nur die gefilterte Standortgruppe als Linie
    return {
        "balken": svg.balken("a5-balken", "Kennzahlen in Prozent: Pilot- und andere Standorte, vor und ab der Weisung",
                             [z.titel for z in prozent], reihen),
        "trend": svg.linien("a5-trend", "Kontakte je Woche: Pilot- und andere Standorte", tage,
                            [svg.Reihe(name, [float(t[2] if i else t[1]) for t in b.trend]) for name, i in gruppen],
                            "Kontakte", WEISUNG_TAG),
        "absagen": svg.linien("a5-absagen", "Anteil „abgesagt“ an den Terminkontakten je Woche", tage,
                              [svg.Reihe(name, [t[4] if i else t[3] for t in b.trend]) for name, i in gruppen], "%",
                              WEISUNG_TAG),
    }


@login_required
def anlage5_seite(request: HttpRequest) -> HttpResponse:
    _teamleitung(request)
    form, z, fehler = _zeitraum(request)
    if z is None:
        return render(request, "fuehrung/anlage5.html", {"form": form, "fehler": fehler}, status=400)
    fassung = arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 5", z.bis) or \
        arbeitsmittel().von("fuehrungsprozess_anlage", "Anlage 5")[-1]
    bericht = anlage5(z, [str(k["id"]) for k in fassung.inhalt.get("kennzahlen") or []])
    if request.GET.get("format") == "csv":
        antwort = HttpResponse(anlage5_csv(bericht), content_type="text/csv; charset=utf-8")
        antwort["Content-Disposition"] = f'attachment; filename="anlage5_{z.von:%Y%m%d}_{z.bis:%Y%m%d}.csv"'
        return antwort
    return render(request, "fuehrung/anlage5.html", {
        "form": form, "b": bericht, "fassung": fassung, "segmente": bericht.segment_namen,
        "csv_query": request.GET.urlencode(), **_diagramme(bericht)})


@login_required
@require_http_methods(["GET", "POST"])
def anlage7_seite(request: HttpRequest) -> HttpResponse:
    _teamleitung(request)
    if request.method == "POST":
        mform = MassnahmeForm(request.POST)
        if mform.is_valid():
            try:
                services.massnahme_festhalten(request.user, weisung="202003006", regel=mform.cleaned_data["regel"],
                                              text=mform.cleaned_data["text"], jetzt=zeit.jetzt())
            except services.FuehrungFehler as problem:
                messages.error(request, problem.meldung)
            else:
                messages.success(request, f"Maßnahme zu {mform.cleaned_data['regel']} festgehalten.")
        else:
            messages.error(request, "Die Maßnahme braucht einen Text (höchstens 500 Zeichen).")
        return redirect(request.get_full_path())
    form, z, fehler = _zeitraum(request)
    if z is None:
        return render(request, "fuehrung/anlage7.html", {"form": form, "fehler": fehler}, status=400)
    return render(request, "fuehrung/anlage7.html", {"form": form, "z": z, "zeilen": anlage7(z),
                                                     "fassung": anlage7_fassung(z), "tag": WEISUNG_TAG})
