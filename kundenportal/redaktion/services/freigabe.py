"""Freigabepakete: anlegen, Entwürfe zuordnen, Szenario-Tor, einreichen, freigeben (Vier-Augen-Prinzip),
zurückweisen, zurückrufen (veroeffentlichung.py). Freigeben veröffentlicht die Fassungen sofort, gesiegelt, mit dem
gewählten `gueltig_ab` — bis dahin sind sie geplant und können zurückgerufen werden; danach nie geändert, nur
durch eine neuere Fassung abgelöst (house style, habit 6)."""

from __future__ import annotations

import datetime as dt
import json
from hashlib import sha256
from typing import Any

from django.db import IntegrityError, transaction

from kundenportal import zeit
from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.quelle import lesen_text

from .. import neue_weisung
from ..mitarbeit import bearbeiter_des_pakets, freigabe_verwehrt, namen, verfasst, vermerken
from ..models import Entwurf, Freigabepaket, Protokolleintrag
from ..optionen import aus_paket
from ..paketkatalog import paket_katalog
from ..queries import katalog_aus_datenbank
from ..tor import fingerabdruck, tor_pruefen, weisung_im_text
from ..zugriff import hat_freigaberolle
from . import arbeitsmittel as am
from .entwurf import befunde_auffrischen, entwurf_speichern, kopf_setzen, paketdaten_setzen
from .katalog import generation_erhoehen
from .optionen import optionen_veroeffentlichen
from .protokoll import PAKETFELDER, eintragen
from .szenario import laeufe_eintragen
from .veroeffentlichung import paket_zurueckrufen, veroeffentlichen
from .veroeffentlichung import pfade_frei as _pfade_frei
from .weisung import (
    FreigabeFehler,
    anderes_paket,
    anderes_paket_meldung,
    fehlt_meldung,
    nicht_vor_weisung,
    ohne_schritt_der_weisung,
    weisung_ab,
    weisung_veroeffentlichen,
    weisung_zum_pruefen,
)


def _paket(pk: int) -> Freigabepaket:
    return Freigabepaket.objects.select_for_update().get(pk=pk)


def _entwuerfe(paket: Freigabepaket) -> list[Entwurf]:
    return list(Entwurf.objects.filter(paket=paket).select_related("basis").order_by("pk"))


def _weisung_pruefen(weisung: str, paket: Freigabepaket | None = None) -> str:
    """Ein Paket gehört zu einer Weisung des Katalogs oder zu einer neuen, die es selbst mitbringt (die Redaktion
    erfasst sie auf der Seite des Pakets, services/weisung.py). Eine neue Nummer hat 9 Ziffern und gehört zu keinem
    anderen Paket in Arbeit; ein Paket mit erfasster neuer Weisung gehört nie zugleich zu einer des Katalogs."""
    weisung = weisung.strip()
    bekannt = katalog_aus_datenbank().weisungen
    if weisung in bekannt:
        if paket is not None and paket.neue_weisung:
            raise FreigabeFehler("weisung_unbekannt", f"Weisung: das Paket bringt die neue Weisung {paket.weisung} mit "
                                                      f"und kann nicht zugleich zur Weisung {weisung} des Katalogs "
                                                      "gehören. Die Nummer der neuen Weisung ändern Sie unter „Neue "
                                                      "Weisung erfassen“.")
        return weisung
    if not neue_weisung.NUMMER.match(weisung):
        beispiele = ", ".join(sorted(bekannt, reverse=True)[:3])
        raise FreigabeFehler("weisung_unbekannt", f"Weisung: „{weisung}“ ist keine Nummer einer Weisung. "
                                                  f"{neue_weisung.NUMMER_MELDUNG} Eine Weisung des Katalogs eintragen "
                                                  f"(z. B. {beispiele}) oder die Nummer einer neuen: sie erfassen Sie "
                                                  "danach am Paket.")
    if (anderes := anderes_paket(weisung, ausser=paket.pk if paket else None)) is not None:
        raise FreigabeFehler("weisung_unbekannt", "Weisung: " + anderes_paket_meldung(weisung, anderes))
    return weisung


def _im_bereich(name: str, wert: dt.date | None) -> None:
    """Ein Datum zwischen zeit.FRUEHESTENS und zeit.SPAETESTENS (wie die Formulare; hier für die API)."""
    if wert is not None and not zeit.FRUEHESTENS <= wert <= zeit.SPAETESTENS:
        raise FreigabeFehler("datum_ausserhalb", f"{name}: bitte ein Datum zwischen dem {zeit.FRUEHESTENS:%d.%m.%Y} "
                                                 f"und dem {zeit.SPAETESTENS:%d.%m.%Y} angeben (war {wert:%d.%m.%Y}).")


@transaction.atomic
def _metadaten_pruefen(gueltig_ab: dt.date | None, gueltig_bis: dt.date | None,
                       geltungsbereich: dict[str, Any] | None, weisung: str = "",
                       ab: dt.date | None = None, datum: dt.date | None = None, *,
                       nicht_vergangen: bool = False, bisher: dt.date | None = None) -> dict[str, Any]:
    """Gültigkeit und Standortregeln eines Pakets (nur aus standorte.yaml); gibt den Geltungsbereich zurück.
    „Gültig ab“ nicht vor dem Datum der Weisung (`datum`) und nicht vor ihrem Beginn (`ab`, aus dem Katalog oder
    der erfassten neuen Weisung) — sonst ließe sich die neue Weisung danach mit keinem Datum erfassen."""
    geltungsbereich = {k: list(v) for k, v in (geltungsbereich or {}).items() if k in ("verbuende", "agenturen") and v}
    katalog = katalog_aus_datenbank()
    standorte = katalog.standorte
    if weisung in katalog.weisungen:
        ab = katalog.weisungen[weisung].gueltig_ab
    unbekannt = [f"Verbund {v}" for v in geltungsbereich.get("verbuende", []) if v not in standorte.verbuende] + \
        [f"Agentur {a}" for a in geltungsbereich.get("agenturen", []) if a not in standorte.agenturen]
    for name, wert in (("Gültig ab", gueltig_ab), ("Gültig bis", gueltig_bis)):
        _im_bereich(name, wert)
    if gueltig_ab is not None and gueltig_bis is not None and gueltig_bis < gueltig_ab:
        raise FreigabeFehler("gueltig_bis_vor_ab", f"Gültig bis: {gueltig_bis:%d.%m.%Y} liegt vor „Gültig ab“ "
                                                   f"({gueltig_ab:%d.%m.%Y}); ein späteres Datum wählen oder leer lassen.")
    nicht_vor_weisung("Gültig ab", gueltig_ab, weisung, ab)
    if gueltig_ab is not None and datum is not None and gueltig_ab < datum:
        raise FreigabeFehler("gueltig_ab_vor_datum", neue_weisung.ab_vor_datum_meldung(gueltig_ab, datum))
    if unbekannt:
        raise FreigabeFehler("standort_unbekannt", "Standortregeln: " + ", ".join(unbekannt) +
                             " gibt es in standorte.yaml nicht.")
    if nicht_vergangen:
        vergangen_pruefen(gueltig_ab, bisher)
    return geltungsbereich


def vergangen_pruefen(gueltig_ab: dt.date | None, bisher: dt.date | None = None) -> None:
    """Ein Vorschlag für „Gültig ab“ liegt nicht in der Vergangenheit (die Freigabe nähme ihn ohnehin nicht) —
    beim Anlegen wie beim Ändern eines Pakets; ein unveränderter (`bisher`, inzwischen vergangener) bleibt stehen,
    damit sich Titel oder Stand eines älteren Pakets weiter ändern lassen."""
    heute = zeit.heute()
    if gueltig_ab is not None and gueltig_ab < heute and gueltig_ab != bisher:
        raise FreigabeFehler("datum_vergangen", f"Gültig ab (Vorschlag): {gueltig_ab:%d.%m.%Y} liegt in der "
                                                f"Vergangenheit — ein Datum ab heute ({heute:%d.%m.%Y}) wählen oder "
                                                "leer lassen: dann setzt es die Freigabe.")


def paket_anlegen(user: Any, *, weisung: str, titel: str, datum: dt.date, stand: str = "",
                  gueltig_ab: dt.date | None = None, gueltig_bis: dt.date | None = None,
                  geltungsbereich: dict[str, Any] | None = None, nicht_vergangen: bool = False) -> Freigabepaket:
    """Ein Paket mit den Metadaten einer Weisung des Katalogs — oder einer neuen, die die Redaktion danach auf der
    Seite des Pakets erfasst (services/weisung.py); Standortregeln nur aus standorte.yaml. `nicht_vergangen`: ein
    vergangenes „Gültig ab“ wird abgelehnt (`vergangen_pruefen`; die Seiten der Redaktion)."""
    weisung = _weisung_pruefen(weisung)
    _im_bereich("Datum der Weisung", datum)
    geltungsbereich = _metadaten_pruefen(gueltig_ab, gueltig_bis, geltungsbereich, weisung, datum=datum,
                                         nicht_vergangen=nicht_vergangen)
    paket = Freigabepaket.objects.create(weisung=weisung, titel=titel, datum=datum, stand=stand,
                                         gueltig_ab=gueltig_ab, gueltig_bis=gueltig_bis,
                                         geltungsbereich=geltungsbereich or {},
                                         autor=user, angelegt=zeit.jetzt(),
                                         bearbeiter=vermerken([], user, "Paket angelegt"))
    eintragen(user, "paket_angelegt", f"paket:{paket.pk}", weisung=weisung)
    return paket


METADATEN = ("weisung", "titel", "datum", "stand", "gueltig_ab", "gueltig_bis", "geltungsbereich")


def paket_fingerabdruck(paket: Freigabepaket) -> str:
    """Der Stand der Angaben eines Pakets, den das Formular mitsendet: geändert nur auf dem, was man sah."""
    werte = {f: getattr(paket, f) for f in METADATEN}
    return sha256(json.dumps(werte, sort_keys=True, default=str).encode()).hexdigest()[:16]


@transaction.atomic
def paket_aendern(user: Any, paket_id: int, *, fingerabdruck: str, weisung: str, titel: str, datum: dt.date,
                  stand: str = "", gueltig_ab: dt.date | None = None, gueltig_bis: dt.date | None = None,
                  geltungsbereich: dict[str, Any] | None = None, nicht_vergangen: bool = False) -> Freigabepaket:
    """Ändert die Angaben eines Pakets, solange es bearbeitet wird (offen oder zurückgewiesen) — und nur auf dem
    Stand, den die Redakteurin gesehen hat (`fingerabdruck`), sonst Konflikt (kein verlorenes Update)."""
    paket = Freigabepaket.objects.select_for_update().filter(pk=paket_id).first()
    if paket is None:
        raise FreigabeFehler("paket_fehlt", f"Paket {paket_id} gibt es nicht.")
    _offen(paket)
    if fingerabdruck != paket_fingerabdruck(paket):
        letzte = (Protokolleintrag.objects.filter(objekt=f"paket:{paket.pk}", aktion="paket_geaendert")
                  .select_related("user").order_by("-zeit").first())
        wer = f" von {letzte.user.get_username()} am {letzte.zeit:%d.%m.%Y %H:%M}" if letzte and letzte.user else ""
        raise FreigabeFehler("paket_konflikt", f"Die Angaben des Pakets wurden inzwischen{wer} geändert. Ihre "
                             "Eingaben stehen unten; die Seite zeigt den neuen Stand — bitte prüfen und erneut "
                             "speichern.")
    _im_bereich("Datum der Weisung", datum)
    weisung = _weisung_pruefen(weisung, paket)
    neu = {"weisung": weisung, "titel": titel, "datum": datum, "stand": stand, "gueltig_ab": gueltig_ab,
           "gueltig_bis": gueltig_bis, "geltungsbereich": _metadaten_pruefen(
               gueltig_ab, gueltig_bis, geltungsbereich, weisung, neue_weisung.gueltig_ab(paket.neue_weisung or {}),
               datum, nicht_vergangen=nicht_vergangen, bisher=paket.gueltig_ab)}
    geaendert = sorted(f for f, w in neu.items() if getattr(paket, f) != w)
    for feld, wert in neu.items():
        setattr(paket, feld, wert)
    if geaendert:
        paket.bearbeiter = vermerken(bearbeiter_des_pakets(paket), user, "Angaben geändert (" + ", ".join(
            PAKETFELDER.get(f, f) for f in geaendert) + ")")
    paket.save(update_fields=[*METADATEN, "bearbeiter"])
    eintragen(user, "paket_geaendert", f"paket:{paket.pk}", felder=geaendert)
    return paket


def _offen(paket: Freigabepaket) -> None:
    if paket.status not in (Freigabepaket.OFFEN, Freigabepaket.ZURUECKGEWIESEN):
        raise FreigabeFehler("paket_gesperrt", f"Das Paket ist {paket.get_status_display()}: keine Änderung möglich.")


@transaction.atomic
def entwurf_zuordnen(user: Any, paket_id: int, entwurf_id: int, *, zuordnen: bool = True,
                     weisung_setzen: bool = False) -> Entwurf:
    """Nimmt den Entwurf ins Paket auf (oder heraus). Nennt er eine andere Weisung, wird er nicht still
    aufgenommen; mit `weisung_setzen` (ausdrücklich gewählt) setzt das Aufnehmen zuerst `weisung:` im Entwurf auf die
    des Pakets — eine gespeicherte Änderung wie jede andere (neue Version, vermerkt bei der Person)."""
    paket = _paket(paket_id)
    _offen(paket)
    e = Entwurf.objects.select_for_update().filter(pk=entwurf_id).first()
    if e is None:
        raise FreigabeFehler("entwurf_fehlt", f"Entwurf {entwurf_id} gibt es nicht mehr (inzwischen verworfen oder "
                                              "veröffentlicht): die Seite neu laden und einen anderen Entwurf wählen.")
    if zuordnen and e.paket_id not in (None, paket.pk):
        raise FreigabeFehler("anderes_paket", "Der Entwurf gehört schon zu einem anderen Paket.")
    gesetzt = False
    if zuordnen and weisung_setzen and (weisung := weisung_im_text(e.text)) and weisung != paket.weisung:
        gesetzt = True
        e, _ = entwurf_speichern(user, e.pk, katalog_aus_datenbank(), version=e.version,
                                 text=kopf_setzen(e.text, "weisung", f'"{paket.weisung}"'),
                                 was=f"Weisung von {weisung} auf {paket.weisung} gesetzt (ins Paket aufgenommen)")
    if zuordnen and (weisung := weisung_im_text(e.text)) and weisung != paket.weisung:
        raise FreigabeFehler("weisung_abweichend", f"{e.leitfaden_id} (Entwurf {e.pk}) nennt Weisung {weisung}, dieses "
                                                   f"Paket gehört zu Weisung {paket.weisung}. Im Entwurf weisung: "
                                                   f"\"{paket.weisung}\" eintragen oder ihn in ein Paket der Weisung "
                                                   f"{weisung} aufnehmen.")
    if zuordnen and e.paket_id == paket.pk and not gesetzt:
        return e        # schon im Paket, nichts geändert: das Ergebnis des Tors bleibt, kein zweiter Eintrag im Protokoll
    e.paket = paket if zuordnen else None
    e.save(update_fields=["paket"])
    paket.tor = {}
    paket.bearbeiter = vermerken(bearbeiter_des_pakets(paket), user, f"Entwurf {e.leitfaden_id} "
                                                                      f"{'aufgenommen' if zuordnen else 'herausgenommen'}")
    paket.save(update_fields=["tor", "bearbeiter"])
    eintragen(user, "entwurf_zugeordnet" if zuordnen else "entwurf_herausgenommen", f"paket:{paket.pk}",
              entwurf=e.pk, leitfaden=e.leitfaden_id)
    return e


@transaction.atomic
def tor_laufen_lassen(user: Any, paket_id: int) -> dict[str, Any]:
    """Führt das Szenario-Tor aus und legt sein Ergebnis am Paket ab. Hat das Paket schon ein `gueltig_ab`,
    gilt es für jeden Entwurf (wie bei der Freigabe), damit das Tor prüft, was veröffentlicht würde."""
    paket = _paket(paket_id)
    entwuerfe = _entwuerfe(paket)
    for e in entwuerfe:
        e.text = paketdaten_setzen(e.text, gueltig_ab=paket.gueltig_ab, gueltig_bis=paket.gueltig_bis,
                                   geltungsbereich=paket.geltungsbereich)
    katalog = katalog_aus_datenbank()
    ergebnis = tor_pruefen(paket_katalog(katalog, entwuerfe, weisung_zum_pruefen(paket), aus_paket(paket.neue_optionen),
                                         paket.gueltig_ab), entwuerfe, paket.weisung)
    if not entwuerfe and paket.arbeitsmittel_entwuerfe.exists() and not ergebnis["befunde"]:
        ergebnis["ok"] = True       # nur Arbeitsmittel: kein Szenario zu führen — das Tor hält nicht auf
    if fehlt := fehlt_meldung(paket, katalog):
        ergebnis["ok"], ergebnis["befunde"] = False, [fehlt, *ergebnis["befunde"]]
    ergebnis["zeit"] = zeit.jetzt().isoformat()
    paket.tor = ergebnis
    paket.save(update_fields=["tor"])
    laeufe_eintragen(ergebnis["szenarien"], quelle=f"Szenario-Tor, Paket Weisung {paket.weisung}")
    eintragen(user, "tor_geprueft", f"paket:{paket.pk}", ok=ergebnis["ok"],
              szenarien=len(ergebnis["szenarien"]), ungedeckt=len(ergebnis["ungedeckt"]))
    return ergebnis


def _tor_bestanden(paket: Freigabepaket, entwuerfe: list[Entwurf]) -> None:
    if not entwuerfe and paket.arbeitsmittel_entwuerfe.exists():
        return      # nur Entwürfe von Arbeitsmitteln: das Tor hat nichts zu führen und hält nicht auf
    if not paket.tor or paket.tor.get("fingerabdruck") != fingerabdruck(entwuerfe):
        raise FreigabeFehler("tor_fehlt", "Das Szenario-Tor ist für den jetzigen Stand der Entwürfe nicht gelaufen: "
                                          "erst „Szenario-Tor prüfen“.")
    if not paket.tor.get("ok"):
        raise FreigabeFehler("tor_rot", "Das Szenario-Tor ist nicht bestanden: fehlschlagende Szenarien, Befunde "
                                        "oder ungedeckte Schritte zuerst beheben.")


@transaction.atomic
def paket_einreichen(user: Any, paket_id: int) -> Freigabepaket:
    paket = _paket(paket_id)
    _offen(paket)
    entwuerfe = _entwuerfe(paket)
    if not entwuerfe and not paket.arbeitsmittel_entwuerfe.exists():
        raise FreigabeFehler("paket_leer", "Das Paket enthält keine Entwürfe: erst unter „Entwurf aufnehmen“ die "
                                           "Entwürfe der Weisung aufnehmen, dann das Szenario-Tor prüfen.")
    katalog = katalog_aus_datenbank()
    if fehlt := fehlt_meldung(paket, katalog):
        raise FreigabeFehler("weisung_fehlt", fehlt)
    _tor_bestanden(paket, entwuerfe)
    am.bereit(paket, katalog)
    paket.status = Freigabepaket.ZUR_FREIGABE
    paket.save(update_fields=["status"])
    # Was wissentlich offen eingereicht wird (aus dem Tor dieses Stands) und was laut Weisung keinen Schritt braucht.
    eintragen(user, "paket_eingereicht", f"paket:{paket.pk}", weisung=paket.weisung,
              bearbeiter=namen(paket, entwuerfe), offene_punkte=[o[0] for o in paket.tor.get("offene_punkte") or []],
              ohne_schritt=paket.tor["ohne_schritt"] if "ohne_schritt" in paket.tor
              else ohne_schritt_der_weisung(paket, katalog))        # ein Tor von vor Session 31 kennt sie nicht
    return paket


@transaction.atomic
def einreichung_zurueckziehen(user: Any, paket_id: int) -> Freigabepaket:
    """Die Redaktion holt ein eingereichtes Paket zurück in die Bearbeitung, solange es nicht freigegeben ist
    (Rundgang Redaktion: nach dem Einreichen fiel ein Fehler auf — ohne diesen Weg musste die Freigabe erst
    zurückweisen). Das Ergebnis des Szenario-Tors bleibt; eingereicht wird wieder mit bestandenem Tor."""
    paket = _paket(paket_id)
    if paket.status != Freigabepaket.ZUR_FREIGABE:
        raise FreigabeFehler("nicht_eingereicht", f"Das Paket {paket.status_anzeige}, nicht zur Freigabe: es gibt "
                                                  "keine Einreichung zurückzuziehen.")
    paket.status = Freigabepaket.OFFEN
    paket.save(update_fields=["status"])
    eintragen(user, "einreichung_zurueckgezogen", f"paket:{paket.pk}", weisung=paket.weisung)
    return paket


def _darf(user: Any, paket: Freigabepaket, entwuerfe: list[Entwurf], *, freigeben: bool) -> None:
    """Freigeben: die Rolle Freigabe, und nie, wer am Paket mitgearbeitet hat (mitarbeit.py); zurückweisen: die
    Rolle Freigabe, nie wer das Paket oder einen seiner Entwürfe verfasst hat. Die Meldung nennt den Grund."""
    was = "Freigeben" if freigeben else "Zurückweisen"
    if not hat_freigaberolle(user):
        raise FreigabeFehler("vier_augen", f"{was} darf nur die Rolle Freigabe (Vier-Augen-Prinzip): Ihr Konto hat "
                                           "diese Rolle nicht.")
    if freigeben and (grund := freigabe_verwehrt(user, paket, entwuerfe)):
        raise FreigabeFehler("vier_augen", grund)
    if not freigeben and verfasst(user, paket, entwuerfe):
        raise FreigabeFehler("vier_augen", "Sie haben das Paket oder einen seiner Entwürfe verfasst — zurückweisen "
                                           "muss eine andere Person (Vier-Augen-Prinzip).")
    if paket.status != Freigabepaket.ZUR_FREIGABE:
        raise FreigabeFehler("nicht_eingereicht", f"Das Paket {paket.status_anzeige}, nicht zur Freigabe."
                             if paket.gilt_schon else f"Das Paket ist {paket.get_status_display()}, nicht zur Freigabe.")


@transaction.atomic
def paket_zurueckweisen(user: Any, paket_id: int, kommentar: str) -> Freigabepaket:
    paket = _paket(paket_id)
    _darf(user, paket, _entwuerfe(paket), freigeben=False)
    if not kommentar.strip():
        raise FreigabeFehler("kommentar_fehlt", "Kommentar: bitte sagen, was zu ändern ist.")
    paket.status, paket.pruefer, paket.kommentar = Freigabepaket.ZURUECKGEWIESEN, user, kommentar.strip()
    paket.save(update_fields=["status", "pruefer", "kommentar"])
    eintragen(user, "paket_zurueckgewiesen", f"paket:{paket.pk}", kommentar=paket.kommentar)
    return paket


def _datum_im_kopf(text: str, feld: str) -> dt.date | None:
    """`stand` oder `gueltig_ab` aus dem Quelltext eines Entwurfs (None, wenn er fehlt oder sich nicht lesen lässt:
    das melden die Befunde und das Tor)."""
    try:
        roh = lesen_text(text, "entwurf.yaml")
    except KatalogFehler:
        return None
    wert = roh.get(feld) if isinstance(roh, dict) else None
    if isinstance(wert, dt.datetime):
        return wert.date()
    if isinstance(wert, dt.date):
        return wert
    try:
        return dt.date.fromisoformat(str(wert).strip()) if wert else None
    except ValueError:
        return None


def frueheste_freigabe(paket: Freigabepaket, entwuerfe: list[Entwurf]) -> tuple[dt.date | None, str]:
    """Der früheste Tag, ab dem die Freigabe die Fassungen gelten lassen darf, ohne dem zu widersprechen, was die
    Redaktion vorgelegt hat: der Vorschlag des Pakets („Gültig ab (Vorschlag)“), der eigene `gueltig_ab` und der
    `stand` jedes Entwurfs — und woher er kommt (für die Meldung). (None, "") ohne solche Angaben."""
    kandidaten: list[tuple[dt.date, str]] = []
    if paket.gueltig_ab is not None:
        kandidaten.append((paket.gueltig_ab, "vorschlag"))
    for e in entwuerfe:
        for feld in ("stand", "gueltig_ab"):
            if (tag := _datum_im_kopf(e.text, feld)) is not None:
                kandidaten.append((tag, f"{feld}:{e.leitfaden_id}"))
    if not kandidaten:
        return None, ""
    return max(kandidaten, key=lambda k: k[0])


def _nicht_vor_vorschlag(paket: Freigabepaket, entwuerfe: list[Entwurf], gueltig_ab: dt.date) -> None:
    """„Gültig ab“ der Freigabe nie still vor dem Vorschlag der Redaktion oder dem Stand einer Fassung: die Fassung
    zeigte sonst „Stand 10.12.2026 · Gültig ab 07.12.2026“. Abgelehnt mit einer Meldung am Feld, die den Vorschlag
    nennt; früher freigeben heißt: die Redaktion ändert erst den Vorschlag (zurückweisen)."""
    frueheste, quelle = frueheste_freigabe(paket, entwuerfe)
    if frueheste is None or gueltig_ab >= frueheste:
        return
    teile = [f"Gültig ab: {gueltig_ab:%d.%m.%Y} liegt vor dem, was die Redaktion vorgelegt hat."]
    if paket.gueltig_ab is not None and gueltig_ab < paket.gueltig_ab:
        teile.append(f"Der Vorschlag der Redaktion ist {paket.gueltig_ab:%d.%m.%Y};")
    vor_stand = [(e.leitfaden_id, tag) for e in entwuerfe
                 if (tag := _datum_im_kopf(e.text, "stand")) is not None and gueltig_ab < tag]
    if vor_stand:
        fassungen = ", ".join(f"{lid}, Stand {tag:%d.%m.%Y}" for lid, tag in vor_stand)
        teile.append(f"früher freigeben heißt: die Fassung gilt vor ihrem Stand ({fassungen}).")
    elif quelle.startswith("gueltig_ab:"):
        teile.append(f"früher freigeben heißt: die Fassung {quelle.split(':', 1)[1]} gilt früher, als ihr Entwurf "
                     f"angibt (gültig ab {frueheste:%d.%m.%Y}).")
    else:
        teile.append("früher freigeben heißt: die Fassungen gelten vor dem Tag, den die Redaktion geprüft hat.")
    teile.append(f"Ein Datum ab dem {frueheste:%d.%m.%Y} wählen — oder zurückweisen, damit die Redaktion den "
                 "Vorschlag ändert.")
    raise FreigabeFehler("vor_vorschlag", " ".join(teile))


@transaction.atomic
def paket_freigeben(user: Any, paket_id: int, *, gueltig_ab: dt.date, kommentar: str = "") -> Freigabepaket:
    """Freigabe mit Gültigkeitsdatum: setzt `gueltig_ab` in jedem Entwurf, prüft und führt das Tor noch
    einmal aus (nichts wird ungeprüft veröffentlicht) und siegelt die Fassungen."""
    paket = _paket(paket_id)
    entwuerfe = _entwuerfe(paket)
    _darf(user, paket, entwuerfe, freigeben=True)
    _tor_bestanden(paket, entwuerfe)
    if gueltig_ab < zeit.heute():
        raise FreigabeFehler("datum_vergangen", f"Gültig ab: {gueltig_ab:%d.%m.%Y} liegt in der Vergangenheit.")
    _im_bereich("Gültig ab", gueltig_ab)
    bearbeiter = namen(paket, entwuerfe)
    veroeffentlicht = katalog_aus_datenbank()
    nicht_vor_weisung("Gültig ab", gueltig_ab, paket.weisung, weisung_ab(paket, veroeffentlicht))
    _nicht_vor_vorschlag(paket, entwuerfe, gueltig_ab)
    for e in entwuerfe:
        e.text = paketdaten_setzen(e.text, gueltig_ab=gueltig_ab, gueltig_bis=paket.gueltig_bis,
                                   geltungsbereich=paket.geltungsbereich)
    stand = paket_katalog(veroeffentlicht, entwuerfe, weisung_zum_pruefen(paket), aus_paket(paket.neue_optionen),
                          gueltig_ab)
    am.bereit(paket, veroeffentlicht, gueltig_ab)
    ohne_leitfaden: dict[str, Any] = {"ok": True, "szenarien": [], "befunde": [], "nur_arbeitsmittel": True}
    tor = tor_pruefen(stand, entwuerfe, paket.weisung) if entwuerfe else ohne_leitfaden
    if not tor["ok"]:
        paket.tor = {**tor, "zeit": zeit.jetzt().isoformat()}
        paket.save(update_fields=["tor"])
        raise FreigabeFehler("tor_rot", "Mit diesem Gültigkeitsdatum besteht das Szenario-Tor nicht "
                                        "(siehe Ergebnis des Tors): anderes Datum wählen oder zurückweisen.")
    laeufe_eintragen(tor["szenarien"], quelle=f"Freigabe, Paket Weisung {paket.weisung}")
    jetzt = zeit.jetzt()
    _pfade_frei(stand.aenderungen)
    try:
        with transaction.atomic():          # Sicherungspunkt: eine Kollision ändert nichts und wird zur Meldung
            weisung_veroeffentlichen(paket, stand, veroeffentlicht, jetzt)
            optionen_veroeffentlichen(paket, stand, gueltig_ab, jetzt)
            for e, fassung, _, d in stand.aenderungen:
                veroeffentlichen(paket, e, fassung, d, stand.katalog, jetzt)
            arbeitsmittel = am.veroeffentlichen(paket, gueltig_ab, jetzt)
    except IntegrityError:
        raise FreigabeFehler("pfad_vergeben", "Nicht freigegeben: eine Datei des Pakets gibt es im Katalog schon "
                                              "(zwei Leitfäden im selben Ordner oder dieselbe Fassung zweimal). "
                                              "Nichts wurde veröffentlicht; das Paket zurückweisen, damit die "
                                              "Redaktion den Entwurf in einen eigenen Ordner legt.") from None
    paket.status, paket.pruefer, paket.kommentar = Freigabepaket.GEPLANT, user, kommentar.strip()
    paket.gueltig_ab, paket.tor = gueltig_ab, {**tor, "zeit": jetzt.isoformat()}
    paket.save(update_fields=["status", "pruefer", "kommentar", "gueltig_ab", "tor"])
    generation_erhoehen()
    befunde_auffrischen(katalog_aus_datenbank(), {e.leitfaden_id for e in entwuerfe})
    eintragen(user, "paket_freigegeben", f"paket:{paket.pk}", weisung=paket.weisung,
              gueltig_ab=gueltig_ab.isoformat(), fassungen=[f.schluessel for _, f, _, _ in stand.aenderungen],
              arbeitsmittel=arbeitsmittel, bearbeiter=bearbeiter)
    return paket


__all__ = ["paket_zurueckrufen"]      # für Sichten und Tests weiter hier erreichbar
