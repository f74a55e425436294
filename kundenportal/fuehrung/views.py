"""Seiten der Teamleitung: Anlage 5 (Steuerungsübersicht) und Anlage 7 (Umsetzungsdialog) der Arbeitshilfe
operative Führungsprozesse SGB III (domain.md A12), jede mit den Kontakten hinter ihren Zahlen: parsen, rechnen
lassen, darstellen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kundenportal import zeit
from kundenportal.konten import rechtskreis, zugriff

from . import kennzahlen, kontaktliste, regelkontakte, services, svg
from .anlage7 import anlage7, anlage7_vorgabe, anlage7_vorgabe_mit_kontakten, ohne_regeln_grund
from .anlage7_liste import RegelAuswahlFormular, regel_kontakte_lesen
from .csv_export import anlage5_csv, anlage7_csv
from .forms import Anlage5Filter, KennzahlAuswahl, MassnahmeAendernForm, MassnahmeForm, ZeitraumFilter
from .kennzahlen import (
    BIS,
    SGB3_KANAELE,
    VON,
    Bericht,
    Zeitraum,
    ZeitraumFehler,
    anlage5_der_teamleitung,
    kanal_der_rolle,
    zeitraum_ergaenzen,
)
from .kennzahlen_zeit import WEISUNG_TAG
from .models import Massnahme
from .regelmessung import anlage7_fassung


def _teamleitung(request: HttpRequest) -> None:
    if not zugriff.darf_kennzahlen_sehen(request.user):
        raise PermissionDenied("Die Anlagen der Führungsprozesse sieht die Teamleitung.")


def _anlage5(request: HttpRequest) -> list[str]:
    """Das Recht auf die Anlage 5 und ein gewählter Kanal (?kanal=) nur aus den eigenen (403 mit dem Grund, auch für
    CSV und die Kontakte hinter einer Zahl). Gibt die Kanäle der Teamleitung: nur sie zählt die Anlage 5 für sie."""
    _teamleitung(request)
    if not zugriff.darf_anlage5_sehen(request.user):
        raise PermissionDenied(services.ANLAGE5_NUR_SGB3)
    kanal = str(request.GET.get("kanal", ""))
    if kanal in SGB3_KANAELE:       # ein unbekannter Kanal (scfk, Tippfehler) ist ein Eingabefehler am Feld (400)
        try:
            services.kanal_pruefen(request.user, kanal)
        except services.KeinZugriff as grund:
            raise PermissionDenied(grund.meldung) from None
    return kontaktliste.kanaele_der_teamleitung(request.user)


def _zeitraum(request: HttpRequest, formular: type[ZeitraumFilter] = ZeitraumFilter,
              ohne: tuple[dt.date, dt.date] | None = None, **optionen: Any) -> tuple[ZeitraumFilter, Zeitraum | None, str]:
    """Zeitraum und Standort aus der Anfrage; fehlt Beginn oder Ende, ergänzt (kennzahlen.zeitraum_ergaenzen),
    ohne beides das Fenster um den Weisungstag (01.02.–30.04.2020). Gilt der Zeitraum, zeigt das Formular ihn so,
    wie er angewandt wird; sonst die Eingaben mit den Fehlern. `optionen` gehen an das Formular (Anlage 5: die
    Kanäle der Teamleitung). `ohne`: der Zeitraum ohne Eingaben (Anlage 7: `anlage7_vorgabe`)."""
    daten = request.GET.copy()
    daten.pop("format", None)
    form = formular(daten or None, **optionen)
    if daten and not form.is_valid():
        _fokus_auf_fehler(form)
        return form, None, "Bitte die Eingaben prüfen: " + " ".join(
            f"{form.fields[f].label}: {' '.join(str(x) for x in e)}" for f, e in form.errors.items())
    try:
        z = (form.zeitraum() if daten else Zeitraum(*(ohne or zeitraum_ergaenzen(None, None)))).pruefen()
    except ZeitraumFehler as fehler:
        # am Feld, das zu ändern ist (kennzahlen.FehlerAmFeld; das Ende vor dem Beginn: „Bis“), mit dem Fokus dort —
        # wie die Formulare der QS
        feld = getattr(fehler, "feld", "") or ("bis" if str(fehler).startswith(("Bis ", "Das Ende")) else "von")
        if daten and feld in form.fields:
            form.add_error(feld, str(fehler))
            _fokus_auf_fehler(form)
        return form, None, str(fehler)
    return formular.angewandt(z, **optionen), z, ""


def _fokus_auf_fehler(form: ZeitraumFilter) -> None:
    """Das erste Feld mit Fehler bekommt den Fokus (`autofocus`): dort steht die Meldung (aria-describedby)."""
    erstes = next((name for name in form.fields if name in form.errors), None)
    if erstes is not None:
        form.fields[erstes].widget.attrs["autofocus"] = True


def _kanal_im_namen(z: Zeitraum, kanaele: list[str] | None) -> str:
    """Welche Kanäle eine CSV zählt, für ihren Dateinamen: der gewählte Kanal („emb“), alle des SGB III („sgb3“),
    sonst die Kanäle der Teamleitung („scfk“)."""
    if z.kanal:
        return z.kanal
    if kanaele is None or set(kanaele) == set(SGB3_KANAELE):
        return "sgb3"
    return "alle" if set(kanaele) == set(rechtskreis.KANAL) else "-".join(kanaele) or "keine"


def _im_dateinamen(text: str) -> str:
    """„Nürnberg“ → „nuernberg“, „Fürth Süd“ → „fuerth-sued“: nur ASCII, damit jeder Browser den Namen übernimmt."""
    for alt, neu in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.lower().replace(alt, neu)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _csv(inhalt: str, name: str, z: Zeitraum, kanaele: list[str] | None) -> HttpResponse:
    """Die CSV als Download; der Name nennt Kanal, gewählten Standort und Zeitraum (zwei Standorte nebeneinander
    verglichen hießen sonst gleich, der zweite „… (1).csv“)."""
    antwort = HttpResponse(inhalt, content_type="text/csv; charset=utf-8")
    standort = f"_{_im_dateinamen(z.standort)}" if z.standort else ""
    antwort["Content-Disposition"] = (f'attachment; filename="{name}_{_kanal_im_namen(z, kanaele)}{standort}_'
                                      f'{z.von:%Y%m%d}_{z.bis:%Y%m%d}.csv"')
    return antwort


def _diagramme(b: Bericht) -> dict[str, object]:
    prozent = [z for z in b.zeilen if z.einheit == "Prozent"]
    reihen = [svg.Reihe(name, [z.werte[i] for z in prozent]) for i, name in enumerate(b.spalten_namen)]
    tage = [w.beginn for w in b.trend]
    ort = b.zeitraum.standort       # ein gewählter Standort: die Linie heißt nach ihm, nicht nach seiner Gruppe
    gruppen = [(ort or name, pilot) for name, pilot, g in (("Pilotstandorte", True, "pilot"),
                                                           ("Andere Standorte", False, "andere"))
               if b.zeitraum.gruppe in ("", g)]       # nur die gefilterte Standortgruppe als Linie
    return {
        "balken": svg.balken("a5-balken", "Kennzahlen in Prozent: Pilot- und andere Standorte, vor und ab der Weisung",
                             [z.titel for z in prozent], reihen),
        "trend": svg.linien("a5-trend", "Kontakte je Woche: Pilot- und andere Standorte", tage,
                            [svg.Reihe(name, [float(w.kontakte_pilot if pilot else w.kontakte_andere) for w in b.trend])
                             for name, pilot in gruppen], "Kontakte", WEISUNG_TAG),
        "absagen": svg.linien("a5-absagen", "Anteil „abgesagt“ an den Terminkontakten je Woche", tage,
                              [svg.Reihe(name, [w.quote_pilot if pilot else w.quote_andere for w in b.trend])
                               for name, pilot in gruppen], "%", WEISUNG_TAG),
    }


def _abfrage(request: HttpRequest, *ohne: str) -> str:
    daten = request.GET.copy()
    for name in ("format", *ohne):
        daten.pop(name, None)
    return daten.urlencode()


@login_required
def anlage5_seite(request: HttpRequest) -> HttpResponse:
    eigene = _anlage5(request)
    eigener = zugriff.standort_fuer(request.user) or ""
    form, z, fehler = _zeitraum(request, Anlage5Filter, kanaele=eigene, eigener=eigener)
    if z is None:
        return render(request, "fuehrung/anlage5.html", {"form": form, "fehler": fehler}, status=400)
    if (gewaehlt := kanal_der_rolle(z, eigene)) is not z:
        z, form = gewaehlt, Anlage5Filter.angewandt(gewaehlt, kanaele=eigene, eigener=eigener)
    # dieselbe Rechnung wie die API: nur die Kanäle, die auch die Listen dahinter zeigen; nur die Standortgruppe
    # eines gewählten Standorts (bericht.zeitraum trägt sie; das Formular nicht, damit ein anderer Standort wählbar
    # bleibt)
    fassung, bericht = anlage5_der_teamleitung(z, eigene)
    if request.GET.get("format") == "csv":
        return _csv(anlage5_csv(bericht, eigene, fassung, zeit.jetzt()), "anlage5", z, eigene)
    return render(request, "fuehrung/anlage5.html", {
        "form": form, "b": bericht, "fassung": fassung, "segmente": bericht.spalten_namen,
        "vergleiche": _vergleiche(request, z, eigener), "eigener": eigener,
        "eigene_kanaele": services.kanaele_text(eigene), "alle_kanaele": set(eigene) >= set(SGB3_KANAELE),
        "zeilen": [(zl, kontaktliste.zellen(bericht, zl)) for zl in bericht.zeilen],
        "rueckstand_tag": (kennzahlen.rueckstand_zeitpunkt(z) - dt.timedelta(days=1)).date(),
        "csv_query": _abfrage(request), "anlage7_query": _zeitraum_abfrage(z), **_diagramme(bericht)})


def _vergleiche(request: HttpRequest, z: Zeitraum, eigener: str) -> list[tuple[str, str]]:
    """Verweise für die Fragen der Teamleitung „Tut es mein Standort? Besser als die anderen?“, unter denselben
    übrigen Filtern (Zeitraum, Zeit zur Weisung, Kanal): ohne gewählten Standort der eigene; mit einem Standort die
    Gruppen zum Vergleich (alle, Pilot-, andere Standorte) — jeweils (Text, Abfrage)."""
    daten = request.GET.copy()
    for name in ("format", "standort", "gruppe"):
        daten.pop(name, None)

    def mit(**werte: str) -> str:
        neu = daten.copy()
        for k, v in werte.items():
            neu[k] = v
        return neu.urlencode()

    if not z.standort:
        return [(f"Nur Ihr Standort ({eigener})", mit(standort=eigener))] if eigener else []
    ergebnis = [("alle Standorte", mit()), ("nur Pilotstandorte", mit(gruppe="pilot")),
                ("nur andere Standorte", mit(gruppe="andere"))]
    if eigener and z.standort != eigener:
        ergebnis.append((f"Ihr Standort ({eigener})", mit(standort=eigener)))
    return ergebnis


def _zeitraum_abfrage(z: Zeitraum) -> str:
    """Der Zeitraum, der gilt, als Abfrage für die andere Anlage (Von, Bis, Standort, Standortgruppe, Zeit zur
    Weisung) — „Zur Anlage 7“ zeigt so dieselben Tage und Standorte statt ihres eigenen Vorgabezeitraums."""
    werte = {"von": f"{z.von:%d.%m.%Y}", "bis": f"{z.bis:%d.%m.%Y}", "standort": z.standort or "",
             "gruppe": z.gruppe or "", "phase": z.phase or ""}
    return urlencode({k: v for k, v in werte.items() if v})


@login_required
def anlage5_kontakte(request: HttpRequest) -> HttpResponse:
    """Die Kontakte hinter einer Zahl der Anlage 5 (kontaktliste.py), unter denselben Filtern, seitenweise."""
    eigene = _anlage5(request)
    _, z, fehler = _zeitraum(request, Anlage5Filter, kanaele=eigene)
    z = kanal_der_rolle(z, eigene) if z is not None else None
    zelle = KennzahlAuswahl(request.GET)
    if z is not None and not zelle.is_valid():
        z, fehler = None, zelle.fehler()
    if z is None:
        return render(request, "fuehrung/anlage5_kontakte.html", {"fehler": fehler}, status=400)
    d = zelle.cleaned_data
    auswahl = kontaktliste.Auswahl(d["kennzahl"], d["stelle"], d["vergleich"])
    try:
        liste = services.kennzahl_kontakte_lesen(request.user, z, auswahl, d["seite"])
    except services.KeinZugriff as grund:
        raise PermissionDenied(grund.meldung) from None
    except kontaktliste.AuswahlFehler as grund:
        return render(request, "fuehrung/anlage5_kontakte.html", {"fehler": str(grund), "z": z,
                                                                 "zurueck": kontaktliste.anlage5_verweis(z)}, status=400)
    return render(request, "fuehrung/anlage5_kontakte.html", {
        "z": z, "auswahl": auswahl, "liste": liste, "zurueck": kontaktliste.anlage5_verweis(z),
        "blaettern": _abfrage(request, "seite")})


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """/fuehrung/: zur Anlage 5, der Steuerungsübersicht; die Teamleitung Familienkasse zur Anlage 7 (wer keine
    sieht: 403 wie dort)."""
    _teamleitung(request)
    return redirect("fuehrung:anlage5" if zugriff.darf_anlage5_sehen(request.user) else "fuehrung:anlage7")


@login_required
@require_http_methods(["GET", "POST"])
def anlage7_seite(request: HttpRequest) -> HttpResponse:
    _teamleitung(request)
    abgelehnt: dict[str, str] = {}     # eine abgelehnte Maßnahme: Regel, Text und Meldung, an ihrem Feld
    if request.method == "POST":
        mform = MassnahmeForm(request.POST)
        meldung = "Die Maßnahme gehört zu keiner Regel der Anlage 7."
        if mform.is_valid():
            try:
                services.massnahme_festhalten(request.user, weisung="202003006", regel=mform.cleaned_data["regel"],
                                              text=mform.cleaned_data["text"], jetzt=zeit.jetzt(),
                                              fuer_standort=mform.cleaned_data["standort"] or None)
            except services.FuehrungFehler as problem:
                meldung = problem.meldung
            else:
                messages.success(request, f"Maßnahme zu {mform.cleaned_data['regel']} festgehalten.")
                return redirect(request.get_full_path())
        abgelehnt = {"regel": str(request.POST.get("regel", "")), "text": str(request.POST.get("text", "")),
                     "meldung": meldung}
    eigene_kanaele = zugriff.kennzahl_kanaele(request.user)
    # ohne Eingaben die letzten drei Monate — ohne Kontakte darin die letzten drei Monate mit Kontakten (die Seite
    # sagt es); eine Wahl der Teamleitung bleibt, wie sie ist
    ohne_eingaben = not request.GET.keys() - {"format"}
    vorgabe = anlage7_vorgabe_mit_kontakten(zeit.heute(), eigene_kanaele, nachsehen=ohne_eingaben)
    form, z, fehler = _zeitraum(request, ohne=vorgabe.zeitraum)
    if rechtskreis.SGB_III not in zugriff.rechtskreise_fuer(request.user):
        form.fields.pop("gruppe", None)   # Pilotstandorte der Weiterbildungsberatung: ein Begriff des SGB III
    drei = vorgabe.drei_monate
    form.fields["von"].help_text = (
        f"Leer: ab dem Ersten des dritten Monats vor „Bis“ (ohne beides: die letzten drei Monate bis heute, "
        f"{drei[0]:%d.%m.%Y}–{drei[1]:%d.%m.%Y}"
        + (f"; ohne Kontakte darin die letzten drei Monate mit Kontakten, {vorgabe.von:%d.%m.%Y}–{vorgabe.bis:%d.%m.%Y}"
           if vorgabe.ausgewichen else "") + ").")
    if z is None:
        return render(request, "fuehrung/anlage7.html", {"form": form, "fehler": fehler, "tag": WEISUNG_TAG},
                      status=400)
    # Zahlen nur aus den eigenen Kanälen, QS-Quoten nur aus den eigenen QS-Kanälen (im eigenen Rechtskreis); die
    # Regeln der eigenen Kanäle zuerst, die anderer Kanäle (ohne Zahlen) danach — auf der Seite wie im CSV
    zeilen = sorted(anlage7(z, kanaele=eigene_kanaele, qs_kanaele=zugriff.qs_kanaele(request.user),
                           blind_fuer=request.user),
                    key=lambda r: not services.regel_fuer_teamleitung(request.user, r.kanaele))
    if request.GET.get("format") == "csv":
        return _csv(anlage7_csv(z, zeilen, {r.regel: services.zustaendig(r.kanaele) for r in zeilen}, eigene_kanaele,
                                anlage7_fassung(z), zeit.jetzt()), "anlage7", z, eigene_kanaele)
    try:
        fuer, nicht_festhalten = services.massnahme_standort(request.user, z.standort), ""
    except services.FuehrungFehler as grund:
        fuer, nicht_festhalten = "", grund.meldung
    fremd = {r.regel: (services.kanaele_text(r.kanaele), services.zustaendig(r.kanaele))
             for r in zeilen if not services.regel_fuer_teamleitung(request.user, r.kanaele)}
    if abgelehnt and not (fuer and abgelehnt["regel"] in {r.regel for r in zeilen} - set(fremd)):
        messages.error(request, abgelehnt.pop("meldung"))     # kein Feld dazu auf der Seite: oben melden
    # je Regel: fremde Kanäle (Kanäle, wer zuständig ist) und die Tabelle mit den Verweisen auf die Kontakte dahinter
    regeln = [(r, fremd.get(r.regel, ""), regelkontakte.regel_tabelle(z, r) if r.gezaehlt else []) for r in zeilen]
    return render(request, "fuehrung/anlage7.html", {
        "form": form, "z": z, "zeilen": zeilen, "regeln": regeln,
        "eigene_kanaele": services.kanaele_text(eigene_kanaele), "fassung": anlage7_fassung(z), "tag": WEISUNG_TAG,
        "ohne_regeln": "" if zeilen else ohne_regeln_grund(z), "eigener_standort": zugriff.standort_fuer(request.user),
        "massnahme_fuer": fuer, "nicht_festhalten": nicht_festhalten, "csv_query": _abfrage(request),
        "anlage5_query": _zeitraum_abfrage(z), "abgelehnt": abgelehnt, "vorgabe": vorgabe,
        "ohne_eingaben": ohne_eingaben,
        "vergleich": {"von": VON.strftime("%d.%m.%Y"), "bis": BIS.strftime("%d.%m.%Y")},
        "vergleich_gezeigt": vorgabe.zeitraum == (VON, BIS)}, status=400 if abgelehnt else 200)


@login_required
@require_POST
def massnahme_entfernen(request: HttpRequest, massnahme_id: int) -> HttpResponse:
    """Entfernt eine Maßnahme (services.massnahme_entfernen) und führt zurück auf die Anlage 7 mit ihrem Zeitraum
    (`zurueck`: der Pfad der Seite; ein fremdes Ziel zählt nicht)."""
    _teamleitung(request)
    m = _massnahme(lambda: services.massnahme_entfernen(request.user, massnahme_id))
    messages.success(request, f"Maßnahme zu {m.regel} entfernt.")
    return redirect(_zurueck(request, request.POST.get("zurueck")))


def _massnahme(dienst: Callable[[], Massnahme]) -> Massnahme:
    """Der Dienst zu einer Maßnahme, seine Fehler als Antwort: eine fehlende 404; eine fremde (anderer Standort,
    Regel anderer Kanäle) oder kein Standort am Arbeitsplatz 403 mit dem Grund — die Anlage 7 zeigt fremde
    Maßnahmen ja (ohne Knöpfe daran)."""
    try:
        return dienst()
    except services.NichtGefunden as fehler:
        raise Http404(fehler.meldung) from None
    except services.FuehrungFehler as fehler:
        raise PermissionDenied(fehler.meldung) from None


def _zurueck(request: HttpRequest, ziel: object) -> str:
    """Wohin es nach dem Ändern oder Entfernen einer Maßnahme geht: die Anlage 7 mit ihren Filtern (`ziel`: der
    Pfad der Seite); ein fremdes Ziel oder eine andere Seite zählt nicht."""
    zurueck = ziel if isinstance(ziel, str) else ""
    if not (zurueck.startswith(reverse("fuehrung:anlage7"))
            and url_has_allowed_host_and_scheme(zurueck, allowed_hosts={request.get_host()})):
        zurueck = reverse("fuehrung:anlage7")
    return zurueck


@login_required
@require_http_methods(["GET", "POST"])
def massnahme_aendern(request: HttpRequest, massnahme_id: int) -> HttpResponse:
    """Ändert den Text einer Maßnahme (services.massnahme_aendern): GET zeigt das Formular mit dem jetzigen Text,
    POST speichert und führt zurück auf die Anlage 7 mit ihren Filtern (`zurueck`) — oder zeigt das Formular mit
    der Meldung am Feld und der Fehlerliste (400). Eine Maßnahme eines anderen Standorts oder einer Regel anderer
    Kanäle: 403 mit dem Grund wie beim Entfernen — die Anlage 7 zeigt sie ja (ohne Knopf daran)."""
    _teamleitung(request)
    m = _massnahme(lambda: services.massnahme_der_teamleitung(request.user, massnahme_id))
    if request.method == "POST":
        form = MassnahmeAendernForm(request.POST)
    else:
        form = MassnahmeAendernForm(initial={"text": m.text, "zurueck": request.GET.get("zurueck", "")})
    if form.is_bound and form.is_valid():
        try:
            m, geaendert = services.massnahme_aendern(request.user, massnahme_id, text=form.cleaned_data["text"],
                                                      jetzt=zeit.jetzt())
        except services.TextFehler as fehler:
            form.add_error("text", fehler.meldung)
        except services.NichtGefunden as fehler:      # inzwischen entfernt
            raise Http404(fehler.meldung) from None
        else:
            messages.success(request, f"Maßnahme zu {m.regel} geändert." if geaendert
                             else f"Maßnahme zu {m.regel} unverändert: Der Text ist derselbe.")
            return redirect(_zurueck(request, form.cleaned_data["zurueck"]))
    zurueck = _zurueck(request, form["zurueck"].value())
    return render(request, "fuehrung/massnahme_aendern.html", {"form": form, "m": m, "zurueck": zurueck},
                  status=400 if form.errors else 200)


@login_required
def anlage7_kontakte(request: HttpRequest) -> HttpResponse:
    """Die Kontakte hinter einer Zahl der Anlage 7 (Kontakte einer Regel oder ihr Weg über die Schritte;
    regelkontakte.py, anlage7_liste.py), unter denselben Filtern, seitenweise — wie `anlage5_kontakte`."""
    _teamleitung(request)
    _, z, fehler = _zeitraum(request, ohne=anlage7_vorgabe(zeit.heute()))
    zahl = RegelAuswahlFormular(request.GET)
    if z is not None and not zahl.is_valid():
        z, fehler = None, zahl.fehler()
    if z is None:
        return render(request, "fuehrung/anlage7_kontakte.html", {"fehler": fehler}, status=400)
    d = zahl.cleaned_data
    auswahl = regelkontakte.Regelauswahl(d["regel"], d["zahl"], d["vergleich"])
    try:
        liste = regel_kontakte_lesen(request.user, z, auswahl, d["seite"])
    except services.KeinZugriff as grund:
        raise PermissionDenied(grund.meldung) from None
    except kontaktliste.AuswahlFehler as grund:
        return render(request, "fuehrung/anlage7_kontakte.html", {"fehler": str(grund), "z": z,
                                                                 "zurueck": regelkontakte.anlage7_verweis(z)}, status=400)
    return render(request, "fuehrung/anlage7_kontakte.html", {
        "z": z, "auswahl": auswahl, "liste": liste, "zurueck": regelkontakte.anlage7_verweis(z),
        "regelweg": auswahl.zahl == "kontakte", "blaettern": _abfrage(request, "seite")})
