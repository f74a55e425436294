"""Die Weisung eines Freigabepakets: eine des Katalogs oder eine neue, im Browser erfasste (neue_weisung.py). Die
neue reist mit dem Paket: das Szenario-Tor prüft die Entwürfe mit ihr, das Vier-Augen-Prinzip zählt, wer sie erfasst
hat, und die Freigabe veröffentlicht sie als Katalogdatei der Art `weisung` — eine Weisung des Katalogs wird dabei nie
überschrieben."""

from __future__ import annotations

import datetime as dt
from hashlib import sha256
from typing import Any

from django.db import transaction

from kundenportal.leitfaden.katalog import Katalog, Weisung

from .. import neue_weisung
from ..mitarbeit import bearbeiter_des_pakets, vermerken
from ..models import Entwurf, Freigabepaket, Katalogdatei
from ..paketkatalog import Paketstand
from ..queries import katalog_aus_datenbank
from .entwurf import EntwurfFehler
from .protokoll import eintragen

AKTIV = (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN, Freigabepaket.ZUR_FREIGABE)


class FreigabeFehler(EntwurfFehler):
    """Ein Schritt der Freigabe ist jetzt nicht möglich (Meldung nennt den Grund und was zu tun ist)."""


class WeisungFehler(FreigabeFehler):
    """Die Weisung des Pakets ist so nicht möglich (Meldung nennt das Feld und was zu tun ist)."""


def vorhanden_meldung(nummer: str, w: Weisung) -> str:
    return (f"Weisung {nummer} gibt es im Katalog schon („{w.titel}“ vom {w.datum:%d.%m.%Y}); eine Weisung des "
            "Katalogs wird nicht überschrieben. Für eine neue Weisung eine andere Nummer eintragen.")


def anderes_paket(nummer: str, ausser: int | None = None) -> Freigabepaket | None:
    """Ein anderes Paket in Arbeit, das dieselbe neue (noch nicht veröffentlichte) Weisung trägt."""
    qs = Freigabepaket.objects.filter(weisung=nummer, status__in=AKTIV)
    return qs.exclude(pk=ausser).order_by("pk").first() if ausser else qs.order_by("pk").first()


def anderes_paket_meldung(nummer: str, p: Freigabepaket) -> str:
    return (f"Die neue Weisung {nummer} wird schon im Paket „{p.titel}“ (angelegt von {p.autor.get_username()}) "
            "erfasst: die Entwürfe dort aufnehmen, statt ein zweites Paket anzulegen.")


def weisung_ab(paket: Freigabepaket, katalog: Katalog) -> dt.date | None:
    """Ab wann die Weisung des Pakets gilt (aus dem Katalog oder der erfassten neuen Weisung)."""
    w = katalog.weisungen.get(paket.weisung)
    return w.gueltig_ab if w is not None else neue_weisung.gueltig_ab(paket.neue_weisung or {})


def nicht_vor_weisung(feld: str, datum: dt.date | None, nummer: str, ab: dt.date | None) -> None:
    """„Gültig ab“ des Pakets liegt nie vor dem Beginn seiner Weisung (die Fassungen setzen sie um)."""
    if datum is not None and ab is not None and datum < ab:
        raise WeisungFehler("vor_weisung", f"{feld}: {datum:%d.%m.%Y} liegt vor dem Beginn der Weisung {nummer} "
                                           f"(gültig ab {ab:%d.%m.%Y}) — ein Datum ab dem {ab:%d.%m.%Y} wählen.")


def weisung_zum_pruefen(paket: Freigabepaket) -> Weisung | None:
    """Die neue Weisung des Pakets, wie das Tor die Entwürfe mit ihr prüft (ohne Umsetzung: die kommt aus ihnen)."""
    if not paket.neue_weisung or paket.weisung in katalog_aus_datenbank().weisungen:
        return None
    return neue_weisung.weisung_lesen(paket.weisung, paket.neue_weisung)


def fehlt_meldung(paket: Freigabepaket, katalog: Katalog) -> str:
    """„“ wenn die Weisung des Pakets im Katalog steht oder erfasst ist; sonst, was zu tun ist."""
    if paket.weisung in katalog.weisungen or paket.neue_weisung:
        return ""
    return (f"Die Weisung {paket.weisung} ist neu und noch nicht erfasst: auf der Seite des Pakets unter „Neue "
            "Weisung erfassen“ Titel, Daten und Regelpunkte eintragen.")


def ohne_schritt_der_weisung(paket: Freigabepaket, katalog: Katalog) -> list[str]:
    """Die Punkte der Weisung des Pakets, die sie mit Begründung als „kein Schritt nötig“ führt (Protokoll des
    Einreichens): aus dem Katalog, sonst aus der erfassten neuen Weisung."""
    if (w := katalog.weisungen.get(paket.weisung)) is not None:
        return [r.punkt for r in w.regeln if r.ohne_schritt]
    return [r["punkt"] for r in (paket.neue_weisung or {}).get("regeln") or [] if r.get("ohne_schritt")]


@transaction.atomic
def weisung_erfassen(user: Any, paket_id: int, *, nummer: str, titel: str, datum: dt.date, gueltig_ab: dt.date,
                     geschaeftszeichen: str = "", bezug: str = "", kopf: dict[str, str] | None = None,
                     regeln: list[dict[str, str]]) -> Freigabepaket:
    """Erfasst (oder ändert) die neue Weisung des Pakets, solange es bearbeitet wird. Die Nummer wird die des Pakets;
    eine Nummer des Katalogs oder eines anderen Pakets in Arbeit wird abgelehnt (nichts überschrieben)."""
    paket = Freigabepaket.objects.select_for_update().filter(pk=paket_id).first()
    if paket is None:
        raise WeisungFehler("paket_fehlt", f"Paket {paket_id} gibt es nicht.")
    if paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        raise WeisungFehler("paket_gesperrt", f"Das Paket ist {paket.get_status_display()}: keine Änderung möglich.")
    nummer = nummer.strip()
    if not neue_weisung.NUMMER.match(nummer):
        raise WeisungFehler("weisung_nummer", neue_weisung.NUMMER_MELDUNG)
    katalog = katalog_aus_datenbank()
    if (w := katalog.weisungen.get(nummer)) is not None:
        raise WeisungFehler("weisung_vorhanden", vorhanden_meldung(nummer, w))
    if (anderes := anderes_paket(nummer, ausser=paket.pk)) is not None:
        raise WeisungFehler("weisung_in_anderem_paket", anderes_paket_meldung(nummer, anderes))
    if gueltig_ab < datum:
        raise WeisungFehler("weisung_ab_vor_datum", f"Gültig ab: {gueltig_ab:%d.%m.%Y} liegt vor dem Datum der Weisung "
                                                    f"({datum:%d.%m.%Y}) — ein Datum ab dem {datum:%d.%m.%Y} wählen.")
    if paket.gueltig_ab is not None and paket.gueltig_ab < gueltig_ab:
        raise WeisungFehler("weisung_nach_paket", f"Gültig ab: das Paket gilt ab {paket.gueltig_ab:%d.%m.%Y}, die "
                                                  f"Weisung erst ab {gueltig_ab:%d.%m.%Y}. Ein Datum bis zum "
                                                  f"{paket.gueltig_ab:%d.%m.%Y} wählen oder zuerst „Gültig ab“ des "
                                                  "Pakets ändern.")
    if not regeln:
        raise WeisungFehler("regeln_fehlen", "Regelpunkte: mindestens einen Punkt mit Titel eintragen (z. B. 2.1).")
    if fehler := neue_weisung.regeln_pruefen(regeln):
        raise WeisungFehler("regeln_ungueltig", f"Regelpunkt in Zeile {fehler[0][0] + 1}: {fehler[0][2]}")
    angaben = neue_weisung.daten(titel=titel, datum=datum, gueltig_ab=gueltig_ab, geschaeftszeichen=geschaeftszeichen,
                                 bezug=bezug, kopf=kopf, regeln=regeln)
    neu = not paket.neue_weisung
    paket.weisung, paket.datum, paket.neue_weisung, paket.tor = nummer, datum, angaben, {}
    paket.bearbeiter = vermerken(bearbeiter_des_pakets(paket), user, "Weisung erfasst" if neu else "Weisung geändert")
    paket.save(update_fields=["weisung", "datum", "neue_weisung", "tor", "bearbeiter"])
    eintragen(user, "weisung_erfasst" if neu else "weisung_geaendert", f"paket:{paket.pk}", weisung=nummer,
              regeln=[r["punkt"] for r in angaben["regeln"]])
    return paket


def weisung_veroeffentlichen(paket: Freigabepaket, stand: Paketstand, katalog: Katalog, jetzt: dt.datetime) -> None:
    """Schreibt die neue Weisung des Pakets als Katalogdatei (Umsetzung aus den Regelverweisen der Fassungen des
    Pakets). Gibt es die Nummer inzwischen im Katalog, wird nichts überschrieben: eine Meldung."""
    if not paket.neue_weisung:
        return
    if (w := katalog.weisungen.get(paket.weisung)) is not None:
        raise WeisungFehler("weisung_vorhanden", "Nicht freigegeben: " + vorhanden_meldung(paket.weisung, w) +
                            " Das Paket zurückweisen, damit die Redaktion die Nummer ändert.")
    vorhanden = [r["punkt"] for r in paket.neue_weisung.get("regeln") or []]
    umsetzung = neue_weisung.umsetzung_aus((neu for _, neu, _, _ in stand.aenderungen), vorhanden)
    text = neue_weisung.weisung_yaml(paket.weisung, paket.neue_weisung, umsetzung)
    Katalogdatei.objects.create(art=Katalogdatei.WEISUNG, pfad=neue_weisung.pfad(paket.weisung), text=text,
                                inhalt_hash=sha256(text.encode()).hexdigest(), freigabe=paket, angelegt=jetzt,
                                bearbeiter=bearbeiter_des_pakets(paket))


@transaction.atomic
def weisung_verwerfen(user: Any, paket_id: int) -> Freigabepaket:
    """Verwirft die im Paket erfasste neue Weisung (irrtümlich erfasst), solange das Paket bearbeitet wird — nie nach der
    Freigabe (dann ist sie veröffentlicht). Die Nummer bleibt die des Pakets; das Tor ist neu zu prüfen, und die Entwürfe,
    die die Weisung nennen, werden neu geprüft (sie nennen jetzt eine Weisung, die es nicht gibt)."""
    paket = Freigabepaket.objects.select_for_update().filter(pk=paket_id).first()
    if paket is None:
        raise WeisungFehler("paket_fehlt", f"Paket {paket_id} gibt es nicht.")
    if paket.status == Freigabepaket.ZUR_FREIGABE:
        raise WeisungFehler("paket_gesperrt", "Das Paket ist zur Freigabe eingereicht: die Weisung lässt sich erst "
                                              "verwerfen, wenn die Freigabe das Paket zurückgewiesen hat.")
    if paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        raise WeisungFehler("paket_gesperrt", f"Das Paket ist {paket.get_status_display()}: die Weisung ist mit ihm "
                                              "veröffentlicht und wird nicht mehr verworfen.")
    if not paket.neue_weisung:
        raise WeisungFehler("keine_weisung", "Das Paket hat keine erfasste neue Weisung (schon verworfen?).")
    angaben = paket.neue_weisung
    paket.neue_weisung, paket.tor = {}, {}
    paket.bearbeiter = vermerken(bearbeiter_des_pakets(paket), user, "Weisung verworfen")
    paket.save(update_fields=["neue_weisung", "tor", "bearbeiter"])
    eintragen(user, "weisung_verworfen", f"paket:{paket.pk}", weisung=paket.weisung, titel=angaben.get("titel", ""),
              regeln=[r.get("punkt", "") for r in angaben.get("regeln") or []])
    from .entwurf import befunde_auffrischen

    betroffen = {lf for lf, text in Entwurf.objects.values_list("leitfaden_id", "text") if paket.weisung in text}
    befunde_auffrischen(katalog_aus_datenbank(), betroffen | set(paket.entwuerfe.values_list("leitfaden_id", flat=True)))
    return paket
