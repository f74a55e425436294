"""Suche nach dem Anliegen: deutsch (Stamm, Umlaute, Komposita), gerankt, nur geltende Fassungen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.suche import Suchindex, falten, stamm

D = dt.date


def _leitfaden(ordner: str, kopf: str, text: str, gueltig_ab: str = "2020-03-20") -> dict[str, str]:
    fassung = (f"stand: {gueltig_ab}\ngueltig_ab: {gueltig_ab}\nweisung: \"202003006\"\nstart: a\n"
               f"schritte:\n  - id: a\n    art: hinweis\n    text: \"{text}\"\n    nach: b\n"
               f"  - id: b\n    art: ende\n    ergebnis: auskunft_erteilt\n    text: \"Verabschieden Sie sich.\"\n")
    return {f"leitfaeden/{ordner}/leitfaden.yaml": kopf, f"leitfaeden/{ordner}/{gueltig_ab}.yaml": fassung}


@pytest.fixture
def index(content_kopie: Callable[[dict[str, str]], Path]) -> Suchindex:
    dateien = {
        **_leitfaden("sc/9.001", 'id: "SC 9.001"\ntitel: "Insolvenzgeld beantragen"\nkanaele: [sc3]\n'
                     "schlagwoerter: [Antrag]\n", "Prüfen Sie die Sicherheitsstufe im STEP."),
        **_leitfaden("sc/9.002", 'id: "SC 9.002"\ntitel: "Termin verlegen"\nkanaele: [sc3, ez]\n'
                     "beschreibung: Änderungen am Termin.\n", "Möchte der Kunde den Termin absagen?"),
        **_leitfaden("fk/9.003", 'id: "FK 9.003"\ntitel: "Kindergeld Grüße"\nkanaele: [scfk]\n',
                     "Erwähnt der Kunde die Insolvenz seines Arbeitgebers, verweisen Sie an SC 9.001."),
        **_leitfaden("bs/absage", 'id: "BS Absage"\ntitel: "Absage"\nkanaele: [sc3]\nbaustein: true\n',
                     "Absage im ATV vermerken."),
        **_leitfaden("sc/9.005", 'id: "SC 9.005"\ntitel: "Künftige Absage"\nkanaele: [sc3]\n',
                     "Gilt erst ab April.", gueltig_ab="2020-04-01"),
    }
    return Suchindex.aufbauen(katalog_laden(content_kopie(dateien)), D(2020, 3, 25), None)


def _ids(index: Suchindex, anfrage: str, kanaele: set[str] | None = None) -> list[str]:
    return [t.leitfaden_id for t in index.suchen(anfrage, kanaele)]


def test_absage_findet_absagen_ueber_den_wortstamm(index: Suchindex) -> None:
    treffer = index.suchen("Absage")
    assert [t.leitfaden_id for t in treffer] == ["SC 9.002"]
    assert treffer[0].schritt_id == "a"
    assert treffer[0].auszug == "Möchte der Kunde den Termin absagen?"


def test_insolvenz_findet_insolvenzgeld_und_titel_steht_vor_schritttext(index: Suchindex) -> None:
    treffer = index.suchen("Insolvenz")
    assert [t.leitfaden_id for t in treffer] == ["SC 9.001", "FK 9.003"]
    assert treffer[0].fundstellen == ("titel",)
    assert treffer[0].punkte > treffer[1].punkte


@pytest.mark.parametrize("anfrage", ["Änderung", "Aenderung", "anderung", "ÄNDERUNGEN"])
def test_umlaute_werden_gefaltet(index: Suchindex, anfrage: str) -> None:
    assert _ids(index, anfrage) == ["SC 9.002"]


def test_eszett_und_umlaut_im_titel(index: Suchindex) -> None:
    assert _ids(index, "Grüsse") == ["FK 9.003"]
    assert _ids(index, "gruesse") == ["FK 9.003"]


def test_halb_getipptes_wort_trifft_den_wortanfang(index: Suchindex) -> None:
    assert _ids(index, "Sicherheitsst") == ["SC 9.001"]
    assert _ids(index, "Ins") == ["SC 9.001", "FK 9.003"]


def test_jedes_suchwort_muss_treffen_stoppwoerter_zaehlen_nicht(index: Suchindex) -> None:
    assert _ids(index, "Termin absagen") == ["SC 9.002"]
    assert _ids(index, "der Termin für die Absage") == ["SC 9.002"]
    assert _ids(index, "Termin Insolvenz") == []


def test_leitfadennummer_wird_gefunden(index: Suchindex) -> None:
    assert _ids(index, "9.001")[0] == "SC 9.001"


def test_bausteine_und_noch_nicht_gueltige_fassungen_erscheinen_nie(index: Suchindex) -> None:
    assert "BS Absage" not in _ids(index, "Absage")
    assert "SC 9.005" not in _ids(index, "künftige")
    assert len(index) == 3


def test_kanaele_schraenken_die_treffer_ein(index: Suchindex) -> None:
    assert _ids(index, "Insolvenz", kanaele={"sc3"}) == ["SC 9.001"]
    assert _ids(index, "Insolvenz", kanaele={"scfk"}) == ["FK 9.003"]
    assert _ids(index, "Insolvenz", kanaele=set()) == []


def test_leere_oder_unbekannte_anfrage_liefert_nichts(index: Suchindex) -> None:
    assert index.suchen("") == []
    assert index.suchen("  , . ") == []
    assert index.suchen("Quantenphysik") == []


def test_grenze_begrenzt_die_trefferzahl(index: Suchindex) -> None:
    assert len(index.suchen("Kunde", grenze=1)) == 1


def test_stamm_und_faltung() -> None:
    assert stamm("Absage") == stamm("absagen") == "absag"
    assert stamm("Änderung") == stamm("Aenderung")
    assert falten("Grüße") == "grusse"
    assert stamm("3.003") == "3.003"


def test_im_katalog_gilt_am_pilotstandort_die_pilotvariante(katalog: Katalog) -> None:
    fuerth = Suchindex.aufbauen(katalog, D(2020, 3, 25), "Fürth").suchen("Termin absagen", {"sc3"})
    nuernberg = Suchindex.aufbauen(katalog, D(2020, 3, 25), "Nürnberg").suchen("Termin absagen", {"sc3"})
    assert fuerth[0].leitfaden_id == nuernberg[0].leitfaden_id == "SC 3.003"
    assert fuerth[0].fassung.leitfaden_id == "SC 3.003-Pilot"
    assert nuernberg[0].fassung.leitfaden_id == "SC 3.003"


def test_im_katalog_findet_insolvenz_das_insolvenzgeld(katalog: Katalog) -> None:
    treffer = Suchindex.aufbauen(katalog, D(2020, 3, 25), None).suchen("Insolvenz")
    assert {t.leitfaden_id for t in treffer[:2]} == {"EZ 1.307", "SC 3.307"}


@pytest.mark.parametrize(("anfrage", "erwartet"), [
    ("abgemeldet", {"EZ 1.004a", "SC 3.004a"}),          # Partizip → Abmeldung
    ("Abmeldng", {"EZ 1.004a", "SC 3.004a"}),            # Tippfehler
    ("Terminverschiebung", {"EZ 1.003", "SC 3.003"}),    # Kompositum → Termin … verschieben
    ("Insolvnzgeld", {"EZ 1.307", "SC 3.307"}),
])
def test_suche_verzeiht_partizip_tippfehler_und_kompositum(katalog: Katalog, anfrage: str,
                                                            erwartet: set[str]) -> None:
    treffer = [t.leitfaden_id for t in Suchindex.aufbauen(katalog, D(2020, 3, 25), None).suchen(anfrage)]
    assert erwartet <= set(treffer), treffer


def test_nachsicht_zaehlt_weniger_als_ein_echter_treffer(katalog: Katalog) -> None:
    index = Suchindex.aufbauen(katalog, D(2020, 3, 25), None)
    echt = {t.leitfaden_id: t.punkte for t in index.suchen("Abmeldung")}
    verziehen = {t.leitfaden_id: t.punkte for t in index.suchen("Abmeldng")}
    assert verziehen["SC 3.004a"] < echt["SC 3.004a"]
    # das Kompositum als Wort im Titel steht vor den Leitfäden, die nur beide Teile enthalten
    assert index.suchen("Terminverschiebung")[0].leitfaden_id == "EMB Terminabsage"


def test_unbekanntes_bleibt_unbekannt_auch_mit_nachsicht(index: Suchindex) -> None:
    assert index.suchen("Quantenphysik") == []
    assert index.suchen("Xylophon") == []
    assert _ids(index, "Kindergeld Termin") == []


def test_wiederholte_suche_liefert_dasselbe(index: Suchindex) -> None:
    assert index.suchen("Termin absagen") == index.suchen("Termin absagen")


def test_ueberlanger_text_wird_begrenzt_statt_die_suche_zu_blockieren(index: Suchindex) -> None:
    # Schemathesis fand: ein Wort aus 100.000 Zeichen machte die Kompositumsuche quadratisch teuer.
    assert index.suchen("x" * 100_000) == []
    treffer = index.suchen("Terminabsage " + "y" * 5_000)
    assert treffer and all(t.leitfaden_id for t in treffer)
