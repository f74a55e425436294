"""Der Redaktionsablauf als Dienste: Entwurf mit Befunden und optimistischer Sperre, Szenario-Tor,
Vier-Augen-Freigabe mit Datum, geplante Veröffentlichung, Rückruf, Änderungshinweis mit Bestätigung."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.redaktion.hinweise import lesestand, offene_hinweise
from kundenportal.redaktion.models import Entwurf, Freigabepaket, Katalogdatei, Protokolleintrag
from kundenportal.redaktion.queries import generation, geplante, katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import Konflikt, entwurf_speichern
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    paket_einreichen,
    paket_freigeben,
    paket_zurueckrufen,
    paket_zurueckweisen,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.hinweise import hinweis_bestaetigen
from kundenportal.redaktion.services.szenario import szenario_speichern

from .werkzeug import NEUER_TEXT, entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db
SZENARIO = """id: sc-3307-redaktion-eid
titel: Basis-Stufe, eID
leitfaden: SC 3.307
kanal: sc3
datum: 2020-04-01
ausgangslage:
  kunde: {kundennummer: 955A200199, vorname: Ria, nachname: Berg, geburtsdatum: 1980-05-17,
          wohnort_agentur: Berlin Mitte, betreuung: av, status: arbeitsuchend}
  step: {konto: true, sicherheitsstufe: basis}
antworten: {identitaet_geprueft: true, antrag_online_gewuenscht: true, erhoehung_sicherheitsstufe: eid}
erwartet: {ergebnis: hinweis_sicherheitsstufe}
"""
Benutzer = Callable[..., Any]


@pytest.fixture
def stichtag(settings: Any) -> Callable[[str], None]:
    def setzen(tag: str) -> None:
        settings.KUNDENPORTAL_STICHTAG = tag
    setzen("2020-04-01")
    return setzen


def test_entwurf_speichert_befunde_mit_schritt_und_zeile(db_katalog: None, benutzer: Benutzer) -> None:
    e = entwurf_3307(benutzer("redaktion"), bedingung="stufe_ausweissicht && unbekannt_x")
    assert len(e.befunde) == 1
    befund = e.befunde[0]
    assert befund["schritt"] == "stufe" and befund["datei"] == "content/leitfaeden/sc/3.307/2020-04-01.yaml"
    assert befund["zeile"] == 23
    assert befund["meldung"] == ("Bedingung 'stufe_ausweissicht && unbekannt_x': unbekannter Name „unbekannt_x“ "
                                 "(Spalte 23): weder ein Fakt aus content/fakten.yaml noch eine Variable einer "
                                 "Abfrage — richtig schreiben oder den Fakt anlegen. Meinten Sie „kunde_bekannt“?")
    assert NEUER_TEXT in e.text and e.version == 2


def test_zwei_bearbeitungen_ueberschreiben_sich_nie_still(db_katalog: None, benutzer: Benutzer) -> None:
    a, b = benutzer("redaktion", "a"), benutzer("redaktion", "b")
    e = entwurf_3307(a)
    entwurf_speichern(a, e.pk, katalog_aus_datenbank(), text=e.text + "\n# a\n", version=e.version)
    with pytest.raises(Konflikt, match="inzwischen gespeichert"):
        entwurf_speichern(b, e.pk, katalog_aus_datenbank(), text=e.text + "\n# b\n", version=e.version)
    assert Entwurf.objects.get(pk=e.pk).text.endswith("# a\n")


def test_kaputtes_yaml_bleibt_entwurf_mit_befund(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    e, p = entwurf_speichern(a, e.pk, katalog_aus_datenbank(), text="stand: [\n", version=e.version)
    assert [b.zeile for b in p.befunde] == [1] and "kein gültiges YAML (Spalte 8): die Liste, die mit „[“ beginnt, " \
        "wird nicht geschlossen (es fehlt „]“)" in p.befunde[0].meldung
    assert e.text == "stand: [\n"


def test_tor_rot_verhindert_einreichen(db_katalog: None, benutzer: Benutzer, stichtag: Any) -> None:
    a = benutzer("redaktion")
    p = paket_mit(a, entwurf_3307(a, bedingung="!stufe_ausweissicht"))
    tor = tor_laufen_lassen(a, p.pk)
    assert not tor["ok"] and "SC 3.307@2020-04-01: Schritt stufe" in tor["ungedeckt"]
    with pytest.raises(FreigabeFehler, match="nicht bestanden"):
        paket_einreichen(a, p.pk)
    szenario_speichern(a, SZENARIO)
    tor = tor_laufen_lassen(a, p.pk)
    fehlgeschlagen = [s for s in tor["szenarien"] if not s["ok"]]
    assert [s["id"] for s in fehlgeschlagen] == ["sc-3307-redaktion-eid"]
    assert fehlgeschlagen[0]["fehler"] == ["ergebnis: erwartet hinweis_sicherheitsstufe, war online_antrag_moeglich"]


def _eingereicht(a: Any) -> Freigabepaket:
    e = entwurf_3307(a)
    szenario_speichern(a, SZENARIO)
    p = paket_mit(a, e)
    tor = tor_laufen_lassen(a, p.pk)
    assert tor["ok"], tor
    assert any(s["id"] == "sc-3307-redaktion-eid" and s["fassung"] == "SC 3.307@2020-04-01" for s in tor["szenarien"])
    return paket_einreichen(a, p.pk)


def test_vier_augen_freigabe_plant_und_agenten_bestaetigen(db_katalog: None, benutzer: Benutzer,
                                                           stichtag: Callable[[str], None]) -> None:
    autor, pruefer, agent = benutzer("redaktion"), benutzer("freigabe"), benutzer("agent_sc3")
    p = _eingereicht(autor)
    with pytest.raises(FreigabeFehler, match="Vier-Augen"):
        paket_freigeben(autor, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    vorher = generation()
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15), kommentar="passt")
    assert generation() == vorher + 1
    neu = Katalogdatei.objects.get(leitfaden_id="SC 3.307", stand=dt.date(2020, 4, 1))
    assert neu.gueltig_ab == dt.date(2020, 4, 15) and "gueltig_ab: 2020-04-15" in neu.text
    assert [d for d in geplante(dt.date(2020, 4, 1)) if d.leitfaden_id == "SC 3.307"] == [neu]
    k = katalog_aus_datenbank()
    assert aufloesen(k, "SC 3.307", dt.date(2020, 4, 14), None).schluessel == "SC 3.307@2020-03-20"  # type: ignore[union-attr]
    assert aufloesen(k, "SC 3.307", dt.date(2020, 4, 15), None).inhalt_hash == neu.inhalt_hash  # type: ignore[union-attr]
    assert offene_hinweise(agent, dt.date(2020, 4, 14)) == []
    hinweise = offene_hinweise(agent, dt.date(2020, 4, 15))
    assert len(hinweise) == 1
    # `stufe_ausweissicht` → `stufe_ausweissicht == true`: in Worten dieselbe Bedingung — keine Zeile
    assert hinweise[0].text.splitlines() == [
        "Frage „Wie will der Kunde die Sicherheitsstufe erhöhen?“: Text unter der Frage geändert, neu: "
        f"„{NEUER_TEXT}“."]
    gelesen, offen = lesestand(hinweise[0], None, dt.date(2020, 4, 15))
    assert agent in offen and not gelesen
    hinweis_bestaetigen(agent, hinweise[0].pk)
    assert offene_hinweise(agent, dt.date(2020, 4, 15)) == []
    assert agent in lesestand(hinweise[0], None, dt.date(2020, 4, 15))[0]
    aktionen = list(Protokolleintrag.objects.filter(objekt=f"paket:{p.pk}").values_list("aktion", flat=True))
    assert {"paket_angelegt", "tor_geprueft", "paket_eingereicht", "paket_freigegeben"} <= set(aktionen)


def test_zurueckweisen_braucht_kommentar_und_gibt_frei(db_katalog: None, benutzer: Benutzer, stichtag: Any) -> None:
    autor, pruefer = benutzer("redaktion"), benutzer("freigabe")
    p = _eingereicht(autor)
    with pytest.raises(FreigabeFehler, match="Kommentar"):
        paket_zurueckweisen(pruefer, p.pk, " ")
    p = paket_zurueckweisen(pruefer, p.pk, "Bitte den Text kürzen.")
    assert p.status == Freigabepaket.ZURUECKGEWIESEN and p.kommentar == "Bitte den Text kürzen."


def test_rueckruf_nur_vor_dem_gueltigkeitstag(db_katalog: None, benutzer: Benutzer,
                                             stichtag: Callable[[str], None]) -> None:
    autor, pruefer = benutzer("redaktion"), benutzer("freigabe")
    p = _eingereicht(autor)
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    stichtag("2020-04-15")
    with pytest.raises(FreigabeFehler, match="nur abgelöst"):
        paket_zurueckrufen(pruefer, p.pk)
    stichtag("2020-04-10")
    paket_zurueckrufen(pruefer, p.pk)
    assert "SC 3.307@2020-04-01" not in katalog_aus_datenbank().veroeffentlicht
    assert Entwurf.objects.filter(leitfaden_id="SC 3.307").count() == 1
    assert Katalogdatei.objects.get(stand=dt.date(2020, 4, 1)).status == Katalogdatei.ZURUECKGERUFEN


def test_entwurf_mit_veroeffentlichtem_stand_hat_einen_befund(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    e = entwurf_3307(a)
    e, p = entwurf_speichern(a, e.pk, katalog_aus_datenbank(), text=e.text.replace("stand: 2020-04-01", "stand: 2020-03-20"),
                             version=e.version)
    assert any(b.feld == "stand" and "SC 3.307@2020-03-20 ist schon veröffentlicht" in b.meldung for b in p.befunde)


def test_neustart_nach_freigabe_im_browser_behaelt_das_ende_der_vorgaengerin(
        db_katalog: None, benutzer: Benutzer, stichtag: Callable[[str], None], tmp_path: Path) -> None:
    """Rundgang Redaktion: nach einer Freigabe im Browser brach `make run` ab („gueltig_ab überlappt …“) — der
    erneute Import von content/ setzte das Ende der Vorgängerin zurück (die Datei kennt die Nachfolgerin nicht)."""
    import io

    from django.core.management import call_command
    from django.test import Client

    from kundenportal.leitfaden.laden import katalog_laden
    from kundenportal.leitfaden.pruefen import katalog_pruefen
    from kundenportal.redaktion.pruefung import katalog_befunde
    from kundenportal.redaktion.services.katalog import katalog_exportieren, katalog_importieren
    from tests.conftest import CONTENT

    autor, pruefer = benutzer("redaktion"), benutzer("freigabe")
    paket_freigeben(pruefer, _eingereicht(autor).pk, gueltig_ab=dt.date(2020, 4, 15))
    streng = katalog_pruefen(katalog_aus_datenbank())                  # die Prüfung für content/: Überlappung
    assert [b.meldung.split(" (")[0] for b in streng] == ["überlappt mit content/leitfaeden/sc/3.307/2020-03-20.yaml"]
    assert katalog_befunde(katalog_aus_datenbank()) == []              # im Datenbankkatalog: Ablösung
    zaehler = katalog_importieren(CONTENT, veroeffentlicht=True)        # wie `einrichten` bei jedem Start
    assert zaehler["neu"] == zaehler["abgeloest"] == 0
    call_command("einrichten", stdout=io.StringIO())                   # der Neustart bricht nicht ab
    k = katalog_aus_datenbank()
    assert katalog_befunde(k) == []
    client = Client()
    assert client.get("/readyz").status_code == 200
    # Der exportierte Katalog besteht die strenge Prüfung für content/: die Vorgängerin bekommt ihr Ende
    katalog_exportieren(tmp_path / "export")
    alt_text = (tmp_path / "export/leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8")
    assert "gueltig_ab: 2020-03-20\ngueltig_bis: 2020-04-14\n" in alt_text
    assert katalog_pruefen(katalog_laden(tmp_path / "export")) == []
    zaehler = katalog_importieren(tmp_path / "export", veroeffentlicht=True)     # und zurück: nur das Ende neu
    assert zaehler["neu"] == 0 and katalog_befunde(katalog_aus_datenbank()) == []
    assert aufloesen(k, "SC 3.307", dt.date(2020, 4, 15), None).schluessel == "SC 3.307@2020-04-01"  # type: ignore[union-attr]
