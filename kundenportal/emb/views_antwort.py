"""Die Antwort an den Kunden auf der Mailseite: entwerfen (Vorlage), ändern und prüfen (Vorschau mit Fehlern und
Warnungen), ersetzen, verwerfen, freigeben — und eine fehlgeschlagene Antwort aus der Warteschlange erneut senden.
Parsen, Dienst rufen (services.antwort), darstellen (house style, habit 4); die Mailseite selbst baut views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kundenportal.zeit import jetzt

from . import queries, services
from .antwortdaten import kundendaten_gesperrt, mit_kundendaten
from .models import Antwort, Mail
from .views import FOKUS, _emb, _fehler_melden, _mail_seite, _protokollieren, _vermerk_merken
from .vorlagen import VORLAGEN


@_emb
@require_POST
def antwort(request: HttpRequest, mail_id: int) -> HttpResponse:
    try:
        _vermerk_merken(request, mail_id)
        aktion = request.POST.get("aktion", "entwerfen")
        if aktion in ("entwerfen", "entwerfen_gewaehlt"):      # gewählt: aus der Liste „Andere Vorlage …“
            vorlage = request.POST.get("vorlage_wahl" if aktion == "entwerfen_gewaehlt" else "vorlage") or None
            services.antwort_entwerfen(request.user, mail_id, jetzt(), vorlage)
            request.session[FOKUS] = "text"         # gleich weiter im Text der Antwort (autofocus)
        else:
            antwort_id = _antwort_id(request, mail_id)
            if aktion == "vorschau":
                # Erst die Vorschau mit Fehlern und Warnungen, dann senden (nie direkt aus dem Editor)
                a = services.antwort_aendern(request.user, antwort_id, request.POST.get("betreff", ""),
                                             request.POST.get("text", ""))
                betreff_fehler, text_fehler = queries.betreff_fehler(a), queries.text_fehler(a)
                if betreff_fehler or text_fehler:   # am Feld, im Editor; das Getippte ist im Entwurf gespeichert
                    # und steht so im Feld (auch was die Datenbank nicht fasst: services.antwort_aendern)
                    return _mail_seite(request, mail_id, status=400, betreff_fehler=betreff_fehler,
                                       text_fehler=text_fehler, entwurf=a)
                _protokollieren(request, "emb_antwort_pruefen", a.mail)
                fehler = queries.antwort_fehler(a)
                sperre, passend = kundendaten_gesperrt(a.mail)
                return render(request, "emb/vorschau.html", {
                    "antwort": a, "mail": a.mail, "fehler": fehler,
                    "warnungen": queries.antwort_warnungen(a), "absender": settings.EMB_ABSENDER,
                    # Kundendaten dürfen nicht hinaus: die Vorlage ohne sie, gleich hier angeboten
                    "ohne_kundendaten": VORLAGEN[passend] if fehler and sperre and mit_kundendaten(a) else None})
            if aktion == "ersetzen":
                services.antwort_ersetzen(request.user, antwort_id, jetzt(), request.POST.get("vorlage", ""))
                request.session[FOKUS] = "text"
                return redirect("emb:mail", mail_id=mail_id)
            if aktion == "verwerfen":
                services.antwort_verwerfen(request.user, antwort_id, jetzt())
                messages.success(request, "Der Entwurf ist verworfen.")
                return redirect("emb:mail", mail_id=mail_id)
            services.antwort_freigeben(request.user, antwort_id, jetzt())
            _versand_melden(request, antwort_id, "Die Antwort wird gesendet.")
    except (ValueError, KeyError, services.NichtBeansprucht) as fehler:
        _fehler_melden(request, fehler)
    return redirect("emb:mail", mail_id=mail_id)


def _antwort_id(request: HttpRequest, mail_id: int) -> int:
    """Der Entwurf, auf den sich das Formular bezieht. Gibt es ihn nicht mehr (verworfen, auch mit „Zurück in die
    Warteschlange“ in einem anderen Tab), sagt die Meldung, warum — nie eine Seite „nicht gefunden“."""
    wert = request.POST.get("antwort", "")
    antwort_id = int(wert) if wert.isdigit() else 0
    if not Antwort.objects.filter(id=antwort_id, mail_id=mail_id).exists():
        if not Mail.objects.filter(id=mail_id, bearbeiter=request.user.get_username(),
                                   status=Mail.Status.IN_BEARBEITUNG).exists():
            raise services.NichtBeansprucht(services.nicht_uebernommen(request.user, mail_id))
        raise ValueError("Diesen Antwortentwurf gibt es nicht mehr (verworfen, etwa in einem anderen Tab). Die Seite "
                         "zeigt jetzt den aktuellen Stand.")
    return antwort_id


def _versand_melden(request: HttpRequest, antwort_id: int, wartend: str) -> None:
    """Die Meldung nach der Freigabe, zum Stand danach: ohne Worker (make run) ist die Antwort schon gesendet
    oder der Versuch schon gescheitert (emb/ausgang.py; die Meldung nennt den Grund); mit Worker wird sie gesendet
    (`wartend`)."""
    antwort = Antwort.objects.only("status", "naechster_versuch", "letzter_fehler").get(id=antwort_id)
    if antwort.status == Antwort.Status.GESENDET:
        messages.success(request, "Die Antwort ist gesendet.")
    elif antwort.status == Antwort.Status.FEHLGESCHLAGEN:       # mit dem Grund, etwa „nicht als E-Mail zu bauen“
        messages.warning(request, f"{antwort.stand_satz} {antwort.letzter_fehler}".strip())
    else:
        messages.success(request, wartend)


@_emb
@require_POST
def antwort_erneut(request: HttpRequest, antwort_id: int) -> HttpResponse:
    """Eine fehlgeschlagene oder unzustellbare Antwort erneut senden (aus der Warteschlange)."""
    a = get_object_or_404(Antwort, id=antwort_id)
    try:
        services.antwort_erneut_senden(request.user, a.id, jetzt())      # nur an den ursprünglichen Empfänger
        _versand_melden(request, a.id, "Die Antwort wird erneut gesendet.")
    except (ValueError, services.NichtBeansprucht) as fehler:
        _fehler_melden(request, fehler)
    return redirect("emb:warteschlange")
