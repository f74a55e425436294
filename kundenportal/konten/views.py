"""Anmelden, Abmelden (Django-Auth-Views, deutsch) und das Zugriffsprotokoll für die Administration."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import aktionen, queries, zugriff
from .formulare import Anmeldeformular


@login_required
def protokoll(request: HttpRequest) -> HttpResponse:
    if not zugriff.darf_protokoll_sehen(request.user):
        raise PermissionDenied("Das Zugriffsprotokoll sehen nur Administratorinnen und Administratoren.")
    # Filter per POST: eine Kundennummer gehört nicht in die URL (Browserverlauf, Proxy-Logs).
    kundennummer = request.POST.get("kundennummer", "").strip()
    benutzer = (request.POST.get("benutzer") or request.GET.get("benutzer", "")).strip()
    aktion = (request.POST.get("aktion") or request.GET.get("aktion", "")).strip()
    return render(request, "konten/protokoll.html", {
        "zugriffe": queries.zugriffe(kundennummer=kundennummer, benutzer=benutzer, aktion=aktion),
        "kundennummer": kundennummer, "benutzer": benutzer, "aktion": aktion, "aktionen": aktionen.auswahl()})


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
