"""Neue Antwortoptionen ohne Entwickler: die Redaktion ergänzt die Optionen einer Frage am Freigabepaket (Wert und
Beschriftung; das Vokabular wächst nur), das Paket prüft sie, zeigt sie der Freigabe, veröffentlicht sie gesiegelt —
und ab dem Tag des Pakets bietet die neue Fassung sie an, die ältere, gesiegelte nicht. Dazu: was vorher geschah (ein
Befund bei „je Antwort“, still nichts bei einer Bedingung), Meldungen an Zeile und Feld, Export und Import."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.test import Client

from kundenportal import lesbar
from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme
from kundenportal.leitfaden.ausfuehrung import antwort_lesen
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import AntwortAbgelehnt
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.leitfaden.szenario import ausfuehren, szenario_aus_text
from kundenportal.leitfaden.vokabular_zusatz import NeueOption, optionen_fuer, optionen_pruefen
from kundenportal.redaktion.models import Entwurf, Freigabepaket, Katalogdatei, Protokolleintrag
from kundenportal.redaktion.pruefung import entwurf_pruefen, katalog_befunde
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern
from kundenportal.redaktion.services.freigabe import (
    entwurf_zuordnen,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    paket_zurueckrufen,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.katalog import katalog_exportieren
from kundenportal.redaktion.services.optionen import OptionenFehler, optionen_erfassen
from kundenportal.redaktion.services.szenario import szenario_speichern

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
BASIS = "leitfaeden/fk/4.101b/2020-03-20.yaml"
ALT = 'je_antwort: {online: online, papier: papier}'
NEU = 'je_antwort: {online: online, papier: papier, persoenlich: persoenlich}'
SCHRITT = """  - id: persoenlich
    art: ende
    ergebnis: auskunft_erteilt
    regel: "2.2 b) 2"
    text: "Nennen Sie die Sprechzeiten der Familienkasse für die persönliche Antragstellung."
    vermerk: "Kinderzuschlag: persönliche Antragstellung in der Familienkasse besprochen."
"""
OPTION = NeueOption("kiz_antragsweg", "persoenlich", "Persönlich in der Familienkasse")
SZENARIO = """id: fk-4101b-redaktion-persoenlich
titel: Kinderzuschlag persönlich in der Familienkasse beantragen
leitfaden: FK 4.101b
kanal: scfk
datum: 2026-12-20
ausgangslage:
  kunde: {kundennummer: 955A300008, vorname: Ali, nachname: Kaya, geburtsdatum: 1977-08-08, wohnort_agentur: Kiel}
  kiwi: {kindergeldnummer: 123FK000089, familienkasse: Kiel, kinder: [{id: K1, vorname: Mia, geburtsdatum: 2014-04-09, haushalt: eltern}]}
antworten: {identitaet_geprueft: true, oeffentlicher_dienst: nein, kiz_antragsweg: persoenlich}
erwartet: {ergebnis: auskunft_erteilt}
"""


@pytest.fixture
def stichtag(settings: Any) -> Callable[[str], None]:
    def setzen(tag: str) -> None:
        settings.KUNDENPORTAL_STICHTAG = tag
    setzen("2026-12-10")
    return setzen


def _entwurf(autorin: Any, *, mit_option: bool = True) -> Entwurf:
    basis = Katalogdatei.objects.get(pfad=BASIS)
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=basis, stand=dt.date(2026, 12, 10))
    text = e.text.replace(ALT, NEU) + SCHRITT if mit_option else e.text
    e, _ = entwurf_speichern(autorin, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    return e


def _paket(autorin: Any) -> Freigabepaket:
    return paket_anlegen(autorin, weisung="202003006", titel="KiZ: persönliche Antragstellung",
                         datum=dt.date(2026, 12, 1))


def test_ohne_ergaenzung_befund_bei_je_antwort_und_bei_einer_bedingung(db_katalog: None,
                                                                      benutzer: Benutzer) -> None:
    """Was ohne Ergänzung geschieht: „je Antwort“ mit neuer Option ist ein Befund; eine Bedingung, die mit ihr
    vergleicht, auch (der Zweig griffe nie — die Option wird im Gespräch nie angeboten, sie steht nicht im
    Vokabular; pruefungen/vergleichswerte.py)."""
    e = _entwurf(benutzer("redaktion", "autorin"))
    assert [b["schritt"] for b in e.befunde] == ["antragsweg"]
    assert e.befunde[0]["meldung"].startswith("persoenlich ist keine Option von kiz_antragsweg (online, papier)")
    katalog = katalog_aus_datenbank()
    text = Katalogdatei.objects.get(pfad=BASIS).text.replace(
        ALT, "weiter:\n      - {wenn: 'kiz_antragsweg == \"persoenlich\"', nach: online}\n      - sonst: papier")
    text = text.replace("stand: 2020-03-20", "stand: 2026-12-10").replace("gueltig_ab: 2020-03-20",
                                                                         "gueltig_ab: 2026-12-10")
    (befund,) = entwurf_pruefen(katalog, "FK 4.101b", "leitfaeden/fk/4.101b", text).befunde
    assert befund.feld == "schritte.antragsweg.weiter.wenn"
    assert ("Wert 'persoenlich' gibt es für kiz_antragsweg nicht (online, papier) — der Vergleich ist nie wahr"
            in befund.meldung)
    assert "persoenlich" not in katalog.vokabular.fakten["kiz_antragsweg"].optionen


def test_pruefung_der_neuen_optionen_nennt_zeile_und_feld(db_katalog: None) -> None:
    vok = katalog_aus_datenbank().vokabular
    fehler = optionen_pruefen(vok, [
        NeueOption("kiz_antragsweg", "Persönlich", "x"), NeueOption("kiz_antragsweg", "online", "Online"),
        NeueOption("kiz_antragsweg", "vorsprache", "Vorsprache in der Familienkasse"),
        NeueOption("kiz_antragsweg", "neu", ""), NeueOption("absagegrund", "krank", "Krankheit"),
        NeueOption("gibt_es_nicht", "a", "A"), NeueOption("kiz_antragsweg", "post", "auf Papier"),
        NeueOption("kiz_antragsweg", "neu", "Neu")])
    assert [(z, f) for z, f, _ in fehler] == [(0, "wert"), (1, "wert"), (2, "label"), (3, "label"), (4, "fakt"),
                                              (5, "fakt"), (6, "label"), (7, "wert")]
    meldungen = [m for _, _, m in fehler]
    assert meldungen[0].startswith("Wert „Persönlich“: nur Kleinbuchstaben (ohne Umlaute)")
    assert meldungen[1].startswith("„online“ ist schon eine Antwortoption der Frage „Wie möchte der Kunde "
                                   "Kinderzuschlag beantragen?“: bestehende Optionen bleiben")
    assert meldungen[2] == ("Der Wert „vorsprache“ heißt im Vokabular schon „Vorsprache in der Agentur“; eine andere "
                            "Beschriftung wäre eine Umbenennung. Diese Beschriftung übernehmen oder einen neuen Wert "
                            "wählen.")
    assert meldungen[3].startswith("Beschriftung fehlt")
    assert "keine festen Antwortoptionen (Typ text)" in meldungen[4]
    assert meldungen[5].startswith("Frage „gibt_es_nicht“ gibt es im Vokabular nicht")
    assert meldungen[6].startswith("Die Beschriftung „auf Papier“ trägt schon die Option „papier“")
    assert meldungen[7].startswith("„neu“ für diese Frage steht doppelt (schon in Zeile 4)")


def test_formular_meldet_am_feld_und_speichert_nichts(db_katalog: None, benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket(autorin)
    c = Client()
    c.force_login(autorin)
    seite = c.get(f"/redaktion/pakete/{p.pk}/optionen/").content.decode()
    assert "Wie möchte der Kunde Kinderzuschlag beantragen? (kiz_antragsweg)" in seite
    assert "Grund der Absage" not in seite                      # Freitext: keine Optionen zu ergänzen
    daten = {"option-TOTAL_FORMS": "2", "option-INITIAL_FORMS": "0", "option-0-fakt": "kiz_antragsweg",
             "option-0-wert": "online", "option-0-label": "Online", "option-1-fakt": "", "option-1-wert": "x1",
             "option-1-label": "X"}
    antwort = c.post(f"/redaktion/pakete/{p.pk}/optionen/", daten)
    html = antwort.content.decode()
    assert antwort.status_code == 400 and Freigabepaket.objects.get().neue_optionen == []
    assert re.search(r'id="id_option-1-fakt_error">.*Bitte die Frage wählen', html)
    assert "Zeile 2, Frage: Bitte die Frage wählen" in html and 'value="x1"' in html
    daten["option-1-fakt"] = "kiz_antragsweg"
    html = c.post(f"/redaktion/pakete/{p.pk}/optionen/", daten).content.decode()
    assert re.search(r'id="id_option-0-wert_error">.*„online“ ist schon eine Antwortoption', html)
    assert c.post(f"/redaktion/pakete/{p.pk}/optionen/", {**daten, "option-0-wert": "x\x00"}).status_code == 400


def test_option_ergaenzt_geprueft_freigegeben_und_nur_in_der_neuen_fassung(
        db_katalog: None, stichtag: Callable[[str], None], benutzer: Benutzer, tmp_path: Path) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = _paket(autorin)
    c = Client()
    c.force_login(autorin)
    antwort = c.post(f"/redaktion/pakete/{p.pk}/optionen/", {
        "option-TOTAL_FORMS": "2", "option-INITIAL_FORMS": "0", "option-0-fakt": OPTION.fakt,
        "option-0-wert": OPTION.wert, "option-0-label": OPTION.label, "option-1-fakt": "", "option-1-wert": "",
        "option-1-label": ""})
    assert antwort.status_code == 302
    p.refresh_from_db()
    assert p.neue_optionen == [{"fakt": "kiz_antragsweg", "wert": "persoenlich",
                                "label": "Persönlich in der Familienkasse"}]
    eintrag = Protokolleintrag.objects.get(aktion="optionen_erfasst")
    assert eintrag.details["optionen"] == ["persoenlich „Persönlich in der Familienkasse“ (kiz_antragsweg)"]

    e = _entwurf(autorin)             # der Entwurf nennt Weisung 202003006: er sieht die Option des Pakets
    assert e.befunde == []
    entwurf_zuordnen(autorin, p.pk, e.pk)
    seite = c.get(f"/redaktion/pakete/{p.pk}/").content.decode()
    satz = ("Neue Antwortoption „Persönlich in der Familienkasse“ (Wert persoenlich) für die Frage „Wie möchte der "
            "Kunde Kinderzuschlag beantragen?“ (kiz_antragsweg)")
    assert seite.count(satz) == 2                          # Abschnitt und Änderungsübersicht
    szenario_speichern(autorin, SZENARIO, entwurf_id=e.pk)
    tor = tor_laufen_lassen(autorin, p.pk)
    assert tor["ok"], {k: tor[k] for k in ("ungedeckt", "befunde", "weisung", "nicht_auf_entwurf", "ungueltig")}
    paket_einreichen(autorin, p.pk)
    with pytest.raises(OptionenFehler, match="keine Änderung möglich"):
        optionen_erfassen(autorin, p.pk, [])
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2026, 12, 20))

    datei = Katalogdatei.objects.get(art=Katalogdatei.VOKABULAR)
    assert datei.pfad == f"vokabular/2026-12-20-202003006-{p.pk}.yaml" and datei.gueltig_ab == dt.date(2026, 12, 20)
    assert 'fassungen: ["FK 4.101b@2026-12-10"]' in datei.text
    assert '  kiz_antragsweg:\n    - {wert: "persoenlich", label: "Persönlich in der Familienkasse"}' in datei.text
    datei.text += "# geändert\n"
    with pytest.raises(ValueError, match="unveränderlich"):
        datei.save()

    # Vor dem Tag des Pakets kennt der geltende Katalog die Option nicht (die alte Fassung gilt noch).
    vorher = katalog_aus_datenbank()
    assert vorher.vokabular.fakten["kiz_antragsweg"].optionen == ("online", "papier")
    stichtag("2026-12-20")
    katalog = katalog_aus_datenbank()
    assert katalog.vokabular.fakten["kiz_antragsweg"].optionen == ("online", "papier", "persoenlich")
    alt, neu = katalog.fassung("FK 4.101b@2020-03-20"), katalog.fassung("FK 4.101b@2026-12-10")
    assert optionen_fuer(katalog.vokabular, "kiz_antragsweg", alt.schluessel, alt.gueltig_ab) == ("online", "papier")
    assert optionen_fuer(katalog.vokabular, "kiz_antragsweg", neu.schluessel, neu.gueltig_ab) == \
        ("online", "papier", "persoenlich")
    assert lesbar.code("persoenlich") == "Persönlich in der Familienkasse"
    # Die gesiegelte ältere Fassung behandelt die Option nicht — und bekommt dafür keinen Befund (die Prüfung nimmt je
    # Fassung nur die Optionen, die sie kennt); eine Antwort „persoenlich“ lehnt sie ab, die neue nimmt sie an.
    assert not any("persoenlich" in b.meldung for b in katalog_pruefen(katalog))
    assert katalog_befunde(katalog) == []
    with pytest.raises(AntwortAbgelehnt):
        antwort_lesen(katalog, cast(Zug, SimpleNamespace(fakt="kiz_antragsweg", fassung=alt)), "persoenlich")
    assert antwort_lesen(katalog, cast(Zug, SimpleNamespace(fakt="kiz_antragsweg", fassung=neu)),
                         "persoenlich") == "persoenlich"
    # Das Szenario läuft auf der neuen Fassung; die alten Szenarien unverändert auf der alten.
    lauf = ausfuehren(katalog, szenario_aus_text(SZENARIO, "sz.yaml"), ReferenzTestsysteme())
    assert lauf.ok and lauf.stand == "2026-12-10", lauf.fehler
    assert p.pk == Freigabepaket.objects.get(status=Freigabepaket.GEPLANT).pk

    # Export und wieder laden: die Ergänzung reist als Datei mit.
    katalog_exportieren(tmp_path / "export")
    assert (tmp_path / "export" / datei.pfad).read_text(encoding="utf-8") == Katalogdatei.objects.get(pk=datei.pk).text
    geladen = katalog_laden(tmp_path / "export")
    assert "persoenlich" in geladen.vokabular.fakten["kiz_antragsweg"].optionen


def test_rueckruf_nimmt_die_optionen_mit_und_abdeckung_wird_verlangt(
        db_katalog: None, stichtag: Callable[[str], None], benutzer: Benutzer) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = _paket(autorin)
    optionen_erfassen(autorin, p.pk, [OPTION, NeueOption("auszug_grund", "studium", "Studium")])
    e = _entwurf(autorin)
    entwurf_zuordnen(autorin, p.pk, e.pk)
    szenario_speichern(autorin, SZENARIO, entwurf_id=e.pk)
    tor = tor_laufen_lassen(autorin, p.pk)
    # FK 4.405 stellt die Frage nach dem Auszugsgrund und gälte weiter: sie kennt die neue Option nicht.
    assert not tor["ok"] and any(b.startswith("FK 4.405, Stand 20.03.2020 stellt die Frage „Warum hat das Kind den "
                                              "Haushalt verlassen?“") for b in tor["befunde"])
    optionen_erfassen(autorin, p.pk, [OPTION])           # die zweite Option wieder herausgenommen
    assert Protokolleintrag.objects.filter(aktion="optionen_erfasst").first().details["entfernt"] == \
        ["studium (auszug_grund)"]
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    paket_einreichen(autorin, p.pk)
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2026, 12, 20))
    paket_zurueckrufen(autorin, p.pk)
    assert Katalogdatei.objects.get(art=Katalogdatei.VOKABULAR).status == Katalogdatei.ZURUECKGERUFEN
    stichtag("2026-12-21")
    assert "persoenlich" not in katalog_aus_datenbank().vokabular.fakten["kiz_antragsweg"].optionen
