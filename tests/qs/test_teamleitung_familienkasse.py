"""Die Teamleitung Familienkasse (Rolle `teamleitung_fk`): Qualitätssicherung der Telefonkontakte der
Familienkasse auf dem Bogen der QS-Anlage 2.2.4, Kennzahlen ihres Kanals, Maßnahmen der Anlage 7 zu den
Regeln der Familienkasse (2.2 b) — und nichts aus dem SGB III: kein Kontakt, keine Stichprobe, keine Anlage 5
(die Arbeitshilfe operative Führungsprozesse SGB III)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.fuehrung import services as fuehrung
from kundenportal.fuehrung.models import Massnahme
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zugriff
from kundenportal.konten.models import Zugriff
from kundenportal.qs import services
from kundenportal.qs.models import Stichprobe

pytestmark = pytest.mark.django_db


@pytest.fixture
def fk_kontakt(benutzer: Callable[..., Any], kunde: str) -> Kontakt:
    """Ein abgeschlossener Kontakt der Familienkasse in Nürnberg (FK 4.001, Identität nicht bestätigt)."""
    agent = benutzer("agent_scfk", "fk-agent")
    k = gespraech.kontakt_starten(agent, "FK 4.001", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    return gespraech.kontakt_abschliessen(agent, k, "Identität nicht bestätigt.")


@pytest.fixture
def tl_fk(benutzer: Callable[..., Any]) -> Any:
    return benutzer("teamleitung_fk", "tl-fk")


def test_rechte_der_teamleitung_familienkasse(tl_fk: Any) -> None:
    assert zugriff.qs_kanaele(tl_fk) == ["scfk"]
    assert zugriff.kennzahl_kanaele(tl_fk) == ["scfk"]
    assert zugriff.darf_kennzahlen_sehen(tl_fk) and not zugriff.darf_anlage5_sehen(tl_fk)
    assert not zugriff.darf_kunden_sehen(tl_fk) and zugriff.kanaele_fuer(tl_fk) == []
    assert zugriff.rolle_anzeige(tl_fk) == "Teamleitung Familienkasse"


def test_zieht_und_bewertet_nur_kontakte_der_familienkasse_auf_dem_bogen_224(
        fk_kontakt: Kontakt, kontakt_abschliessen: Callable[..., Kontakt], tl_fk: Any, client: Client) -> None:
    sgb3 = kontakt_abschliessen()
    client.force_login(tl_fk)
    seite = client.get("/qs/").content.decode()
    assert "Service Center Familienkasse (2.2.4)" in seite
    assert "Service Center SGB III" not in seite and "SC 3.003" not in seite
    antwort = client.post("/qs/", {"monat": zeit.heute().strftime("%m.%Y"), "kanal": ""})
    assert antwort.status_code == 302
    stichprobe = Stichprobe.objects.get()
    bewertung = stichprobe.bewertungen.get()
    assert bewertung.kontakt_id == fk_kontakt.pk and bewertung.formular.startswith("2.2.4@")
    assert not stichprobe.bewertungen.filter(kontakt=sgb3).exists()
    offen = client.get(f"/qs/bewertung/{bewertung.pk}/")
    assert offen.status_code == 200 and "FK 4.001" in offen.content.decode()
    assert "Anlage 2.2.4" in offen.content.decode()
    assert Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=tl_fk).count() == 1
    with pytest.raises(services.KeinZugriff) as fremd:
        services.stichprobe_nach_plan(tl_fk, monat=zeit.heute(), jetzt=zeit.jetzt(), kanal="sc3")
    assert fremd.value.meldung == "Kontakte dieses Kanals gehören nicht zu Ihrem Rechtskreis (Familienkasse)."


def test_vornamen_der_kinder_sind_geschwaerzt(benutzer: Callable[..., Any], tl_fk: Any, client: Client) -> None:
    """Die Optionen „Welches Kind?“ stehen im Vermerk mit Vornamen („K1 – Katharina“): die QS schwärzt die Kinder
    aus KIWI wie den Namen aus VerBIS."""
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

    ausgangslage_laden({"kunde": {"kundennummer": "955F000077", "vorname": "Petra", "nachname": "Lindqvist",
                                  "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK77", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Katharina", "geburtsdatum": "2010-05-01"}]}})
    agent = benutzer("agent_scfk", "fk-agent-kiwi")
    k = gespraech.kontakt_starten(agent, "FK 4.001", "955F000077")
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    gespraech.kontakt_abschliessen(agent, k, "Petra Lindqvist fragt nach K1 – Katharina; katharina zieht aus.")
    stichprobe = services.stichprobe_nach_plan(tl_fk, monat=zeit.heute(), jetzt=zeit.jetzt(), kanal="scfk", seed=1)
    client.force_login(tl_fk)
    seite = client.get(f"/qs/bewertung/{stichprobe.bewertungen.get().pk}/").content.decode()
    assert "[Name] fragt nach K1 – [Name]; [Name] zieht aus." in seite
    assert "Katharina" not in seite and "katharina" not in seite and "Lindqvist" not in seite


def test_sieht_keine_stichprobe_des_sgb3(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any],
                                        tl_fk: Any, client: Client) -> None:
    kontakt_abschliessen()
    sgb3 = services.stichprobe_ziehen(benutzer("teamleitung", "tl-sgb3"), heute=zeit.heute(), jetzt=zeit.jetzt())
    client.force_login(tl_fk)
    assert f"/qs/stichprobe/{sgb3.pk}/" not in client.get("/qs/").content.decode()
    assert client.get(f"/qs/stichprobe/{sgb3.pk}/").status_code == 404       # wie eine unbekannte
    assert client.get(f"/qs/bewertung/{sgb3.bewertungen.get().pk}/").status_code == 404


def test_kennzahlen_und_fuehrungsprozesse(fk_kontakt: Kontakt, kontakt_abschliessen: Callable[..., Kontakt],
                                          tl_fk: Any, client: Client) -> None:
    kontakt_abschliessen()
    client.force_login(tl_fk)
    start = client.get("/")
    assert start.status_code == 302 and start["Location"] == "/fuehrung/anlage-7/"
    kennzahlen = client.get("/kennzahlen/").content.decode()
    assert '<dd id="kz-kontakte">1</dd>' in kennzahlen                  # nur der Kontakt der Familienkasse
    assert "/fuehrung/anlage-5/" not in kennzahlen and "/fuehrung/anlage-7/" in kennzahlen
    assert client.get("/fuehrung/")["Location"] == "/fuehrung/anlage-7/"
    verboten = client.get("/fuehrung/anlage-5/")
    assert verboten.status_code == 403
    assert "zählt die Kontakte des SGB III" in verboten.content.decode()
    api = client.get("/api/fuehrung/anlage5")
    assert api.status_code == 403 and api.json()["code"] == "keine_berechtigung"


def test_anlage7_fuehrt_zu_den_eigenen_regeln(tl_fk: Any, client: Client) -> None:
    client.force_login(tl_fk)
    html = client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "30.04.2020"}).content.decode()
    inhalt = html[html.index('<nav aria-labelledby="regeln-titel">'):]
    inhalt = inhalt[:inhalt.index("</nav>")]
    eintraege = [z for z in inhalt.split("<li>")[1:]]
    assert len(eintraege) == html.count('<section aria-labelledby="regel-')       # jede Regel, in ihrer Reihenfolge
    eigene = [e for e in eintraege if "(Ihre Kanäle)" in e]
    assert eigene and all(">2.2 b) " in e for e in eigene)                          # nur die der Familienkasse
    assert any(">2.2 a) 6: " in e for e in eintraege)
    assert 'name="regel" value="2.2 a) 6"' not in html and 'name="regel" value="2.2 b) 6"' in html


def test_massnahmen_nur_zu_regeln_der_familienkasse(tl_fk: Any) -> None:
    jetzt = dt.datetime(2020, 4, 1, tzinfo=dt.UTC)
    with pytest.raises(fuehrung.FuehrungFehler, match="Service Center SGB III"):
        fuehrung.massnahme_festhalten(tl_fk, weisung="202003006", regel="2.2 a) 6", text="x", jetzt=jetzt)
    fuehrung.massnahme_festhalten(tl_fk, weisung="202003006", regel="2.2 b) 6",
                                  text="ÖD-Fälle im Teamgespräch am 02.04.", jetzt=jetzt)
    assert Massnahme.objects.get().regel == "2.2 b) 6"


def test_anlage7_zeigt_qs_kriterien_nur_des_eigenen_rechtskreises(tl_fk: Any, benutzer: Callable[..., Any],
                                                                   client: Client) -> None:
    """Die Bewertungen des anderen Rechtskreises zählen nicht mit — ihre Kriterien hießen sonst „noch nicht
    bewertet“, obwohl die andere Teamleitung sie bewertet hat."""
    zeitraum = {"von": "01.02.2020", "bis": "30.04.2020"}
    client.force_login(tl_fk)
    fk = client.get("/fuehrung/anlage-7/", zeitraum).content.decode()
    assert "(Anlage 2.2.4)" in fk and "(Anlage 2.2.1)" not in fk and "(Anlage 2.2.2)" not in fk
    client.force_login(benutzer("teamleitung", "tl-sgb3-anlage7"))
    sgb3 = client.get("/fuehrung/anlage-7/", zeitraum).content.decode()
    assert "(Anlage 2.2.1)" in sgb3 and "(Anlage 2.2.4)" not in sgb3


def test_teamleitung_sgb3_erfaehrt_wer_die_massnahmen_der_familienkasse_festhaelt(benutzer: Callable[..., Any],
                                                                                   client: Client) -> None:
    client.force_login(benutzer("teamleitung", "tl-sgb3-wer"))
    html = client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "30.04.2020"}).content.decode()
    assert ("Diese Regel misst die Anlage 7 an Kontakten der Kanäle Service Center Familienkasse; Maßnahmen dazu "
            "hält die Teamleitung Familienkasse fest") in html
    with pytest.raises(fuehrung.FuehrungFehler, match="hält die Teamleitung Familienkasse fest"):
        fuehrung.massnahme_festhalten(benutzer("teamleitung", "tl-sgb3-wer2"), weisung="202003006", regel="2.2 b) 6",
                                      text="x", jetzt=dt.datetime(2020, 4, 1, tzinfo=dt.UTC))
