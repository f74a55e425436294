"""Seiten der Quarantäne für die Rolle „Teamleitung E-Mail“: Liste mit Grund, Rohtext zum
Herunterladen, Zerlegung neu anstoßen. Jede Ansicht steht im Zugriffsprotokoll."""

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
from .zugriff import darf_mails_bearbeiten, darf_quarantaene_sehen


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
                                                    "warteschlange_sichtbar": darf_mails_bearbeiten(request.user)})


@_teamleitung
def mail(request: HttpRequest, mail_id: int) -> HttpResponse:
    m = get_object_or_404(queries.quarantaene(), id=mail_id)
    zugriff_protokollieren(request.user, "emb_quarantaene_mail_lesen")
    return render(request, "emb/quarantaene_mail.html", {"mail": m, "groesse": len(bytes(
        Mail.objects.values_list("roh", flat=True).get(id=m.id)))})


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
        messages.error(request, str(fehler))
        return redirect("emb:quarantaene")
    if m.status == Mail.Status.QUARANTAENE:
        messages.error(request, f"Die Zerlegung ist wieder gescheitert ({m.zerlegungsversuche}. Versuch). "
                       f"{m.quarantaene_grund}")
        return redirect("emb:quarantaene_mail", mail_id=m.id)
    messages.success(request, "Die Mail ist zerlegt und steht in der Warteschlange.")
    return redirect("emb:quarantaene")
