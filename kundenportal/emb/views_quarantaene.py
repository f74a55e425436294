"""Seiten der Quarantäne für die Rolle „Teamleitung E-Mail“: Liste mit Grund, Absender und Betreff (soweit aus den
Rohbytes lesbar), Rohtext zum Herunterladen, Zerlegung neu anstoßen, Mail verwerfen. Jede Ansicht steht im
Zugriffsprotokoll."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kundenportal.konten.services import zugriff_protokollieren
from kundenportal.zeit import jetzt

from . import queries, services
from .models import Mail
from .services.quarantaene import GRUND_LAENGSTENS
from .zugriff import darf_quarantaene_sehen, darf_warteschlange_sehen


def _teamleitung(view: Any) -> Any:
    @login_required
    @wraps(view)
    def innen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not darf_quarantaene_sehen(request.user):
            raise PermissionDenied("Die Quarantäne sieht die Teamleitung E-Mail.")
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]
    return innen


@_teamleitung
def liste(request: HttpRequest) -> HttpResponse:
    zugriff_protokollieren(request.user, "emb_quarantaene_lesen")
    seite = Paginator(queries.quarantaene(), 50).get_page(request.GET.get("seite"))
    return render(request, "emb/quarantaene.html", {"seite": seite,
                                                    "warteschlange_sichtbar": darf_warteschlange_sehen(request.user)})


@_teamleitung
def mail(request: HttpRequest, mail_id: int) -> HttpResponse:
    zugriff_protokollieren(request.user, "emb_quarantaene_mail_lesen")
    return _mail_seite(request, mail_id)


def _mail_seite(request: HttpRequest, mail_id: int, status: int = 200, **extra: Any) -> HttpResponse:
    m = get_object_or_404(queries.quarantaene(), id=mail_id)
    return render(request, "emb/quarantaene_mail.html", {"mail": m, "groesse": len(bytes(
        Mail.objects.values_list("roh", flat=True).get(id=m.id))), "grund_laengstens": GRUND_LAENGSTENS, **extra},
        status=status)


@_teamleitung
def roh(request: HttpRequest, mail_id: int) -> HttpResponse:
    """Der Rohtext, bytegenau, als Download (nie im Browser dargestellt)."""
    m = get_object_or_404(Mail.objects.filter(status__in=(Mail.Status.QUARANTAENE, Mail.Status.EINGANG)),
                          id=mail_id)
    zugriff_protokollieren(request.user, "emb_quarantaene_rohtext_herunterladen")
    antwort = HttpResponse(bytes(m.roh), content_type="application/octet-stream")
    antwort["Content-Disposition"] = f'attachment; filename="mail-{m.id}.eml"'
    antwort["X-Content-Type-Options"] = "nosniff"
    return antwort


@_teamleitung
@require_POST
def neu_zerlegen(request: HttpRequest, mail_id: int) -> HttpResponse:
    try:
        m = services.quarantaene_neu_zerlegen(request.user, mail_id, jetzt())
    except (ValueError, Mail.DoesNotExist) as fehler:
        messages.error(request, str(fehler) if isinstance(fehler, ValueError) else "Diese Mail gibt es nicht.")
        return redirect("emb:quarantaene")
    if m.status == Mail.Status.QUARANTAENE:
        messages.error(request, f"Die Zerlegung ist wieder gescheitert ({m.zerlegungsversuche}. Versuch). "
                       f"{m.quarantaene_grund}")
        return redirect("emb:quarantaene_mail", mail_id=m.id)
    messages.success(request, "Die Mail ist zerlegt und steht in der Warteschlange.")
    return redirect("emb:quarantaene")


@_teamleitung
@require_POST
def verwerfen(request: HttpRequest, mail_id: int) -> HttpResponse:
    """Die Mail verlässt die Quarantäne (services.quarantaene_verwerfen); ohne Grund steht die Meldung am Feld."""
    grund = request.POST.get("grund", "")
    try:
        m = services.quarantaene_verwerfen(request.user, mail_id, grund, jetzt())
    except services.GrundFehlt as fehler:           # die Meldung am Feld, die Eingabe bleibt darin
        return _mail_seite(request, mail_id, status=400, grund_fehler=str(fehler), grund=grund[:GRUND_LAENGSTENS])
    except (ValueError, Mail.DoesNotExist) as fehler:
        messages.error(request, str(fehler) if isinstance(fehler, ValueError) else "Diese Mail gibt es nicht.")
        return redirect("emb:quarantaene")
    zugriff_protokollieren(request.user, "emb_quarantaene_verwerfen")
    messages.success(request, f"Mail {m.id} ist verworfen und nicht mehr in der Quarantäne. Ihr Rohtext bleibt "
                     "gespeichert, bis die Löschfrist ihn entfernt.")
    return redirect("emb:quarantaene")
