"""Korrekturfassungen der Familienkasse ab 08.12.2026.

- FK 4.404 (Nachweise für volljährige Kinder): Die Optionen-Quelle `kinder` nimmt mit `ab_alter` nur Kinder, die am
  Tag des Kontakts mindestens so alt sind (am Geburtstag zählt das neue Jahr, ein Kind ohne Geburtsdatum steht
  dabei); die Kennung eines jüngeren Kindes lehnt sie mit Name und Alter ab. Ohne den Parameter bleibt alles wie
  vorher — die älteren Fassungen von FK 4.404 und FK 4.405 bieten weiter jedes Kind an. Ohne volljähriges Kind
  fragt die neue Fassung nicht nach dem Kind (Abfrage `kinder_ab_alter` davor), sondern endet mit der Auskunft.
- FK 4.406: Der Weg „Änderung mitteilen“ endet mit „An die Familienkasse Direktion abgegeben“
  (an_fk_direktion_abgegeben), Sachstand und Zuständigkeit weiter mit „Auskunft erteilt“.
Am 07.12.2026 gelten noch die Vorgängerinnen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.auftraege import ABFRAGEN, QUELLEN
from kundenportal.leitfaden.auftraege.optionen import alter_am, tag_mit_alter
from kundenportal.leitfaden.engine import text_fuellen
from kundenportal.leitfaden.fehler import AntwortAbgelehnt, SystemFehler
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.vokabular import BERLIN

KORREKTUR = dt.date(2026, 12, 8)
VORTAG = dt.date(2026, 12, 7)
KUNDE = {"kundennummer": "955A300801", "vorname": "Miriam", "nachname": "Schneider", "geburtsdatum": "1982-06-06",
         "wohnort_agentur": "Köln"}
# Am 08.12.2026: K1 22 Jahre, K2 wird morgen 18, K3 wird heute 18, K4 ohne Geburtsdatum, K5 am 29.02. geboren (16).
KINDER = [{"id": "K1", "vorname": "Noah", "geburtsdatum": "2004-03-15"},
          {"id": "K2", "vorname": "Max", "geburtsdatum": "2008-12-09"},
          {"id": "K3", "vorname": "Jan", "geburtsdatum": "2008-12-08"},
          {"id": "K4", "vorname": "Sophie"},
          {"id": "K5", "vorname": "Lea", "geburtsdatum": "2010-02-28"}]
NUR_MINDERJAEHRIGE = [{"id": "K1", "vorname": "Max", "geburtsdatum": "2010-05-20"},
                      {"id": "K2", "vorname": "Lea", "geburtsdatum": "2012-02-29"}]


def _zwillinge(katalog: Katalog, kinder: list[dict[str, Any]]) -> SpeicherSysteme:
    z = SpeicherSysteme(katalog.standorte)
    z.ausgangslage_laden({"kunde": KUNDE, "kiwi": {"kindergeldnummer": "123FK300801", "familienkasse": "Köln",
                                                  "kinder": kinder}})
    return z


def _kontext(katalog: Katalog, datum: dt.date = KORREKTUR) -> Kontext:
    return Kontext(datum=datum, jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="scfk", standort="Köln",
                   kundennummer=KUNDE["kundennummer"], benutzer="test", kontakt="k1", standorte=katalog.standorte)


def _optionen(katalog: Katalog, kinder: list[dict[str, Any]], p: dict[str, Any],
              datum: dt.date = KORREKTUR) -> dict[str, str]:
    optionen = QUELLEN["kinder"].optionen(_zwillinge(katalog, kinder).systeme(), _kontext(katalog, datum), p)
    return {str(o.wert): o.label for o in optionen}


def _ablehnung(katalog: Katalog, wert: str, p: dict[str, Any], datum: dt.date = KORREKTUR) -> str | None:
    quelle = QUELLEN["kinder"]
    assert quelle.ablehnung is not None
    return quelle.ablehnung(_zwillinge(katalog, KINDER).systeme(), _kontext(katalog, datum), p, wert)


def _sitzung(katalog: Katalog, leitfaden: str, datum: dt.date, kinder: list[dict[str, Any]]) -> Sitzung:
    z = _zwillinge(katalog, kinder)
    return Sitzung.starten(katalog, z.systeme(), leitfaden, datum=datum,
                           jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="scfk", standort="Köln",
                           kundennummer=KUNDE["kundennummer"], benutzer="test", kontakt="k1")


# --- Die Optionen-Quelle `kinder` --------------------------------------------------------------------------------


def test_ohne_parameter_alle_kinder_wie_bisher(katalog: Katalog) -> None:
    assert _optionen(katalog, KINDER, {}) == {
        "K1": "K1 – Noah (15.03.2004)", "K2": "K2 – Max (09.12.2008)", "K3": "K3 – Jan (08.12.2008)",
        "K4": "K4 – Sophie", "K5": "K5 – Lea (28.02.2010)"}
    # Die Ablehnung ohne Parameter ist die frühere Prüfung der Engine: nur, was nicht angeboten wird.
    assert _ablehnung(katalog, "K2", {}) is None and _ablehnung(katalog, "K5", {}) is None
    assert _ablehnung(katalog, "K9", {}) == "'K9' ist keine der angebotenen Optionen"


def test_ab_alter_nur_kinder_die_am_kontakttag_so_alt_sind(katalog: Katalog) -> None:
    assert _optionen(katalog, KINDER, {"ab_alter": "18"}) == {
        "K1": "K1 – Noah (15.03.2004, 22 Jahre alt)",
        "K3": "K3 – Jan (08.12.2008, 18 Jahre alt)",                                  # heute 18: dabei
        "K4": "K4 – Sophie (kein Geburtsdatum in KIWI: Alter bitte erfragen)"}       # Alter unbekannt: dabei
    # Am Vortag ist K3 noch 17, zwei Tage später auch K2 volljährig; ab_alter darf eine Zahl sein ("=18" in CEL).
    assert set(_optionen(katalog, KINDER, {"ab_alter": 18}, VORTAG)) == {"K1", "K4"}
    assert set(_optionen(katalog, KINDER, {"ab_alter": "18"}, dt.date(2026, 12, 9))) == {"K1", "K2", "K3", "K4"}
    assert set(_optionen(katalog, KINDER, {"ab_alter": "0"})) == {"K1", "K2", "K3", "K4", "K5"}
    assert _optionen(katalog, NUR_MINDERJAEHRIGE, {"ab_alter": "18"}) == {}
    assert _optionen(katalog, [], {"ab_alter": "18"}) == {}


def test_lebensalter_am_geburtstag_und_am_29_februar() -> None:
    assert alter_am(dt.date(2008, 12, 8), dt.date(2026, 12, 8)) == 18
    assert alter_am(dt.date(2008, 12, 9), dt.date(2026, 12, 8)) == 17
    assert alter_am(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17       # 2026 hat keinen 29.02.
    assert alter_am(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert alter_am(dt.date(2008, 2, 29), dt.date(2028, 2, 29)) == 20
    assert tag_mit_alter(dt.date(2008, 2, 29), 18) == dt.date(2026, 3, 1)
    assert tag_mit_alter(dt.date(2008, 2, 29), 20) == dt.date(2028, 2, 29)
    assert tag_mit_alter(dt.date(2008, 12, 9), 18) == dt.date(2026, 12, 9)


def test_ablehnung_nennt_kind_und_alter(katalog: Katalog) -> None:
    p = {"ab_alter": "18"}
    assert _ablehnung(katalog, "K2", p) == ("K2 – Max ist am 08.12.2026 17 Jahre alt; zur Wahl stehen nur Kinder ab "
                                            "18 Jahren (volljährige Kinder) — 18 wird es am 09.12.2026")
    assert _ablehnung(katalog, "K5", p) == ("K5 – Lea ist am 08.12.2026 16 Jahre alt; zur Wahl stehen nur Kinder ab "
                                            "18 Jahren (volljährige Kinder) — 18 wird es am 28.02.2028")
    assert _ablehnung(katalog, "K3", p) is None                      # heute 18
    assert _ablehnung(katalog, "K4", p) is None                      # ohne Geburtsdatum: angeboten, also angenommen
    assert _ablehnung(katalog, "K1", p) is None
    assert _ablehnung(katalog, "K9", p) == "K9 ist kein Kind in diesem KIWI-Fall"
    assert _ablehnung(katalog, "K1", {"ab_alter": "3"}) is None
    assert _ablehnung(katalog, "K2", {"ab_alter": "21"}).startswith(  # type: ignore[union-attr]
        "K2 – Max ist am 08.12.2026 17 Jahre alt; zur Wahl stehen nur Kinder ab 21 Jahren — 21 wird es am 09.12.2029")


def test_ungueltiges_ab_alter_ist_ein_klarer_fehler(katalog: Katalog) -> None:
    for falsch in ("achtzehn", "-1", "18.5", True):
        with pytest.raises(ValueError, match="ab_alter muss eine ganze Zahl von Jahren sein"):
            _optionen(katalog, KINDER, {"ab_alter": falsch})


def test_abfrage_zaehlt_wie_die_quelle(katalog: Katalog) -> None:
    abfrage = ABFRAGEN["kinder_ab_alter"]
    assert abfrage.variablen == {"anzahl_kinder_ab_alter": "zahl", "kinder_unter_alter": "text"}
    assert abfrage.beschreibung.startswith("KIWI:")              # „wartet auf KIWI (Kindergeld)“ nach einer Störung
    for kinder in (KINDER, NUR_MINDERJAEHRIGE, []):
        for datum in (VORTAG, KORREKTUR):
            werte = abfrage.lesen(_zwillinge(katalog, kinder).systeme(), _kontext(katalog, datum), {"ab_alter": "18"})
            assert werte["anzahl_kinder_ab_alter"] == len(_optionen(katalog, kinder, {"ab_alter": "18"}, datum))
    werte = abfrage.lesen(_zwillinge(katalog, NUR_MINDERJAEHRIGE).systeme(), _kontext(katalog), {"ab_alter": "18"})
    assert werte == {"anzahl_kinder_ab_alter": 0, "kinder_unter_alter": "K1 – Max, 16 Jahre alt, 18 am 20.05.2028; "
                                                                         "K2 – Lea, 14 Jahre alt, 18 am 01.03.2030"}
    leer = abfrage.lesen(_zwillinge(katalog, []).systeme(), _kontext(katalog), {"ab_alter": "18"})
    assert leer == {"anzahl_kinder_ab_alter": 0, "kinder_unter_alter": "im Fall ist kein Kind erfasst"}
    with pytest.raises(ValueError, match="braucht den Parameter ab_alter"):
        abfrage.lesen(_zwillinge(katalog, KINDER).systeme(), _kontext(katalog), {})


# --- FK 4.404: welche Fassung gilt, was sie anbietet -------------------------------------------------------------


def _bis_zum_kind(sitzung: Sitzung) -> Any:
    sitzung.antworten("identitaet_geprueft", True)
    zug = sitzung.antworten("oeffentlicher_dienst", "nein")
    while zug.art == "bestaetigung":
        zug = sitzung.bestaetigen()
    return zug


def test_fk4404_ab_08_12_nur_volljaehrige_minderjaehriges_kind_abgelehnt(katalog: Katalog) -> None:
    assert aufloesen(katalog, "FK 4.404", KORREKTUR, "Köln").schluessel == "FK 4.404@2026-12-08"  # type: ignore[union-attr]
    sitzung = _sitzung(katalog, "FK 4.404", KORREKTUR, KINDER)
    assert sitzung.lauf.fassung == "FK 4.404@2026-12-08"
    zug = _bis_zum_kind(sitzung)
    assert zug.art == "frage" and zug.fakt == "kind_id"
    assert [o.wert for o in zug.optionen or []] == ["K1", "K3", "K4"]
    with pytest.raises(AntwortAbgelehnt, match="K2 – Max ist am 08.12.2026 17 Jahre alt; zur Wahl stehen nur Kinder "
                                               r"ab 18 Jahren \(volljährige Kinder\)"):
        sitzung.antworten("kind_id", "K2")
    zug = sitzung.antworten("kind_id", "K3")
    assert zug.art == "ende" and zug.ergebnis == "auskunft_erteilt"
    vermerk = sitzung.vermerk(zug)
    assert "FK 4.404, Stand 08.12.2026" in vermerk
    assert "Kunde über die Nachweise für das volljährige Kind K3 informiert." in vermerk


def test_fk4404_vortag_und_aeltere_fassungen_bieten_weiter_minderjaehrige_an(katalog: Katalog) -> None:
    assert aufloesen(katalog, "FK 4.404", VORTAG, "Köln").schluessel == "FK 4.404@2020-03-20"  # type: ignore[union-attr]
    for datum, fassung in ((VORTAG, "FK 4.404@2020-03-20"), (dt.date(2020, 3, 19), "FK 4.404@2019-12-20")):
        sitzung = _sitzung(katalog, "FK 4.404", datum, KINDER)
        assert sitzung.lauf.fassung == fassung
        zug = sitzung.antworten("identitaet_geprueft", True)
        while zug.art != "frage" or zug.fakt != "kind_id":
            zug = sitzung.bestaetigen() if zug.art == "bestaetigung" else sitzung.antworten(zug.fakt, "nein")
        assert [o.wert for o in zug.optionen or []] == ["K1", "K2", "K3", "K4", "K5"]
        assert zug.optionen and zug.optionen[1].label == "K2 – Max (09.12.2008)"
        assert sitzung.antworten("kind_id", "K5").ergebnis == "auskunft_erteilt"        # minderjährig: angenommen
    # FK 4.405 (Haushalt) nutzt die Quelle ohne Parameter: auch ab 08.12.2026 jedes Kind.
    sitzung = _sitzung(katalog, "FK 4.405", KORREKTUR, KINDER)
    zug = _bis_zum_kind(sitzung)
    assert zug.fakt == "kind_id" and [o.wert for o in zug.optionen or []] == ["K1", "K2", "K3", "K4", "K5"]
    with pytest.raises(AntwortAbgelehnt, match="'K9' ist keine der angebotenen Optionen"):
        sitzung.antworten("kind_id", "K9")


def test_fk4404_ohne_volljaehriges_kind_keine_frage_sondern_auskunft(katalog: Katalog) -> None:
    sitzung = _sitzung(katalog, "FK 4.404", KORREKTUR, NUR_MINDERJAEHRIGE)
    zug = _bis_zum_kind(sitzung)
    assert zug.art == "ende" and zug.ergebnis == "auskunft_erteilt"
    assert "kind_id" not in sitzung.lauf.antworten
    assert [s.schritt.id for s in zug.weg][-2:] == ["volljaehrige_kinder", "kein_volljaehriges_kind"]
    text = text_fuellen(zug.schritt.text, zug.werte)
    assert text.startswith("Im KIWI-Fall ist heute kein Kind 18 Jahre oder älter (K1 – Max, 16 Jahre alt, 18 am "
                           "20.05.2028; K2 – Lea, 14 Jahre alt, 18 am 01.03.2030). Nachweise braucht die Familienkasse "
                           "erst ab dem 18. Geburtstag")
    vermerk = sitzung.vermerk(zug)
    assert "kein Kind im KIWI-Fall ist volljährig; Kunde informiert" in vermerk
    assert vermerk.endswith("Ergebnis: Auskunft erteilt.")


class _KiwiOhneFall:
    """KIWI, das Aktionen ausführt, aber den Fall nicht lesen kann (Störung genau bei der Abfrage)."""

    def __init__(self, kiwi: Any) -> None:
        self._kiwi = kiwi

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kiwi, name)

    def fall(self, _kundennummer: str) -> Any:
        raise SystemNichtErreichbar("KIWI ist zurzeit nicht erreichbar")


def test_fk4404_kiwi_gestoert_vor_der_auswahl_wartet_auf_kiwi(katalog: Katalog) -> None:
    """Die Abfrage vor der Frage liest KIWI: fällt KIWI dort aus, wartet das Gespräch auf KIWI (erneut versuchen)."""
    z = _zwillinge(katalog, KINDER)
    sitzung = Sitzung.starten(katalog, z.systeme(), "FK 4.404", datum=KORREKTUR,
                              jetzt=dt.datetime.combine(KORREKTUR, dt.time(9), BERLIN), kanal="scfk", standort="Köln",
                              kundennummer=KUNDE["kundennummer"], benutzer="test", kontakt="k1")
    sitzung.antworten("identitaet_geprueft", True)
    assert sitzung.antworten("oeffentlicher_dienst", "nein").art == "bestaetigung"
    sitzung.systeme = replace(z.systeme(), kiwi=_KiwiOhneFall(z.systeme().kiwi))  # type: ignore[arg-type]
    with pytest.raises(SystemFehler, match="KIWI ist zurzeit nicht erreichbar"):
        sitzung.bestaetigen()
    assert sitzung.stand().art == "abfrage" and sitzung.wartet_auf() == "KIWI (Kindergeld)"
    sitzung.systeme = z.systeme()
    zug = sitzung.weiter()
    assert zug.fakt == "kind_id" and [o.wert for o in zug.optionen or []] == ["K1", "K3", "K4"]


# --- FK 4.406: neues Ergebnis auf dem Weg „Änderung mitteilen“ ---------------------------------------------------

AENDERUNG = "Antragsteller wechselt zum 01.03.2027 zur Landeshauptstadt Köln (öffentlicher Dienst)."


def _fk4406(katalog: Katalog, datum: dt.date, anliegen: str) -> tuple[Sitzung, Any]:
    sitzung = _sitzung(katalog, "FK 4.406", datum, KINDER)
    antworten = {"identitaet_geprueft": True, "oeffentlicher_dienst": "nein", "oed_anliegen": anliegen,
                 "oed_aenderung": AENDERUNG}
    zug = sitzung.antworten("identitaet_geprueft", True)
    while zug.art != "ende":
        zug = sitzung.bestaetigen() if zug.art == "bestaetigung" else sitzung.antworten(zug.fakt, antworten[zug.fakt])
    return sitzung, zug


def test_neues_ergebnis_im_vokabular_mit_label(katalog: Katalog) -> None:
    ergebnisse = katalog.vokabular.ergebnisse
    assert ergebnisse["an_fk_direktion_abgegeben"] == "An die Familienkasse Direktion abgegeben"
    assert ergebnisse["an_os_algplus_abgegeben"] == "An OS AlgPlus abgegeben"          # Bestehendes unverändert
    assert ergebnisse["auskunft_erteilt"] == "Auskunft erteilt"


def test_fk4406_aenderung_ab_08_12_an_die_direktion_abgegeben(katalog: Katalog) -> None:
    assert aufloesen(katalog, "FK 4.406", KORREKTUR, "Köln").schluessel == "FK 4.406@2026-12-08"  # type: ignore[union-attr]
    sitzung, zug = _fk4406(katalog, KORREKTUR, "aenderung_mitteilen")
    assert sitzung.lauf.fassung == "FK 4.406@2026-12-08"
    assert zug.ergebnis == "an_fk_direktion_abgegeben" and zug.schritt.id == "abgegeben"
    [aufgabe] = [a for a in sitzung.aktionen() if a["system"] == "aufgaben"]
    assert aufgabe["an"] == "fk_direktion_qs" and aufgabe["text"] == AENDERUNG
    vermerk = sitzung.vermerk(zug)
    assert f"Änderung aufgenommen ({AENDERUNG}) und an die Familienkasse Direktion abgegeben." in vermerk
    assert vermerk.endswith("Ergebnis: An die Familienkasse Direktion abgegeben.")
    for anliegen in ("sachstand", "zustaendigkeit"):
        assert _fk4406(katalog, KORREKTUR, anliegen)[1].ergebnis == "auskunft_erteilt"


def test_fk4406_am_vortag_noch_auskunft_erteilt(katalog: Katalog) -> None:
    assert aufloesen(katalog, "FK 4.406", VORTAG, "Köln").schluessel == "FK 4.406@2026-12-07"  # type: ignore[union-attr]
    assert aufloesen(katalog, "FK 4.406", dt.date(2026, 12, 6), "Köln").schluessel == "FK 4.406@2020-03-20"  # type: ignore[union-attr]
    sitzung, zug = _fk4406(katalog, VORTAG, "aenderung_mitteilen")
    assert sitzung.lauf.fassung == "FK 4.406@2026-12-07" and zug.ergebnis == "auskunft_erteilt"


def test_neues_ergebnis_ist_keine_erstkontaktloesung() -> None:
    from kundenportal.fuehrung.kennzahlen import OHNE_LOESUNG

    assert {"an_fk_direktion_abgegeben", "an_os_algplus_abgegeben"} <= OHNE_LOESUNG
    assert "auskunft_erteilt" not in OHNE_LOESUNG


# --- Im Gespräch: Geschäftstag über KUNDENPORTAL_STICHTAG, Ergebnis auf der Seite --------------------------------


@pytest.fixture
def fk_kunde(db: Any) -> str:
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

    ausgangslage_laden({"kunde": {**KUNDE, "kundennummer": "955F080801"},
                        "kiwi": {"kindergeldnummer": "123FK080801", "familienkasse": "Köln", "kinder": KINDER}})
    return "955F080801"


def _gespraech(agent: Any, leitfaden: str, kunde: str, antworten: dict[str, str]) -> Any:
    from kundenportal.gespraech import services

    k = services.kontakt_starten(agent, leitfaden, kunde)
    ansicht = services.kontakt_stand(agent, k)
    for _ in range(20):
        if ansicht.art == "frage":
            ansicht = services.kontakt_beantworten(agent, k, ansicht.fakt, antworten[ansicht.fakt])
        elif ansicht.art == "bestaetigung":
            ansicht = services.kontakt_bestaetigen(agent, k, None)
        else:
            break
    return k, ansicht


@pytest.mark.django_db
@pytest.mark.parametrize(("stichtag", "stand", "ergebnis", "text"), [
    ("2026-12-08", dt.date(2026, 12, 8), "an_fk_direktion_abgegeben", "An die Familienkasse Direktion abgegeben"),
    ("2026-12-07", dt.date(2026, 12, 7), "auskunft_erteilt", "Auskunft erteilt")])
def test_fk4406_ergebnis_auf_der_abschlussseite(benutzer: Callable[..., Any], fk_kunde: str, settings: Any,
                                                client: Client, stichtag: str, stand: dt.date, ergebnis: str,
                                                text: str) -> None:
    settings.KUNDENPORTAL_STICHTAG = stichtag
    agent = benutzer("agent_scfk", f"fk-agent-korrektur-{stichtag}")
    k, ansicht = _gespraech(agent, "FK 4.406", fk_kunde, {
        "identitaet_geprueft": "ja", "oeffentlicher_dienst": "nein", "oed_anliegen": "aenderung_mitteilen",
        "oed_aenderung": AENDERUNG})
    assert ansicht.art == "ende" and ansicht.stand == stand
    assert ansicht.ergebnis == ergebnis and ansicht.ergebnis_text == text
    client.force_login(agent)
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert f'<span id="ergebnis">{text}</span>' in seite


@pytest.mark.django_db
@pytest.mark.parametrize(("stichtag", "stand", "angeboten"), [
    ("2026-12-08", dt.date(2026, 12, 8), ["K1", "K3", "K4"]),
    ("2026-12-07", dt.date(2020, 3, 20), ["K1", "K2", "K3", "K4", "K5"])])
def test_fk4404_auswahl_im_gespraech_je_geschaeftstag(benutzer: Callable[..., Any], fk_kunde: str, settings: Any,
                                                       stichtag: str, stand: dt.date, angeboten: list[str]) -> None:
    from kundenportal.gespraech import services

    settings.KUNDENPORTAL_STICHTAG = stichtag
    agent = benutzer("agent_scfk", f"fk-agent-4404-{stichtag}")
    k = services.kontakt_starten(agent, "FK 4.404", fk_kunde)
    ansicht = services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    ansicht = services.kontakt_beantworten(agent, k, "oeffentlicher_dienst", "nein")
    while ansicht.art == "bestaetigung":
        ansicht = services.kontakt_bestaetigen(agent, k, None)
    assert ansicht.art == "frage" and ansicht.fakt == "kind_id" and ansicht.stand == stand
    assert [w.wert for w in ansicht.optionen] == angeboten


def test_zu_lange_mitgeteilte_aenderung_nennt_die_laenge() -> None:
    """Rundgang Familienkasse: über 1.000 Zeichen sagte FK 4.406 nur „Bitte die Änderung erfassen (… 3 bis 1000
    Zeichen)“ — jetzt wie jede zu lange freie Antwort: wie lang, wie lang höchstens, der Text bleibt im Feld."""
    from kundenportal.gespraech.eingabe import text_antwort
    from kundenportal.gespraech.fehler import Abgelehnt

    assert text_antwort("oed_aenderung", "  Wechsel zum Land Bayern ab 01.01.2027  ") == \
        "Wechsel zum Land Bayern ab 01.01.2027"
    with pytest.raises(Abgelehnt) as zu_lang:
        text_antwort("oed_aenderung", "x" * 1001)
    assert zu_lang.value.code == "antwort_zu_lang"
    assert "1.001 Zeichen, höchstens 1.000" in zu_lang.value.meldung
