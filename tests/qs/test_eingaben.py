"""Eingaben auf den QS-Seiten: ein Monat außerhalb von 2000–2100 ist ein Feldfehler (kein Fehler 500), eine
Stichprobe ohne Kontakte wird nicht gespeichert, und ein gescheitertes Speichern der Bewertung zeigt eine
Fehlerliste oben am Formular (role="alert", Fokus, Links auf die Felder), „Fehler: “ im Seitentitel und
behält die Eingaben (KERN UX, WCAG 2.1: 3.3.1, 3.3.3, 2.4.2)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import services
from kundenportal.qs.models import Bewertung, Stichprobe

pytestmark = pytest.mark.django_db


def _titel(seite: str) -> str:
    gefunden = re.search(r"<title>(.*?)</title>", seite, re.S)
    assert gefunden
    return gefunden.group(1).strip()


@pytest.mark.parametrize("monat", ["12.9999", "01.0001", "12.1999", "01.2101"])
def test_monat_ausserhalb_des_zeitraums_ist_ein_feldfehler(benutzer: Callable[..., Any], client: Client,
                                                          monat: str) -> None:
    client.force_login(benutzer("teamleitung"))
    antwort = client.post("/qs/", {"monat": monat, "kanal": ""})
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    meldung = (f"„{monat}“ liegt außerhalb des möglichen Zeitraums: bitte einen Monat von 01.2000 bis 12.2100, "
               "z. B. 03.2020.")
    assert f'<a href="#id_monat">Monat (MM.JJJJ): {meldung}</a>' in seite          # Fehlerliste mit Link
    assert f'id="id_monat_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-body">{meldung}' in seite
    assert _titel(seite) == "Fehler: Qualitätssicherung – Kundenportal"
    assert f'value="{monat}"' in seite                                          # die Eingabe bleibt stehen
    assert not Stichprobe.objects.exists()


def test_monatsgrenzen_gelten_auch_im_dienst(benutzer: Callable[..., Any]) -> None:
    tl = benutzer("teamleitung")
    for tag in (dt.date(9999, 12, 1), dt.date(1, 1, 1)):
        with pytest.raises(services.QsFehler) as fehler:
            services.stichprobe_nach_plan(tl, monat=tag, jetzt=zeit.jetzt())
        assert fehler.value.meldung == "Bitte einen Monat von 01.2000 bis 12.2100."
    assert not Stichprobe.objects.exists()


def test_freie_stichprobe_ohne_kontakte_wird_nicht_gespeichert(benutzer: Callable[..., Any],
                                                               client: Client) -> None:
    client.force_login(benutzer("teamleitung"))
    antwort = client.post("/qs/", {"n": "5", "tage": "14", "leitfaden": ""})
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    von = (zeit.heute() - dt.timedelta(days=13)).strftime("%d.%m.%Y")
    assert (f"Keine Stichprobe gezogen: Vom {von} bis {zeit.heute():%d.%m.%Y} gab es am Standort Nürnberg keine "
            "abgeschlossenen, noch nicht gezogenen Kontakte. Bitte einen anderen Zeitraum oder Filter wählen.") in seite
    assert 'role="alert"' in seite
    assert not Stichprobe.objects.exists() and "Noch keine Stichprobe." in seite


def test_stichprobe_nach_plan_ohne_kontakte_wird_nicht_gespeichert(benutzer: Callable[..., Any],
                                                                  client: Client) -> None:
    client.force_login(benutzer("teamleitung"))
    seite = client.post("/qs/", {"monat": "03.2020", "kanal": "ez", "plan_leitfaden": "EZ 1.003"}).content.decode()
    assert ("Keine Stichprobe gezogen: Im Monat 03.2020 gab es am Standort Nürnberg (Kanal Eingangszone, "
            "Leitfaden EZ 1.003) keine abgeschlossenen, noch nicht gezogenen Kontakte.") in seite
    assert not Stichprobe.objects.exists()


@pytest.fixture
def bewertung(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any]) -> Bewertung:
    kontakt_abschliessen()
    s = services.stichprobe_ziehen(benutzer("teamleitung"), heute=zeit.heute(), jetzt=zeit.jetzt(), n=1)
    return s.bewertungen.get()


def test_gescheitertes_speichern_zeigt_fehlerliste_oben_am_formular(bewertung: Bewertung, client: Client) -> None:
    client.force_login(bewertung.stichprobe.user)
    antwort = client.post(f"/qs/bewertung/{bewertung.pk}/", {
        "identitaet": "erfuellt", "ergebnis": "nicht_erfuellt", "vermerk": "erfuellt", "a2_abgesagt": "nicht_anwendbar",
        "kommentar": "Freundlich, aber knapp."})                               # ohne „Gesprächsführung“
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert _titel(seite) == f"Fehler: Kontakt {bewertung.nummer} bewerten – Kundenportal"
    liste = re.search(r'<div class="kern-alert kern-alert--danger" role="alert"[^>]*>.*?</ul>', seite, re.S)
    assert liste is not None
    kopf = liste.group(0)
    assert 'tabindex="-1"' in kopf and "autofocus" in kopf                     # der Fokus springt zur Liste
    assert ('<a href="#id_gespraech_0">Gesprächsführung: verständlich, freundlich, Anliegen geklärt '
            "(Regel Anlage 2.2 (allgemein)): Bitte wählen Sie ein Urteil.</a>") in kopf
    assert 'id="id_gespraech_0"' in seite                                      # das Ziel des Links gibt es
    # oben am Formular: nach der Überschrift „Bewertung“, vor dem ersten Feld
    assert seite.index('id="bewerten"') < liste.start() < seite.index('name="identitaet"')
    assert re.search(r'value="nicht_erfuellt" class="kern-form-check__radio" id="id_ergebnis_1" required checked>', seite)
    assert "Freundlich, aber knapp.</textarea>" in seite                       # die Eingaben bleiben
    bewertung.refresh_from_db()
    assert bewertung.bewertet is None


def test_fehler_des_dienstes_steht_in_der_fehlerliste(bewertung: Bewertung, client: Client) -> None:
    tl = bewertung.stichprobe.user
    urteile = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "erfuellt",
               "a2_abgesagt": "nicht_anwendbar"}
    services.bewertung_speichern(tl, bewertung, urteile, "", jetzt=zeit.jetzt())
    services.bewertung_freigeben(tl, bewertung, jetzt=zeit.jetzt())
    client.force_login(tl)
    seite = client.post(f"/qs/bewertung/{bewertung.pk}/", urteile).content.decode()
    assert _titel(seite).startswith("Fehler: ")
    liste = re.search(r'role="alert".*?</ul>', seite, re.S)
    assert liste and "<li>Die Bewertung ist schon freigegeben und bleibt unverändert.</li>" in liste.group(0)


def test_ohne_fehler_kein_fehlertitel_und_keine_liste(bewertung: Bewertung, client: Client) -> None:
    client.force_login(bewertung.stichprobe.user)
    seite = client.get(f"/qs/bewertung/{bewertung.pk}/").content.decode()
    assert _titel(seite) == f"Kontakt {bewertung.nummer} bewerten – Kundenportal"
    assert 'id="fehlerliste"' not in seite
