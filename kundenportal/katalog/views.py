"""Katalogseiten (für alle Angemeldeten): Leitfäden, Fassungen mit Schrittgraph, Diff, Weisungen,
und die Suche nach dem Anliegen (nur Leitfäden der Kanäle, die die Rolle sieht) — auch mitten im
Kontaktbeginn: dann mit „Beginnen“ je Treffer für die gewählte Kundin oder den gewählten Kunden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kundenportal import zeit
from kundenportal.gespraech import services as gespraech
from kundenportal.konten.zugriff import darf_kontakte_fuehren, kanaele_fuer, standort_fuer
from kundenportal.leitfaden.diff import diff
from kundenportal.leitfaden.geltung_lesbar import geltung
from kundenportal.leitfaden.suche import Treffer
from kundenportal.leitfaden.weisung import geaenderte_fassungen

from . import queries
from .forms import KatalogFilter, SuchForm
from .schrittgraph import kanten, zeichnen


def startseite(request: HttpRequest) -> HttpResponse:
    k = queries.katalog()
    leitfaeden = sorted((lf for lf in k.leitfaeden.values() if not lf.kopf.baustein), key=lambda lf: lf.id)
    return render(request, "katalog/startseite.html", {"leitfaeden": leitfaeden, "weisungen": k.weisungen.values()})


@login_required
def leitfaeden(request: HttpRequest) -> HttpResponse:
    """Ohne Filter sieht, wer Kontakte in genau einem Kanal führt, die Leitfäden dieses Kanals (die Familienkasse
    nicht zuerst die des SGB III); „Kanal: alle“ zeigt alle. Wer keinen oder mehrere Kanäle hat, sieht alle."""
    eigene = kanaele_fuer(request.user)
    vorgabe = eigene[0] if len(eigene) == 1 else ""
    form = KatalogFilter(request.GET or None, initial={"kanal": vorgabe})
    zeilen = []
    if not request.GET or form.is_valid():
        daten: dict[str, Any] = form.cleaned_data if request.GET else {"kanal": vorgabe}
        zeilen = queries.leitfaeden(kanal=daten.get("kanal", ""), weisung=daten.get("weisung", ""),
                                    datum=daten.get("datum"), standort=daten.get("standort") or None)
    return render(request, "katalog/leitfaeden.html", {"form": form, "zeilen": zeilen,
                                                       "vorgabe": vorgabe if not request.GET else ""})


@login_required
def leitfaden(request: HttpRequest, leitfaden_id: str) -> HttpResponse:
    lf = queries.leitfaden(leitfaden_id)
    if lf is None:
        raise Http404(f"Unbekannter Leitfaden: {leitfaden_id}")
    paare = list(zip(lf.fassungen, lf.fassungen[1:], strict=False))
    steckbriefe = queries.arbeitsmittel().zu_leitfaden("aufgabensteckbrief", lf.id, zeit.heute())
    k = queries.katalog()
    # Je Fassung, wo sie gilt: zwei unbefristete Fassungen nebeneinander sind sonst nicht zu unterscheiden; und ob
    # eine spätere Fassung mit demselben Geltungsbereich sie ablöst (ohne eingetragenes „Gültig bis“).
    fassungen = [(f, geltung(k, lf, f), _abgeloest_von(lf.fassungen, f)) for f in lf.fassungen]
    return render(request, "katalog/leitfaden.html", {"lf": lf, "paare": paare, "steckbriefe": steckbriefe,
                                                      "fassungen": fassungen})


def _abgeloest_von(fassungen: list[Any], f: Any) -> Any:
    """Die Fassung, die `f` ablöst, wenn `f` kein „Gültig bis“ trägt: die nächste mit späterem „Gültig ab“ und
    demselben Geltungsbereich (eine Standortvariante löst die bundesweite Fassung nicht ab). Sonst None."""
    if f.gueltig_bis is not None:
        return None
    return next((g for g in sorted(fassungen, key=lambda g: g.gueltig_ab)
                 if g.gueltig_ab > f.gueltig_ab and g.daten.geltungsbereich == f.daten.geltungsbereich), None)


@login_required
def fassung(request: HttpRequest, leitfaden_id: str, stand: str) -> HttpResponse:
    f = queries.fassung(leitfaden_id, stand)
    if f is None:
        raise Http404(f"{leitfaden_id}: keine Fassung mit Stand {stand}")
    schritte = [(s, kanten(s)) for s in f.daten.schritte]
    k = queries.katalog()
    lf = k.leitfaeden[leitfaden_id]
    return render(request, "katalog/fassung.html", {
        "lf": lf, "fassung": f, "schritte": schritte, "zeichnung": zeichnen(f), "geltung": geltung(k, lf, f),
    })


@login_required
def vergleich(request: HttpRequest, leitfaden_id: str) -> HttpResponse:
    lf = queries.leitfaden(leitfaden_id)
    if lf is None:
        raise Http404(f"Unbekannter Leitfaden: {leitfaden_id}")
    alt = queries.fassung(leitfaden_id, request.GET.get("alt", ""))
    neu = queries.fassung(leitfaden_id, request.GET.get("neu", ""))
    if alt is None or neu is None:
        staende = ", ".join(f.stand.isoformat() for f in lf.fassungen)
        raise Http404(f"{leitfaden_id}: alt und neu müssen Stände sein (vorhanden: {staende})")
    return render(request, "katalog/diff.html", {"lf": lf, "d": diff(alt, neu)})


@login_required
def weisung(request: HttpRequest, nummer: str) -> HttpResponse:
    k = queries.katalog()
    w = k.weisungen.get(nummer)
    if w is None:
        raise Http404(f"Unbekannte Weisung: {nummer}")
    aenderungen = [(neu, alt, diff(alt, neu) if alt else None) for neu, alt in geaenderte_fassungen(k, nummer)]
    return render(request, "katalog/weisung.html", {"w": w, "aenderungen": aenderungen,
                                                    "spur": queries.regelspur(nummer)})


@dataclass(frozen=True)
class Beginn:
    """Die Suche im Kontaktbeginn („Anliegen wählen“ → „Anliegen suchen“): `auswahl` ist der Schlüssel der
    Kundenauswahl (gespraech/auswahl.py — die Kundennummer steht nie in der URL) oder `gespraech.OHNE_KUNDE`;
    `abgelaufen`, wenn die Auswahl nicht mehr gilt (dann kein „Beginnen“)."""

    auswahl: str
    kundennummer: str = ""
    abgelaufen: bool = False


def _beginn(request: HttpRequest) -> Beginn | None:
    """Der Kontaktbeginn, aus dem gesucht wird (`?auswahl=`), nur für Rollen, die Kontakte führen."""
    auswahl = request.GET.get("auswahl", "")[:64]
    if not auswahl or not darf_kontakte_fuehren(request.user):
        return None
    if auswahl == gespraech.OHNE_KUNDE:
        return Beginn(auswahl)
    kundennummer = gespraech.kundenauswahl_lesen(request.session, auswahl)
    return Beginn(auswahl, kundennummer or "", abgelaufen=kundennummer is None)


# Beispiele im Hinweis der Suche, je Kanal der Rolle: die Familienkasse findet mit „Insolvenz“ nichts.
SUCHBEISPIELE = {"scfk": ("Kinderzuschlag", "öffentlicher Dienst"), "emb": ("Terminabsage", "Arbeitsunfähigkeit")}
SUCHBEISPIELE_SONST = ("Termin absagen", "Insolvenz")


@login_required
def suche(request: HttpRequest) -> HttpResponse:
    """Die Suche; mit htmx (Tippen im Suchfeld) nur die Trefferliste. Aus dem Kontaktbeginn (`?auswahl=`)
    sucht sie, was heute am eigenen Standort gilt — das, was „Beginnen“ startet (gespraech:starten, mit
    denselben Prüfungen wie „Anliegen wählen“) —, und führt keine technische Katalogseite an."""
    form = SuchForm(request.GET or None)
    beginn = _beginn(request)
    treffer: list[Treffer] = []
    anfrage = ""
    if form.is_valid():
        anfrage = form.cleaned_data["q"].strip()
        datum = form.cleaned_data["datum"] or zeit.heute()
        standort = form.cleaned_data["standort"] or standort_fuer(request.user)
        if beginn is not None:
            datum, standort = zeit.heute(), standort_fuer(request.user)
        if anfrage:
            treffer = queries.suchen(anfrage, datum, standort, kanaele_fuer(request.user))
    vorlage = "katalog/_treffer.html" if request.htmx else "katalog/suche.html"  # type: ignore[attr-defined]
    kanaele = kanaele_fuer(request.user)
    beispiele = SUCHBEISPIELE.get(kanaele[0], SUCHBEISPIELE_SONST) if len(kanaele) == 1 else SUCHBEISPIELE_SONST
    return render(request, vorlage, {"form": form, "treffer": treffer, "anfrage": anfrage, "beginn": beginn,
                                     "beispiele": beispiele})


# --- Arbeitsmittel außer den Leitfäden (domain.md A12) ---------------------------------------------


@login_required
def arbeitsmittel_liste(request: HttpRequest) -> HttpResponse:
    """Je Art eine Liste (neueste Fassung, gültig heute?), mit Suche über Nummer, Titel, Regeln und Inhalt."""
    from kundenportal.arbeitsmittel.modell import ARTEN

    anfrage = request.GET.get("q", "").strip()[:100]
    treffer = queries.arbeitsmittel_suchen(anfrage)
    gruppen = [(art, mehrzahl, [a for a in treffer if a.art == art]) for art, (_, _, mehrzahl) in ARTEN.items()]
    return render(request, "katalog/arbeitsmittel_liste.html", {"gruppen": gruppen, "anfrage": anfrage,
                                                                 "heute": zeit.heute()})


def _arbeitsmittel_fassungen(art: str, ordner: str) -> list[Any]:
    fassungen = sorted((a for a in queries.arbeitsmittel().fassungen if a.art == art and a.ordner == ordner),
                       key=lambda a: a.stand)
    if not fassungen:
        raise Http404(f"Unbekanntes Arbeitsmittel: {art}/{ordner}")
    return fassungen


@login_required
def arbeitsmittel_detail(request: HttpRequest, art: str, ordner: str) -> HttpResponse:
    """Eine Fassung (?stand=, sonst die heute geltende, ohne sie die neueste) mit Inhalt, Regeln, Vorgängerin und
    Vergleich. Eine freigegebene Fassung, die erst künftig gilt, steht als „geplant“ in der Liste, bis ihr Tag kommt."""
    fassungen = _arbeitsmittel_fassungen(art, ordner)
    stand = request.GET.get("stand", "")
    heute = zeit.heute()
    geltend = next((f for f in reversed(fassungen) if f.gilt_am(heute)), fassungen[-1])
    a = next((f for f in fassungen if f.stand.isoformat() == stand), geltend)
    vorgaenger = queries.arbeitsmittel().vorgaenger(a)
    return render(request, "katalog/arbeitsmittel.html", {"a": a, "fassungen": fassungen, "vorgaenger": vorgaenger,
                                                           "inhalt": a.inhalt.items(), "heute": heute})


@login_required
def arbeitsmittel_vergleich(request: HttpRequest, art: str, ordner: str) -> HttpResponse:
    from kundenportal.arbeitsmittel.diff import vergleichen

    fassungen = {f.stand.isoformat(): f for f in _arbeitsmittel_fassungen(art, ordner)}
    alt, neu = fassungen.get(request.GET.get("alt", "")), fassungen.get(request.GET.get("neu", ""))
    if alt is None or neu is None:
        raise Http404(f"alt und neu müssen Stände sein (vorhanden: {', '.join(fassungen)})")
    return render(request, "katalog/arbeitsmittel_diff.html", {"alt": alt, "neu": neu,
                                                                "aenderungen": vergleichen(alt, neu)})
