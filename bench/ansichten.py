"""Die Vergleichssichten: ein Lesen-Ändern-Schreiben eines Kontakts in Django, so nackt wie möglich —
gleiche Middleware, gleiche Anmeldung, gleiche Zeile, gesperrt und in einer Transaktion, aber ohne
Engine, ohne Protokoll und ohne Vorlage. Sie ist die Latte für den Schritt über HTTP. Dazu eine angemeldete
Sicht ohne jede Datenbankarbeit (bench.instruktionen): was Middleware, Sitzung und Antwort allein kosten."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from kundenportal.gespraech.models import Kontakt


@login_required
@require_POST
def nackt_schreiben(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    with transaction.atomic():
        kontakt = Kontakt.objects.select_for_update().get(pk=kontakt_id)
        kontakt.lauf = {**kontakt.lauf, "bench": int(kontakt.lauf.get("bench", 0)) + 1}
        kontakt.save(update_fields=["lauf"])
    return HttpResponse(f"<p>{kontakt.lauf['bench']}</p>")


@login_required
@require_POST
def leer(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>0</p>")
