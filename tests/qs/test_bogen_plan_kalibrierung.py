"""Bogen nach Leitfaden-Fassung, Stichprobenplan 2.2.6, Kalibrierung und Freigabe (domain.md A12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import queries, services
from kundenportal.qs.formulare import formular_fuer
from kundenportal.qs.models import Stichprobe

pytestmark = pytest.mark.django_db
URTEILE_2019 = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "erfuellt"}
URTEILE_2020 = {**URTEILE_2019, "a2_abgesagt": "nicht_anwendbar"}


def test_bogen_folgt_der_leitfaden_fassung(kontakt_abschliessen: Callable[..., Kontakt],
                                           settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-18"
    alt = kontakt_abschliessen()
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    neu = kontakt_abschliessen()
    bogen_alt, bogen_neu = formular_fuer(alt), formular_fuer(neu)
    assert (alt.stand, neu.stand) == (dt.date(2019, 12, 20), dt.date(2020, 3, 20))
    assert bogen_alt is not None and bogen_neu is not None
    assert (bogen_alt.schluessel, bogen_neu.schluessel) == ("2.2.1@2019-12-20", "2.2.1@2020-03-20")
    assert [k.id for k in bogen_alt.kriterien] == ["identitaet", "ergebnis", "vermerk", "gespraech"]
    assert [k.id for k in bogen_neu.kriterien] == ["identitaet", "ergebnis", "vermerk", "gespraech", "a2_abgesagt"]


def test_leitfaden_ohne_identitaetsschritt_hat_kein_identitaetskriterium(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    k = gespraech.kontakt_starten(agent, "SC 3.017", None)
    ansicht = gespraech.kontakt_beantworten(agent, k, "beratungsbedarf_bns", "ja")
    k = gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)
    bogen = formular_fuer(k)
    assert bogen is not None
    ids = [kr.id for kr in bogen.kriterien]
    assert "identitaet" not in ids and "a5_bns" in ids and "a2_abgesagt" not in ids
    tl = benutzer("teamleitung")
    b = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    assert b.vorschlag["a5_bns"] == {"urteil": "erfuellt",
                                     "grund": "Übergabe in Telefonie ausgeführt (SC 3.017, Übergabe: Übergeben Sie den "
                                              "Anruf in das Wartefeld des Betriebsnummern-Service. …; Regel 2.2 a) 5)."}
    assert "identitaet" not in b.vorschlag


def _kontakte(kontakt_abschliessen: Callable[..., Kontakt], settings: Any, tag: str, n: int) -> None:
    settings.KUNDENPORTAL_STICHTAG = tag
    for _ in range(n):
        kontakt_abschliessen()


def test_plan_zieht_mehr_in_den_ersten_vier_wochen_nach_neuer_fassung(
        kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any], settings: Any) -> None:
    _kontakte(kontakt_abschliessen, settings, "2020-03-25", 10)    # SC 3.003 seit 20.03.2020: 5 Tage alt
    _kontakte(kontakt_abschliessen, settings, "2020-06-10", 10)    # 12 Wochen alt
    tl = benutzer("teamleitung")
    maerz = services.stichprobe_nach_plan(tl, monat=dt.date(2020, 3, 1), jetzt=zeit.jetzt(), seed=1)
    juni = services.stichprobe_nach_plan(tl, monat=dt.date(2020, 6, 15), jetzt=zeit.jetzt(), seed=1)
    assert (maerz.bewertungen.count(), juni.bewertungen.count()) == (8, 4)   # 2.2.6: 8 statt 4 je Beschäftigten
    assert (maerz.plan, maerz.monat, maerz.von, maerz.bis) == ("2.2.6@2020-03-20", dt.date(2020, 3, 1),
                                                               dt.date(2020, 3, 1), dt.date(2020, 3, 31))
    assert set(juni.bewertungen.values_list("formular", flat=True)) == {"2.2.1@2020-03-20"}
    nochmal = services.stichprobe_nach_plan(tl, monat=dt.date(2020, 3, 1), jetzt=zeit.jetzt(), seed=1)
    assert nochmal.bewertungen.count() == 2                               # kein Kontakt wird zweimal gezogen


def test_plan_filtert_nach_kanal_und_fassung(kontakt_abschliessen: Callable[..., Kontakt],
                                             benutzer: Callable[..., Any], settings: Any) -> None:
    _kontakte(kontakt_abschliessen, settings, "2020-03-18", 3)     # Fassung 20.12.2019
    _kontakte(kontakt_abschliessen, settings, "2020-03-24", 3)     # Fassung 20.03.2020
    tl = benutzer("teamleitung")
    s = services.stichprobe_nach_plan(tl, monat=dt.date(2020, 3, 1), jetzt=zeit.jetzt(), kanal="sc3",
                                      stand=dt.date(2019, 12, 20))
    assert set(s.bewertungen.values_list("kontakt__stand", flat=True)) == {dt.date(2019, 12, 20)}
    assert set(s.bewertungen.values_list("formular", flat=True)) == {"2.2.1@2019-12-20"}
    with pytest.raises(services.QsFehler) as leer:                  # nichts im Filter: nichts gespeichert
        services.stichprobe_nach_plan(tl, monat=dt.date(2020, 3, 1), jetzt=zeit.jetzt(), kanal="ez")
    assert leer.value.meldung == (
        "Keine Stichprobe gezogen: Im Monat 03.2020 gab es am Standort Nürnberg (Kanal Eingangszone) keine "
        "abgeschlossenen, noch nicht gezogenen Kontakte. Bitte einen anderen Zeitraum oder Filter wählen.")
    assert Stichprobe.objects.count() == 1


def test_monat_falsch_eingegeben_gibt_klare_meldung(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("teamleitung"))
    seite = client.post("/qs/", {"monat": "13.2020", "kanal": ""}).content.decode()
    assert "„13.2020“ ist kein Monat: bitte MM.JJJJ, z. B. 03.2020." in seite


def test_kalibrierung_zeigt_die_streuung(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any],
                                        client: Client) -> None:
    kontakt_abschliessen()
    tl1, tl2, tl3 = benutzer("teamleitung", "tl-1"), benutzer("teamleitung", "tl-2"), benutzer("teamleitung", "tl-3")
    b = services.stichprobe_ziehen(tl1, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    services.bewertung_speichern(tl1, b, URTEILE_2020, "", jetzt=zeit.jetzt())
    with pytest.raises(services.QsFehler) as fehler:
        services.kalibrierung_speichern(tl1, b, URTEILE_2020, jetzt=zeit.jetzt())
    assert fehler.value.meldung == "Kalibrieren heißt: eine andere Teamleitung bewertet denselben Kontakt."
    services.kalibrierung_speichern(tl2, b, {**URTEILE_2020, "gespraech": "nicht_erfuellt"}, jetzt=zeit.jetzt())
    client.force_login(tl3)
    antwort = client.post(f"/qs/bewertung/{b.pk}/", {**URTEILE_2020, "gespraech": "nicht_erfuellt"})
    assert antwort.status_code == 302
    b.refresh_from_db()
    assert b.urteile["gespraech"] == "erfuellt"                     # die Kalibrierung ändert die Bewertung nicht
    stand = queries.kalibrierung(tl3, b)
    assert stand is not None and stand.teamleitungen == 3
    streuung = {s.text: s for s in stand.streuung}
    gespraech_ = streuung["Gesprächsführung: verständlich, freundlich, Anliegen geklärt"]
    assert gespraech_.urteile == [("tl-1", "erfüllt"), ("tl-2", "nicht erfüllt"), ("tl-3", "nicht erfüllt")]
    assert gespraech_.anteil_abweichend == Fraction(1, 3) and not gespraech_.einig
    assert streuung["Identität vor jeder Auskunft geprüft"].einig
    seite = client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    assert "Kalibrierung: Urteile der Teamleitungen" in seite and "0,33 (1 von 3 Urteilen abweichend)" in seite


def test_freigabe_an_die_beschaeftigte(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any],
                                       client: Client) -> None:
    k = kontakt_abschliessen()
    tl = benutzer("teamleitung")
    b = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    with pytest.raises(services.QsFehler) as fehler:
        services.bewertung_freigeben(tl, b, jetzt=zeit.jetzt())
    assert fehler.value.meldung == "Erst bewerten, dann freigeben."
    client.force_login(k.user)
    assert "Noch keine freigegebenen Ergebnisse." in client.get("/qs/meine/").content.decode()
    services.bewertung_speichern(tl, b, URTEILE_2020, "Gut geführt.", jetzt=zeit.jetzt())
    client.force_login(tl)
    assert client.post(f"/qs/bewertung/{b.pk}/freigeben/").status_code == 302
    client.force_login(k.user)
    seite = client.get("/qs/meine/").content.decode()
    assert "Gut geführt." in seite and "Identität vor jeder Auskunft geprüft" in seite and "erfüllt" in seite
    client.force_login(benutzer("agent_sc3", "andere"))
    assert "Noch keine freigegebenen Ergebnisse." in client.get("/qs/meine/").content.decode()
    with pytest.raises(services.QsFehler):
        services.bewertung_speichern(tl, b, URTEILE_2020, "geändert", jetzt=zeit.jetzt())


def test_kontakt_ohne_aufgezeichneten_weg_wird_nicht_vorbewertet(benutzer: Callable[..., Any],
                                                                 client: Client) -> None:
    tl = benutzer("teamleitung")
    agent = benutzer("agent_sc3", "ohne-weg")
    Kontakt.objects.create(user=agent, kanal="sc3", standort="Nürnberg", leitfaden="SC 3.003",
                           stand=dt.date(2020, 3, 20), weisung="202003006", lauf={}, status=Kontakt.ABGESCHLOSSEN,
                           ergebnis="termin_abgesagt", abgeschlossen=dt.datetime(2020, 3, 24, 10, tzinfo=dt.UTC))
    s = services.stichprobe_nach_plan(tl, monat=dt.date(2020, 3, 1), jetzt=zeit.jetzt(), kanal="sc3", seed=3)
    b = s.bewertungen.first()
    assert b is not None and b.vorschlag == {}
    client.force_login(tl)
    seite = client.get(f"/qs/bewertung/{b.pk}/")
    assert seite.status_code == 200 and "Kein Schritt aufgezeichnet." in seite.content.decode()
