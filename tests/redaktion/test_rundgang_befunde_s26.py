"""Rundgang einer Redakteurin (S26): der Verhaltens-Diff zeigt je Spalte den Wortlaut der Frage in ihrer Fassung,
ein doppelter Befund steht einmal da, die Änderungsübersicht nennt Standorte mit Namen und die Weisung des
Entwurfs lässt sich beim Aufnehmen ohne YAML setzen."""

from __future__ import annotations

import datetime as dt
import html as html_modul
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.redaktion.models import Entwurf, Protokolleintrag
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_speichern, kopf_setzen
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_anlegen
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db

WORTLAUT_NEU = "Möchte der Kunde das Insolvenzgeld online beantragen (nur mit Online-Ausweisfunktion)?"


def _kontakt(agent: Any, kunde: str, antworten: list[tuple[str, Any]]) -> None:
    k = services.kontakt_starten(agent, "SC 3.307", kunde)
    for fakt, wert in antworten:
        services.kontakt_beantworten(agent, k, fakt, wert)
    services.kontakt_abschliessen(agent, k, "Vermerk")


def test_verhaltensdiff_zeigt_den_wortlaut_des_entwurfs(db_katalog: None, benutzer: Any, kunde: str,
                                                        settings: Any, anmelden: Anmelden) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-08"
    _kontakt(benutzer("agent_sc3"), kunde, [("identitaet_geprueft", True), ("antrag_online_gewuenscht", True),
                                            ("erhoehung_sicherheitsstufe", "eid")])
    redakteur = benutzer("redaktion", "r1")
    e = entwurf_3307(redakteur, bedingung="!stufe_ausweissicht")
    text = e.text.replace("    fakt: antrag_online_gewuenscht\n",
                          f'    fakt: antrag_online_gewuenscht\n    frage: "{WORTLAUT_NEU}"\n', 1)
    assert WORTLAUT_NEU in text
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    p = paket_mit(redakteur, e)
    html = anmelden("redaktion").get(f"/redaktion/pakete/{p.pk}/verhalten/").content.decode()
    assert "1 würden sich anders verhalten" in html
    zeile = html[html.index('scope="row">Fragen</th>'):]
    zeile = zeile[:zeile.index("</tr>")]
    bisher, entwurf = zeile.split('<td class="kern-table__cell">')[1:3]
    assert "„Möchte der Kunde den Antrag online stellen?“" in bisher and WORTLAUT_NEU not in bisher
    assert f"„{WORTLAUT_NEU}“" in entwurf and "den Antrag online stellen" not in entwurf


def _befunde(html: str) -> tuple[str, list[str]]:
    """Überschrift und Zeilen der Befundliste des Editors."""
    bereich = html[html.index('<div id="befunde-bereich"'):]
    bereich = bereich[:bereich.index("</ul>")] if "</ul>" in bereich else bereich
    kopf = bereich[bereich.index("Befunde der Prüfung"):bereich.index("</h2>")]
    return kopf, bereich.split("<li>")[1:]


def test_doppelte_schritt_id_steht_einmal_in_den_befunden(db_katalog: None, benutzer: Any,
                                                          anmelden: Anmelden) -> None:
    redakteur = benutzer("redaktion", "r1")
    e = entwurf_3307(redakteur)
    doppelt = ("  - id: keine_auskunft\n    art: ende\n    ergebnis: abbruch_identitaet\n"
               '    vermerk: "Noch einmal: keine Auskunft."\n')
    text = e.text.replace("  - id: online\n", doppelt + "  - id: online\n", 1)
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    html = anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    kopf, zeilen = _befunde(html)
    assert f"Befunde der Prüfung ({len(zeilen)})" in kopf
    doppelte = [z for z in zeilen if "Schritt-id keine_auskunft ist doppelt" in z]
    assert len(doppelte) == 1, zeilen


def test_aenderungsuebersicht_nennt_standorte_mit_namen(db_katalog: None, benutzer: Any,
                                                        anmelden: Anmelden) -> None:
    autor = benutzer("redaktion", "r1")
    e = entwurf_3307(autor)
    text = kopf_setzen(e.text, "geltungsbereich", "{verbuende: [nuernberg], agenturen: [Bonn]}")
    e, _ = entwurf_speichern(autor, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    p = paket_anlegen(autor, weisung="202003006", titel="Nur Verbund Nürnberg", datum=dt.date(2020, 3, 30),
                      gueltig_ab=dt.date(2020, 4, 15))
    entwurf_zuordnen(autor, p.pk, e.pk)
    html = anmelden("redaktion").get(f"/redaktion/pakete/{p.pk}/").content.decode()
    uebersicht = html[html.index('id="aenderungen"'):html.index('id="regelspur"')]
    zeile = uebersicht[uebersicht.index("Geltungsbereich (Standortregeln)"):]
    zeile = zeile[:zeile.index("</tr>")]
    assert "Verbund Nürnberg; Agentur Bonn" in zeile and "überall" in zeile
    assert "nuernberg" not in uebersicht and "Verbünde" not in uebersicht


def test_weisung_im_entwurf_mit_einem_klick_beim_aufnehmen(db_katalog: None, benutzer: Any) -> None:
    autorin, kollege = benutzer("redaktion", "r1"), benutzer("redaktion", "r2")
    e = entwurf_3307(autorin)
    assert 'weisung: "202003006"' in e.text
    p = paket_anlegen(autorin, weisung="202612001", titel="Insolvenzgeld online", datum=dt.date(2026, 12, 1))
    c = Client()
    c.force_login(kollege)
    abgelehnt = c.post(f"/redaktion/pakete/{p.pk}/zuordnen/", {"entwurf": e.pk})
    seite = html_modul.unescape(abgelehnt.content.decode())
    assert abgelehnt.status_code == 400
    assert f"SC 3.307 (Entwurf {e.pk}) nennt Weisung 202003006, dieses Paket gehört zu Weisung 202612001" in seite
    assert "Weisung im Entwurf auf 202612001 setzen und aufnehmen" in seite
    assert not p.entwuerfe.exists()

    antwort = c.post(f"/redaktion/pakete/{p.pk}/zuordnen/", {"entwurf": e.pk, "weisung_setzen": "1"}, follow=True)
    e_neu = Entwurf.objects.get(pk=e.pk)
    assert e_neu.paket_id == p.pk and 'weisung: "202612001"' in e_neu.text
    assert 'weisung: "202003006"' not in e_neu.text
    assert e_neu.version == e.version + 1                   # eine gespeicherte Änderung mit eigener Version
    assert (f"Entwurf ins Paket aufgenommen. Weisung im Entwurf auf 202612001 gesetzt (Version {e_neu.version})."
            in html_modul.unescape(antwort.content.decode()))
    vermerk = next(x for x in e_neu.bearbeiter if x["id"] == kollege.pk)      # der Person zugerechnet (Vier Augen)
    assert "Weisung von 202003006 auf 202612001 gesetzt (ins Paket aufgenommen)" in vermerk["was"]
    assert Protokolleintrag.objects.filter(aktion="entwurf_gespeichert", user=kollege, objekt=f"entwurf:{e.pk}",
                                           details__version=e_neu.version).exists()


def test_weisung_setzen_braucht_die_redaktion(db_katalog: None, benutzer: Any, anmelden: Anmelden) -> None:
    autorin = benutzer("redaktion", "r1")
    e = entwurf_3307(autorin)
    p = paket_anlegen(autorin, weisung="202612001", titel="Insolvenzgeld online", datum=dt.date(2026, 12, 1))
    antwort = anmelden("freigabe").post(f"/redaktion/pakete/{p.pk}/zuordnen/",
                                        {"entwurf": e.pk, "weisung_setzen": "1"})
    assert antwort.status_code == 403
    assert 'weisung: "202003006"' in Entwurf.objects.get(pk=e.pk).text


def test_befund_nennt_die_zeile_des_felds(db_katalog: None, benutzer: Any, anmelden: Anmelden) -> None:
    redakteur = benutzer("redaktion", "r1")
    e = entwurf_3307(redakteur, bedingung="stufe_ausweisicht")           # Tippfehler in der Bedingung
    zeilen = e.text.split("\n")
    schritt = zeilen.index("  - id: stufe") + 1
    wenn = next(i for i, z in enumerate(zeilen, 1) if "stufe_ausweisicht" in z)
    assert wenn > schritt
    html = anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    _, befunde = _befunde(html)
    bedingung = [z for z in befunde if "Schritt stufe" in z and "Bedingung" in z]
    assert len(bedingung) == 1, befunde
    assert f"Zeile {wenn}</span>" in bedingung[0] and f'data-zeile="{wenn}"' in bedingung[0]
