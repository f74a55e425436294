"""Szenarien der Redaktion speichern (Format wie content/szenarien; geprüft vor dem Speichern), löschen
und das Ergebnis ihres letzten Laufs eintragen.

Gelöscht wird nur an einem bearbeitbaren Entwurf desselben Leitfadens und nur auf dem Stand, den die
Redakteurin gesehen hat (Version, wie beim Entwurf): nach Einreichen, Freigabe oder Veröffentlichung
bleiben die Szenarien, gegen die das Tor geprüft hat, erhalten. Der Protokolleintrag behält den Text."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kundenportal import zeit
from kundenportal.katalog.queries import szenarien as projekt_szenarien
from kundenportal.leitfaden.szenario import SzenarioFehler, szenario_aus_text

from ..mitarbeit import bearbeiter_des_entwurfs, vermerken
from ..models import Entwurf, Freigabepaket, Szenario
from ..tor import REDAKTION_DATEI
from .entwurf import EntwurfFehler
from .protokoll import eintragen


def vergebene_kennungen(anfang: str) -> set[str]:
    """Die Kennungen, die mit `anfang` beginnen und schon vergeben sind: Szenarien der Redaktion und die aus
    content/szenarien (eine Kennung gilt im ganzen Projekt nur einmal). Nur Lesen."""
    return ({str(k) for k in Szenario.objects.filter(szenario_id__startswith=anfang)
             .values_list("szenario_id", flat=True)} | {s.id for s in projekt_szenarien() if s.id.startswith(anfang)})


def freie_kennung(vorschlag: str) -> str:
    """`vorschlag`, wenn es ihn noch nicht gibt, sonst `vorschlag-2`, `-3` … — die Kennung, die der Szenario-Editor
    vorschlägt, damit die Speicherung nicht erst an einer doppelten scheitert. Nur Lesen."""
    vergeben = vergebene_kennungen(vorschlag)
    return next(k for n in range(1, len(vergeben) + 2)
                if (k := vorschlag if n == 1 else f"{vorschlag}-{n}") not in vergeben)


@transaction.atomic
def szenario_speichern(user: Any, text: str, *, lauf: dict[str, Any] | None = None,
                       entwurf_id: int | None = None) -> Szenario:
    """Speichert das Szenario `text`; `lauf`: das Ergebnis des Laufs, aus dem es aufgezeichnet wurde
    ({ok, quelle, fassung, fehler}; die Zeit setzt der Dienst); `entwurf_id`: der Entwurf, durch den es
    aufgezeichnet wurde — dort ist die Person als Bearbeiterin vermerkt (Vier-Augen-Prinzip, mitarbeit.py)."""
    try:
        sz = szenario_aus_text(text, "szenario.yaml")
    except SzenarioFehler as fehler:
        raise EntwurfFehler("szenario_ungueltig", str(fehler)) from None
    if sz.id in vergebene_kennungen(sz.id):
        raise EntwurfFehler("szenario_doppelt", f"Kennung: ein Szenario {sz.id} gibt es schon — bitte eine andere.")
    jetzt = zeit.jetzt()
    zeile = Szenario.objects.create(leitfaden_id=sz.leitfaden, szenario_id=sz.id, text=text, autor=user,
                                    angelegt=jetzt,
                                    letzter_lauf={**lauf, "zeit": jetzt.isoformat()} if lauf is not None else {})
    if entwurf_id is not None:
        e = Entwurf.objects.select_for_update().filter(pk=entwurf_id).first()
        if e is not None:
            e.bearbeiter = vermerken(bearbeiter_des_entwurfs(e), user, f"Szenario {zeile.szenario_id} aufgezeichnet")
            e.save(update_fields=["bearbeiter"])
    eintragen(user, "szenario_angelegt", f"szenario:{zeile.szenario_id}", leitfaden=sz.leitfaden,
              **({"entwurf": entwurf_id} if entwurf_id is not None else {}))
    return zeile


def _bearbeitbar(e: Entwurf) -> None:
    if e.paket is not None and e.paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        raise EntwurfFehler("eingereicht", f"Szenario nicht gelöscht: der Entwurf liegt im Paket Weisung "
                                           f"{e.paket.weisung} ({e.paket.get_status_display()}) und ist gesperrt. "
                                           "Löschen geht erst wieder, wenn das Paket zurückgewiesen oder "
                                           "zurückgerufen ist.")


@transaction.atomic
def szenario_loeschen(user: Any, entwurf_id: int, szenario_pk: int, version: int | None) -> str:
    """Löscht das Szenario `szenario_pk` des Leitfadens von Entwurf `entwurf_id`, wenn `version` (die in der
    Rückfrage gezeigte) die gespeicherte ist. Gibt die Kennung des gelöschten Szenarios zurück."""
    e = Entwurf.objects.select_for_update().filter(pk=entwurf_id).first()
    if e is None:
        raise EntwurfFehler("entwurf_fehlt", f"Entwurf {entwurf_id} gibt es nicht mehr (verworfen oder "
                                             "veröffentlicht): Szenario nicht gelöscht. Szenarien eines "
                                             "veröffentlichten Leitfadens löscht man an einem neuen Entwurf.")
    _bearbeitbar(e)
    sz = Szenario.objects.select_for_update().filter(pk=szenario_pk, leitfaden_id=e.leitfaden_id).first()
    if sz is None:
        raise EntwurfFehler("szenario_fehlt", "Szenario nicht gelöscht: es gibt es nicht mehr (inzwischen von "
                                              "jemand anderem gelöscht). Die Liste zeigt den jetzigen Stand.")
    if version != sz.version:
        raise EntwurfFehler("szenario_konflikt", f"Szenario {sz.szenario_id} nicht gelöscht: es wurde inzwischen "
                                                 f"geändert (Version {sz.version}, Ihre Rückfrage zeigte Version "
                                                 f"{version if version is not None else 'unbekannt'}). Den jetzigen "
                                                 "Stand in der Liste ansehen und dann erneut löschen.")
    eingereicht = (Entwurf.objects.filter(leitfaden_id=e.leitfaden_id, paket__status=Freigabepaket.ZUR_FREIGABE)
                   .select_related("paket").first())
    if eingereicht is not None and eingereicht.paket is not None:
        raise EntwurfFehler("szenario_im_tor", f"Szenario {sz.szenario_id} nicht gelöscht: es gehört zum "
                                               f"Szenario-Tor des Pakets Weisung {eingereicht.paket.weisung}, das zur "
                                               "Freigabe vorliegt. Nach Freigabe oder Zurückweisung löschen.")
    eintragen(user, "szenario_geloescht", f"szenario:{sz.szenario_id}", leitfaden=sz.leitfaden_id, entwurf=e.pk,
              version=sz.version, text=sz.text)
    kennung = sz.szenario_id
    sz.delete()
    e.bearbeiter = vermerken(bearbeiter_des_entwurfs(e), user, f"Szenario {kennung} gelöscht")
    e.save(update_fields=["bearbeiter"])
    return kennung


def laeufe_eintragen(ergebnisse: list[dict[str, Any]], *, quelle: str) -> int:
    """Trägt das Ergebnis eines Tor-Laufs (tor.tor_pruefen: szenarien) an jedem Szenario der Redaktion ein;
    Szenarien aus content/szenarien sind Dateien und tragen nichts. Gibt die Zahl der eingetragenen zurück."""
    jetzt = zeit.jetzt().isoformat()
    je_id = {str(s["id"]): s for s in ergebnisse if str(s.get("datei", "")).startswith(REDAKTION_DATEI)}
    anzahl = 0
    for sz in Szenario.objects.select_for_update().filter(szenario_id__in=je_id):
        s = je_id[sz.szenario_id]
        sz.letzter_lauf = {"ok": bool(s.get("ok")), "zeit": jetzt, "quelle": quelle,
                           "fassung": s.get("fassung") or "", "fehler": list(s.get("fehler") or [])}
        sz.save(update_fields=["letzter_lauf"])
        anzahl += 1
    return anzahl
