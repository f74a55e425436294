"""Der eService „Beratungsgespräch vorbereiten“ läuft über den Leitfaden ES Beratungsgespraech."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz import models as m

pytestmark = pytest.mark.django_db

ANGABEN = {"fuehrerscheine": ["B", "C1"], "fahrzeuge": ["pkw"], "sprache_1": "Englisch", "niveau_1": "B2",
           "sprache_2": "Türkisch", "niveau_2": "C2", "freie_angaben": "Ich suche bevorzugt in Teilzeit.",
           "stellengesuch": "Lagerlogistik, Staplerfahrerin"}


def test_angaben_landen_nach_zusammenfassung_und_bestaetigung_im_verbis_profil(angemeldet: Client,
                                                                                kunde: str) -> None:
    assert angemeldet.get("/kunde/beratungsgespraech/").status_code == 200
    antwort = angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    assert antwort["Location"] == "/kunde/beratungsgespraech/pruefen/"
    zusammenfassung = angemeldet.get(antwort["Location"]).content.decode()
    assert "B – Pkw bis 3,5 t, C1 – Lkw bis 7,5 t" in zusammenfassung
    assert "Englisch (B2), Türkisch (C2)" in zusammenfassung
    assert not m.VerbisProfil.objects.exists()            # erst das Absenden speichert

    antwort = angemeldet.post("/kunde/beratungsgespraech/pruefen/")
    assert antwort["Location"] == "/kunde/beratungsgespraech/bestaetigung/"
    bestaetigung = angemeldet.get(antwort["Location"]).content.decode()
    assert "Ihre Angaben sind übermittelt" in bestaetigung and "Lagerlogistik, Staplerfahrerin" in bestaetigung

    profil = m.VerbisProfil.objects.get(kunde__kundennummer=kunde)
    assert profil.fuehrerscheine == ["B", "C1"] and profil.fahrzeuge == ["pkw"]
    assert profil.sprachkenntnisse == [{"sprache": "Englisch", "niveau": "B2"}, {"sprache": "Türkisch", "niveau": "C2"}]
    assert (profil.freie_angaben, profil.stellengesuch) == ("Ich suche bevorzugt in Teilzeit.",
                                                            "Lagerlogistik, Staplerfahrerin")
    assert profil.geaendert_von == f"kunde:{kunde}"


def test_angaben_lassen_sich_nach_der_zusammenfassung_aendern(angemeldet: Client) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    formular = angemeldet.get("/kunde/beratungsgespraech/").content.decode()
    assert 'value="Englisch"' in formular and re.search(r'<input type="checkbox" name="fuehrerscheine" value="C1" [^>]*id="id_fuehrerscheine_6" checked', formular)


@pytest.mark.parametrize(("daten", "feld", "meldung"), [
    ({"sprache_1": "Englisch"}, "niveau_1", "Bitte wählen Sie das Niveau für „Englisch“."),
    ({"niveau_1": "B1"}, "sprache_1", "Bitte geben Sie die Sprache zum Niveau B1 an."),
    ({"niveau_1": "D1", "sprache_1": "Englisch"}, "niveau_1", "Bitte wählen Sie ein Niveau von A1 bis C2."),
    ({"fuehrerscheine": ["B", "X"]}, "fuehrerscheine", "Bitte wählen Sie nur Führerscheinklassen aus der Liste."),
    ({"freie_angaben": "<script>alert(1)</script>"}, "freie_angaben",
     "Bitte geben Sie nur Text ein: HTML-Auszeichnungen wie &lt;b&gt; oder Skripte sind nicht erlaubt."),
    ({"stellengesuch": "x" * 1001}, "stellengesuch",
     "Bitte kürzen Sie Ihre Angabe auf höchstens 1000 Zeichen (derzeit 1001 Zeichen)."),
])
def test_fehler_stehen_deutsch_am_feld_und_sind_mit_ihm_verknuepft(angemeldet: Client, daten: dict[str, object],
                                                                  feld: str, meldung: str) -> None:
    antwort = angemeldet.post("/kunde/beratungsgespraech/", daten, follow=True)   # Post/Redirect/Get
    seite = antwort.content.decode()
    assert antwort.redirect_chain == [("/kunde/beratungsgespraech/?eingabe=abgelehnt", 302)]
    assert antwort.status_code == 200
    assert f'id="id_{feld}_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-body">{meldung}' in seite
    assert f'href="#id_{feld}' in seite                  # Fehlerliste oben verlinkt das Feld
    assert not m.VerbisProfil.objects.exists()


def test_verknuepfung_der_fehlermeldung_per_aria_describedby(angemeldet: Client) -> None:
    seite = angemeldet.post("/kunde/beratungsgespraech/", {"sprache_1": "Englisch"}, follow=True).content.decode()
    feld = re.search(r'<select name="niveau_1"[^>]*>', seite)
    assert feld and 'aria-invalid="true"' in feld[0] and 'aria-describedby="id_niveau_1_error"' in feld[0]
    assert "kern-form-input__select--error" in feld[0]


def test_leeres_formular_verlangt_mindestens_eine_angabe(angemeldet: Client) -> None:
    seite = angemeldet.post("/kunde/beratungsgespraech/", {}, follow=True).content.decode()
    assert "Bitte machen Sie mindestens eine Angabe." in seite


def test_ohne_abgeschlossene_online_asu_wird_der_eservice_nicht_angeboten(client: Client, kunde_anlegen: Any,
                                                                         stichtag: None) -> None:
    from kundenportal.eservice.zugang import SITZUNG_KUNDE

    kunde_anlegen("955A100009", online_asu="offen")
    sitzung = client.session
    sitzung[SITZUNG_KUNDE] = "955A100009"
    sitzung.save()
    seite = client.get("/kunde/beratungsgespraech/").content.decode()
    assert "nach Abschluss Ihrer Online-Arbeitsuchendmeldung zur Verfügung" in seite
    assert "<form method=\"post\" novalidate>" not in seite
    client.post("/kunde/beratungsgespraech/", {"fuehrerscheine": ["B"]})
    assert not m.VerbisProfil.objects.exists()


def test_vor_dem_2_maerz_2020_wird_der_eservice_nicht_angeboten(angemeldet: Client, settings: object) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-01"  # type: ignore[attr-defined]
    seite = angemeldet.get("/kunde/beratungsgespraech/").content.decode()
    assert "Dieser Service steht ab dem 02.03.2020 zur Verfügung." in seite
    settings.KUNDENPORTAL_STICHTAG = "2020-03-02"  # type: ignore[attr-defined]
    assert "Führerscheinklassen" in angemeldet.get("/kunde/beratungsgespraech/").content.decode()


def test_zusammenfassung_ohne_angaben_fuehrt_zum_formular(angemeldet: Client) -> None:
    assert angemeldet.get("/kunde/beratungsgespraech/pruefen/")["Location"] == "/kunde/beratungsgespraech/"
    assert angemeldet.get("/kunde/beratungsgespraech/bestaetigung/")["Location"] == "/kunde/beratungsgespraech/"


def test_pruefseite_zeigt_was_geschieht_und_absenden_fuehrt_genau_das_aus(angemeldet: Client, kunde: str) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    seite = angemeldet.get("/kunde/beratungsgespraech/pruefen/").content.decode()
    assert "Was beim Absenden geschieht" in seite and "Ihre Angaben werden in Ihrem Profil bei der Agentur für Arbeit gespeichert." in seite
    zeichen = re.search(r'name="zeichen" value="([0-9a-f]+)"', seite)
    assert zeichen and not m.VerbisProfil.objects.exists()           # der Leitfaden hielt vor der Aktion

    veraltet = angemeldet.post("/kunde/beratungsgespraech/pruefen/", {"zeichen": "0" * 16}, follow=True)
    assert veraltet.redirect_chain == [("/kunde/beratungsgespraech/pruefen/", 302)]     # neu prüfen, per GET
    assert "Bitte prüfen Sie sie erneut" in veraltet.content.decode()
    zeichen = re.search(r'name="zeichen" value="([0-9a-f]+)"', veraltet.content.decode())
    assert zeichen
    assert not m.VerbisProfil.objects.exists()

    antwort = angemeldet.post("/kunde/beratungsgespraech/pruefen/", {"zeichen": zeichen[1]})
    assert antwort["Location"] == "/kunde/beratungsgespraech/bestaetigung/"
    assert m.VerbisProfil.objects.get().stellengesuch == "Lagerlogistik, Staplerfahrerin"
