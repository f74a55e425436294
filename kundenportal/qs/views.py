"""Seiten der Qualitätssicherung: parsen, Dienst rufen, darstellen (house style, habit 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kundenportal import zeit
from kundenportal.konten import rechtskreis, zugriff
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.verdrahtung import katalog

from . import kalibrierung, queries, services
from .forms import AuswertungZeitraum, BewertungForm, PlanZiehen, StichprobeZiehen
from .formulare import formular_fuer, formular_lesen
from .kriterien import OFFEN, URTEILE
from .models import Bewertung, Stichprobe

ZEITRAEUME = (7, 30, 90, 365)
AUSWERTUNG_ID = "auswertung-%s"         # die Felder Von/Bis der Auswertung (die Seite hat weitere Formulare)


def _qs(request: HttpRequest) -> None:
    if not zugriff.darf_qs(request.user):
        raise PermissionDenied("Die Qualitätssicherung macht die Teamleitung.")


def _auswertung(request: HttpRequest) -> tuple[AuswertungZeitraum, dt.date | None, dt.date | None, int | None]:
    """Der Zeitraum der QS-Quoten: Von/Bis (AuswertungZeitraum, wie in der Anlage 5 geprüft), sonst die letzten
    `tage` Tage (7, 30, 90 oder 365; ohne Angabe 30) bis heute. Ungültige Von/Bis: das Formular mit den Fehlern und
    kein Zeitraum."""
    if "von" in request.GET or "bis" in request.GET:
        form = AuswertungZeitraum(request.GET, auto_id=AUSWERTUNG_ID)
        if not form.is_valid():
            return form, None, None, None
        von, bis = form.zeitraum()
        return AuswertungZeitraum(initial={"von": von, "bis": bis}, auto_id=AUSWERTUNG_ID), von, bis, None
    eingabe = request.GET.get("tage", "")
    tage = int(eingabe) if eingabe.isdigit() and len(eingabe) < 5 else 0
    if tage not in ZEITRAEUME:
        if eingabe:      # eine von Hand geänderte Adresse: sagen, was gilt, statt still 30 Tage zu zeigen
            messages.error(request, f"Einen Zeitraum von „{eingabe[:20]}“ Tagen gibt es hier nicht (wählbar: "
                           f"{', '.join(str(t) for t in ZEITRAEUME)} Tage). Gezeigt werden die letzten 30 Tage.")
        tage = 30
    bis = zeit.heute()
    return AuswertungZeitraum(auto_id=AUSWERTUNG_ID), bis - dt.timedelta(days=tage - 1), bis, tage


def _leitfaeden(kanaele: list[str]) -> list[str]:
    """Die Leitfäden, die in einem der `kanaele` (denen des Rechtskreises) angeboten werden, ohne Bausteine."""
    return sorted(lf.id for lf in katalog().leitfaeden.values()
                  if not getattr(lf.kopf, "baustein", False) and set(lf.kopf.kanaele) & set(kanaele))


def _ziehen(request: HttpRequest, frei: StichprobeZiehen, plan: PlanZiehen) -> Stichprobe | None:
    try:
        if "monat" in request.POST and plan.is_valid():
            d = plan.cleaned_data
            return services.stichprobe_nach_plan(request.user, monat=d["monat"], jetzt=zeit.jetzt(),
                                                 kanal=d["kanal"], leitfaden=d["plan_leitfaden"], stand=d["stand"])
        if "monat" not in request.POST and frei.is_valid():
            d = frei.cleaned_data
            return services.stichprobe_ziehen(request.user, heute=zeit.heute(), jetzt=zeit.jetzt(), n=d["n"],
                                              tage=d["tage"], leitfaden=d["leitfaden"])
    except services.QsFehler as fehler:
        messages.error(request, fehler.meldung)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def uebersicht(request: HttpRequest) -> HttpResponse:
    """Stichprobe ziehen (frei oder nach Plan 2.2.6), Stichproben des Standorts, QS-Quote je Kriterium."""
    _qs(request)
    post = request.method == "POST"
    kanaele = zugriff.qs_kanaele(request.user)
    leitfaeden = _leitfaeden(kanaele)
    frei = StichprobeZiehen(request.POST if post and "monat" not in request.POST else None, leitfaeden=leitfaeden)
    plan = PlanZiehen(request.POST if post and "monat" in request.POST else None, leitfaeden=leitfaeden,
                      kanaele=kanaele, initial={"monat": zeit.heute().strftime("%m.%Y")})
    if post and (stichprobe := _ziehen(request, frei, plan)) is not None:
        return redirect("qs:stichprobe", stichprobe.pk)
    standort = zugriff.standort_fuer(request.user)
    auswertung, von, bis, tage = _auswertung(request)
    quoten, blind = None, 0
    if von is not None and bis is not None:     # blind: laufende Kalibrierungen, die sie noch nicht bewertet hat
        quoten = queries.quoten(standort=standort or "", von=von, bis=bis, kanaele=kanaele, blind_fuer=request.user)
        blind = queries.blind_zurueckgehalten(request.user, standort=standort or "", von=von, bis=bis,
                                              kanaele=kanaele)
    return render(request, "qs/uebersicht.html", {
        "form": frei, "plan": plan, "standort": standort, "stichproben": queries.stichproben(standort, kanaele),
        "quoten": quoten, "blind": blind, "auswertung": auswertung, "von": von, "bis": bis, "tage": tage, "zeitraeume": ZEITRAEUME,
        "kanaele": ", ".join(KANAL_NAMEN.get(k, k) for k in kanaele),
        "alle_kanaele": kanaele == rechtskreis.kanaele(*zugriff.rechtskreise_fuer(request.user))},
        status=400 if auswertung.errors else 200)


# Eine Stichprobe oder Bewertung, die nicht zur Teamleitung gehört (anderer Standort, Rechtskreis, Kanal), beantworten
# die Seiten wie eine, die es nicht gibt: 404 mit derselben Seite — ein 403 verriete, dass es sie gibt. 403 bleibt
# für die falsche Rolle (_qs), die über kein einzelnes Objekt etwas sagt.
STICHPROBE_FEHLT = "Diese Stichprobe gibt es nicht."
BEWERTUNG_FEHLT = "Diese Bewertung gibt es nicht."


def _stichprobe(request: HttpRequest, stichprobe_id: int) -> Stichprobe:
    _qs(request)
    gefunden = queries.stichprobe(stichprobe_id)
    if gefunden is None:
        raise Http404(STICHPROBE_FEHLT)
    try:
        return services.stichprobe_lesen(request.user, gefunden)
    except services.KeinZugriff:
        raise Http404(STICHPROBE_FEHLT) from None


@login_required
def stichprobe(request: HttpRequest, stichprobe_id: int) -> HttpResponse:
    s = _stichprobe(request, stichprobe_id)
    kanaele = zugriff.qs_kanaele(request.user)
    bewertungen = queries.bewertungen(s, kanaele)
    if not bewertungen.exists():        # nur Kontakte anderer Kanäle oder Rechtskreise (leere speichert die QS nicht)
        raise Http404(STICHPROBE_FEHLT)
    plan = kalibrierung.plan_der_stichprobe(s)
    return render(request, "qs/stichprobe.html", {"s": s, "bewertungen": bewertungen, "kalibrierungsplan": plan,
                                                  "kalibrierung_erfuellt": _kalibrierung_erfuellt(s, bewertungen, plan)})


def _kalibrierung_erfuellt(s: Stichprobe, bewertungen: Iterable[Any], plan: kalibrierung.Kalibrierungsplan) -> str:
    """Ob die Stichprobe die Kalibrierung der Anlage 2.2.6 erfüllt, in einem Satz: wie viele Kontakte die Mindestzahl
    an Teamleitungen erreichen, gegen „je Monat“ (nur bei einer Stichprobe nach Plan, die einen Monat umfasst)."""
    fertig = sum(1 for b in bewertungen if b.teamleitungen >= plan.teamleitungen_mindestens)
    kontakte = "1 Kontakt ist" if fertig == 1 else f"{fertig} Kontakte sind"
    satz = f"{kontakte} von mindestens {plan.teamleitungen_mindestens} Teamleitungen bewertet"
    if s.monat is None:
        return f"Kalibrierung in dieser Stichprobe: {satz}."
    monat = f"{s.monat:%m.%Y}"
    if fertig >= plan.je_monat:
        return f"Kalibrierung im Monat {monat}: {satz} – Vorgabe ({plan.je_monat} je Monat) erfüllt."
    fehlt = plan.je_monat - fertig
    return (f"Kalibrierung im Monat {monat}: {satz} – Vorgabe ({plan.je_monat} je Monat) noch nicht erfüllt, es "
            f"{'fehlt 1 Kontakt' if fehlt == 1 else f'fehlen {fehlt} Kontakte'}.")


def _bewertung(request: HttpRequest, bewertung_id: int) -> Bewertung:
    _qs(request)
    b = queries.bewertung(bewertung_id)
    if b is None:
        raise Http404(BEWERTUNG_FEHLT)
    return b


@login_required
@require_http_methods(["GET", "POST"])
def bewertung(request: HttpRequest, bewertung_id: int) -> HttpResponse:
    """Der pseudonymisierte Kontakt und sein Bogen: Erstbewertung oder — ist er schon von einer anderen
    Teamleitung bewertet — Kalibrierung (Anlage 2.2.6). Die ist blind: Erstbewertung, andere Kalibrierungen
    und Streuung gibt queries.kalibrierung erst nach der eigenen Kalibrierung heraus; die bleibt dann
    unverändert (kein Formular mehr, ein POST lehnt der Dienst ab)."""
    b = _bewertung(request, bewertung_id)
    try:
        pfad = services.bewertung_oeffnen(request.user, b)
    except services.KeinZugriff:
        raise Http404(BEWERTUNG_FEHLT) from None
    bogen = formular_fuer(b.kontakt)
    kriterien = bogen.kriterien if bogen else ()
    kalibrieren = b.bewertet is not None and b.pruefer_id != request.user.pk
    eigene = queries.eigene_kalibrierung(request.user, b) if kalibrieren else None
    if request.method == "POST" and eigene is not None:
        return _nochmal_kalibrieren(request, b, [k.id for k in kriterien])
    anfang = {} if kalibrieren else {**(b.urteile or {k: v.get("urteil", "") for k, v in b.vorschlag.items()}),
                                     "kommentar": b.kommentar}     # kalibrieren: leerer Bogen
    hinweise = {} if kalibrieren else {
        k: (f"Vorschlag aus dem Weg: {URTEILE.get(v.get('urteil', OFFEN), 'offen')} – {v.get('grund', '')}"
            if v.get("urteil", OFFEN) in URTEILE else f"Nicht vorbewertet, bitte selbst urteilen: {v.get('grund', '')}")
        for k, v in b.vorschlag.items()}
    if not kalibrieren:     # Kriterien ohne Vorbewertung (Gesprächsführung): auch das steht am Feld
        hinweise |= {k.id: "Nicht vorbewertet: Das zeigt der aufgezeichnete Weg nicht — bitte selbst urteilen."
                     for k in kriterien if k.id not in hinweise}
    form = BewertungForm(request.POST if request.method == "POST" else None, kriterien=kriterien,
                         mit_kommentar=not kalibrieren, initial=anfang, hinweise=hinweise)
    if form.is_bound and form.is_valid():
        try:
            if kalibrieren:
                services.kalibrierung_speichern(request.user, b, form.urteile(), jetzt=zeit.jetzt())
            else:
                services.bewertung_speichern(request.user, b, form.urteile(), form.cleaned_data["kommentar"],
                                             jetzt=zeit.jetzt())
        except services.KeinZugriff:
            raise Http404(BEWERTUNG_FEHLT) from None
        except services.QsFehler as fehler:     # in die Fehlerliste über dem Formular, Titel „Fehler: …“; ein Name
            form.add_error("kommentar" if fehler.code == "kommentar_person" else None, fehler.meldung)   # am Feld
        else:
            messages.success(request, f"Kontakt {b.nummer} {'kalibriert' if kalibrieren else 'bewertet'}.")
            if kalibrieren:       # weiter bei den jetzt sichtbaren Urteilen aller Teamleitungen
                return redirect(reverse("qs:bewertung", args=[b.pk]) + "#kalibrierung")
            return redirect("qs:stichprobe", b.stichprobe_id)
    texte = {k.id: k.text for k in kriterien}
    # je Kriterium: Urteil („offen“, wenn der Weg es nicht entscheidet), Grund, vorbewertet?
    vorschlaege = {} if kalibrieren else {texte[k]: (URTEILE.get(v.get("urteil", OFFEN), "offen"), v.get("grund", ""),
                                                     v.get("urteil", OFFEN) in URTEILE)
                                          for k, v in b.vorschlag.items() if k in texte}
    festgestellt = [(form[k.id].label, URTEILE.get((b.urteile or {}).get(k.id, ""), "–")) for k in kriterien]
    return render(request, "qs/bewertung.html", {
        "b": b, "pfad": pfad, "form": form, "bogen": bogen, "vorschlaege": vorschlaege, "kalibrieren": kalibrieren,
        "festgestellt": festgestellt,
        "eigene": eigene, "kalibrierung": queries.kalibrierung(request.user, b)})


def _nochmal_kalibrieren(request: HttpRequest, b: Bewertung, kriterien: list[str]) -> HttpResponse:
    """Ein POST nach der eigenen Kalibrierung (die Seite zeigt kein Formular mehr): der Dienst entscheidet und
    sagt, warum er ablehnt."""
    try:
        services.kalibrierung_speichern(request.user, b, {k: request.POST.get(k, "") for k in kriterien},
                                        jetzt=zeit.jetzt())
    except services.KeinZugriff:
        raise Http404(BEWERTUNG_FEHLT) from None
    except services.QsFehler as fehler:
        messages.error(request, fehler.meldung)
    return redirect("qs:bewertung", b.pk)


@login_required
@require_POST
def freigeben(request: HttpRequest, bewertung_id: int) -> HttpResponse:
    b = _bewertung(request, bewertung_id)
    try:
        services.bewertung_freigeben(request.user, b, jetzt=zeit.jetzt())
    except services.KeinZugriff:
        raise Http404(BEWERTUNG_FEHLT) from None
    except services.QsFehler as fehler:
        messages.error(request, fehler.meldung)
    else:
        messages.success(request, f"Ergebnis von Kontakt {b.nummer} freigegeben: Die Person, die den Kontakt geführt "
                                  "hat, sieht es unter „Meine Bewertungen“.")
    return redirect("qs:bewertung", b.pk)


@login_required
def meine(request: HttpRequest) -> HttpResponse:
    """Die freigegebenen QS-Ergebnisse der eigenen Kontakte (Freigabe an die Beschäftigten, Anlage 2.2.6)."""
    if not zugriff.darf_qs_ergebnisse_sehen(request.user):
        raise PermissionDenied("QS-Ergebnisse gibt es nur für Beschäftigte, die Kontakte führen.")
    zeilen = []
    for b in queries.freigegeben_fuer(request.user):
        bogen = formular_lesen(b.formular)
        urteile = [(k.text, URTEILE.get(b.urteile[k.id], "—")) for k in (bogen.kriterien if bogen else ())
                   if k.id in b.urteile]
        zeilen.append((b, bogen, urteile))
    return render(request, "qs/meine.html", {"zeilen": zeilen})
