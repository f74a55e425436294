"""Die Schritte im Gespräch: Antwort, Termin, Bestätigen, Erneut versuchen und Zurück (docs/hausstil.md,
Gewohnheit 4: parsen, Dienst rufen, darstellen). Ein Weg für alle fünf (`_handeln`): ohne JavaScript Post/Redirect/Get
auf die Gesprächsseite, mit htmx nur der Gesprächsbereich oder seine geänderten Teile. Die Gesprächsseite selbst
(`kontakt`, ihr Inhalt `_seite`) steht in views.py."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, retarget

from . import eingabe, services, terminfilter
from .fehler import GespraechFehler
from .models import Kontakt
from .views import _kontakt, _satz, _seite


def _handeln(request: HttpRequest, kontakt_id: uuid.UUID, art: str) -> HttpResponse:
    """Antwort oder Zurück. Ohne JavaScript: Weiterleitung auf die Gesprächsseite (Post/Redirect/Get).
    Mit htmx: nur der Gesprächsbereich; am Ende des Leitfadens die Abschlussseite als ganze Seite. Ändert
    eine Antwort nur Frage, Weg und Fortschritt und zeigt die Seite den Weg davor (Formularfeld `weg`,
    `Ansicht.neue_wegpunkte`), nur diese Teile (_frage.html mit `neu`). Bettet eine Seite den Bereich ein
    (`rueckkehr`), hat sie ihren eigenen Abschluss: kein „Kontakt vorzeitig beenden“.
    Der Kontakt wird erst im Dienst gelesen (gesperrt, einmal); die Kundendaten nur, wenn der Schritt sie
    ändern kann — sonst behält die Seite ihre (`Ansicht.kunde_unveraendert`, hx-preserve).
    Eine abgelehnte freie Antwort bleibt im Feld, die Meldung steht am Feld; „Zurück“ zu einer freien Frage
    zeigt die vorige Antwort im Feld (eingabe.py; ohne JavaScript über die Sitzung)."""
    k = _nur_kennung(kontakt_id) if art != "termin" else _kontakt(kontakt_id)
    fakt = request.POST.get("fakt", "")
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    historie = htmx              # nur wenn der Bereich gezeigt wird: die letzten Kontakte neben den Kundendaten
    try:
        if art == "antwort":
            ansicht = services.kontakt_beantworten(request.user, k, fakt, request.POST.get("wert", ""),
                                                   kundendaten=False, historie=historie)
        elif art == "termin":        # ein freier Termin, auch einer anderen Agentur aus dem Filter
            ansicht = terminfilter.termin_waehlen(request.user, k, fakt, request.POST.get("agentur", ""),
                                                  request.POST.get("wert", ""), historie=historie)
        elif art == "bestaetigen":   # Bestätigungsschritt: die angezeigte Aktion ausführen
            ansicht = services.kontakt_bestaetigen(request.user, k, request.POST.get("zeichen", ""),
                                                   kundendaten=False, historie=historie)
        elif art == "weiter":        # nach einer Störung: anstehende Aufträge erneut versuchen
            ansicht = services.kontakt_weiter(request.user, k, kundendaten=False, historie=historie)
        else:
            ansicht = services.kontakt_zurueck(request.user, k, fakt, kundendaten=False, historie=historie)
            ansicht.zurueck = True
    except Kontakt.DoesNotExist:
        raise Http404("Diesen Kontakt gibt es nicht.") from None
    except GespraechFehler as fehler:
        meldung = _satz(fehler.meldung)
        if not htmx:
            if art == "antwort":           # beim Zeigen ins Feld, wenn die Frage noch ansteht, sonst oben
                eingabe.merken(request.session, k.pk, fakt, request.POST.get("wert", ""), meldung)
            else:
                messages.error(request, meldung)
            return redirect("gespraech:kontakt", k.pk)
        k = _kontakt(kontakt_id)
        ansicht = services.kontakt_stand(request.user, k, historie=True)
        ansicht.meldung = meldung
        if art == "antwort":
            eingabe.ins_feld(ansicht, fakt, request.POST.get("wert", ""), meldung)
    filter_der_seite = _filter_der_seite(request) if art == "zurueck" and ansicht.terminfilter is not None else None
    if not htmx:
        if ansicht.eingabe_wert or ansicht.vorige_wahl:     # „Zurück“: die vorige Antwort (Feld oder Wahl)
            eingabe.merken(request.session, k.pk, ansicht.fakt, ansicht.eingabe_wert or ansicht.vorige_wahl)
        if art == "zurueck" and ansicht.art == "frage":   # neu geladen (etwa von der Abschlussseite): sagen, wo
            messages.info(request, ansicht.ansage)
        ziel = reverse("gespraech:kontakt", args=[k.pk])
        return redirect(f"{ziel}?{filter_der_seite.urlencode()}" if filter_der_seite else ziel)
    if filter_der_seite:       # zurück zur Terminfrage: mit dem Filter, den die Seite zeigt (Adresse ?tag=…)
        terminfilter.filter_anwenden(ansicht.kontakt, ansicht, filter_der_seite)
    rueckkehr = _rueckkehr(request)
    if ansicht.art == "ende":
        if ansicht.meldung:           # abgelehnt am Ende des Leitfadens: die ganze Seite sagt, warum
            messages.error(request, ansicht.meldung)
        return HttpResponseClientRedirect(rueckkehr or reverse("gespraech:kontakt", args=[k.pk]))
    seite = _seite(request, ansicht) | {"ohne_abbruch": rueckkehr is not None}
    if rueckkehr:        # der Terminfilter bleibt auf der einbettenden Seite (die Mail), statt auf die Gesprächsseite
        seite["filter_ziel"] = rueckkehr
    if art in ("antwort", "termin") and ansicht.kunde_unveraendert and not ansicht.meldung:
        neu = ansicht.neue_wegpunkte(request.POST.get("weg", ""))
        if neu is not None:     # die Seite zeigt den Weg davor: nur, was sich geändert hat
            teil = render(request, "gespraech/_frage.html", seite | {"neu": neu, "htmx": True}, using="jinja2")
            return retarget(teil, "#frage-bereich")
    return render(request, "gespraech/_gespraech.html", seite, using="jinja2")


def _nur_kennung(kontakt_id: uuid.UUID) -> Kontakt:
    """Ein Kontakt, der nur seine Kennung trägt — der Dienst liest ihn gesperrt selbst (`services._gesperrt`).
    `Kontakt(pk=…)` rechnete alle Vorgaben der übrigen Felder aus (neue UUID, Uhrzeit, …): 40 µs je Schritt
    statt 8 µs, für Werte, die niemand liest."""
    return Kontakt.from_db(None, ["id"], (kontakt_id,))


def _filter_der_seite(request: HttpRequest) -> QueryDict | None:
    """Der Terminfilter der Seite, von der ein Schritt kam (Agentur, ab Tag in ihrer Adresse): mit htmx aus
    HX-Current-URL, sonst aus dem Referer; nur von diesem Server. Ohne ihn zeigte „Zurück“ zur Terminfrage wieder
    die nächsten zehn, während die Adresse noch den Tag nannte — dieselbe Ziffer wäre ein anderer Termin."""
    adresse = (request.htmx.current_url if request.htmx else request.META.get("HTTP_REFERER")) or ""  # type: ignore[attr-defined]
    teile = urlsplit(adresse)
    if teile.netloc and teile.netloc != request.get_host():
        return None
    gelesen = QueryDict(teile.query)
    filter_ = QueryDict(mutable=True)
    for name in ("agentur", "tag"):
        if gelesen.get(name):
            filter_[name] = gelesen[name]
    return filter_ or None


def _rueckkehr(request: HttpRequest) -> str | None:
    """Eine Seite, die den Gesprächsbereich einbettet (etwa die Mail in der E-Mail-Bearbeitung), nennt mit
    `rueckkehr` (hx-vals), wohin es am Ende des Leitfadens geht — nur ein Pfad dieses Servers."""
    ziel = request.POST.get("rueckkehr", "")
    sicher = ziel.startswith("/") and url_has_allowed_host_and_scheme(ziel, allowed_hosts={request.get_host()})
    return ziel if sicher else None


def _schritt_sicht(art: str) -> Any:
    """Die Sicht eines Schritts (`art` wie in `_handeln`): angemeldet, nur POST."""
    @login_required
    @require_POST
    def sicht(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
        return _handeln(request, kontakt_id, art)

    sicht.__name__ = sicht.__qualname__ = art
    return sicht


antwort = _schritt_sicht("antwort")
termin = _schritt_sicht("termin")            # ein freier Termin, auch einer anderen Agentur aus dem Filter
bestaetigen = _schritt_sicht("bestaetigen")  # Bestätigungsschritt: die angezeigte Aktion ausführen
weiter = _schritt_sicht("weiter")            # nach einer Störung: anstehende Aufträge erneut versuchen
zurueck = _schritt_sicht("zurueck")
