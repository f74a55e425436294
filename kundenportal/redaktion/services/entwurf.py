"""Entwürfe beginnen und speichern. Jede Speicherung prüft den Entwurf (pruefung.py) und legt die
Befunde ab; ein Entwurf mit Befunden bleibt ein Entwurf. Zwei Bearbeitungen desselben Entwurfs
überschreiben sich nie still: gespeichert wird nur auf der Version, die die Bearbeiterin gelesen hat."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from kundenportal import zeit
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.quelle import ZDict, lesen_text

from .. import grenzen
from ..mitarbeit import bearbeiter_des_entwurfs, vermerken
from ..models import Entwurf, Katalogdatei, Protokolleintrag
from ..pruefung import Pruefung, entwurf_pruefen
from .protokoll import eintragen

NEUER_KOPF = """id: "{id}"
titel: "{titel}"
kanaele: [sc3]
schlagwoerter: []
"""

NEUE_FASSUNG = """stand: {stand}
gueltig_ab: {stand}
weisung: "{weisung}"
start: identitaet
schritte:
  - id: identitaet
    art: frage
    fakt: identitaet_geprueft
    text: "Prüfen Sie die Identität des Anrufers anhand der Sicherheitsmerkmale."
    je_antwort: {{ja: erledigt, nein: keine_auskunft}}
  - id: keine_auskunft
    art: ende
    ergebnis: abbruch_identitaet
    vermerk: "Identität nicht bestätigt: keine Auskunft erteilt."
  - id: erledigt
    art: ende
    ergebnis: auskunft_erteilt
    vermerk: "Auskunft erteilt."
"""


class EntwurfFehler(Exception):
    """Eine Anfrage an einen Entwurf ist nicht möglich (Meldung für die Oberfläche)."""

    def __init__(self, code: str, meldung: str) -> None:
        self.code, self.meldung = code, meldung
        super().__init__(meldung)


class Konflikt(EntwurfFehler):
    """Der Entwurf wurde inzwischen gespeichert: nichts überschrieben. Nennt die gespeicherte Version, wer
    sie gespeichert hat und wann (soweit bekannt) — die Oberfläche zeigt es neben der Eingabe der Bearbeiterin."""

    def __init__(self, meldung: str, *, version: int, basis: int | None, wer: str = "",
                 wann: dt.datetime | None = None) -> None:
        super().__init__("konflikt", meldung)
        self.version, self.basis, self.wer, self.wann = version, basis, wer, wann


def _zuletzt_gespeichert(e: Entwurf, user: Any) -> str:
    """Wer den Entwurf zuletzt gespeichert hat, aus dem Protokoll ("" wenn unbekannt)."""
    letzte = (Protokolleintrag.objects.filter(objekt=f"entwurf:{e.pk}",
                                              aktion__in=("entwurf_gespeichert", "entwurf_begonnen"))
              .select_related("user").order_by("-zeit", "-pk").first())
    if letzte is None or letzte.user is None:
        return ""
    if getattr(user, "pk", None) == letzte.user_id:
        return "Ihnen selbst (in einem anderen Fenster oder Tab)"
    return str(letzte.user.get_full_name() or letzte.user.get_username())


def konflikt(e: Entwurf, user: Any, basis: int | None) -> Konflikt:
    """Der Konflikt einer Bearbeitung auf Version `basis`, wenn gespeichert Version `e.version` ist."""
    wer = _zuletzt_gespeichert(e, user)
    wann = timezone.localtime(e.geaendert) if e.geaendert else None
    von = (f", gespeichert von {wer}" if wer else "") + (f" am {wann:%d.%m.%Y um %H:%M} Uhr" if wann else "")
    return Konflikt(f"Der Entwurf wurde inzwischen gespeichert (Version {e.version}{von}); Ihre Bearbeitung "
                    f"beruht auf Version {basis if basis is not None else 'unbekannt'}. Ihre Änderung ist nicht "
                    "gespeichert und hat nichts überschrieben: den gespeicherten Stand ansehen, Ihre Änderung dort "
                    "noch einmal vornehmen und speichern.", version=e.version, basis=basis, wer=wer, wann=wann)


def kopf_setzen(text: str, feld: str, wert: str | None) -> str:
    """Setzt (oder entfernt, `wert` None) ein Feld der obersten Ebene, auch über mehrere Zeilen
    (Blockform); ein neues Feld steht hinter `gueltig_ab`. Kommentare und Schritte bleiben."""
    try:
        roh = lesen_text(text, "entwurf.yaml")
    except KatalogFehler:
        return text
    zeilen = text.split("\n")
    if isinstance(roh, ZDict) and feld in roh.zeilen:
        i = roh.zeilen[feld] - 1
        ende = i + 1
        while ende < len(zeilen) and zeilen[ende][:1] in (" ", "-") and zeilen[ende].strip():
            ende += 1
        neu = [] if wert is None else [f"{feld}: {wert}"]
        return "\n".join(zeilen[:i] + neu + zeilen[ende:])
    if wert is None:
        return text
    nach = max((roh.zeilen[k] for k in ("stand", "gueltig_ab", "gueltig_bis") if k in roh.zeilen), default=0) \
        if isinstance(roh, ZDict) else 0
    return "\n".join([*zeilen[:nach], f"{feld}: {wert}", *zeilen[nach:]])


def geltungsbereich_yaml(bereich: dict[str, Any] | None) -> str | None:
    """`{verbuende: [...], agenturen: [...]}` in Flussform (None: kein Geltungsbereich, gilt überall)."""
    if not bereich or not (bereich.get("verbuende") or bereich.get("agenturen")):
        return None
    teile = [f"{k}: [{', '.join(json.dumps(str(x), ensure_ascii=False) for x in bereich[k])}]"
             for k in ("verbuende", "agenturen") if bereich.get(k)]
    return "{" + ", ".join(teile) + "}"


def paketdaten_setzen(text: str, *, gueltig_ab: dt.date | None, gueltig_bis: dt.date | None,
                      geltungsbereich: dict[str, Any] | None) -> str:
    """Was das Paket für alle seine Entwürfe festlegt: Gültigkeit und Standortregeln (im Siegel)."""
    if gueltig_ab is not None:
        text = kopf_setzen(text, "gueltig_ab", gueltig_ab.isoformat())
    if gueltig_bis is not None:
        text = kopf_setzen(text, "gueltig_bis", gueltig_bis.isoformat())
    bereich = geltungsbereich_yaml(geltungsbereich)
    if bereich is not None:
        text = kopf_setzen(text, "geltungsbereich", bereich)
    return text


def _befunde(p: Pruefung) -> list[dict[str, Any]]:
    # Ort und Meldung, nicht `daten` (maschinenlesbar, mit Tagen als date: kein JSON; die Worte sind schon gewählt)
    return [{"datei": b.datei, "zeile": b.zeile, "feld": b.feld, "meldung": b.meldung, "schritt": p.schritt_von(b)}
            for b in p.befunde]


def ordner_vergeben(ordner: str, leitfaden_id: str) -> str:
    """Welcher andere Leitfaden den Ordner `ordner` (relativ zu content/, z. B. leitfaeden/sc/3.307) schon hat — im
    veröffentlichten Katalog oder in einem offenen Entwurf ("" = frei). Zwei Leitfäden in einem Ordner schrieben
    dieselbe Datei (leitfaden.yaml, <stand>.yaml): die Freigabe scheiterte."""
    datei = (Katalogdatei.objects.filter(status=Katalogdatei.VEROEFFENTLICHT, pfad__startswith=f"{ordner}/")
             .exclude(leitfaden_id=leitfaden_id).exclude(leitfaden_id="").values_list("leitfaden_id", flat=True).first())
    if datei:
        return f"Leitfaden {datei}"
    entwurf = (Entwurf.objects.filter(ordner=ordner).exclude(leitfaden_id=leitfaden_id)
               .values_list("leitfaden_id", "pk").first())
    return f"Entwurf {entwurf[0]} (Entwurf {entwurf[1]})" if entwurf else ""


def neuester_stand(leitfaden_id: str) -> dt.date | None:
    """Der Stand der neuesten veröffentlichten Fassung von `leitfaden_id` (None: keine)."""
    return (Katalogdatei.objects.filter(art=Katalogdatei.FASSUNG, status=Katalogdatei.VEROEFFENTLICHT,
                                        leitfaden_id=leitfaden_id, stand__isnull=False)
            .order_by("-stand").values_list("stand", flat=True).first())


@transaction.atomic
def entwurf_beginnen(user: Any, katalog: Katalog, *, basis: Katalogdatei | None = None, leitfaden_id: str = "",
                     titel: str = "", ordner: str = "", weisung: str = "", stand: dt.date) -> Entwurf:
    """Beginnt einen Entwurf aus einer veröffentlichten Fassung (neuer Stand `stand`, gültig ab `stand`, ohne
    `gueltig_bis`; `stand` nach dem der neuesten veröffentlichten Fassung) oder einen neuen Leitfaden
    (`leitfaden_id`, `titel`, `ordner` unter leitfaeden/, den kein anderer Leitfaden und kein anderer Entwurf hat)."""
    jetzt = zeit.jetzt()
    if basis is not None:
        neueste = neuester_stand(basis.leitfaden_id)
        if neueste is not None and stand <= neueste:
            raise EntwurfFehler("stand_zu_frueh", f"Der neue Stand muss nach dem {neueste:%d.%m.%Y} liegen — "
                                                  f"dem Stand der neuesten veröffentlichten Fassung von "
                                                  f"{basis.leitfaden_id} (eingegeben: {stand:%d.%m.%Y}).")
        # Eine neue Fassung gilt ab ihrem Stand und ohne Ende, bis eine neuere sie ablöst: das `gueltig_bis` einer
        # abgelösten Basis (vor dem neuen `gueltig_ab`) gehört nicht dazu; ein Ende setzt die Redaktion selbst.
        text = kopf_setzen(basis.text, "stand", stand.isoformat())
        text = kopf_setzen(kopf_setzen(text, "gueltig_ab", stand.isoformat()), "gueltig_bis", None)
        leitfaden_id, kopf, ordner = basis.leitfaden_id, "", basis.pfad.rsplit("/", 1)[0]
    else:
        if not re.fullmatch(r"[a-z]+/[a-z0-9.-]+", ordner):
            raise EntwurfFehler("ordner_ungueltig", f"Ordner: erwartet <bereich>/<nummer>, z. B. sc/3.400 (war {ordner!r})")
        if leitfaden_id in katalog.leitfaeden:
            raise EntwurfFehler("leitfaden_vorhanden", f"Leitfaden {leitfaden_id} gibt es schon: aus einer Fassung beginnen")
        if vergeben := ordner_vergeben(f"leitfaeden/{ordner}", leitfaden_id):
            raise EntwurfFehler("ordner_vergeben", f"Ordner: {ordner} gehört schon zu {vergeben} — für {leitfaden_id} "
                                                   "einen eigenen Ordner wählen, z. B. "
                                                   f"{ordner.split('/')[0]}/{leitfaden_id.split(' ', 1)[-1].lower()}.")
        ordner = f"leitfaeden/{ordner}"
        kopf = NEUER_KOPF.format(id=leitfaden_id, titel=titel.replace('"', "'"))
        text = NEUE_FASSUNG.format(stand=stand.isoformat(), weisung=weisung)
    e = Entwurf(leitfaden_id=leitfaden_id, basis=basis, kopf_text=kopf, ordner=ordner, text=text, autor=user,
                angelegt=jetzt, geaendert=jetzt, bearbeiter=vermerken([], user, "Entwurf begonnen"))
    e.befunde = _befunde(entwurf_pruefen(katalog, leitfaden_id, ordner, text, kopf))
    e.save()
    eintragen(user, "entwurf_begonnen", f"entwurf:{e.pk}", leitfaden=leitfaden_id,
              basis=basis.schluessel if basis else "")
    return e


@transaction.atomic
def entwurf_speichern(user: Any, entwurf_id: int, katalog: Katalog, *, text: str, version: int,
                      kopf_text: str | None = None, was: str = "Quelltext gespeichert") -> tuple[Entwurf, Pruefung]:
    """Speichert `text`, wenn `version` die gespeicherte ist; sonst Konflikt (nichts überschrieben). `was`: die
    Änderung in Worten („Schritt „online“ geändert“) — vermerkt mit der Person, die gespeichert hat (mitarbeit.py)."""
    text = text.replace("\r\n", "\n")
    if meldung := grenzen.zu_lang("Quelltext", len(text), grenzen.QUELLTEXT):
        raise EntwurfFehler("text_zu_lang", meldung)
    if kopf_text is not None and (meldung := grenzen.zu_lang("Leitfadenkopf", len(kopf_text.replace("\r\n", "\n")),
                                                              grenzen.KOPF)):
        raise EntwurfFehler("kopf_zu_lang", meldung)
    e = Entwurf.objects.select_for_update().filter(pk=entwurf_id).first()
    if e is None:
        raise EntwurfFehler("entwurf_fehlt", f"Entwurf {entwurf_id} gibt es nicht mehr (verworfen oder "
                                             "veröffentlicht): Ihre Änderung ist nicht gespeichert.")
    if e.paket is not None and e.paket.status not in ("offen", "zurueckgewiesen"):
        raise EntwurfFehler("eingereicht", "Der Entwurf liegt zur Freigabe vor und ist bis dahin gesperrt.")
    if version != e.version:
        raise konflikt(e, user, version)
    if kopf_text is not None and e.kopf_text:
        e.kopf_text = kopf_text.replace("\r\n", "\n")
    alt = e.text
    pruefung = entwurf_pruefen(katalog, e.leitfaden_id, e.ordner, text, e.kopf_text)
    e.text, e.befunde = text, _befunde(pruefung)
    e.bearbeiter = vermerken(bearbeiter_des_entwurfs(e), user, was)
    e.version += 1
    e.geaendert = zeit.jetzt()
    e.save()
    eintragen(user, "entwurf_gespeichert", f"entwurf:{e.pk}", leitfaden=e.leitfaden_id, version=e.version,
              befunde=len(e.befunde), geaendert=alt != text)
    return e, pruefung


def befunde_auffrischen(katalog: Katalog, leitfaden_ids: set[str]) -> int:
    """Prüft die Entwürfe der Leitfäden `leitfaden_ids` neu gegen `katalog` (nach einer Änderung des veröffentlichten
    Katalogs: Freigabe, Rückruf) und legt die Befunde ab — die Übersicht zählt dieselben Befunde, die die Seite des
    Entwurfs zeigt. Gibt die Zahl der geprüften Entwürfe zurück."""
    anzahl = 0
    for e in Entwurf.objects.select_for_update().filter(leitfaden_id__in=leitfaden_ids):
        befunde = _befunde(entwurf_pruefen(katalog, e.leitfaden_id, e.ordner, e.text, e.kopf_text))
        if befunde != e.befunde:
            e.befunde = befunde
            e.save(update_fields=["befunde"])
        anzahl += 1
    return anzahl


@transaction.atomic
def entwurf_verwerfen(user: Any, entwurf_id: int, version: int | None) -> None:
    """Verwirft den Entwurf, wenn `version` (die in der Rückfrage gezeigte) die gespeicherte ist; sonst Konflikt
    wie beim Speichern — eine inzwischen gespeicherte Änderung wird nie ungesehen gelöscht."""
    e = Entwurf.objects.select_for_update().filter(pk=entwurf_id).first()
    if e is None:
        raise EntwurfFehler("entwurf_fehlt", f"Entwurf {entwurf_id} gibt es nicht mehr (schon verworfen oder "
                                             "veröffentlicht): die Übersicht neu laden.")
    if e.paket_id:
        raise EntwurfFehler("im_paket", "Der Entwurf gehört zu einem Freigabepaket: erst dort herausnehmen.")
    if version != e.version:
        raise konflikt(e, user, version)
    eintragen(user, "entwurf_verworfen", f"entwurf:{e.pk}", leitfaden=e.leitfaden_id)
    e.delete()
