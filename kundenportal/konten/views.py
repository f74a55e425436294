"""Anmelden, Abmelden (Django-Auth-Views, deutsch) und das Zugriffsprotokoll für die Administration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import aktionen, queries, zugriff
from .formulare import Anmeldeformular
from .protokollfilter import SEITE, ProtokollFilter


@login_required
def protokoll(request: HttpRequest) -> HttpResponse:
    """Das Zugriffsprotokoll, neueste zuerst, je Seite SEITE Einträge. Der Filter kommt per POST (eine Kundennummer
    gehört nicht in die URL: Browserverlauf, Proxy-Logs); Benutzer und Aktion gehen auch per GET (Links)."""
    if not zugriff.darf_protokoll_sehen(request.user):
        raise PermissionDenied("Das Zugriffsprotokoll sehen nur Administratorinnen und Administratoren.")
    daten = request.POST if request.method == "POST" else {k: request.GET.get(k, "") for k in ("benutzer", "aktion")}
    form = ProtokollFilter(daten)
    eintraege: list[Any] = []
    seite, weiter = 1, False
    if form.is_valid():
        f = form.cleaned_data
        seite = f.get("seite") or 1
        treffer = list(queries.zugriffe(kundennummer=f["kundennummer"], benutzer=f["benutzer"].strip(),
                                        aktion=f["aktion"].strip(), von=f["von"], bis=f["bis"],
                                        ab=(seite - 1) * SEITE, grenze=SEITE + 1))
        eintraege, weiter = treffer[:SEITE], len(treffer) > SEITE
    return render(request, "konten/protokoll.html", {
        "form": form, "zugriffe": eintraege, "aktionen": aktionen.auswahl(), "seite": seite, "weiter": weiter,
        "erster": (seite - 1) * SEITE + 1, "letzter": (seite - 1) * SEITE + len(eintraege), "gefiltert": request.method == "POST", "je_seite": SEITE},
        status=200 if form.is_valid() else 400)


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
