"""Die Warteschlange der E-Mail-Bearbeitung: die Liste (für die E-Mail-Bearbeitung und die Teamleitung E-Mail),
„Nächste Mail“ und das Freigeben einer gehaltenen Mail durch die Teamleitung. Parsen, Dienst rufen, darstellen
(house style, habit 4); wer was darf, sagen emb.zugriff und konten.zugriff."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.konten.services import zugriff_protokollieren, zugriffe_protokollieren
from kundenportal.zeit import jetzt

from . import queries, services
from .anzeige import betreff_kurz
from .models import Mail
from .services.kundennummer import KUNDENNUMMER_LAENGSTENS
from .services.warteschlange import ERLAEUTERUNG_LAENGSTENS
from .views import _emb
from .zugriff import (
    darf_mails_bearbeiten,
    darf_quarantaene_sehen,
    darf_warteschlange_sehen,
    darf_warteschlange_steuern,
    freigabe_pruefen,
    nur_sichtbare,
    verbirgt_etwas,
)
from .zuordnung import KLASSEN, KLASSEN_TEXTE

FILTER = ("klasse", "status", "kundennummer", "meine", "warnungen", "weitergeleitet")
JE_SEITE = 50
GEFILTERT = "emb_gefiltert"          # Sitzung: die Warteschlange kommt gerade vom Filtern
KEINE_MAIL = "Keine offene Mail in der Warteschlange."


def _sichtbar(view: Any) -> Any:
    """Die Liste sehen die E-Mail-Bearbeitung und die Teamleitung E-Mail (emb.zugriff.darf_warteschlange_sehen)."""
    @login_required
    @wraps(view)
    def innen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not darf_warteschlange_sehen(request.user):
            raise PermissionDenied("Die Warteschlange sehen die E-Mail-Bearbeitung und die Teamleitung E-Mail; Ihre "
                                   "Rolle hat keinen Zugang.")
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]
    return innen


def _steuern(view: Any) -> Any:
    """Gehaltene Mails freigeben: die Teamleitung E-Mail, nur im Rechtskreis der Mail (emb.zugriff)."""
    @login_required
    @wraps(view)
    def innen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not darf_warteschlange_steuern(request.user):
            raise PermissionDenied("Gehaltene Mails gibt die Teamleitung E-Mail frei.")
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]
    return innen


@_sichtbar
def warteschlange(request: HttpRequest) -> HttpResponse:
    """Die Liste, älteste zuerst, mit Filtern; jede gehaltene Mail mit Person und seit wann. Wer Mails bearbeitet,
    übernimmt hier („Übernehmen“, „Nächste Mail“); die Teamleitung E-Mail gibt gehaltene Mails frei — den Text einer
    Mail öffnet sie nicht (dafür braucht es den Kanal E-Mail)."""
    # Filter per POST und in der Sitzung: eine Kundennummer gehört nicht in die URL (Verlauf, Proxy-Logs);
    # in der URL steht nur die Seite.
    if request.method == "POST":
        request.session["emb_filter"] = {} if "zuruecksetzen" in request.POST else _filter(request)
        request.session[GEFILTERT] = True        # nach dem Filtern: der Fokus auf die Treffer (autofocus)
        return redirect("emb:warteschlange")
    bearbeiten = darf_mails_bearbeiten(request.user)
    f = request.session.get("emb_filter", {})
    if not bearbeiten:
        f = {k: v for k, v in f.items() if k != "meine"}      # wer keine Mail hält, hat keine „meinen“
    gefiltert = bool(request.session.pop(GEFILTERT, False))
    benutzer = request.user.get_username()
    mails = queries.warteschlange(klasse=f.get("klasse", ""), status=f.get("status", ""),
                                  kundennummer=f.get("kundennummer", ""),
                                  bearbeiter=benutzer if f.get("meine") else "", nur_warnungen=bool(f.get("warnungen")),
                                  nur_weitergeleitete=bool(f.get("weitergeleitet")))
    mails = nur_sichtbare(request.user, mails)         # nur der eigene Rechtskreis
    zahlen = queries.zaehlen(benutzer)
    blaettern = queries.Blaettern(mails, JE_SEITE)
    if not f and not verbirgt_etwas(request.user):   # ohne Filter schon gezählt: keine zweite COUNT-Abfrage
        blaettern.count = zahlen[Mail.Status.OFFEN] + zahlen[Mail.Status.IN_BEARBEITUNG]
    seite = blaettern.get_page(request.GET.get("seite"))
    zugriffe_protokollieren(request.user, "emb_warteschlange_lesen", [(m.kundennummer, None) for m in seite])
    return render(request, "emb/warteschlange.html", {
        "seite": seite, "klassen": [(k, KLASSEN_TEXTE[k]) for k in KLASSEN],
        "status": [(s, t) for s, t in Mail.Status.choices if s not in ("eingang", "quarantaene", "verworfen")],
        "filter": f, "zahlen": zahlen,
        "antworten": nur_sichtbare(request.user, queries.offene_antworten(), "mail__") if bearbeiten else [],
        "jetzt": jetzt(), "gefiltert": gefiltert, "kundennummer_laengstens": KUNDENNUMMER_LAENGSTENS,
        "quarantaene_sichtbar": darf_quarantaene_sehen(request.user), "bearbeiten": bearbeiten,
        "steuern": darf_warteschlange_steuern(request.user)})


def _filter(request: HttpRequest) -> dict[str, str]:
    """Die Filter aus dem Formular, wie die Warteschlange sie anwendet: die Kundennummer wie in der Kundensuche
    normalisiert („900d 000003“ → 900D000003) und nie länger als das Feld."""
    werte = {k: request.POST.get(k, "").strip() for k in FILTER if request.POST.get(k, "").strip()}
    if "kundennummer" in werte:
        werte["kundennummer"] = kundennummer_normalisieren(werte["kundennummer"][:KUNDENNUMMER_LAENGSTENS])
    return {k: v for k, v in werte.items() if v}


@_emb
@require_POST
def naechste(request: HttpRequest) -> HttpResponse:
    """„Nächste Mail“: die älteste offene Mail im eigenen Rechtskreis übernehmen und öffnen."""
    mail = services.naechste_mail_beanspruchen(request.user, jetzt())
    if mail is None:
        messages.info(request, KEINE_MAIL)
        return redirect("emb:warteschlange")
    return redirect("emb:mail", mail_id=mail.id)


@_steuern
def teamleitung_freigeben(request: HttpRequest, mail_id: int) -> HttpResponse:
    """Die Teamleitung gibt eine gehaltene Mail frei: die Seite nennt Betreff, Eingang, Person und seit wann und
    fragt nach dem Grund; „Freigeben“ tut, was „Zurück in die Warteschlange“ der Person tut (services)."""
    mail = freigabe_pruefen(request.user, mail_id=mail_id)          # Rolle und Rechtskreis, sonst 403
    betreff = betreff_kurz(mail.betreff)                          # gekürzt für die Meldung
    if request.method == "POST":
        kontakt = mail.kontakt_id
        try:
            bearbeiter = services.mail_freigeben_als_teamleitung(request.user, mail_id, jetzt(),
                                                                 request.POST.get("grund", ""),
                                                                 request.POST.get("erlaeuterung", ""))
        except services.FreigabeUngueltig as fehler:           # die Meldung am Feld, die Eingabe bleibt
            return _freigabe_seite(request, mail, status=400, fehler={fehler.feld: str(fehler)})
        except services.NichtGehalten as fehler:
            messages.info(request, str(fehler))
            return redirect("emb:warteschlange")
        zugriff_protokollieren(request.user, "emb_teamleitung_freigeben", kundennummer=mail.kundennummer,
                               kontakt=kontakt)
        messages.success(request, f"Die Mail „{betreff}“ ist zurück in der Warteschlange; {bearbeiter} bearbeitet "
                         "sie nicht mehr.")
        return redirect("emb:warteschlange")
    if mail.status != Mail.Status.IN_BEARBEITUNG or not mail.bearbeiter:
        messages.info(request, f"Die Mail „{betreff}“ bearbeitet niemand; es gibt nichts freizugeben.")
        return redirect("emb:warteschlange")
    zugriff_protokollieren(request.user, "emb_warteschlange_lesen", kundennummer=mail.kundennummer)
    return _freigabe_seite(request, mail)


def _freigabe_seite(request: HttpRequest, mail: Mail, status: int = 200,
                    fehler: dict[str, str] | None = None) -> HttpResponse:
    return render(request, "emb/teamleitung_freigeben.html", {
        "mail": mail, "gruende": list(services.FREIGABE_GRUENDE.items()), "fehler": fehler or {},
        "grund": request.POST.get("grund", ""), "erlaeuterung": request.POST.get("erlaeuterung", "")[:400],
        "erlaeuterung_laengstens": ERLAEUTERUNG_LAENGSTENS, "jetzt": jetzt()}, status=status)
