"""Neue Antwortoptionen eines Freigabepakets erfassen (redaktion/optionen.py): je Zeile Frage, Wert und Beschriftung.
Abgelehnt: die Seite mit den Eingaben und der Meldung an der Zeile und am Feld (views parse, call, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kundenportal.leitfaden.vokabular import Vokabular
from kundenportal.leitfaden.vokabular_zusatz import fragen_mit_optionen

from ..models import Freigabepaket
from ..optionen_formular import LEERE_ZEILEN, NeueOptionen, fragen_auswahl, mit_fragen
from ..services.entwurf import EntwurfFehler
from ..services.optionen import OptionenFehler, optionen_erfassen, vokabular_mit_allen
from .weisung import _paket

MAX_ZEILEN = 40


def _formset(vok: Vokabular, initial: list[dict[str, str]], leer: int = LEERE_ZEILEN, data: Any = None) -> Any:
    fragen = fragen_auswahl(vok)
    if data is not None:
        return mit_fragen(NeueOptionen(data, prefix="option"), fragen)
    zeilen = [*initial, *({"fakt": "", "wert": "", "label": ""} for _ in range(leer))][:MAX_ZEILEN]
    return mit_fragen(NeueOptionen(prefix="option", initial=zeilen), fragen)


def _bestehende(vok: Vokabular) -> list[tuple[str, str, list[str]]]:
    """Je Frage mit Auswahl: Beschriftung, Fakt und die Optionen mit Beschriftung (zum Nachsehen auf der Seite)."""
    return sorted(((f.label, f.name, [f"{vok.wert_texte.get(o, o)} ({o})" for o in f.optionen])
                   for f in fragen_mit_optionen(vok)), key=lambda t: t[0].lower())


def _seite(request: HttpRequest, p: Freigabepaket, vok: Vokabular, zeilen: Any, status: int = 200) -> HttpResponse:
    fehler = any(f.errors for f in zeilen.forms) or bool(zeilen.non_form_errors())
    if fehler:          # der Fokus auf das erste Feld mit Fehler
        erstes = next(((f, n) for f in zeilen.forms for n in ("fakt", "wert", "label") if n in f.errors), None)
        if erstes is not None:
            erstes[0].fields[erstes[1]].widget.attrs["autofocus"] = True
    return render(request, "redaktion/optionen.html", {"p": p, "zeilen": zeilen, "fehler": fehler,
                                                       "bestehende": _bestehende(vok)}, status=status)


def _weitere_zeilen(request: HttpRequest, p: Freigabepaket, vok: Vokabular) -> HttpResponse:
    """„Weitere Zeilen“: nichts gespeichert, die Eingaben bleiben, zwei leere Zeilen dazu; der Fokus auf die erste."""
    try:
        anzahl = max(0, min(int(request.POST.get("option-TOTAL_FORMS", "0")), MAX_ZEILEN - LEERE_ZEILEN))
    except ValueError:
        anzahl = 0
    zeilen = [{n: request.POST.get(f"option-{i}-{n}", "") for n in ("fakt", "wert", "label")} for i in range(anzahl)]
    formset = _formset(vok, zeilen)
    formset.forms[anzahl].fields["fakt"].widget.attrs["autofocus"] = True
    return _seite(request, p, vok, formset)


@login_required
def erfassen(request: HttpRequest, pk: int) -> HttpResponse:
    p = _paket(request, pk, aendern="die Antwortoptionen sind")
    if isinstance(p, HttpResponse):
        return p
    vok = vokabular_mit_allen()
    if request.method != "POST":
        return _seite(request, p, vok, _formset(vok, list(p.neue_optionen or [])))
    if "weitere_zeilen" in request.POST:
        return _weitere_zeilen(request, p, vok)
    zeilen = _formset(vok, [], data=request.POST)
    if not zeilen.is_valid():
        return _seite(request, p, vok, zeilen, status=400)
    try:
        optionen_erfassen(request.user, p.pk, zeilen.optionen)
    except EntwurfFehler as fehler:
        einzeln = fehler.fehler if isinstance(fehler, OptionenFehler) else []
        for zeile, feld, meldung in einzeln:        # jede Meldung an ihre Zeile und ihr Feld
            form = zeilen.forms[zeilen.zeile_von[zeile]]
            form.add_error(feld if feld in form.fields else None, meldung)
        if not einzeln:
            zeilen._non_form_errors = zeilen.error_class([fehler.meldung])
        return _seite(request, p, vok, zeilen, status=400)
    anzahl = len(zeilen.optionen)
    messages.success(request, f"{anzahl} neue Antwortoption{'en' if anzahl != 1 else ''} gespeichert: sie werden mit "
                              "dem Paket geprüft, freigegeben und veröffentlicht." if anzahl else
                     "Keine neuen Antwortoptionen im Paket.")
    return redirect("redaktion:paket", p.pk)
