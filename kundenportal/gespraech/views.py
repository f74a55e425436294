"""Seiten des Arbeitsplatzes: parsen, Dienst rufen, darstellen (docs/hausstil.md, Gewohnheit 4).
Zugriffsentscheidungen stehen in konten.zugriff, Änderungen in services. Die Schritte im Gespräch (Antwort,
Termin, Bestätigen, Erneut versuchen, Zurück) stehen in views_schritt.py."""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kundenportal import lesbar, zeit
from kundenportal.fachverfahren.ports.aufgaben import Aufgabe
from kundenportal.fachverfahren.ports.verbis import KUNDENNUMMER_FORM, kundennummer_normalisieren
from kundenportal.konten import zugriff
from kundenportal.leitfaden.vermerk import ABBRUCH_GRUND, ABBRUCH_VORSCHLAG
from kundenportal.verdrahtung import katalog

from . import aufgaben, auswahl, eingabe, fortschritt, queries, services, terminfilter
from . import kunde as kunde_dienste
from .ansicht import Ansicht
from .fehler import Abgelehnt, GespraechFehler
from .forms import Abschluss, KundeFinden
from .models import Kontakt
from .postkorb_formular import Erledigen
from .queries import Kundendaten

AUSWAHL_ABGELAUFEN = ("Diese Kundenauswahl ist abgelaufen oder gehört zu einer anderen Anmeldung. "
                      "Suchen Sie die Kundin oder den Kunden bitte erneut.")
NAECHSTER_KONTAKT = "gespraech_naechster_kontakt"     # Sitzung: nach dem Speichern den Fokus auf „Nächster Kontakt“
VERMERK_ENTWURF = "gespraech_vermerk_entwurf"    # Sitzung: ein abgelehnter Vermerk, bis die Abschlussseite ihn zeigt


def _satz(meldung: str) -> str:
    """Eine Meldung als ganzer Satz: endet sie ohne Satzzeichen, mit Punkt."""
    return meldung if not meldung or meldung.rstrip().endswith((".", "!", "?", "…")) else f"{meldung.rstrip()}."


def _agent(request: HttpRequest) -> None:
    if not zugriff.darf_kontakte_fuehren(request.user):
        raise PermissionDenied("Ihre Rolle führt keine Kontakte.")


@login_required
def arbeitsplatz(request: HttpRequest) -> HttpResponse:
    _agent(request)
    return render(request, "gespraech/arbeitsplatz.html", {
        "offen": queries.offene_kontakte(request.user), "form": KundeFinden()})


@login_required
def neu(request: HttpRequest) -> HttpResponse:
    """Kontakt beginnen: Kunde per Kundennummer oder Nachname + Geburtsdatum finden (nur Kundennummern).
    Die Suche geht per POST, jeder Treffer wird eine Auswahl (auswahl.py): keine Kundennummer in einer URL."""
    _agent(request)
    form = KundeFinden(request.POST) if request.method == "POST" else KundeFinden()
    treffer: list[tuple[str, str]] | None = None         # (Kundennummer, Schlüssel der Auswahl)
    if form.is_bound and form.is_valid():
        nummern = services.kunde_suchen(request.user, kundennummer=form.cleaned_data["kundennummer"],
                                        nachname=form.cleaned_data["nachname"],
                                        geburtsdatum=form.cleaned_data["geburtsdatum"])
        jetzt = zeit.echt()
        treffer = [(n, auswahl.auswahl_anlegen(request.session, n, jetzt)) for n in nummern]
        if len(treffer) == 1:
            return redirect("gespraech:anliegen", treffer[0][1])
    eingabe = kundennummer_normalisieren(form.cleaned_data["kundennummer"] or "") if form.is_bound and \
        form.is_valid() else ""
    kindergeldnummer = bool(KINDERGELDNUMMER.fullmatch(eingabe))
    # keine Kundennummer dieser Form (etwa „12345“): die Seite sagt, woran es liegt, statt nur „nicht gefunden“
    keine_form = bool(eingabe) and not kindergeldnummer and not KUNDENNUMMER_FORM.fullmatch(eingabe)
    return render(request, "gespraech/neu.html", {"form": form, "treffer": treffer,
                                                  "kindergeldnummer": kindergeldnummer, "keine_form": keine_form})


# Eine Kindergeldnummer (123FK000599) ist keine Kundennummer: die Suche sagt es, statt nur „nicht gefunden“.
KINDERGELDNUMMER = re.compile(r"\d{3}FK\d+", re.IGNORECASE)


def _ausgewaehlt(request: HttpRequest, schluessel: str) -> str | None:
    return auswahl.auswahl_lesen(request.session, schluessel, zeit.echt())


@login_required
def anliegen(request: HttpRequest, schluessel: str = "") -> HttpResponse:
    """Anliegen wählen: die heute am Standort geltenden Leitfäden der eigenen Kanäle; mit einer Auswahl
    aus der Kundensuche für diese Kundin oder diesen Kunden, ohne Auswahl ohne Kundennummer."""
    _agent(request)
    kundennummer = ""
    if schluessel:
        kundennummer = _ausgewaehlt(request, schluessel) or ""
        if not kundennummer:
            messages.error(request, AUSWAHL_ABGELAUFEN)
            return redirect("gespraech:neu")
    standort = zugriff.standort_fuer(request.user)
    zeilen = [z for kanal in zugriff.kanaele_fuer(request.user)
              for z in queries.leitfaeden(kanal=kanal, datum=zeit.heute(), standort=standort, bausteine=False)]
    return render(request, "gespraech/anliegen.html", {"zeilen": zeilen, "kundennummer": kundennummer,
                                                       "schluessel": schluessel,
                                                       "suche_auswahl": schluessel or services.OHNE_KUNDE})


@login_required
@require_POST
def starten(request: HttpRequest) -> HttpResponse:
    """Beginnen. Ist für diese Kundin oder diesen Kunden schon ein eigener Kontakt offen (etwa nach
    „Zurück“ im Browser und erneutem „Beginnen“), wird er fortgesetzt statt ein zweiter angelegt.
    Die Kundin oder der Kunde kommt als Kundennummer (Formular von „Anliegen wählen“) oder als Auswahl
    (`auswahl`: Schlüssel aus der Kundensuche, so beginnt die Anliegensuche, ohne die Nummer zu kennen;
    `services.OHNE_KUNDE`: ausdrücklich ohne Kundennummer) — dieselben Prüfungen für beide."""
    kundennummer = request.POST.get("kundennummer") or ""
    schluessel = request.POST.get("auswahl") or ""
    if schluessel and schluessel != services.OHNE_KUNDE:
        kundennummer = _ausgewaehlt(request, schluessel) or ""
        if not kundennummer:
            messages.error(request, AUSWAHL_ABGELAUFEN)
            return redirect("gespraech:neu")
    offene = list(queries.offene_kontakte(request.user))
    offen = next((k for k in offene if kundennummer and k.kundennummer == kundennummer), None)
    if offen is not None:
        messages.info(request, f"Für diese Kundennummer ist Ihr Kontakt nach {offen.leitfaden} noch offen – "
                               "er wird fortgesetzt. Schließen Sie ihn ab, um ein weiteres Anliegen zu beginnen.")
        return redirect("gespraech:kontakt", offen.pk)
    doppelt = next((k for k in offene if not kundennummer and _eben_begonnen(k, request.POST.get("leitfaden", ""))),
                   None)
    if doppelt is not None:           # dasselbe Formular noch einmal (neu geladen, doppelt abgeschickt): derselbe Kontakt
        return redirect("gespraech:kontakt", doppelt.pk)
    try:
        kontakt = services.kontakt_starten(request.user, request.POST.get("leitfaden", ""), kundennummer or None)
    except GespraechFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("gespraech:neu")
    return redirect("gespraech:kontakt", kontakt.pk)


DOPPELT_SEKUNDEN = 30


def _eben_begonnen(k: Kontakt, leitfaden: str) -> bool:
    """Ein Kontakt ohne Kundennummer nach `leitfaden` (oder einer seiner Varianten), vor weniger als
    DOPPELT_SEKUNDEN begonnen und noch ohne Antwort: ein zweites „Beginnen“ derselben Person ist dann dasselbe
    Formular noch einmal, kein zweiter Besuch am Empfang."""
    return (not k.kundennummer and bool(leitfaden) and (k.leitfaden == leitfaden or k.leitfaden.startswith(f"{leitfaden}-"))
            and not k.lauf.get("antworten") and (zeit.jetzt() - k.begonnen).total_seconds() < DOPPELT_SEKUNDEN)


def _kontakt(kontakt_id: uuid.UUID) -> Kontakt:
    return get_object_or_404(Kontakt.objects.select_related("user"), pk=kontakt_id)


@never_cache        # „Zurück“ im Browser zeigt den Stand des Servers, nie eine alte Kopie (gespeichert, ausgeführt)
@login_required
def kontakt(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    k = _kontakt(kontakt_id)
    try:
        ansicht = services.kontakt_stand(request.user, k, historie=True)
    except GespraechFehler as fehler:        # ohne Leitfaden (E-Mail ohne Arbeitshilfe): die Historie zeigt ihn
        messages.info(request, fehler.meldung)
        return redirect("gespraech:historie", k.pk)
    eingabe.einsetzen(request.session, ansicht)      # ohne JavaScript: abgelehnte oder zurückgenommene Antwort
    if ansicht.terminfilter is not None and request.GET:
        terminfilter.filter_anwenden(k, ansicht, request.GET)
    vorlage = "gespraech/ende.html" if ansicht.art == "ende" or k.status == Kontakt.ABGESCHLOSSEN \
        else "gespraech/kontakt.html"
    return render(request, vorlage, _seite(request, ansicht))


def _seite(request: HttpRequest, ansicht: Ansicht) -> dict[str, object]:
    k = ansicht.kontakt
    bearbeitbar = zugriff.darf_kontakt_bearbeiten(request.user, k)
    seite: dict[str, object] = {"a": ansicht, "k": k, "bearbeitbar": bearbeitbar}
    if ansicht.art == "ende" or k.status == Kontakt.ABGESCHLOSSEN:      # das Abschlussformular (ende.html)
        entwurf = request.session.pop(VERMERK_ENTWURF, None)
        if isinstance(entwurf, dict) and entwurf.get("kontakt") == str(k.pk) and k.status != Kontakt.ABGESCHLOSSEN:
            form = Abschluss(data={"vermerk": entwurf.get("vermerk", "")})   # abgelehnt: Text und Meldung am Feld
            form.is_valid()
            seite["form"] = form
        else:
            seite["form"] = Abschluss(initial={"vermerk": lesbar.im_text(ansicht.vermerk)})
    if ansicht.art == "frage":
        beantwortet = sum(1 for w in ansicht.weg if w.art == "frage")
        seite["fortschritt"] = fortschritt.berechnen(katalog(), k.lauf, ansicht.fakt, beantwortet, ansicht.schritt)
    if bearbeitbar and ansicht.art != "ende":
        seite["abbruch_vermerk"] = _abbruch_vermerk(ansicht)
        if ansicht.art == "stoerung":       # „Kontakt mit Vermerk beenden“ (_stoerung.html): der Grund steht schon da
            seite["stoerung_vermerk"] = _abbruch_vermerk(ansicht, ansicht.stoerung_vermerk)
        entwurf = request.session.get(VERMERK_ENTWURF)
        if isinstance(entwurf, dict) and entwurf.get("kontakt") == str(k.pk):   # abgelehnter Abbruch: Text, Meldung
            request.session.pop(VERMERK_ENTWURF)
            form = Abschluss(data={"vermerk": entwurf.get("vermerk", "")})
            if not form.is_valid():
                seite["abbruch_vermerk"] = str(entwurf.get("vermerk", ""))
                seite["abbruch_fehler"] = " ".join(str(f) for f in form.errors["vermerk"])
    if ansicht.vorhaben is not None and ansicht.vorhaben.hindernis:   # Bestätigung unmöglich: neu beginnen
        seite["neu_weg"] = reverse("gespraech:neu")
    if ansicht.letzte_kontakte is not None:          # mit den Kundendaten gelesen (historie=True)
        seite["letzte_kontakte"] = ansicht.letzte_kontakte
    return seite


def _abbruch_vermerk(ansicht: Ansicht, grund: str = "") -> str:
    """Vorschlag für den Vermerk beim vorzeitigen Beenden: der bisher beantwortete Weg bleibt erhalten. Er beginnt
    mit dem Kopf des Vermerks (Tag, Kanal, Standort, Fassung, Weisung) wie der Abschlussvermerk: die Agentin sieht vor
    dem Speichern, was gespeichert wird (vermerk.abbruch_vermerk nimmt einen Text, der mit dem Kopf beginnt, wie er ist).
    `grund`: nach „Grund des Abbruchs:“ schon eingetragen (bei einer Störung: `Ansicht.stoerung_vermerk`)."""
    zeilen = [ansicht.vermerk_kopf] if ansicht.vermerk_kopf else []
    zeilen += [f"{ABBRUCH_VORSCHLAG}{ansicht.leitfaden_id}, Stand {ansicht.stand:%d.%m.%Y}).", "Bisheriger Weg:"]
    for w in ansicht.weg:
        if w.art == "frage":
            zeilen.append(f"- {w.text} {lesbar.code(w.antwort)}")
        elif w.art in ("aktion", "abgabe"):
            zeilen.append(f"- {lesbar.im_text(w.text)}")
    if zeilen[-1] == "Bisheriger Weg:":
        zeilen.append("- noch keine Antwort")
    zeilen.append(f"{ABBRUCH_GRUND} {grund}")
    return "\n".join(zeilen)


@login_required
@require_POST
def abschliessen(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    """Vermerk speichern und abschließen. Kommt dasselbe Formular noch einmal (Alt+S oder Strg+Enter mehrfach
    schnell gedrückt), ist der Kontakt schon mit genau diesem Vermerk gespeichert: dieselbe Weiterleitung, keine
    zweite Meldung — „Kontakt gespeichert.“ steht einmal da, kein „abgeschlossen“ daneben."""
    k = _kontakt(kontakt_id)
    form = Abschluss(request.POST)
    if not form.is_valid():           # der getippte Text bleibt (Sitzung, nie die URL), die Meldung steht am Feld
        request.session[VERMERK_ENTWURF] = {"kontakt": str(k.pk), "vermerk": str(request.POST.get("vermerk", ""))}
        _antwort_behalten(request, k)
        return redirect("gespraech:kontakt", k.pk)
    if _schon_gespeichert(request, k, form.cleaned_data["vermerk"]):
        return _nach_dem_speichern(request, k)
    try:
        services.kontakt_abschliessen(request.user, k, form.cleaned_data["vermerk"])
    except GespraechFehler as fehler:
        messages.error(request, fehler.meldung)
        request.session[VERMERK_ENTWURF] = {"kontakt": str(k.pk), "vermerk": form.cleaned_data["vermerk"]}
        _antwort_behalten(request, k)
        return redirect("gespraech:kontakt", k.pk)
    messages.success(request, "Kontakt gespeichert.")
    if k.kundennummer:                # ohne Kundennummer: der Arbeitsplatz, das Feld Kundennummer hat den Fokus
        request.session[NAECHSTER_KONTAKT] = True
    return _nach_dem_speichern(request, k)


def _antwort_behalten(request: HttpRequest, k: Kontakt) -> None:
    """Ein abgelehnter Abbruch verliert die freie Antwort nicht, die im Feld der Frage stand (das Abbruchformular
    schickt sie als `entwurf_fakt`/`entwurf_wert` mit): die Seite zeigt sie danach wieder im Feld (eingabe.einsetzen)."""
    eingabe.merken(request.session, k.pk, str(request.POST.get("entwurf_fakt", "")),
                   str(request.POST.get("entwurf_wert", "")))


def _schon_gespeichert(request: HttpRequest, k: Kontakt, vermerk: str) -> bool:
    """Hat diese Person den Kontakt schon mit diesem Vermerk abgeschlossen (ein wiederholtes Absenden)?
    Beim Abbruch steht der Text im gespeicherten Vermerk nach dem Weg (vermerk.abbruch_vermerk)."""
    text = vermerk.strip()
    return (k.status == Kontakt.ABGESCHLOSSEN and k.user_id == request.user.pk and bool(text)
            and (k.vermerk == text or k.vermerk.endswith(text)))


def _nach_dem_speichern(request: HttpRequest, k: Kontakt) -> HttpResponse:
    if k.kundennummer:
        return redirect("gespraech:historie", k.pk)
    return redirect("gespraech:arbeitsplatz")


@login_required
def kunde(request: HttpRequest, schluessel: str) -> HttpResponse:
    """Kontakthistorie zu einer Auswahl aus der Kundensuche (auswahl.py)."""
    kundennummer = _ausgewaehlt(request, schluessel)
    if kundennummer is None:
        raise Http404(AUSWAHL_ABGELAUFEN)
    # Aus „Anliegen wählen“, also vor dem Gespräch: ohne Vermerke und ohne Angaben zur Person (domain.md A3).
    kontakte = services.kontaktliste_vor_identitaet(request.user, kundennummer)
    return _historie(request, kundennummer, None, kontakte, vor_identitaet=True, schluessel=schluessel)


@never_cache
@login_required
def historie(request: HttpRequest, kontakt_id: uuid.UUID) -> HttpResponse:
    """Kontakthistorie der Kundin oder des Kunden eines Kontakts (vom Kontakt und nach dem Abschluss)."""
    k = _kontakt(kontakt_id)
    try:
        daten, kontakte = services.kundenhistorie_zum_kontakt(request.user, k)
    except GespraechFehler as fehler:
        if fehler.code == "identitaet_offen":          # zurück ins Gespräch, mit dem Grund
            messages.warning(request, fehler.meldung)
            return redirect("gespraech:kontakt", k.pk)
        raise Http404(fehler.meldung) from None
    # nach der bestätigten Identität (kundenhistorie_zum_kontakt): auch die Aufgaben an andere Teams
    return _historie(request, k.kundennummer, daten, kontakte,
                     aufgaben_an_teams=kunde_dienste.aufgaben_zum_kunden(request.user, k.kundennummer))


def _historie(request: HttpRequest, kundennummer: str, daten: Kundendaten | None,
              kontakte: list[Kontakt], *, vor_identitaet: bool = False, schluessel: str = "",
              aufgaben_an_teams: list[Aufgabe] | None = None) -> HttpResponse:
    """Die Kontakthistorie; gleich nach dem Speichern eines Kontakts mit dem Fokus auf „Nächster Kontakt“
    (Enter beginnt den nächsten Anruf). Aus „Anliegen wählen“ (`schluessel` der Auswahl) führt sie dorthin zurück;
    sonst beginnt „Weiteres Anliegen“ mit derselben Kundennummer (per POST, nicht in der Adresse) — eine Kundin am
    Empfang mit zwei Anliegen wird nicht zweimal gesucht. `aufgaben_an_teams`: Übergaben an Postkörbe im eigenen
    Rechtskreis mit Status und Ergebnis — vor der Identität (`vor_identitaet`) nie."""
    naechster = bool(request.session.pop(NAECHSTER_KONTAKT, False))
    return render(request, "gespraech/kunde.html", {"kundennummer": kundennummer, "daten": daten,
                                                    "kontakte": kontakte, "naechster_kontakt": naechster,
                                                    "agent": zugriff.darf_kontakte_fuehren(request.user),
                                                    "vor_identitaet": vor_identitaet, "schluessel": schluessel,
                                                    "aufgaben_an_teams": [] if vor_identitaet
                                                    else (aufgaben_an_teams or [])})


@login_required
def kennzahlen(request: HttpRequest) -> HttpResponse:
    """Kennzahlen für die Teamleitung: Zählungen am eigenen Standort in ihren Kanälen und Postkörben, keine
    Kundendaten. Ein fester Zeitraum: die letzten 7 Tage bis heute (nach der Uhr des Portals); frühere Zeiträume
    zeigen die Führungsprozesse (Anlage 5 mit Filter; die Teamleitung Familienkasse: Anlage 7)."""
    if not zugriff.darf_kennzahlen_sehen(request.user):
        raise PermissionDenied("Die Kennzahlen sieht die Teamleitung.")
    standort = zugriff.standort_fuer(request.user)
    tage = 7
    return render(request, "gespraech/kennzahlen.html", {
        "z": queries.kennzahlen(bis=zeit.heute(), standort=standort, kanaele=zugriff.kennzahl_kanaele(request.user),
                                postkoerbe=zugriff.kennzahl_postkoerbe(request.user), tage=tage),
        "standort": standort, "tage": tage})


def _postkorb_seite(request: HttpRequest, postkorb: str, abgelehnt: Erledigen | None = None) -> HttpResponse:
    """Offene Aufgaben und Aufgaben in Bearbeitung (älteste zuerst); mit ?status=erledigt die erledigten
    (neueste zuerst, mit Ergebnis). `abgelehnt`: das Formular „Erledigt“ einer Aufgabe, deren Ergebnis abgelehnt
    wurde — es steht mit Text und Meldung wieder an seiner Aufgabe (Status 400)."""
    korb = aufgaben.postkorb_lesen(request.user, postkorb, "" if abgelehnt else str(request.GET.get("status", "")))
    ich = request.user.get_username()
    # je Karte: Aufgabe, Formular „Erledigt“ (nur bei der eigenen), andere offene Aufgaben derselben Kundennummer,
    # Verweis auf den Kontakt (nur wenn die Person ihn sehen darf)
    zeilen = [(a, (abgelehnt if abgelehnt is not None and abgelehnt.aufgabe_id == a.id else Erledigen(aufgabe_id=a.id))
               if a.status == aufgaben.IN_BEARBEITUNG and a.bearbeiter == ich else None,
               korb.weitere_offen.get(a.id, 0), a.kontakt in korb.kontakte_sichtbar) for a in korb.aufgaben]
    return render(request, "gespraech/postkorb.html", {
        "postkorb": postkorb, "name": korb.name, "korb": korb, "zeilen": zeilen, "abgelehnt": abgelehnt, "ich": ich},
        status=400 if abgelehnt else 200)


@login_required
def postkorb(request: HttpRequest, postkorb: str) -> HttpResponse:
    return _postkorb_seite(request, postkorb)


@login_required
@require_POST
def aufgabe(request: HttpRequest, postkorb: str, aufgabe_id: int, art: str) -> HttpResponse:
    """Übernehmen, Zurückgeben oder Erledigt (mit Ergebnis). Danach der Postkorb mit der Meldung (sie bekommt den Fokus,
    static/portal/fokus.js: die Seite hat dann kein autofocus); ein abgelehntes Ergebnis zeigt die Seite gleich
    wieder, mit dem Text und der Meldung am Feld. Das Recht prüft der Dienst zuerst (403), dann den Stand der
    Aufgabe, zuletzt das Ergebnis."""
    try:
        if art == "nehmen":
            aufgaben.aufgabe_nehmen(request.user, postkorb, aufgabe_id)
            text = f"Aufgabe {aufgabe_id} übernommen. Wenn sie erledigt ist, tragen Sie das Ergebnis ein."
        elif art == "zurueckgeben":
            aufgaben.aufgabe_zurueckgeben(request.user, postkorb, aufgabe_id)
            text = f"Aufgabe {aufgabe_id} zurückgegeben. Sie ist wieder offen; alle im Postkorb können sie übernehmen."
        else:
            aufgaben.aufgabe_schliessen(request.user, postkorb, aufgabe_id, str(request.POST.get("ergebnis", "")))
            text = f"Aufgabe {aufgabe_id} erledigt. Sie steht mit Ihrem Ergebnis unter „Erledigt“."
    except Abgelehnt as fehler:          # das Ergebnis: die Seite wieder, der getippte Text bleibt
        form = Erledigen(request.POST, aufgabe_id=aufgabe_id)
        if "ergebnis" not in form.errors:
            form.add_error("ergebnis", fehler.meldung)
        return _postkorb_seite(request, postkorb, form)
    except GespraechFehler as fehler:
        messages.error(request, _satz(fehler.meldung))
    else:
        messages.success(request, text)
    return redirect("gespraech:postkorb", postkorb)
