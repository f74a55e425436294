"""Anmelden, Abmelden (Django-Auth-Views, deutsch) und das Zugriffsprotokoll für die Administration (Seite und CSV)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kundenportal.csvdatei import csv_text
from kundenportal.lesbar import zahl

from . import aktionen, queries, services, zugriff, zwecke
from .formulare import Anmeldeformular
from .protokollfilter import SEITE, ProtokollFilter

# Die CSV des Zugriffsprotokolls: höchstens so viele Einträge (die neuesten); mehr sagt die Datei und verlangt einen
# engeren Filter. Das Herunterladen steht selbst im Protokoll (Text und Zweck der Aktion: aktionen.py, zwecke.py).
CSV_GRENZE = 20_000
CSV_KOPF = ["Zeit", "Benutzer", "Aktion", "Zweck", "Kundennummer", "Kontakt"]
# Ein ungültiger Filter der CSV (Post/Redirect/Get): die Eingaben in der Sitzung, nicht in der URL (Kundennummer);
# die Seite `protokoll` zeigt sie einmal mit den Meldungen, danach sind sie vergessen (kein erneutes Absenden beim
# Neuladen, kein alter Fehler beim nächsten Aufruf).
CSV_FILTERFEHLER = "konten_protokoll_csv_filter"


def _protokoll_lesen(request: HttpRequest) -> ProtokollFilter:
    """Recht und Filter, für Seite und CSV gleich: nur die Administration; der Filter per POST (eine Kundennummer
    gehört nicht in die URL: Browserverlauf, Proxy-Logs), Benutzer und Aktion auch per GET (Links). Nach einem
    ungültigen Filter der CSV kommt er einmal aus der Sitzung (`CSV_FILTERFEHLER`)."""
    if not zugriff.darf_protokoll_sehen(request.user):
        raise PermissionDenied("Das Zugriffsprotokoll sehen nur Administratorinnen und Administratoren.")
    if request.method == "POST":
        return ProtokollFilter(request.POST)
    gemerkt = request.session.pop(CSV_FILTERFEHLER, None)
    if isinstance(gemerkt, dict):
        return ProtokollFilter(gemerkt)
    return ProtokollFilter({k: request.GET.get(k, "") for k in ("benutzer", "aktion")})


def _treffer(f: dict[str, Any], ab: int, grenze: int) -> list[Any]:
    return list(queries.zugriffe(kundennummer=f["kundennummer"], benutzer=f["benutzer"].strip(),
                                 aktion=f["aktion"].strip(), von=f["von"], bis=f["bis"],
                                 ohne_kontakt=bool(f.get("ohne_kontakt")), ab=ab, grenze=grenze))


def _zweck_text(eintrag: Any) -> str:
    return zwecke.ZWECKE.get(eintrag.zweck, eintrag.zweck) if eintrag.zweck else ""


def _seite(request: HttpRequest, form: ProtokollFilter, eintraege: list[Any], seite: int, weiter: bool) -> HttpResponse:
    for z in eintraege:
        z.zweck_text = _zweck_text(z)
    return render(request, "konten/protokoll.html", {
        "form": form, "zugriffe": eintraege, "aktionen": aktionen.auswahl(), "seite": seite, "weiter": weiter,
        "erster": (seite - 1) * SEITE + 1, "letzter": (seite - 1) * SEITE + len(eintraege),
        "gefiltert": request.method == "POST", "je_seite": SEITE,
        "ohne_kontakt": form.is_valid() and bool(form.cleaned_data.get("ohne_kontakt")),
        "csv_grenze": zahl(CSV_GRENZE)},
        status=200 if form.is_valid() else 400)


@login_required
def protokoll(request: HttpRequest) -> HttpResponse:
    """Das Zugriffsprotokoll, neueste zuerst, je Seite SEITE Einträge (Filter: `_protokoll_lesen`)."""
    form = _protokoll_lesen(request)
    eintraege: list[Any] = []
    seite, weiter = 1, False
    if form.is_valid():
        seite = form.cleaned_data.get("seite") or 1
        treffer = _treffer(form.cleaned_data, (seite - 1) * SEITE, SEITE + 1)
        eintraege, weiter = treffer[:SEITE], len(treffer) > SEITE
    return _seite(request, form, eintraege, seite, weiter)


def _filter_zeilen(f: dict[str, Any]) -> list[list[str]]:
    aktion = f["aktion"].strip()
    return [["Kundennummer", f["kundennummer"] or "alle"],
            ["Benutzer", f["benutzer"].strip() or "alle"],
            ["Aktion", (aktionen.text(aktion) if aktion else "alle Aktionen")],
            ["Nur Lesezugriffe ohne Kontakt", "ja" if f.get("ohne_kontakt") else "nein"],
            ["Von", f"{f['von']:%d.%m.%Y}" if f["von"] else "–"],
            ["Bis", f"{f['bis']:%d.%m.%Y}" if f["bis"] else "–"]]


@login_required
@require_POST
def protokoll_csv(request: HttpRequest) -> HttpResponse:
    """Die gefilterten Einträge des Zugriffsprotokolls als CSV (Semikolon, UTF-8 mit BOM, wie die CSV der
    Führungsprozesse): derselbe Filter und dasselbe Recht wie die Seite, nur per POST (die Kundennummer nicht in
    der URL). Vor der Tabelle steht, für welchen Filter die Datei gemacht ist. Das Herunterladen ist selbst ein
    Lesen von Sozialdaten (Kundennummern, Kontakte): es steht im Zugriffsprotokoll, je Kundennummer der Datei ein
    Eintrag wie bei anderen Listen (nennt die Datei keine, einer ohne Kundennummer). Ein ungültiger Filter:
    Post/Redirect/Get — die Eingaben in die Sitzung, 303 auf die Seite, die sie mit den Meldungen zeigt (so lädt
    ein Neuladen nicht erneut per POST, und die Kundennummer steht in keiner URL)."""
    form = _protokoll_lesen(request)
    if not form.is_valid():
        request.session[CSV_FILTERFEHLER] = {k: request.POST.get(k, "") for k in form.fields}
        return HttpResponseRedirect(reverse("konten:protokoll"), status=303)
    f = form.cleaned_data
    treffer = _treffer(f, 0, CSV_GRENZE + 1)
    eintraege, abgeschnitten = treffer[:CSV_GRENZE], len(treffer) > CSV_GRENZE
    jetzt = timezone.localtime()
    anzahl = f"{len(eintraege)}" + (f" (nur die neuesten {CSV_GRENZE}; bitte den Filter enger fassen)"
                                    if abgeschnitten else "")
    zeilen: list[list[str]] = [["Zugriffsprotokoll: Lese- und Schreibzugriffe auf Kundendaten, neueste zuerst"],
                               ["Filter", "Wert"], *_filter_zeilen(f),
                               ["Erstellt am", f"{jetzt:%d.%m.%Y %H:%M}"],
                               ["Erstellt von", request.user.get_username()],
                               ["Einträge", anzahl], [], CSV_KOPF]
    zeilen += [[f"{timezone.localtime(z.zeit):%d.%m.%Y %H:%M:%S}", z.user.get_username(), aktionen.text(z.aktion),
                _zweck_text(z), z.kundennummer, str(z.kontakt) if z.kontakt else ""] for z in eintraege]
    services.zugriffe_protokollieren(request.user, "zugriffsprotokoll_herunterladen",
                                     [(z.kundennummer, None) for z in eintraege if z.kundennummer])
    antwort = HttpResponse(csv_text(zeilen), content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="zugriffsprotokoll_{jetzt:%Y%m%d_%H%M}.csv"'
    return antwort


def startseite_fuer(user: object) -> str:
    """Wohin nach der Anmeldung — jede Rolle auf ihre eigene Startseite: Agentinnen und Agenten auf den
    Arbeitsplatz, die E-Mail-Bearbeitung (nur dieser Kanal) auf die Warteschlange, die Teamleitung auf die
    Steuerungsübersicht (Führungsprozesse Anlage 5), die Teamleitung Familienkasse auf die Anlage 7 (Umsetzungsdialog), die Teamleitung E-Mail auf die Quarantäne, die Backoffices auf ihren ersten Postkorb, die
    Administration auf das Zugriffsprotokoll, Redaktion und Freigabe auf die Redaktion (Entwürfe, Pakete
    zur Freigabe), alle übrigen auf den Katalog."""
    kanaele = zugriff.kanaele_fuer(user)
    if kanaele == ["emb"]:
        return reverse("emb:warteschlange")
    if kanaele:
        return reverse("gespraech:arbeitsplatz")
    if zugriff.darf_quarantaene_sehen(user):      # Teamleitung E-Mail: die Quarantäne zuerst, Kennzahlen im Menü
        return reverse("emb:quarantaene")
    if zugriff.darf_anlage5_sehen(user):
        return reverse("fuehrung:anlage5")
    if zugriff.darf_kennzahlen_sehen(user):          # Teamleitung Familienkasse: Anlage 7 (Regeln 2.2 b)
        return reverse("fuehrung:anlage7")
    koerbe = zugriff.postkoerbe_fuer(user)
    if koerbe:
        return reverse("gespraech:postkorb", args=[koerbe[0]])
    if zugriff.darf_protokoll_sehen(user):
        return reverse("konten:protokoll")
    if zugriff.darf_katalog_bearbeiten(user) or any(r.schluessel == "freigabe" for r in zugriff.rollen_von(user)):
        return reverse("redaktion:uebersicht")
    return reverse("katalog:leitfaeden")


def start(request: HttpRequest) -> HttpResponse:
    """`/`: Unangemeldete zur Anmeldung, Angemeldete auf die Startseite ihrer Rolle."""
    if not request.user.is_authenticated:
        return redirect("konten:anmelden")
    return redirect(startseite_fuer(request.user))


class Anmelden(auth_views.LoginView):
    template_name = "konten/anmelden.html"
    form_class = Anmeldeformular
    extra_context = {"oidc": settings.KUNDENPORTAL_OIDC}

    def get_default_redirect_url(self) -> str:
        return startseite_fuer(self.request.user)
