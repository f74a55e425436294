"""Die Teamleitung E-Mail (Rolle `teamleitung_emb`) macht die Qualitätssicherung der E-Mail-Bearbeitung — auf dem
Bogen der QS-Anlage 2.2.3, wie die Teamleitung Familienkasse die ihres Kanals auf 2.2.4: Sie zieht nur Kontakte des
Kanals E-Mail, öffnet keinen Telefonkontakt (auch nicht in der Stichprobe einer anderen Teamleitung am Standort),
und die Gründe nennen Kanal und zuständige Rolle. Dazu die Auswertung für einen frei gewählten Zeitraum (etwa den
der Stichprobe März 2020) und die Freigabe in neutraler Sprache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.fuehrung.demo import QS_MONAT, QS_STANDORT, demo_kontakte_anlegen
from kundenportal.konten import zugriff
from kundenportal.konten.models import Zugriff
from kundenportal.qs import services
from kundenportal.qs.models import Stichprobe

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 5, 4, 10, 0, tzinfo=dt.UTC)
APRIL = dt.date(2020, 4, 1)          # mit anzahl=300 hat Nürnberg im April E-Mail-Kontakte


@pytest.fixture
def demo(db: Any) -> int:
    """Demo-Gespräche Feb.–Apr. 2020 mit der bewerteten Stichprobe März 2020 der Teamleitung SGB III (Telefon)."""
    return demo_kontakte_anlegen(anzahl=300)


@pytest.fixture
def tl_emb(benutzer: Callable[..., Any]) -> Any:
    return benutzer("teamleitung_emb", "tl-emb", standort=QS_STANDORT)


def test_rechte_der_teamleitung_email(tl_emb: Any) -> None:
    assert zugriff.darf_qs(tl_emb) and zugriff.qs_kanaele(tl_emb) == ["emb"]
    assert zugriff.kennzahl_kanaele(tl_emb) == ["emb"] and zugriff.darf_anlage5_sehen(tl_emb)
    assert zugriff.darf_quarantaene_sehen(tl_emb) and not zugriff.darf_kunden_sehen(tl_emb)


def test_zieht_und_bewertet_nur_email_kontakte_auf_dem_bogen_223(demo: int, tl_emb: Any, client: Client) -> None:
    client.force_login(tl_emb)
    seite = client.get("/qs/")
    assert seite.status_code == 200
    html = seite.content.decode()
    assert '<option value="emb">E-Mail-Bearbeitung (2.2.3)</option>' in html
    assert "Service Center SGB III (2.2.1)" not in html and "SC 3.003" not in html and "EMB Terminabsage" in html
    assert "Sie ziehen und bewerten\n   Kontakte Ihrer Kanäle: E-Mail-Bearbeitung." in html
    antwort = client.post("/qs/", {"monat": "04.2020", "kanal": ""})
    assert antwort.status_code == 302
    stichprobe = Stichprobe.objects.get(user=tl_emb)
    bewertungen = list(stichprobe.bewertungen.select_related("kontakt"))
    assert bewertungen and {b.kontakt.kanal for b in bewertungen} == {"emb"}
    assert all(b.formular.startswith("2.2.3@") for b in bewertungen)
    offen = client.get(f"/qs/bewertung/{bewertungen[0].pk}/")
    assert offen.status_code == 200 and "Anlage 2.2.3" in offen.content.decode()
    assert Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=tl_emb).count() == 1
    with pytest.raises(services.KeinZugriff) as fremd:
        services.stichprobe_nach_plan(tl_emb, monat=QS_MONAT, jetzt=JETZT, kanal="sc3")
    assert fremd.value.meldung == ("Die Qualitätssicherung des Kanals Service Center SGB III macht die Teamleitung; "
                                   "Sie ziehen und bewerten Kontakte Ihrer Kanäle (E-Mail-Bearbeitung).")
    with pytest.raises(services.KeinZugriff, match="nicht zu Ihrem Rechtskreis"):
        services.stichprobe_nach_plan(tl_emb, monat=QS_MONAT, jetzt=JETZT, kanal="scfk")
    frei = services.stichprobe_ziehen(tl_emb, heute=dt.date(2020, 4, 30), jetzt=JETZT, n=50, tage=90, seed=1)
    assert {b.kontakt.kanal for b in frei.bewertungen.select_related("kontakt")} == {"emb"}


def test_oeffnet_keinen_telefonkontakt_am_eigenen_standort(demo: int, tl_emb: Any, client: Client) -> None:
    """Die Stichprobe März 2020 der Teamleitung SGB III liegt am selben Standort — sie hat nur Telefonkontakte."""
    telefon = Stichprobe.objects.get(user__username="demo-teamleitung")
    bewertung = telefon.bewertungen.select_related("kontakt").first()
    assert bewertung is not None and bewertung.kontakt.kanal == "sc3"
    client.force_login(tl_emb)
    assert f"/qs/stichprobe/{telefon.pk}/" not in client.get("/qs/").content.decode()
    stichprobe = client.get(f"/qs/stichprobe/{telefon.pk}/")
    assert stichprobe.status_code == 404                # fremde Kanäle: wie eine unbekannte Stichprobe
    assert "Seite nicht gefunden" in stichprobe.content.decode()
    verboten = client.get(f"/qs/bewertung/{bewertung.pk}/")
    assert verboten.status_code == 404
    assert "Service Center SGB III" not in verboten.content.decode()
    assert not Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=tl_emb).exists()
    assert not zugriff.qs_bewertungen_sichtbar(tl_emb)(bewertung)
    with pytest.raises(services.KeinZugriff):
        services.bewertung_freigeben(tl_emb, bewertung, jetzt=JETZT)


def test_die_teamleitung_sgb3_bewertet_weiter_auch_email(demo: int, benutzer: Callable[..., Any]) -> None:
    """Die bestehende Regel bleibt: die Teamleitung SGB III zieht alle Kanäle ihres Rechtskreises."""
    tl = benutzer("teamleitung", "tl-sgb3", standort=QS_STANDORT)
    assert zugriff.qs_kanaele(tl) == ["emb", "eservice", "ez", "sc3"]
    s = services.stichprobe_nach_plan(tl, monat=APRIL, jetzt=JETZT, kanal="emb", seed=1)
    assert {b.formular.partition("@")[0] for b in s.bewertungen.all()} == {"2.2.3"}


def test_auswertung_fuer_den_zeitraum_der_stichprobe(demo: int, client: Client) -> None:
    """Der Befund: nur die letzten 7/30/90/365 Tage — die Stichprobe März 2020 hieß immer „Keine bewerteten
    Kontakte in diesem Zeitraum“. Jetzt mit Von/Bis und einem Verweis je Stichprobe."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-teamleitung"))
    standard = client.get("/qs/").content.decode()
    assert "Keine bewerteten Kontakte in diesem Zeitraum." in standard          # heute: Jahre nach März 2020
    assert '<a href="?von=01.03.2020&amp;bis=31.03.2020#auswertung"' in standard
    maerz = client.get("/qs/", {"von": "01.03.2020", "bis": "31.03.2020"})
    assert maerz.status_code == 200
    html = maerz.content.decode()
    assert "Keine bewerteten Kontakte in diesem Zeitraum." not in html
    assert "01.03.2020 bis 31.03.2020" in html and " % (" in html.split('id="qs-quoten"', 1)[1]
    assert 'value="01.03.2020"' in html and 'value="31.03.2020"' in html
    # fehlt das Ende: drei Kalendermonate wie in der Anlage 5
    ergaenzt = client.get("/qs/", {"von": "01.03.2020"}).content.decode()
    assert "01.03.2020 bis 31.05.2020" in ergaenzt and 'value="31.05.2020"' in ergaenzt
    for eingabe, meldung in [
        ({"von": "31.03.2020", "bis": "01.03.2020"}, "Das Ende (01.03.2020) liegt vor dem Beginn (31.03.2020)."),
        ({"von": "01.01.1999"}, "Bitte ein Datum zwischen dem 01.01.2000 und dem 31.12.2100 angeben."),
        ({"von": "31.02.2020"}, "31.02.2020"),
        ({"von": "", "bis": ""}, "Bitte „Von“ oder „Bis“ angeben (TT.MM.JJJJ), z. B. 01.03.2020."),
        ({"von": "01.01.2000", "bis": "31.12.2010"}, "Der Zeitraum ist länger als drei Jahre; bitte kürzer wählen."),
    ]:
        antwort = client.get("/qs/", eingabe)
        text = antwort.content.decode()
        assert antwort.status_code == 400 and meldung in text and 'id="qs-quoten"' not in text, eingabe
        assert "<title>Fehler: " in text
    assert zeit.heute() > dt.date(2020, 12, 31)            # die Auswahl der Tage bleibt (bis heute)
    assert "Keine bewerteten Kontakte" in client.get("/qs/", {"tage": "365"}).content.decode()


def test_freigabe_in_neutraler_sprache(demo: int, client: Client) -> None:
    from django.contrib.auth import get_user_model

    tl = get_user_model().objects.get(username="demo-teamleitung")
    client.force_login(tl)
    stichprobe = Stichprobe.objects.get(user=tl)
    offen = stichprobe.bewertungen.filter(bewertet__isnull=False, freigegeben__isnull=True).first()
    frei = stichprobe.bewertungen.filter(freigegeben__isnull=False).first()
    assert offen is not None and frei is not None
    html = client.get(f"/qs/bewertung/{offen.pk}/").content.decode()
    assert "Ergebnis für die bewertete Person freigeben" in html and "an die Beschäftigte" not in html
    antwort = client.post(f"/qs/bewertung/{offen.pk}/freigeben/", follow=True).content.decode()
    assert (f"Ergebnis von Kontakt {offen.nummer} freigegeben: Die Person, die den Kontakt geführt hat, sieht es "
            "unter „Meine Bewertungen“.") in antwort
    assert "Die Person, die den Kontakt geführt hat, sieht das Ergebnis unter „Meine Bewertungen“." in antwort
    assert "an die Beschäftigte" not in client.get(f"/qs/bewertung/{frei.pk}/").content.decode()
