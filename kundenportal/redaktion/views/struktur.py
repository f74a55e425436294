"""Der strukturierte Editor: Schritte bearbeiten, einfügen, entfernen, verschieben, Art wechseln — und
die Live-Vorschau (Befunde, Schritte, Graph, Diff eines ungespeicherten Quelltexts).

Ohne JavaScript sind es Formulare mit Weiterleitung zum Schritt; mit htmx ersetzt die Antwort den
Editor (#editor) an Ort und Stelle. Jede Speicherung läuft durch `entwurf_speichern` (Prüfung und
optimistische Sperre): wer auf einer älteren Version arbeitet, überschreibt nichts.

Jedes Formular trägt die Version, auf der der sichtbare Stand beruht (`version` im Kontext) — auch nach
der Vorschau, die nur zeigt und nie eine neuere Version einträgt. Was nicht gespeichert wird, geht nicht
verloren: eine abgelehnte Eingabe bleibt im Formular stehen (Meldung am Feld), und bei einem Konflikt
steht die Eingabe der Bearbeiterin neben dem gespeicherten Stand der anderen."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kundenportal import zeit
from kundenportal.leitfaden.gueltigkeit import gueltige
from kundenportal.lesbar import zahl

from .. import grenzen, queries
from ..ansicht import Schritteingabe, entwurf_ansehen
from ..einfuegen import einfuegen_und_verbinden
from ..eingabe import eingabe_pruefen
from ..forms import ABGELOEST, AM_STANDORT, EntwurfBearbeiten, SchrittAnfuegen, fassung_stufe
from ..models import Entwurf
from ..pruefung import Pruefung
from ..services.entwurf import EntwurfFehler, Konflikt, entwurf_speichern, konflikt
from ..struktur import (
    ARTEN,
    Stelle,
    StelleGeaendert,
    anker_von,
    art_wechseln,
    aus_formular,
    bloecke,
    einordnen,
    neuer_schritt,
    schritt_entfernen,
    schritt_ersetzen,
    schritt_lesen,
    schritt_verschieben,
    schritt_zeilen,
)
from ..yamlfeld import FeldFehler
from ..zugriff import darf_redigieren

MAX_TEXT = grenzen.QUELLTEXT   # Zeichen eines Entwurfs (der größte Leitfaden hat unter 20.000)
UNBEKANNTE_VERSION = 0   # ein Formular ohne Version speichert nie: jede Speicherung darauf ist ein Konflikt


@dataclass
class Konfliktansicht:
    """Was die Bearbeiterin bei einem Konflikt sieht: was sie tun wollte und ihre Eingabe (Beschriftung, Text)
    — neben dem gespeicherten Stand, auf dem sie die Änderung noch einmal vornimmt."""

    vorhaben: str = ""
    eingaben: list[tuple[str, str]] = field(default_factory=list)
    titel: str = ""     # die Überschrift, wenn nicht gespeichert wurde, sondern der Text im Feld sich änderte


def _redaktion(request: HttpRequest, pk: int) -> Entwurf:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    return e


def _version(request: HttpRequest, name: str = "version") -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


def _gesperrt(e: Entwurf) -> bool:
    return bool(e.paket_id and e.paket and e.paket.status not in ("offen", "zurueckgewiesen"))


@dataclass
class BasisHinweis:
    """Die Basis eines Entwurfs ist nicht die neueste veröffentlichte oder geplante Fassung: was fehlt (`text`) und
    welche Fassung stattdessen als Basis zu wählen wäre (`neueste`, wie in „Entwurf beginnen“ beschriftet)."""

    text: str
    neueste: str


def basis_hinweis(e: Entwurf) -> BasisHinweis | None:
    """Rundgang: ein Entwurf auf einer abgelösten Fassung nimmt beim Veröffentlichen alle späteren Änderungen zurück
    — die Seite sagt es deutlich. Verglichen wird mit der neuesten allgemeinen Fassung (gültig ab, dann Stand),
    auch einer geplanten; eine Standortvariante als Basis nur, wenn sie abgelaufen ist."""
    if e.basis is None or e.basis.stand is None:
        return None
    katalog = queries.katalog_aus_datenbank()
    lf = katalog.leitfaeden.get(e.leitfaden_id)
    basis = next((f for f in lf.fassungen if f.stand == e.basis.stand), None) if lf else None
    if lf is None or basis is None:
        return None
    heute = zeit.heute()
    stufe = fassung_stufe(basis, gueltige(katalog, lf, heute, None), heute)
    allgemein = [f for f in lf.fassungen if f.geltungsbereich is None]
    neuere = [f for f in allgemein if (f.gueltig_ab, f.stand) > (basis.gueltig_ab, basis.stand)]
    if stufe == AM_STANDORT or not neuere:
        return None
    neueste = max(neuere, key=lambda f: (f.gueltig_ab, f.stand))
    name = f"{lf.id}, Stand {neueste.stand:%d.%m.%Y}"
    if neueste.gueltig_ab > heute:
        name += f" — gilt ab {neueste.gueltig_ab:%d.%m.%Y} (geplant)"
    if stufe == ABGELOEST:
        text = (f"Basis ist die abgelöste Fassung vom {basis.stand:%d.%m.%Y} — spätere Änderungen fehlen in diesem "
                "Entwurf. Wird er so veröffentlicht, nimmt er sie zurück.")
    else:
        text = (f"Basis ist die Fassung vom {basis.stand:%d.%m.%Y}; die Fassung vom {neueste.stand:%d.%m.%Y} ist "
                "neuer — ihre Änderungen fehlen in diesem Entwurf.")
    return BasisHinweis(text, name)


def _htmx(request: HttpRequest) -> bool:
    return bool(request.htmx)  # type: ignore[attr-defined]


def editor_kontext(request: HttpRequest, e: Entwurf, text: str | None = None, pruefung: Pruefung | None = None,
                   *, version: int | None = None, eingabe: Schritteingabe | None = None,
                   **extra: Any) -> dict[str, Any]:
    """Was der Editor zeigt — mit `text` für einen ungespeicherten Stand (Vorschau, abgelehnte Eingabe) und
    `version`, der Version, auf der dieser Stand beruht (Standard: die gespeicherte). Jedes Formular trägt sie."""
    version = e.version if version is None else version
    # Die Szenarien liest nur die ganze Seite (entwurf.html), nicht der ausgetauschte Editor: als Aufruf, den
    # das Template erst beim Zeichnen macht.
    return {"a": entwurf_ansehen(e, text=text, pruefung=pruefung, eingabe=eingabe), "e": e, "version": version,
            "gesperrt": _gesperrt(e), "darf_redigieren": darf_redigieren(request.user),
            "anfuegen": SchrittAnfuegen(initial={"version": version, "art": "hinweis"}, prefix="neu"),
            "max_quelltext": zahl(MAX_TEXT),
            "szenarien": partial(queries.szenarien_des_leitfadens, e.leitfaden_id),
            "basis_hinweis": partial(basis_hinweis, e),
            "projekt_szenarien": partial(queries.projekt_szenarien_anzahl, e.leitfaden_id), **extra}


def gespeichert_meldung(was: str, version: int, befunde: int, zusatz: str = "") -> str:
    """„… gespeichert (Version n)“ — ohne Befunde ein Erfolg, mit Befunden ausdrücklich „mit n Befunden“: gespeichert
    ist auch ein Entwurf mit Befunden, fertig ist er erst ohne (die Seite zeigt das als Warnung, nicht als Erfolg).
    `zusatz`: was die Bearbeiterin zur Änderung noch wissen muss (etwa wie ein eingefügter Schritt verbunden ist)."""
    zusatz = f" {zusatz}" if zusatz else ""
    if not befunde:
        return f"{was} (Version {version}): keine Befunde.{zusatz}"
    return (f"{was} (Version {version}), mit {befunde} Befund{'en' if befunde > 1 else ''}: bitte unter "
            f"„Befunde der Prüfung“ ansehen und beheben.{zusatz}")


def meldung_geben(request: HttpRequest, meldung: str, befunde: int) -> None:
    """Die Meldung einer Speicherung für die nächste Seite (ohne JavaScript): mit Befunden als Warnung."""
    (messages.warning if befunde else messages.success)(request, meldung)


def _gespeichert(request: HttpRequest, e: Entwurf, *, meldung: str, fokus: str, pruefung: Pruefung) -> HttpResponse:
    """htmx: der neu gezeichnete Editor (mit Meldung darin, mit Befunden als Warnung) und der Kopf der Seite mit der
    neuen Version (hx-swap-oob in _editor.html). Ohne JavaScript: Meldung und Weiterleitung zum Schritt."""
    if _htmx(request):
        return render(request, "redaktion/_editor.html", editor_kontext(
            request, e, pruefung=pruefung, editor_meldung=meldung, editor_warnung=bool(pruefung.befunde), fokus=fokus))
    meldung_geben(request, meldung, len(pruefung.befunde))
    return redirect(f"/redaktion/entwuerfe/{e.pk}/" + (f"?offen={fokus}#schritt-{fokus}" if fokus else "#struktur"))


def _abgelehnt(request: HttpRequest, e: Entwurf, *, meldung: str, text: str, version: int | None, fokus: str = "",
               eingabe: Schritteingabe | None = None, anfuegen: SchrittAnfuegen | None = None) -> HttpResponse:
    """Nichts gespeichert und nichts verloren: der Editor mit dem Text und der Version der Bearbeiterin, ihre
    Eingabe im Formular mit der Meldung am Feld. 400: htmx ersetzt den Editor, ohne JavaScript die ganze Seite."""
    extra: dict[str, Any] = {"anfuegen": anfuegen} if anfuegen is not None else {}
    ctx = editor_kontext(request, e, text=None if text == e.text else text,
                         version=UNBEKANNTE_VERSION if version is None else version, eingabe=eingabe,
                         editor_meldung=meldung, editor_fehler=True, fokus=fokus, vorschau=text != e.text, **extra)
    if _htmx(request):        # 400 wird ausgetauscht wie 200 (entwurf.html, htmx:beforeSwap)
        return render(request, "redaktion/_editor.html", ctx, status=400)
    return render(request, "redaktion/entwurf.html", ctx, status=400)


def konflikt_antwort(request: HttpRequest, pk: int, k: Konflikt, ansicht: Konfliktansicht) -> HttpResponse:
    """Der gespeicherte Stand (neue Version) mit der Meldung, wer wann gespeichert hat, und daneben die Eingabe
    der Bearbeiterin — sie nimmt ihre Änderung auf dem neuen Stand noch einmal vor. 409: htmx ersetzt den
    Editor, ohne JavaScript die ganze Seite."""
    e = queries.entwurf(pk)
    if e is None:
        raise Http404("Diesen Entwurf gibt es nicht (mehr).")
    ctx = editor_kontext(request, e, editor_meldung=k.meldung, editor_fehler=True, konflikt=ansicht,
                         konflikt_selbst=k.wer.startswith("Ihnen selbst"))
    if _htmx(request):        # 409 wird ausgetauscht wie 200 (entwurf.html, htmx:beforeSwap)
        return render(request, "redaktion/_editor.html", ctx, status=409)
    return render(request, "redaktion/entwurf.html", {**ctx, "fokus": ""}, status=409)


def _quelltext_eingabe(request: HttpRequest, e: Entwurf) -> list[tuple[str, str]]:
    """Der Quelltext aus dem Feld (mit htmx mitgesendet), wenn er vom gespeicherten abweicht."""
    text = request.POST.get("quelltext")
    if text is None or not _htmx(request) or len(text) > MAX_TEXT or text.replace("\r\n", "\n") == e.text:
        return []
    return [("Ihr Quelltext, wie er im Feld stand (nicht gespeichert)", text.replace("\r\n", "\n"))]


def _speichern(request: HttpRequest, e: Entwurf, text: str, version: int, erfolg: str, fokus: str,
               konflikt: Konfliktansicht, *, was: str, eingabe: Schritteingabe | None = None,
               anfuegen: SchrittAnfuegen | None = None, zusatz: str = "") -> HttpResponse:
    """Speichert; gesperrt oder verschwunden: nichts gespeichert, die Eingabe der Bearbeiterin (Schritt oder
    neuer Schritt) bleibt im Formular stehen — wie beim Konflikt geht nichts verloren. `was`: die Änderung in
    Worten, vermerkt mit der Person (Vier-Augen-Prinzip)."""
    try:
        e, pruefung = entwurf_speichern(request.user, e.pk, queries.katalog_aus_datenbank(), text=text,
                                        version=version, was=was)
    except Konflikt as k:
        return konflikt_antwort(request, e.pk, k, konflikt)
    except EntwurfFehler as f:
        return _abgelehnt(request, e, meldung=f.meldung, text=_ausgangstext(request, e), version=version,
                          fokus=eingabe.schritt_id if eingabe else "", eingabe=eingabe, anfuegen=anfuegen)
    return _gespeichert(request, e, fokus=fokus, pruefung=pruefung,
                        meldung=gespeichert_meldung(erfolg, e.version, len(pruefung.befunde), zusatz))


def _quelltext_zu_lang(request: HttpRequest, e: Entwurf, version: int | None) -> HttpResponse | None:
    """Ein Quelltext im Feld über der Grenze (mit htmx mitgesendet): nichts geändert, nichts gespeichert — der Text
    bleibt im Feld stehen, die Meldung darüber sagt, um wie viel er zu lang ist. Sonst None."""
    text = request.POST.get("quelltext")
    if text is None or not _htmx(request) or len(text.replace("\r\n", "\n")) <= MAX_TEXT:
        return None
    form = EntwurfBearbeiten({"text": text, "kopf_text": e.kopf_text,
                              "version": UNBEKANNTE_VERSION if version is None else version})
    form.is_valid()
    ctx = editor_kontext(request, e, form=form, version=UNBEKANNTE_VERSION if version is None else version,
                         editor_meldung="Nicht geändert: " + " ".join(str(m) for m in form.errors.get("text", [])),
                         editor_fehler=True, fokus="")
    return render(request, "redaktion/_editor.html", ctx, status=400)


def _ausgangstext(request: HttpRequest, e: Entwurf) -> str:
    """Der Text, auf den die Änderung wirkt: mit htmx der Quelltext im Editor (auch ungespeichert —
    so bleiben Quelltext und Struktur eins), sonst der gespeicherte."""
    text = request.POST.get("quelltext")
    if text is not None and _htmx(request) and len(text) <= MAX_TEXT:
        return text.replace("\r\n", "\n")
    return e.text


def _schritt_yaml(daten: dict[str, Any]) -> str:
    return "\n".join(schritt_zeilen(daten, "  "))


def _vorhaben(tun: str, sid: str, neue_art: str) -> str:
    return {"entfernen": f"Schritt {sid} entfernen", "hoch": f"Schritt {sid} nach oben verschieben",
            "runter": f"Schritt {sid} nach unten verschieben", "speichern": f"Schritt {sid} speichern",
            "art": f"Schritt {sid}: Art wechseln zu {ARTEN.get(neue_art, neue_art)}"}.get(tun, f"Schritt {sid} ändern")


def _schritteingabe(request: HttpRequest, sid: str, daten: dict[str, Any], fehler: dict[str, str],
                    stelle: Stelle | None = None) -> Schritteingabe:
    eingegeben = {"id": str(daten.get("id", ""))}
    if "aktion" in request.POST:
        eingegeben["aktion"] = request.POST["aktion"]
    return Schritteingabe(sid, daten, fehler, eingegeben, nummer=stelle.nummer if stelle else None)


def _stelle(request: HttpRequest) -> Stelle | None:
    """Welchen Schritt das Formular meint (Nummer in der Liste, Vorkommen der Kennung) — ohne Angabe (ältere
    Formulare, API) der erste mit der Kennung."""
    try:
        nummer, vorkommen = int(request.POST.get("nummer", "")), int(request.POST.get("vorkommen", "1") or "1")
    except ValueError:
        return None
    return Stelle(nummer, vorkommen) if nummer >= 0 and vorkommen >= 1 else None


def _fokus(text: str, schritt_id: str, stelle: Stelle | None) -> str:
    """Der Anker des geänderten Schritts im neuen Text (ein doppelter hat -2, -3 …: ansicht.anker_vergeben)."""
    try:
        _, bl, _ = bloecke(text)
    except FeldFehler:
        return schritt_id
    ids = [b.schritt_id for b in bl]
    if stelle is not None and stelle.nummer < len(ids) and ids[stelle.nummer] == schritt_id:
        return anker_von(ids, stelle.nummer)
    return schritt_id


def _eingabe_mitnehmen(request: HttpRequest, gespeichert: str, sid: str, stelle: Stelle | None,
                       ansicht: Konfliktansicht) -> None:
    """Die Eingabe der Bearbeiterin für die Konfliktansicht, wenn ihr Schritt im Text der Änderung nicht mehr an seiner
    Stelle steht: gelesen auf dem gespeicherten Stand, aus dem das Formular stammt (wenn er dort noch steht)."""
    try:
        daten = aus_formular(schritt_lesen(gespeichert, sid, stelle), request.POST.get)
    except FeldFehler:
        return
    ansicht.eingaben.insert(0, (f"Ihr Schritt {sid}, wie Sie ihn eingegeben haben (YAML, für den Quelltext)",
                                _schritt_yaml(daten)))


def _stelle_geaendert(request: HttpRequest, e: Entwurf, version: int, fehler: StelleGeaendert,
                      ansicht: Konfliktansicht) -> HttpResponse:
    """Der Schritt, den das Formular meinte, steht nicht mehr dort: nichts geändert, statt still einen anderen Block
    (etwa den anderen Schritt mit derselben Kennung) zu ändern — die Konfliktansicht mit der Eingabe der Bearbeiterin.
    Ist inzwischen gespeichert worden, der Konflikt mit wer und wann; sonst änderte sich der Quelltext im Feld."""
    if version != e.version:
        return konflikt_antwort(request, e.pk, konflikt(e, request.user, version), ansicht)
    ansicht.titel = "Der Quelltext hat sich geändert, seit der Schritt angezeigt wurde"
    k = Konflikt(f"Nicht gespeichert: {fehler}. Der Editor zeigt jetzt den gespeicherten Stand.", version=e.version,
                 basis=version)
    return konflikt_antwort(request, e.pk, k, ansicht)


def _eingabe_ablehnen(request: HttpRequest, e: Entwurf, text: str, version: int, sid: str,
                      daten: dict[str, Any], fehler: dict[str, str], stelle: Stelle | None = None) -> HttpResponse:
    return _abgelehnt(request, e, meldung=f"Schritt {sid} nicht gespeichert: " + " ".join(fehler.values()),
                      text=text, version=version, fokus=_fokus(text, sid, stelle),
                      eingabe=_schritteingabe(request, sid, daten, fehler, stelle))


@login_required
@require_POST
def schritt(request: HttpRequest, pk: int) -> HttpResponse:
    """Ein Schritt: `tun` = speichern | art | entfernen | hoch | runter."""
    e = _redaktion(request, pk)
    version, sid, tun = _version(request), request.POST.get("schritt", ""), request.POST.get("tun", "speichern")
    if (zu_lang := _quelltext_zu_lang(request, e, version)) is not None:
        return zu_lang
    text = _ausgangstext(request, e)
    if version is None or not sid:
        return _abgelehnt(request, e, meldung="Schritt nicht geändert: Formular unvollständig (Schritt, Version).",
                          text=text, version=version)
    neue_art = request.POST.get("neue_art", "")
    stelle = _stelle(request)
    ansicht = Konfliktansicht(_vorhaben(tun, sid, neue_art), _quelltext_eingabe(request, e))
    daten: dict[str, Any] | None = None
    try:
        if tun == "entfernen":
            neu, was, fokus = schritt_entfernen(text, sid, stelle), f"Schritt {sid} entfernt", ""
            vermerk = f"Schritt „{sid}“ entfernt"
        elif tun in ("hoch", "runter"):
            richtung = -1 if tun == "hoch" else 1
            neu = schritt_verschieben(text, sid, richtung, stelle)
            verschoben = None if stelle is None else Stelle(stelle.nummer + richtung, stelle.vorkommen)
            was, fokus = f"Schritt {sid} nach {'oben' if tun == 'hoch' else 'unten'} verschoben", _fokus(neu, sid, verschoben)
            vermerk = f"Schritt „{sid}“ verschoben"
        elif tun == "art":
            neu = schritt_ersetzen(text, sid, art_wechseln(schritt_lesen(text, sid, stelle), neue_art), stelle)
            was, fokus = f"Schritt {sid}: Art geändert", _fokus(neu, sid, stelle)
            vermerk = f"Schritt „{sid}“: Art gewechselt"
        elif tun == "speichern":
            daten = aus_formular(schritt_lesen(text, sid, stelle), request.POST.get)
            ansicht.eingaben.insert(0, (f"Ihr Schritt {sid}, wie Sie ihn eingegeben haben (YAML, für den Quelltext)",
                                        _schritt_yaml(daten)))
            fehler = eingabe_pruefen(daten, request.POST.get("aktion", ""),
                                     queries.katalog_aus_datenbank().vokabular.aktionen)
            if fehler:
                return _eingabe_ablehnen(request, e, text, version, sid, daten, fehler, stelle)
            neu = schritt_ersetzen(text, sid, daten, stelle)
            was = f"Schritt {sid} gespeichert" + (f" als {daten['id']}" if daten["id"] != sid else "")
            fokus = _fokus(neu, str(daten["id"]), stelle)
            vermerk = f"Schritt „{sid}“ geändert"
        else:
            raise FeldFehler(f"unbekannte Änderung {tun!r}")
    except StelleGeaendert as fehler:
        if tun == "speichern" and daten is None:
            _eingabe_mitnehmen(request, e.text, sid, stelle, ansicht)
        return _stelle_geaendert(request, e, version, fehler, ansicht)
    except FeldFehler as fehler:
        if daten is not None:
            return _eingabe_ablehnen(request, e, text, version, sid, daten, {fehler.feld: str(fehler)}, stelle)
        return _abgelehnt(request, e, meldung=f"Schritt {sid}: {fehler}", text=text, version=version,
                          fokus=_fokus(text, sid, stelle))
    eingabe = None if daten is None else _schritteingabe(request, sid, daten, {}, stelle)
    return _speichern(request, e, neu, version, was, fokus, ansicht, was=vermerk, eingabe=eingabe)


@login_required
@require_POST
def anfuegen(request: HttpRequest, pk: int) -> HttpResponse:
    """Einen Schritt einfügen: Art, Kennung, Text, Ziel (oder Ergebnis) und Stelle (hinter Schritt …)."""
    e = _redaktion(request, pk)
    if (zu_lang := _quelltext_zu_lang(request, e, _version(request, "neu-version"))) is not None:
        return zu_lang
    form = SchrittAnfuegen(request.POST, prefix="neu")
    text = _ausgangstext(request, e)
    if not form.is_valid():
        return _abgelehnt(request, e, text=text, version=_version(request, "neu-version"), anfuegen=form,
                          meldung="Schritt nicht eingefügt: " + " ".join(
                              f"{form.fields[k].label if k in form.fields else k}: {m}"
                              for k, ms in form.errors.items() for m in ms))
    d = form.cleaned_data
    konflikt = Konfliktansicht(f"Schritt {d['schritt_id']} einfügen")
    try:
        daten = neuer_schritt(d["schritt_id"], d["art"], d["weiter"] if d["art"] != "ende" else "")
        if d["text"]:
            daten["text"] = d["text"].replace("\r\n", "\n")
        if d["art"] in ("ende", "rueckkehr") and d["weiter"]:
            daten["ergebnis"] = d["weiter"]
        daten = einordnen(daten)
        konflikt.eingaben = [(f"Ihr neuer Schritt {d['schritt_id']} (YAML, für den Quelltext)", _schritt_yaml(daten)),
                             *_quelltext_eingabe(request, e)]
        einfuegung = einfuegen_und_verbinden(text, daten, *d["hinter"])
    except StelleGeaendert as fehler:      # der gewählte Schritt steht nicht mehr dort: nicht still woanders einfügen
        return _stelle_geaendert(request, e, d["version"], fehler, konflikt)
    except FeldFehler as fehler:
        meldung, version = f"Schritt {d['schritt_id']} nicht eingefügt: {fehler}", d["version"]
        form.add_error("schritt_id" if fehler.feld == "id" else None, str(fehler))   # nimmt schritt_id aus d
        return _abgelehnt(request, e, meldung=meldung, text=text, version=version, anfuegen=form)
    return _speichern(request, e, einfuegung.text, d["version"], f"Schritt {d['schritt_id']} eingefügt",
                      d["schritt_id"], konflikt, was=f"Schritt „{d['schritt_id']}“ eingefügt. {einfuegung.anschluss}".strip(),
                      anfuegen=form, zusatz=einfuegung.anschluss)


@login_required
@require_POST
def vorschau(request: HttpRequest, pk: int) -> HttpResponse:
    """Live-Vorschau eines ungespeicherten Quelltexts: Befunde, Schritte, Graph, Diff (nichts gespeichert).
    Die Schritte tragen die Version, auf der der Quelltext im Feld beruht (mitgesendet), nie die gespeicherte:
    eine Änderung daraus ist sonst kein Konflikt mehr und überschriebe, was inzwischen gespeichert wurde."""
    e = _redaktion(request, pk)
    text = request.POST.get("text", "").replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        return HttpResponse(f"Quelltext zu lang für die Vorschau (über {MAX_TEXT:,} Zeichen).".replace(",", "."),
                            status=413)
    version = _version(request)
    basis = UNBEKANNTE_VERSION if version is None else version
    ctx = editor_kontext(request, e, text=text, version=basis, vorschau=text != e.text, veraltet=basis != e.version)
    return render(request, "redaktion/_vorschau.html", ctx)
