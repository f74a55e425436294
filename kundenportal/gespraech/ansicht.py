"""Die Ansicht eines Kontakts: was die Seite (und die API) zeigt — anstehende Frage mit Optionen,
gegangener Weg, ausgeführte Aktionen, Übergaben, Fassung. Reine Übersetzung von `engine.Zug`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kundenportal import lesbar
from kundenportal.leitfaden.auftraege import aktionstext
from kundenportal.leitfaden.bestaetigung import Vorhaben
from kundenportal.leitfaden.engine import NAME, Station, Zug, text_fuellen
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.modell import Einbinden, Frage
from kundenportal.leitfaden.vermerk import antwort_text
from kundenportal.leitfaden.vokabular import BERLIN, wert_text
from kundenportal.leitfaden.vokabular_zusatz import optionen_fuer
from kundenportal.leitfaden.wortlaut import frage_text, sagen_wort

from .models import Kontakt
from .queries import Kundendaten

IDENTITAET = "identitaet_geprueft"
EINGABEN = {"text": "text", "datum": "date", "zahl": "number", "zeitpunkt": "datetime-local"}
# Freie Antworten, die mehr als eine Angabe tragen, bekommen ein mehrzeiliges Feld (textarea; Enter beginnt eine neue
# Zeile, Strg+Enter übernimmt): FK 4.406 nimmt die Änderung auf — wer wechselt ab wann zu welchem Arbeitgeber, bis
# 1.000 Zeichen. Ein Grund „in einem Satz“ (absagegrund) bleibt einzeilig.
MEHRZEILIG = frozenset({"oed_aenderung"})


@dataclass(frozen=True)
class Wahl:
    wert: str        # was das Formular sendet (wird vom Fakt gelesen)
    label: str


@dataclass(frozen=True)
class Wegpunkt:
    """Ein gegangener Schritt: Frage mit Antwort, Hinweis, Aktion oder Übergabe (abgabe)."""

    art: str                 # frage | hinweis | aktion | abgabe | pruefung | einbinden | ende | rueckkehr
    text: str
    antwort: str = ""
    fakt: str = ""           # bei Fragen: zum Zurückgehen


QUELLE_FREIE_TERMINE = "freie_termine"


@dataclass
class Terminfilter:
    """Was der Filter über der Terminfrage zeigt; `fehler` steht am Feld `fehler_feld`."""

    agentur: str                    # deren Kalender angeboten wird ("" bei einem Cluster-Kalender)
    agentur_fakt: str = ""          # die frühere Antwort, die die Agentur bestimmt ("" = fest)
    vorschlaege: list[str] = field(default_factory=list)
    tag: dt.date | None = None
    fehler: str = ""
    fehler_feld: str = ""
    eingabe: str = ""               # die abgelehnte Agentur, wie eingegeben (steht wieder im Feld)
    tag_eingabe: str = ""           # der abgelehnte Tag (JJJJ-MM-TT), wie eingegeben — steht wieder im Feld

    @property
    def agentur_waehlbar(self) -> bool:
        return bool(self.agentur_fakt)


def _ist_terminfrage(zug: Zug) -> bool:
    schritt = zug.schritt
    return (zug.art == "frage" and isinstance(schritt, Frage) and schritt.optionen_aus is not None
            and schritt.optionen_aus.quelle == QUELLE_FREIE_TERMINE)


def _agentur_fakt(zug: Zug, antworten: dict[str, Any]) -> str:
    """Der Fakt, dessen Antwort die Agentur der Terminfrage ist (`agentur: "=wunschagentur"`), sonst ""."""
    schritt = zug.schritt
    assert isinstance(schritt, Frage) and schritt.optionen_aus is not None
    roh = schritt.optionen_aus.parameter.get("agentur")
    if isinstance(roh, str) and roh.startswith("="):
        name = roh[1:].strip()
        if NAME.fullmatch(name) and name in antworten:
            return name
    return ""


def vorgabe(k: Katalog, zug: Zug, antworten: dict[str, Any]) -> Terminfilter | None:
    """Der Filter ohne Eingabe (die nächsten zehn), oder None, wenn keine Terminfrage ansteht.
    Vorschläge für die Agentur: bei der Berufsberatung im Erwerbsleben die BBiE-Agenturen des Verbundes
    der Wohnortagentur (A8); geprüft wird die Eingabe trotzdem von der Engine."""
    if not _ist_terminfrage(zug):
        return None
    agentur = str(zug.parameter.get("agentur") or "")
    fakt = _agentur_fakt(zug, antworten) if agentur else ""
    vorschlaege = [agentur] if agentur else []
    wohnort = str(zug.werte.get("wohnort_agentur") or "")
    if fakt and zug.parameter.get("bereich") == "bb_im_erwerbsleben" and wohnort:
        vorschlaege = [a.name for a in k.standorte.bbie_agenturen(wohnort)]
    return Terminfilter(agentur=agentur, agentur_fakt=fakt, vorschlaege=vorschlaege)


# Wie lang eine freie Textantwort sein darf: der Grund der Absage „in einem Satz“ wie auf der Kundenseite
# (eservice.forms.TerminAbsageForm, 500), sonst wie die längste freie Angabe der Kundenseite (2.000).
HOECHSTENS = {"absagegrund": 500, "oed_aenderung": 1000}   # FK 4.406: wie dort gueltig_wenn (3 bis 1000 Zeichen)
TEXT_HOECHSTENS = 2000


def hoechstens(fakt: str) -> int:
    """So viele Zeichen darf die freie Textantwort auf `fakt` haben (geprüft in eingabe.text_antwort)."""
    return HOECHSTENS.get(fakt, TEXT_HOECHSTENS)


@dataclass
class Ansicht:
    kontakt: Kontakt
    art: str                            # frage | ende | stoerung
    leitfaden_id: str
    titel: str
    stand: dt.date
    weisung: str
    fakt: str = ""
    schritt: str = ""                   # Schlüssel des Frageschritts (mit Einbindungen: "absage/termin")
    frage: str = ""                     # Label des Fakts
    zurueck: bool = False               # nach „Zurück“/„ändern“: die Ansage sagt „Zurück zur Frage“, nicht „Nächste“
    text: str = ""                      # Text des Schritts (Platzhalter gefüllt)
    regel: str = ""
    optionen: list[Wahl] = field(default_factory=list)
    eingabe: str = ""                   # HTML-Eingabetyp, wenn frei zu erfassen
    sagen: list[str] = field(default_factory=list)          # Hinweise seit der letzten Frage
    erledigt: list[Wegpunkt] = field(default_factory=list)  # Aktionen/Übergaben seit der letzten Frage
    weg: list[Wegpunkt] = field(default_factory=list)
    ergebnis: str = ""
    ergebnis_text: str = ""
    vermerk: str = ""
    vermerk_kopf: str = ""              # offen vor dem Ende: die erste Zeile des Vermerks (Tag, Kanal, Fassung, Weisung)
    meldung: str = ""
    identitaet_geprueft: bool = False
    ohne_identitaet: bool = False       # der Leitfaden prüft keine Identität (SC 3.017): keine Kundendaten
    kunde: Kundendaten | None = None
    kunde_unveraendert: bool = False    # Kundendaten nicht gelesen: die Seite behält, was sie zeigt (htmx)
    letzte_kontakte: list[Kontakt] | None = None   # neben den Kundendaten, wenn die Seite sie zeigt (historie)
    terminfilter: Terminfilter | None = None   # über freien Terminen: filtern nach Agentur und Tag
    vorhaben: Vorhaben | None = None    # bei art "bestaetigung": was die Aktion tun wird (ADR 0008)
    aenderbar: set[str] = field(default_factory=set)   # Fakten, deren Antwort noch geändert werden kann
    wartet_auf: str = ""                # bei art "stoerung": das Fachverfahren, auf das der Auftrag wartet
    stoerung_code: str = ""             # bei art "stoerung": Art der letzten Ablehnung (SystemFehlerArt), "" unbekannt
    stoerung_meldung: str = ""          # … und was das Fachverfahren sagte
    eingabe_wert: str = ""              # steht wieder im freien Antwortfeld: abgelehnt oder vor „Zurück“ gegeben
    vorige_wahl: str = ""               # nach „Zurück“ zu einer Frage mit Optionen: die zurückgenommene (Wahl.wert)
    feld_fehler: str = ""               # warum die Antwort im Feld nicht übernommen wurde (steht am Feld)

    @property
    def hoechstens_zeichen(self) -> str:
        """„1.000“: so viele Zeichen darf die freie mehrzeilige Antwort haben (der Hinweis am Feld, bevor die
        Prüfung sie ablehnt); sonst ""."""
        return lesbar.zahl(hoechstens(self.fakt)) if self.eingabe == "mehrzeilig" else ""

    @property
    def letzte_antwort(self) -> str:
        """Der Fakt der letzten beantworteten Frage (Ziel von „Zurück“)."""
        fragen = [w.fakt for w in self.weg if w.art == "frage" and w.fakt in self.aenderbar]
        return fragen[-1] if fragen else ""

    @property
    def weg_stempel(self) -> str:
        """Kennzeichen des angezeigten Wegs (das Antwortformular sendet es mit, `neue_wegpunkte`)."""
        return wegstempel(self.weg, self.aenderbar)

    def neue_wegpunkte(self, gezeigt: str) -> list[Wegpunkt] | None:
        """Nach einer Antwort: die Wegpunkte, die an den Weg anzuhängen sind, den die Seite zeigt — die
        beantwortete Frage und was danach geschah —, wenn `gezeigt` (der `weg_stempel` der Seite) genau
        den Weg davor kennzeichnet, mit denselben änderbaren Antworten. Sonst None: die Seite zeigt etwas
        anderes (ein anderer Tab, ein „Zurück“ dazwischen, eine Aktion, nach der Früheres nicht mehr
        änderbar ist) oder noch „Noch keine Antwort“, und der ganze Bereich ist neu zu zeigen."""
        beantwortet = max((i for i, w in enumerate(self.weg) if w.art == "frage"), default=0)
        if beantwortet == 0 or wegstempel(self.weg[:beantwortet], self.aenderbar) != gezeigt:
            return None
        return self.weg[beantwortet:]

    @property
    def stoerung_dauerhaft(self) -> bool:
        """Lehnte das Fachverfahren ab (nicht gefunden, kein Recht, abgelehnt), statt nicht erreichbar zu sein? Dann
        hilft „Erneut versuchen“ nicht: erst die Angabe ändern oder den Kontakt mit Vermerk beenden."""
        return self.art == "stoerung" and self.stoerung_code not in ("", "nicht_erreichbar")

    @property
    def stoerung_vermerk(self) -> str:
        """Der Vorschlag für den Vermerk, wenn der Kontakt an der Störung endet (die Agentin kann ihn ändern)."""
        system = self.wartet_auf or "Ein Fachverfahren"
        if self.stoerung_dauerhaft:
            return (f"{system}: {self.stoerung_meldung or 'Vorgang abgelehnt'}. Vorgang nicht ausgeführt; Kontakt ohne "
                    "Abschluss des Anliegens beendet.")
        return f"{system} war nicht erreichbar; Kontakt ohne Abschluss des Anliegens beendet."

    @property
    def sagen_wort(self) -> str:
        """Wie ein Hinweis im Kanal dieses Kontakts eingeleitet wird (`sagen_wort`)."""
        return sagen_wort(self.kontakt.kanal)

    @property
    def ansage(self) -> str:
        """Was die Live-Region vorliest, wenn die Frage ohne Neuladen wechselt (WCAG 2.1, 4.1.3
        Statusmeldungen): Meldung, Ausgeführtes, Hinweise und die neue Frage — mit denselben Worten wie
        sichtbar, Codes im Text mit ihrem Label (lesbar.im_text, in der Vorlage der Filter `lesbar_text`).
        Eine Meldung, die die Seite als Alarm zeigt (role="alert" in _frage.html), liest der Bildschirmleser schon
        dort vor: sie steht nicht noch einmal in der Ansage (sonst zweimal, etwa „… nicht erreichbar“)."""
        alarm = bool(self.meldung) and not self.stoerung_dauerhaft
        teile = [m for m in (None if alarm else self.meldung, self.feld_fehler) if m]
        teile += [("Übergeben an ein anderes Team: " if w.art == "abgabe" else "Ausgeführt und bestätigt: ")
                  + lesbar.im_text(w.text) for w in self.erledigt]
        teile += [f"{self.sagen_wort}: {s}" for s in self.sagen]
        if self.art == "frage":
            teile.append(f"Bitte korrigieren: {self.frage}" if self.feld_fehler
                         else f"Zurück zur Frage: {self.frage}" if self.zurueck else f"Nächste Frage: {self.frage}")
        elif self.art == "bestaetigung" and self.vorhaben is not None:
            teile.append(f"Bitte bestätigen: {self.vorhaben.was} in {self.vorhaben.system}")
        return " ".join(teile)


def wegstempel(weg: list[Wegpunkt], aenderbar: set[str]) -> str:
    """Was die Seite vom Weg zeigt, als kurzes Kennzeichen: jeder Punkt mit Art, Text, Antwort und ob die
    Antwort noch änderbar ist (der Knopf „ändern“)."""
    h = hashlib.blake2b(digest_size=8)
    for w in weg:
        h.update(repr((w.art, w.text, w.antwort, w.fakt, w.fakt in aenderbar)).encode())
    return h.hexdigest()


def eingabewert(wert: Any) -> str:
    """Eine Antwort so, wie das freie Antwortfeld sie wieder zeigt (HTML-Eingabetypen text, date, number,
    datetime-local): ein Zeitpunkt in Berliner Ortszeit ohne Sekunden, sonst wie `formwert`."""
    if isinstance(wert, dt.datetime):
        zeitpunkt = wert.astimezone(BERLIN) if wert.tzinfo is not None else wert
        return f"{zeitpunkt:%Y-%m-%dT%H:%M}"
    return "" if wert is None else formwert(wert)


def formwert(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, dt.datetime | dt.date):
        return wert.isoformat()
    return str(wert)


def _aktionstext(satz: dict[str, Any], texte: Mapping[str, str]) -> str:
    """Der Text einer ausgeführten Aktion mit den Labels der Werte („Papierantrag (Insolvenzgeld)“), wie im Vermerk."""
    return text_fuellen(aktionstext(satz), satz, texte)


def wegpunkt(katalog: Katalog, station: Station, kanal: str, auftraege: Mapping[str, Any]) -> Wegpunkt:
    schritt = station.schritt
    text = text_fuellen(schritt.text or "", station.werte, katalog.vokabular.wert_texte) if schritt.text else ""
    if isinstance(schritt, Frage):
        label = frage_text(katalog.vokabular, schritt, kanal)
        return Wegpunkt("frage", label if label.endswith("?") else f"{label}:",
                        lesbar.im_text(antwort_text(station, auftraege)) if schritt.optionen_aus
                        else wert_text(station.wert), schritt.fakt)
    if schritt.art in ("aktion", "abgabe") and isinstance(station.wert, dict):
        return Wegpunkt(schritt.art, _aktionstext(station.wert, katalog.vokabular.wert_texte), text)
    return Wegpunkt(schritt.art, text)


def optionen(katalog: Katalog, zug: Zug) -> tuple[list[Wahl], str]:
    """Die Optionen als Knöpfe, oder der Eingabetyp für freie Antworten."""
    if zug.optionen is not None:
        return [Wahl(formwert(o.wert), lesbar.im_text(o.label)) for o in zug.optionen], ""
    fakt = katalog.vokabular.fakten[zug.fakt]
    if fakt.typ == "bool":
        return [Wahl("ja", "Ja"), Wahl("nein", "Nein")], ""
    if fakt.typ == "auswahl":     # ohne neue Optionen der Redaktion, die diese (ältere) Fassung nicht kennt
        f = zug.fassung
        return [Wahl(o, lesbar.code(o)) for o in optionen_fuer(katalog.vokabular, zug.fakt, f.schluessel,
                                                               f.gueltig_ab)], ""
    if fakt.typ == "text" and zug.fakt in MEHRZEILIG:
        return [], "mehrzeilig"
    return [], EINGABEN.get(fakt.typ, "text")


def vorhaben_lesbar(vorhaben: Vorhaben | None, zug: Zug, auftraege: Mapping[str, Any]) -> Vorhaben | None:
    """Der Bestätigungsschritt mit den Werten, wie sie zur Wahl standen: ein Wert, der die Antwort einer
    Frage mit Optionen aus einem Fachverfahren ist (Termin, Kind, Agentur), steht mit deren Beschriftung da
    („11.01.2027 11:30 Uhr, Arbeitsvermittlung, Agentur Bonn (Termin T-3F09A1C2)“ statt „T-3F09A1C2“), Codes
    darin mit ihrem Label — wie im Weg (`wegpunkt`, vermerk.antwort_text)."""
    if vorhaben is None:
        return None
    beschriftet = {str(s.wert): lesbar.im_text(antwort_text(s, auftraege)) for s in zug.weg
                   if isinstance(s.schritt, Frage) and s.schritt.optionen_aus is not None and s.wert is not None}
    if not beschriftet:
        return vorhaben
    return replace(vorhaben, werte=[(bezeichnung, beschriftet.get(wert, wert)) for bezeichnung, wert in vorhaben.werte])


def aenderbare_antworten(protokoll: list[str]) -> set[str]:
    """Die Fakten, deren Antwort noch geändert werden kann: nur die nach der letzten ausgeführten
    Aktion (eine Absage im ATV ist nicht ungeschehen zu machen; „Zurück“ dorthin wird nicht angeboten)."""
    letzte = max((i for i, e in enumerate(protokoll) if str(e).startswith("auftrag:")), default=-1)
    return {str(e).removeprefix("antwort:") for e in protokoll[letzte + 1:] if str(e).startswith("antwort:")}


_FRAGT_IDENTITAET: dict[tuple[str, str], bool] = {}


def fragt_identitaet(katalog: Katalog, fassung: Fassung, tiefe: int = 0) -> bool:
    """Ob der Leitfaden (mit seinen eingebundenen) die Identität prüft — sonst sagt der Kundenbereich nicht
    „erscheinen, sobald die Identität bestätigt ist“ (SC 3.017: Arbeitgeber, keine Kundendaten). Je Fassung einmal."""
    schluessel = (fassung.schluessel, fassung.inhalt_hash)
    if schluessel in _FRAGT_IDENTITAET:
        return _FRAGT_IDENTITAET[schluessel]
    ergebnis = False
    for s in fassung.schritte.values():
        if isinstance(s, Frage) and s.fakt == IDENTITAET:
            ergebnis = True
            break
        if isinstance(s, Einbinden) and tiefe < 5:
            ziel = aufloesen(katalog, s.leitfaden, fassung.gueltig_ab, None)
            if ziel is not None and fragt_identitaet(katalog, ziel, tiefe + 1):
                ergebnis = True
                break
    _FRAGT_IDENTITAET[schluessel] = ergebnis
    return ergebnis


def bauen(katalog: Katalog, kontakt: Kontakt, zug: Zug, antworten: dict[str, Any]) -> Ansicht:
    fassung = katalog.fassung(kontakt.lauf["fassung"])
    lf = katalog.leitfaeden[fassung.leitfaden_id]
    ansicht = Ansicht(kontakt=kontakt, art=zug.art if zug.art in ("frage", "ende", "bestaetigung") else "stoerung",
                      leitfaden_id=fassung.leitfaden_id, titel=lf.kopf.titel, stand=fassung.stand,
                      weisung=fassung.weisung, identitaet_geprueft=antworten.get(IDENTITAET) is True,
                      ohne_identitaet=not fragt_identitaet(katalog, fassung))
    auftraege = kontakt.lauf.get("auftraege", {})
    ansicht.weg = [wegpunkt(katalog, s, kontakt.kanal, auftraege) for s in zug.weg]
    ansicht.aenderbar = aenderbare_antworten(kontakt.lauf.get("protokoll", []))
    letzte_frage = max((i for i, w in enumerate(ansicht.weg) if w.art == "frage"), default=-1)
    seit = ansicht.weg[letzte_frage + 1:]
    ansicht.sagen = [w.text for w in seit if w.art == "hinweis" and w.text]
    ansicht.erledigt = [w for w in seit if w.art in ("aktion", "abgabe")]
    schritt = zug.schritt
    ansicht.regel = schritt.regel or ""
    if zug.art in ("frage", "ende") and schritt.text:
        ansicht.text = text_fuellen(schritt.text, zug.werte, katalog.vokabular.wert_texte)
    if zug.art == "frage":
        ansicht.fakt, ansicht.schritt = zug.fakt, zug.schluessel
        ansicht.frage = frage_text(katalog.vokabular, schritt, kontakt.kanal) if isinstance(schritt, Frage) \
            else katalog.vokabular.fakten[zug.fakt].label_fuer(kontakt.kanal)
        ansicht.optionen, ansicht.eingabe = optionen(katalog, zug)
        ansicht.terminfilter = vorgabe(katalog, zug, antworten)
    elif zug.art == "ende":
        ansicht.ergebnis = zug.ergebnis
        ansicht.ergebnis_text = katalog.vokabular.ergebnisse.get(zug.ergebnis, zug.ergebnis)
    return ansicht
