"""Befund eines Rundgangs der Teamleitungen (Dezember 2026): der Kommentar „Kundennummer 900D000001, Frau Demir,
Diagnose Depression“ wurde gespeichert, nach „Freigeben“ war die Bewertung unveränderlich und die Beschäftigte sah
ihn — die QS verspricht „pseudonymisiert: ohne Namen und Kundennummer“. Ein Kommentar mit Angaben zur Person wird
am Feld abgelehnt (Formular) und im Dienst (jeder andere Weg); gespeichert wird dann nichts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import services
from kundenportal.qs.models import Bewertung

pytestmark = pytest.mark.django_db
ALLE_ERFUELLT = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "erfuellt",
                 "a2_abgesagt": "nicht_anwendbar"}
RUNDGANG = "Kundennummer 900D000001, Frau Demir, Diagnose Depression"
ABHILFE = ("Der Kommentar bewertet die Gesprächsführung, nicht den einzelnen Fall: die Bewertung bleibt "
           "pseudonymisiert (ohne Namen und Kundennummer), auch für die Beschäftigten.")
MELDUNG = ("Bitte ohne Angaben zur Person: der Text enthält eine Kundennummer, einen Namen mit Anrede und eine "
           f"Gesundheitsangabe. {ABHILFE}")


@pytest.fixture
def bewertung(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any]) -> Bewertung:
    kontakt_abschliessen()
    s = services.stichprobe_ziehen(benutzer("teamleitung", "tl-kommentar"), heute=zeit.heute(), jetzt=zeit.jetzt(),
                                   n=1, seed=0)
    return s.bewertungen.get()


def test_kommentar_mit_person_bleibt_im_feld_mit_der_meldung(bewertung: Bewertung, client: Client) -> None:
    client.force_login(bewertung.stichprobe.user)
    antwort = client.post(f"/qs/bewertung/{bewertung.pk}/", {**ALLE_ERFUELLT, "kommentar": RUNDGANG})
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert (f'<p class="kern-error" id="id_kommentar_error"><span class="kern-icon kern-icon--danger" '
            f'aria-hidden="true"></span><span class="kern-body">{MELDUNG}</span></p>') in html
    assert f"{RUNDGANG}</textarea>" in html                    # was getippt wurde, bleibt im Feld
    bewertung.refresh_from_db()
    assert (bewertung.bewertet, bewertung.kommentar, bewertung.urteile) == (None, "", {})
    with pytest.raises(services.QsFehler) as fehler:          # nichts gespeichert, also nichts freizugeben
        services.bewertung_freigeben(bewertung.stichprobe.user, bewertung, jetzt=zeit.jetzt())
    assert fehler.value.meldung == "Erst bewerten, dann freigeben."


@pytest.mark.parametrize(("kommentar", "gefunden"), [
    (RUNDGANG, "eine Kundennummer, einen Namen mit Anrede und eine Gesundheitsangabe"),
    ("Rückruf an 0911 1234567 nicht vermerkt", "eine Telefonnummer"),
    ("Kundin wohnt Am Hang 3, nicht erfragt", "eine Anschrift"),
    ("Mail an erika@example.org statt Postfach", "eine E-Mail-Adresse"),
])
def test_dienst_lehnt_kommentar_mit_person_ab(bewertung: Bewertung, kommentar: str, gefunden: str) -> None:
    with pytest.raises(services.QsFehler) as fehler:
        services.bewertung_speichern(bewertung.stichprobe.user, bewertung, ALLE_ERFUELLT, kommentar,
                                     jetzt=zeit.jetzt())
    assert (fehler.value.code, fehler.value.meldung) == (
        "kommentar_person", f"Bitte ohne Angaben zur Person: der Text enthält {gefunden}. {ABHILFE}")
    bewertung.refresh_from_db()
    assert (bewertung.bewertet, bewertung.kommentar) == (None, "")


def test_kommentar_mit_datum_und_sachtext_wird_gespeichert(bewertung: Bewertung, client: Client) -> None:
    client.force_login(bewertung.stichprobe.user)
    text = "Termin zum 30.04.2020 sauber gebucht; Wartezeit > 5 Min. ansprechen."
    antwort = client.post(f"/qs/bewertung/{bewertung.pk}/", {**ALLE_ERFUELLT, "kommentar": text})
    assert antwort.status_code == 302
    bewertung.refresh_from_db()
    assert bewertung.kommentar == text and bewertung.bewertet is not None


def test_name_des_kunden_ohne_anrede_am_feld_abgelehnt_und_protokolliert(bewertung: Bewertung, client: Client) -> None:
    """Ein Name ohne Anrede („Mustermann war …“) passt auf kein Muster; der Dienst prüft den Kommentar deshalb auch
    gegen Vor- und Nachnamen des bewerteten Kontakts aus VerBIS — dieses Lesen steht im Zugriffsprotokoll."""
    from kundenportal.konten.models import Zugriff

    tl = bewertung.stichprobe.user
    client.force_login(tl)
    vorher = Zugriff.objects.filter(user=tl, aktion="qs_kontakt_lesen").count()
    text = "mustermann war hörbar verärgert, trotzdem ruhig geblieben"
    antwort = client.post(f"/qs/bewertung/{bewertung.pk}/", {**ALLE_ERFUELLT, "kommentar": text})
    html = antwort.content.decode()
    assert antwort.status_code == 200
    meldung = f"Bitte ohne Angaben zur Person: der Text enthält einen Namen. {ABHILFE}"
    assert f'id="id_kommentar_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>' \
           f'<span class="kern-body">{meldung}</span>' in html               # am Feld, nicht nur oben
    assert f"{text}</textarea>" in html
    bewertung.refresh_from_db()
    assert bewertung.bewertet is None and bewertung.kommentar == ""
    # Öffnen (Seite) und Prüfen des Kommentars lesen VerBIS: zwei Einträge
    assert Zugriff.objects.filter(user=tl, aktion="qs_kontakt_lesen").count() - vorher == 2
    ohne = "Ruhig geblieben, Termin sauber gebucht; die Erika-Regel der Anlage kennt sie."   # Teilwort zählt nicht
    assert services.bewertung_speichern(tl, bewertung, ALLE_ERFUELLT, ohne.replace("Erika-", "Fünf-"),
                                        jetzt=zeit.jetzt()).kommentar.startswith("Ruhig")


def test_personenbezug_mit_namen() -> None:
    from kundenportal.qs.pseudonym import personenbezug

    assert personenbezug("Weber war verärgert", ["Anna", "Weber"]) == ["Name"]
    assert personenbezug("Webers Antrag fehlt", ["Weber"]) == ["Name"]    # auch im Genitiv (Rundgang Dezember 2026)
    assert personenbezug("Weber’s Antrag fehlt", ["Weber"]) == ["Name"]
    assert personenbezug("Weberstraße fehlt im Vermerk", ["Weber"]) == []   # nur ganze Wörter
    assert personenbezug("Familie Demir im Team besprechen") == ["Name mit Anrede"]
    assert personenbezug("Frau Weber, 900D000001", ["Weber"]) == ["Name", "Kundennummer"]
    assert personenbezug("Weber war verärgert") == []                       # ohne Namen: nur die Muster
