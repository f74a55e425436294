"""Seiten der Redaktion für Entwürfe der anderen Arbeitsmittel (Aufgabensteckbriefe, QS-Anlagen, Führungsprozess-
Anlagen): Übersicht mit „Neue Fassung beginnen“, Quelltext-Editor mit Befunden (Zeile, Feld) und Unterschied zur
Basis, Aufnehmen ins Freigabepaket (views parse, call, render)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kundenportal import zeit
from kundenportal.arbeitsmittel.modell import ARTEN, ORDNER_ART
from kundenportal.lesbar import zahl
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from .. import grenzen, queries
from ..arbeitsmittel import entwurf_pruefen, entwurfspfad, unterschied
from ..forms import DatumsFeld
from ..models import ArbeitsmittelEntwurf, Katalogdatei
from ..services import arbeitsmittel as am
from ..services.entwurf import EntwurfFehler, Konflikt
from ..services.weisung import FreigabeFehler
from ..zugriff import darf_redaktion_sehen, darf_redigieren
from .entwuerfe import nicht_gefunden
from .struktur import gespeichert_meldung, meldung_geben


def _name(pfad: str) -> str:
    """„Aufgabensteckbrief EZ 01 – Termin absagen, …“ aus arbeitsmittel/aufgabensteckbrief/ez-01[/…]: Nummer und Titel
    der neuesten veröffentlichten Fassung; ohne sie der Name des Ordners („Aufgabensteckbrief ez-01“)."""
    teile = pfad.split("/")
    if len(teile) <= 2:
        return pfad
    art_code = ORDNER_ART.get(teile[1], "")
    art = ARTEN.get(art_code, ("", teile[1], ""))[1]
    a = next((f for f in reversed(arbeitsmittel().fassungen) if f.art == art_code and f.ordner == teile[2]), None)
    return f"{art} {a.nummer} – {a.titel}" if a is not None else f"{art} {teile[2]}"


class Beginnen(forms.Form):
    basis = forms.ModelChoiceField(label="Neueste veröffentlichte Fassung", queryset=Katalogdatei.objects.none(),
                                   empty_label="– Arbeitsmittel wählen –",
                                   error_messages={"required": "Bitte ein Arbeitsmittel wählen.",
                                                   "invalid_choice": "Diese Fassung gibt es nicht (mehr): bitte neu "
                                                                     "wählen."})
    stand = DatumsFeld(label="Stand der neuen Fassung")
    gueltig_ab = DatumsFeld(label="Gültig ab (Vorschlag; leer: ab dem Stand)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        neueste: dict[str, int] = {}
        for pk, pfad in Katalogdatei.objects.filter(art=Katalogdatei.ARBEITSMITTEL, status=Katalogdatei.VEROEFFENTLICHT
                                                    ).order_by("stand").values_list("pk", "pfad"):
            neueste[pfad.rsplit("/", 1)[0]] = pk
        feld = self.fields["basis"]
        assert isinstance(feld, forms.ModelChoiceField)
        feld.queryset = Katalogdatei.objects.filter(pk__in=neueste.values()).order_by("pfad")
        feld.label_from_instance = lambda obj: f"{_name(obj.pfad)}, Stand {obj.stand:%d.%m.%Y}"  # type: ignore[method-assign]


class Bearbeiten(forms.Form):
    text = forms.CharField(label="Quelltext (YAML)", widget=forms.Textarea, strip=False,
                           error_messages={"required": "Quelltext: bitte nicht leer lassen — die Fassung braucht art, "
                                                       "nummer, titel, stand, gueltig_ab und weisung."})
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={
        "required": "Die Version fehlt: bitte die Seite neu laden.", "invalid": "Die Version fehlt: bitte neu laden."})


def _sehen(request: HttpRequest) -> None:
    if not darf_redaktion_sehen(request.user):
        raise PermissionDenied("Nur für Redaktion und Freigabe.")


def _redigieren(request: HttpRequest) -> None:
    if not darf_redigieren(request.user):
        raise PermissionDenied("Nur für die Redaktion.")


def uebersicht_seite(request: HttpRequest, form: Beginnen | None = None, status: int = 200) -> HttpResponse:
    entwuerfe = ArbeitsmittelEntwurf.objects.select_related("basis", "autor", "paket").order_by("ordner", "pk")
    return render(request, "redaktion/arbeitsmittel.html", {
        "entwuerfe": [(e, _name(e.ordner)) for e in entwuerfe], "form": form or Beginnen(
            prefix="am", initial={"stand": zeit.heute()}),
        "darf_redigieren": darf_redigieren(request.user), "fehler": bool(form and form.errors)}, status=status)


@login_required
def uebersicht(request: HttpRequest) -> HttpResponse:
    _sehen(request)
    return uebersicht_seite(request)


@login_required
@require_POST
def beginnen(request: HttpRequest) -> HttpResponse:
    _redigieren(request)
    form = Beginnen(request.POST, prefix="am")
    if not form.is_valid():
        return uebersicht_seite(request, form, status=400)
    d = form.cleaned_data
    try:
        e = am.beginnen(request.user, queries.katalog_aus_datenbank(), basis=d["basis"], stand=d["stand"],
                        gueltig_ab=d["gueltig_ab"])
    except EntwurfFehler as fehler:
        feld = {"stand_zu_frueh": "stand", "gueltig_ab_vor_stand": "gueltig_ab"}.get(fehler.code, "basis")
        form.add_error(feld, fehler.meldung)
        return uebersicht_seite(request, form, status=400)
    messages.success(request, f"Entwurf begonnen: {_name(e.ordner)}, aus Stand {e.basis.stand:%d.%m.%Y}.")
    return redirect("redaktion:arbeitsmittel_entwurf", e.pk)


def _seite(request: HttpRequest, e: ArbeitsmittelEntwurf, *, text: str | None = None, version: int | None = None,
           status: int = 200, meldung: str = "", fehler: bool = False, eingabe: str = "") -> HttpResponse:
    """Die Seite des Entwurfs. `text`: was im Editor steht (Standard: gespeichert); die Befunde und der Unterschied
    gelten für diesen Text (bei einer abgelehnten Speicherung: die Eingabe, nichts geht verloren)."""
    katalog = queries.katalog_aus_datenbank()
    text = e.text if text is None else text
    befunde, neu = entwurf_pruefen(katalog, e.ordner, text, e.basis.stand)
    datei = f"content/{entwurfspfad(e.ordner, text, e.basis.stand)}"
    return render(request, "redaktion/arbeitsmittel_entwurf.html", {
        "e": e, "name": _name(e.ordner), "text": text, "version": e.version if version is None else version,
        "befunde": [(b, b.datei == datei) for b in befunde],
        "datei": datei, "aenderungen": unterschied(katalog, e.basis, neu), "lesbar": neu is not None,
        "gesperrt": am.gesperrt(e), "darf_redigieren": darf_redigieren(request.user), "meldung": meldung,
        "fehler": fehler, "eingabe": eingabe, "max_quelltext": grenzen.QUELLTEXT,
        "max_quelltext_text": zahl(grenzen.QUELLTEXT)}, status=status)


@login_required
def entwurf(request: HttpRequest, pk: int) -> HttpResponse:
    _sehen(request)
    e = ArbeitsmittelEntwurf.objects.select_related("basis", "paket", "autor").filter(pk=pk).first()
    if e is None:
        return nicht_gefunden(request, f"Den Entwurf {pk} eines Arbeitsmittels gibt es nicht (mehr): veröffentlicht "
                                       "oder nie angelegt. Die Übersicht zeigt alle Entwürfe von Arbeitsmitteln.")
    if request.method != "POST":
        return _seite(request, e)
    _redigieren(request)
    form = Bearbeiten(request.POST)
    eingabe = str(request.POST.get("text", "")).replace("\r\n", "\n")
    if not form.is_valid():
        gruende = " ".join(str(m) for liste in form.errors.values() for m in liste)
        return _seite(request, e, text=eingabe, status=400, meldung=f"Nicht gespeichert: {gruende}", fehler=True)
    d = form.cleaned_data
    try:
        e = am.speichern(request.user, e.pk, queries.katalog_aus_datenbank(), text=d["text"], version=d["version"])
    except Konflikt as k:
        return _seite(request, am_neu(pk), status=409, meldung=f"Nicht gespeichert: {k.meldung}", fehler=True,
                      eingabe=eingabe)
    except EntwurfFehler as fehler:
        return _seite(request, am_neu(pk), text=eingabe, version=d["version"], status=409,
                      meldung=f"Nicht gespeichert: {fehler.meldung}", fehler=True)
    meldung_geben(request, gespeichert_meldung("Gespeichert", e.version, len(e.befunde)), len(e.befunde))
    return redirect("redaktion:arbeitsmittel_entwurf", e.pk)


def am_neu(pk: int) -> ArbeitsmittelEntwurf:
    return ArbeitsmittelEntwurf.objects.select_related("basis", "paket", "autor").get(pk=pk)


@login_required
@require_POST
def zuordnen(request: HttpRequest, pk: int) -> HttpResponse:
    """Einen Entwurf eines Arbeitsmittels ins Paket `pk` aufnehmen (oder mit `herausnehmen` heraus)."""
    _redigieren(request)
    try:
        entwurf_id = int(request.POST.get("entwurf", ""))
    except ValueError:
        messages.error(request, "Nicht aufgenommen: bitte einen Entwurf eines Arbeitsmittels wählen.")
        return redirect("redaktion:paket", pk)
    heraus = request.POST.get("herausnehmen") == "1"
    try:
        e = am.zuordnen(request.user, pk, entwurf_id, zuordnen=not heraus)
    except FreigabeFehler as fehler:
        messages.error(request, fehler.meldung)
    except Exception as fehler:   # Paket gibt es nicht
        if type(fehler).__name__ != "DoesNotExist":
            raise
        return nicht_gefunden(request, f"Das Freigabepaket {pk} gibt es nicht.")
    else:
        messages.success(request, f"{_name(e.ordner)} (Entwurf {e.pk}) "
                                  f"{'aus dem Paket genommen' if heraus else 'ins Paket aufgenommen'}.")
    return redirect(f"/redaktion/pakete/{pk}/#arbeitsmittel")


def paket_kontext(p: Any) -> dict[str, Any]:
    """Für die Seite des Pakets: seine Entwürfe von Arbeitsmitteln und die, die noch in keinem Paket sind."""
    frei = ArbeitsmittelEntwurf.objects.filter(paket__isnull=True).order_by("ordner", "pk")
    return {"am_entwuerfe": [(e, _name(e.ordner)) for e in p.arbeitsmittel_entwuerfe.order_by("ordner", "pk")],
            "am_freie": [(e, _name(e.ordner)) for e in frei]}
