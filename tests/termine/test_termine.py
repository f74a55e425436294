from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from kundenportal.eservice.demo import DEMO_PASSWORT, DEMOKUNDEN, demokunden_anlegen
from kundenportal.eservice.services import kunde_anmelden
from kundenportal.fachverfahren.registry import systeme
from kundenportal.katalog.queries import katalog
from kundenportal.leitfaden.auftraege import QUELLEN
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.termine.queries import TerminNichtGefunden, buchbare_bbie_agenturen
from kundenportal.termine.services import AbsageAbgelehnt, termin_absagen

BERLIN = ZoneInfo("Europe/Berlin")
BEISPIEL = Path(__file__).resolve().parents[2] / "content" / "standorte.yaml"


def _buchen(kunde: str, beginn: dt.datetime, kalender: str = "Köln/av") -> str:
    agentur, _, bereich = kalender.partition("/")
    return systeme().atv.termin_buchen(kunde, bereich, agentur, beginn, kalender, "test").id


@pytest.mark.django_db
def test_absage_ist_fuer_fremde_termine_nicht_moeglich() -> None:
    termin_id = _buchen("955A000001", dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN))
    with pytest.raises(TerminNichtGefunden, match=f"Termin {termin_id} nicht gefunden"):
        termin_absagen("955A000002", termin_id, "krank", durch="kunde:955A000002")


@pytest.mark.django_db
def test_absage_braucht_einen_grund_und_geht_nur_einmal() -> None:
    termin_id = _buchen("955A000001", dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN))
    with pytest.raises(AbsageAbgelehnt, match="mindestens 3 Zeichen"):
        termin_absagen("955A000001", termin_id, "  ", durch="kunde:955A000001")
    termin_absagen("955A000001", termin_id, "krank", durch="kunde:955A000001")
    with pytest.raises(AbsageAbgelehnt, match="nicht mehr geplant"):
        termin_absagen("955A000001", termin_id, "krank", durch="kunde:955A000001")


@pytest.mark.parametrize(("wohnort", "datum", "erwartet"), [
    ("Ansbach-Weißenburg", dt.date(2020, 3, 31), ["Nürnberg"]),
    ("Ansbach-Weißenburg", dt.date(2020, 4, 1), ["Nürnberg", "Fürth"]),
    ("Berlin Süd", dt.date(2020, 4, 30), []),
    ("Hamburg", dt.date(2020, 4, 30), []),
])
def test_bbie_buchbar_sind_die_agenturen_des_verbundes_mit_bbie_am_termintag(
        wohnort: str, datum: dt.date, erwartet: list[str]) -> None:
    assert [a.name for a in buchbare_bbie_agenturen(wohnort, datum)] == erwartet


@pytest.mark.django_db
def test_bbie_termin_in_anderer_verbundagentur_laesst_die_stammdaten_an_der_wohnortagentur() -> None:
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

    ausgangslage_laden({"kunde": {"kundennummer": "955A000003", "vorname": "C", "nachname": "L",
                                  "wohnort_agentur": "Ansbach-Weißenburg", "betreuung": "bb_im_erwerbsleben"}})
    termin = systeme().atv.termin_buchen("955A000003", "bb_im_erwerbsleben", "Fürth",
                                         dt.datetime(2020, 4, 22, 14, tzinfo=BERLIN), "Fürth/bb_im_erwerbsleben", "t")
    kunde = systeme().verbis.kunde("955A000003")
    assert termin.agentur == "Fürth" and kunde is not None and kunde.wohnort_agentur == "Ansbach-Weißenburg"


@pytest.mark.django_db
def test_freie_termine_lassen_sich_nach_agentur_und_tag_filtern() -> None:
    k = katalog()
    kontext = Kontext(datum=dt.date(2020, 4, 1), jetzt=dt.datetime(2020, 4, 1, 10, tzinfo=BERLIN), kanal="sc3",
                      standort="Köln", kundennummer="955A000001", benutzer="t", kontakt="t", standorte=k.standorte)
    optionen = QUELLEN["freie_termine"].optionen(systeme(), kontext,
                                                 {"agentur": "Brühl", "bereich": "av", "ab_tag": dt.date(2020, 4, 20)})
    assert len(optionen) == 10
    assert optionen[0].wert == dt.datetime(2020, 4, 20, 8, tzinfo=BERLIN)


def test_standorte_pruefen_meldet_fehler_mit_datei_und_zeile(tmp_path: Path) -> None:
    datei = tmp_path / "verbuende.yaml"
    datei.write_text(
        "verbuende:\n"
        "  - id: hamburg\n"
        "    agenturen:\n"
        "      - {name: Hamburg, land: HH, bbie_ab: 2020-02-30x}\n"
        "      - {name: Kiel, land: XY, bbie_ab: null}\n"
        "      - {name: Hamburg, land: HH, farbe: blau}\n"
        "familienkasse_cluster: []\n", encoding="utf-8")
    with pytest.raises(CommandError) as fehler:
        call_command("standorte_pruefen", str(datei))
    meldung = str(fehler.value)
    assert f"{datei}:4: verbuende[0].agenturen[0].bbie_ab: kein Datum (JJJJ-MM-TT oder null): '2020-02-30x'" in meldung
    assert f"{datei}:5: verbuende[0].agenturen[1].land: 'XY' ist kein Bundesland-Kürzel" in meldung
    assert f"{datei}:6: verbuende[0].agenturen[2].farbe: unbekanntes Feld" in meldung
    assert f"{datei}:6: verbuende[0].agenturen[2].name: Agentur Hamburg steht schon in Zeile 4" in meldung


def test_standorte_pruefen_laesst_die_beispieldatei_durch(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("standorte_pruefen", str(BEISPIEL))
    assert "3 Verbünde, 9 Agenturen (7 mit BBiE), 3 KiZ-Cluster — in Ordnung." in capsys.readouterr().out


@pytest.mark.django_db
def test_demokunden_lassen_sich_anmelden_und_haben_geplante_termine() -> None:
    demokunden_anlegen(dt.date(2020, 3, 16))
    demokunden_anlegen(dt.date(2020, 3, 16))   # idempotent
    erster = DEMOKUNDEN[0]
    assert kunde_anmelden(erster.kundennummer, DEMO_PASSWORT) == erster.kundennummer
    termine = systeme().atv.termine(erster.kundennummer)
    assert [t.status for t in termine] == ["geplant", "geplant"]
    assert termine[0].beginn == dt.datetime(2020, 3, 23, 8, tzinfo=BERLIN)
