"""„Weiterleiten“ auf der Mailseite: die Mail geht an die zuständige Stelle (services.weiterleitung). Parsen, Dienst
rufen, darstellen (house style, habit 4); ein einfaches Formular mit POST und CSRF, ohne JavaScript bedienbar.
Danach lädt die ganze Seite neu: Die Meldung bekommt den Fokus (portal/fokus.js), und der Antwortbereich bietet die
Vorlagen an, die dem Kunden die Weitergabe bestätigen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from kundenportal.zeit import jetzt

from . import services
from .models import Mail
from .views import _emb, _mail_seite, _nicht_uebernommen, _protokollieren
from .weiterleitung import HINWEIS_LAENGSTENS, stelle

GEZEIGT = (Mail.Status.OFFEN, Mail.Status.IN_BEARBEITUNG, Mail.Status.ERLEDIGT)    # die Mailseite zeigt diese


@_emb
@require_POST
def weiterleiten(request: HttpRequest, mail_id: int) -> HttpResponse:
    ziel, hinweis = request.POST.get("ziel", ""), request.POST.get("hinweis", "")
    try:
        w, neu = services.mail_weiterleiten(request.user, mail_id, ziel, hinweis, jetzt())
    except services.WeiterleitungUngueltig as fehler:     # die Meldung am Feld, die Eingaben bleiben
        return _mail_seite(request, mail_id, status=400, weiterleiten_fehler=fehler.fehler, ziel_eingabe=ziel,
                           hinweis_eingabe=hinweis[:HINWEIS_LAENGSTENS * 4])
    except (services.SchonWeitergeleitet, services.WeiterleitungGesperrt) as fehler:
        messages.error(request, str(fehler))       # zweiter Tab bzw. erst die Zuordnung: die Seite zeigt, was gilt
        return redirect("emb:mail", mail_id=mail_id)
    except services.NichtBeansprucht as fehler:
        _nicht_uebernommen(request, mail_id, str(fehler))
        gezeigt = Mail.objects.filter(id=mail_id, status__in=GEZEIGT).exists()
        return redirect("emb:mail", mail_id=mail_id) if gezeigt else redirect("emb:warteschlange")
    if neu:
        _protokollieren(request, "emb_mail_weiterleiten", w.mail)
    # Mails mit Arbeitshilfe bekommen ihre Antwort aus deren Ergebnis; die Vorlagen „weitergegeben“ stehen nur bei
    # Mails ohne Arbeitshilfe zur Wahl (views._bearbeitung) — die Meldung sagt, was auf der Seite wirklich geht.
    weiter = "Antworten Sie dem Kunden wie gewohnt über die Arbeitshilfe" if w.mail.leitfaden \
        else "Bestätigen Sie dem Kunden jetzt die Weitergabe (Antwort)"
    messages.success(request, f"Die Mail ist an {stelle(w.an)} weitergeleitet. {weiter} und erledigen Sie die Mail.")
    return redirect("emb:mail", mail_id=mail_id)
