"""Mängel aus dem Browser-Rundgang einer Agentin (SC 3): Anliegensuche im Kontaktbeginn, nichts Getipptes geht
verloren, leere Textantworten, lesbare Ansage und Bestätigung, Datumsprüfung, ein Abschluss, eine Meldung,
ehrliche Tastenhilfe ohne Kundennummer, Tasten auf „Anliegen wählen“ und „Nächster Kontakt“ nach dem Speichern.
Der Browser-Teil (Alt+Z, Umbruch langer Wörter, Alt+S mehrfach): tests/browser/test_rundgang_agent_browser.py."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech import services
from kundenportal.gespraech.ansicht import Ansicht, Wegpunkt
from kundenportal.gespraech.fehler import Abgelehnt
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BIS_ZUM_GRUND = [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                 ("teilnahme_erforderlich", "ja"), ("teilnahme_moeglich", "nein")]


def _anliegen(client: Client, kunde: str) -> str:
    """Kontaktbeginn wie am Telefon: Kundennummer suchen → „Anliegen wählen“ (die Adresse trägt die Auswahl)."""
    return str(client.post("/kontakt/neu/", {"kundennummer": kunde})["Location"])


def _such_link(seite: str) -> str:
    treffer = re.search(r'href="(/suche/\?auswahl=[^"]+)"', seite)
    assert treffer, "„Anliegen suchen“ führt die Auswahl nicht mit"
    return html.unescape(treffer.group(1))


def _bis_zum_grund(client: Client, kunde: str) -> str:
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])
    for fakt, wert in BIS_ZUM_GRUND:
        assert client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, **HTMX).status_code == 200  # type: ignore[arg-type]
    return ort


# --- 1. „Anliegen suchen“ im Kontaktbeginn ------------------------------------------------------------------


def test_anliegensuche_fuehrt_die_kundin_mit_ohne_kundennummer_in_der_url(
        benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    link = _such_link(client.get(_anliegen(client, kunde)).content.decode())
    assert kunde not in link
    seite = client.get(f"{link}&q=Insolvenz").content.decode()
    assert f"Kontakt mit Kundennummer {kunde}: „Beginnen“ an einem Treffer startet den Leitfaden." in seite
    assert 'aria-label="SC 3.307 Insolvenzgeld beantragen beginnen"' in seite
    assert "/katalog/" not in seite.split('id="treffer"')[1]          # keine technische Katalogseite
    assert "Datum und Standort" not in seite                          # heute, am eigenen Standort
    auswahl = link.split("auswahl=")[1]
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.307", "auswahl": auswahl})["Location"]
    kontakt = Kontakt.objects.get()
    assert ort == f"/kontakt/{kontakt.pk}/" and (kontakt.kundennummer, kontakt.leitfaden) == (kunde, "SC 3.307")


def test_anliegensuche_mit_htmx_liefert_beginnen_je_treffer(benutzer: Callable[..., Any], kunde: str,
                                                          client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    link = _such_link(client.get(_anliegen(client, kunde)).content.decode())
    teil = client.get(f"{link}&q=Termin+absagen", **HTMX).content.decode()   # type: ignore[arg-type]
    assert teil.count(">Beginnen</span></button>") >= 2 and "csrfmiddlewaretoken" in teil
    assert 'class="kern-btn kern-btn--secondary treffer"' in teil


def test_beginnen_aus_der_suche_prueft_wie_der_normale_start(benutzer: Callable[..., Any], kunde: str,
                                                            client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    auswahl = _such_link(client.get(_anliegen(client, kunde)).content.decode()).split("auswahl=")[1]
    fremd = client.post("/kontakt/starten/", {"leitfaden": "FK 4.001", "auswahl": auswahl})
    assert fremd.status_code == 403                                      # Leitfaden einer anderen Rolle
    erst = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "auswahl": auswahl})["Location"]
    nochmal = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "auswahl": auswahl})["Location"]
    assert erst == nochmal and Kontakt.objects.count() == 1              # offener Kontakt wird fortgesetzt


def test_abgelaufene_auswahl_beginnt_nichts(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    seite = client.get("/suche/?auswahl=unbekannt123&q=Insolvenz").content.decode()
    assert "Diese Kundenauswahl ist abgelaufen oder gehört zu einer anderen Anmeldung." in seite
    assert ">Beginnen</span>" not in seite
    antwort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.307", "auswahl": "unbekannt123"}, follow=True)
    assert "Diese Kundenauswahl ist abgelaufen" in antwort.content.decode() and not Kontakt.objects.exists()


def test_anliegensuche_ohne_kundennummer(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    link = _such_link(client.get("/kontakt/anliegen/").content.decode())
    assert link == "/suche/?auswahl=ohne"
    assert "Kontakt ohne Kundennummer" in client.get(f"{link}&q=Insolvenz").content.decode()
    client.post("/kontakt/starten/", {"leitfaden": "SC 3.307", "auswahl": "ohne"})
    assert Kontakt.objects.get().kundennummer == ""


def test_suche_bleibt_allein_nutzbar(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    seite = client.get("/suche/?q=Insolvenz").content.decode()
    assert 'class="treffer" href="/katalog/SC%203.307/' in seite and ">Beginnen</span>" not in seite
    assert "Datum und Standort" in seite and 'name="auswahl"' not in seite
    client.force_login(benutzer("redaktion"))                            # führt keine Kontakte: kein Beginnen
    seite = client.get("/suche/?auswahl=ohne&q=Insolvenz").content.decode()
    assert "Kontakt ohne Kundennummer" not in seite and 'name="auswahl"' not in seite


# --- 2. nichts Getipptes geht verloren ----------------------------------------------------------------------


def test_zurueck_zur_freien_frage_zeigt_die_vorige_antwort(benutzer: Callable[..., Any], kunde: str,
                                                            client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _bis_zum_grund(client, kunde)
    bestaetigung = client.post(f"{ort}antwort/", {"fakt": "absagegrund", "wert": "Kunde hat eine Arbeit aufgenommen"},
                               **HTMX).content.decode()              # type: ignore[arg-type]
    assert "Bitte prüfen und bestätigen: Termin absagen" in bestaetigung
    teil = client.post(f"{ort}zurueck/", {"fakt": "absagegrund"}, **HTMX).content.decode()   # type: ignore[arg-type]
    assert 'id="wert" name="wert" type="text" value="Kunde hat eine Arbeit aufgenommen"' in teil
    # Ohne JavaScript: nach der Weiterleitung dasselbe — einmal; danach wieder der gespeicherte Stand.
    client.post(f"{ort}antwort/", {"fakt": "absagegrund", "wert": "Umzug"})
    assert client.post(f"{ort}zurueck/", {"fakt": "absagegrund"})["Location"] == ort
    assert 'value="Umzug"' in client.get(ort).content.decode()
    assert 'value="Umzug"' not in client.get(ort).content.decode()


def test_tastenhilfe_nennt_die_sperre_von_alt_z(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _bis_zum_grund(client, kunde)
    seite = client.get(ort).content.decode()
    assert "Vorige Antwort ändern – nicht, solange im Antwortfeld oder im Vermerk neu getippter Text steht" in seite
    assert "(nicht, solange im Feld neu Getipptes steht)" in seite


# --- 3. leere Textantworten ----------------------------------------------------------------------------------


@pytest.mark.parametrize("wert", ["", "   ", "\t \n"])
def test_grund_der_absage_aus_leerzeichen_wird_abgelehnt(benutzer: Callable[..., Any], kunde: str, wert: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    for fakt, antwort in BIS_ZUM_GRUND:
        services.kontakt_beantworten(agent, k, fakt, antwort)
    with pytest.raises(Abgelehnt) as fehler:
        services.kontakt_beantworten(agent, k, "absagegrund", wert)
    assert (fehler.value.code, fehler.value.meldung) == ("antwort_leer", "Bitte geben Sie einen Grund für die Absage an.")
    assert services.kontakt_stand(agent, k).fakt == "absagegrund"


def test_zu_langer_grund_wird_abgelehnt_und_bleibt_im_feld(benutzer: Callable[..., Any], kunde: str,
                                                         client: Client) -> None:
    """Der Grund „in einem Satz“: höchstens 500 Zeichen wie auf der Kundenseite; länger gibt eine Meldung am Feld,
    der Text bleibt zum Kürzen stehen, nichts geht ans ATV."""
    client.force_login(benutzer("agent_sc3"))
    ort = _bis_zum_grund(client, kunde)
    lang = "Umzug " * 600
    teil = client.post(f"{ort}antwort/", {"fakt": "absagegrund", "wert": lang}, **HTMX).content.decode()  # type: ignore[arg-type]
    assert "„Grund der Absage“ ist zu lang: 3.599 Zeichen, höchstens 500. Bitte kürzen." in teil
    assert f'value="{lang}"' in teil and 'id="frage-titel" tabindex="-1">Grund der Absage<' in teil
    assert "Bestätigen und ausführen" not in teil


def test_textantwort_ohne_leerraum_am_rand(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    for fakt, antwort in BIS_ZUM_GRUND:
        services.kontakt_beantworten(agent, k, fakt, antwort)
    ansicht = services.kontakt_beantworten(agent, k, "absagegrund", "  Umzug nach Köln  ")
    assert ("Grund der Absage", "Umzug nach Köln") in ansicht.vorhaben.werte   # type: ignore[union-attr]


def test_leere_antwort_steht_als_meldung_am_feld(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _bis_zum_grund(client, kunde)
    teil = client.post(f"{ort}antwort/", {"fakt": "absagegrund", "wert": "   "}, **HTMX).content.decode()  # type: ignore[arg-type]
    assert ('<p class="kern-error" id="wert-fehler"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'
            '<span class="kern-body">Bitte geben Sie einen Grund für die Absage an.</span></p>') in teil
    assert 'aria-describedby="frage-titel wert-fehler" aria-invalid="true"' in teil
    assert 'role="alert"' not in teil.split('id="weg-titel"')[0]           # nicht noch einmal oben
    assert 'data-ansage="Bitte geben Sie einen Grund für die Absage an. Bitte korrigieren: Grund der Absage"' in teil
    # Ohne JavaScript: nach der Weiterleitung ebenso am Feld.
    client.post(f"{ort}antwort/", {"fakt": "absagegrund", "wert": " "})
    assert 'id="wert-fehler"' in client.get(ort).content.decode()


# --- 4. und 5. lesbare Ansage und Bestätigung ---------------------------------------------------------------


def test_ansage_liest_dieselben_worte_wie_die_seite(benutzer: Callable[..., Any]) -> None:
    kontakt = Kontakt(kanal="scfk")
    ansicht = Ansicht(kontakt=kontakt, art="frage", leitfaden_id="FK 4.406", titel="", stand=dt.date(2020, 3, 20),
                      weisung="", frage="Weiter?",
                      erledigt=[Wegpunkt("abgabe", "Aufgabe an fk_direktion_qs: Prüfung der Festsetzung.")])
    assert ansicht.ansage == ("Übergeben an ein anderes Team: Aufgabe an Familienkasse Direktion (Qualitätsprüfung): "
                              "Prüfung der Festsetzung. Nächste Frage: Weiter?")


def test_bestaetigung_zeigt_den_termin_wie_die_auswahl(benutzer: Callable[..., Any], kunde: str,
                                                      client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _bis_zum_grund(client, kunde)
    teil = client.post(f"{ort}antwort/", {"fakt": "absagegrund", "wert": "Umzug"}, **HTMX).content.decode()  # type: ignore[arg-type]
    tag = zeit.heute() + dt.timedelta(days=5)
    assert (f"<dt>Termin</dt><dd>{tag:%d.%m.%Y} 09:00 Uhr, Arbeitsvermittlung, Agentur Nürnberg (Termin T-1)</dd>"
            in teil)


# --- 6. Datumsprüfung ----------------------------------------------------------------------------------------


def _bis_zum_rentenbeginn(client: Client, kunde: str) -> str:
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.004a", "kundennummer": kunde})["Location"])
    for fakt, wert in [("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"), ("rente_status", "bewilligt"),
                       ("rentenart", "regelaltersrente")]:
        if f'name="fakt" value="{fakt}"' in client.get(ort).content.decode():     # je Fassung, was sie fragt
            client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, **HTMX)  # type: ignore[arg-type]
    assert 'name="fakt" value="rentenbeginn"' in client.get(ort).content.decode()
    return ort


def test_abgelehntes_datum_bleibt_im_feld_mit_satz(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _bis_zum_rentenbeginn(client, kunde)
    teil = client.post(f"{ort}antwort/", {"fakt": "rentenbeginn", "wert": "2000-01-01"}, **HTMX).content.decode()  # type: ignore[arg-type]
    assert 'type="date" min="1900-01-01" max="2099-12-31" value="2000-01-01"' in teil and 'aria-invalid="true"' in teil
    fehler = re.search(r'id="wert-fehler">.*?<span class="kern-body">(.*?)</span>', teil)
    assert fehler and fehler.group(1).startswith("Antwort nicht übernommen: 01.01.2000 liegt zu weit vor")
    assert fehler.group(1).endswith("Bitte das Datum mit der Kundin oder dem Kunden prüfen.")
    client.post(f"{ort}antwort/", {"fakt": "rentenbeginn", "wert": "2000-01-01"})        # ohne JavaScript
    assert 'type="date" min="1900-01-01" max="2099-12-31" value="2000-01-01"' in client.get(ort).content.decode()


# --- 7. ein Abschluss, eine Meldung --------------------------------------------------------------------------


def test_mehrfach_gesendeter_vermerk_gibt_eine_meldung(benutzer: Callable[..., Any], kunde: str,
                                                      client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])
    for fakt, wert in [*BIS_ZUM_GRUND[:4], ("teilnahme_moeglich", "ja")]:      # Termin bleibt: Ende
        client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert})
    assert "Vermerk speichern und Kontakt abschließen" in client.get(ort).content.decode()
    ziele = {client.post(f"{ort}abschliessen/", {"vermerk": "Termin abgesagt."})["Location"] for _ in range(3)}
    assert ziele == {f"{ort}historie/"}
    meldungen = [str(m) for m in get_messages(client.get(ort).wsgi_request)]
    assert meldungen == ["Kontakt gespeichert."]
    anders = client.post(f"{ort}abschliessen/", {"vermerk": "Ein anderer Text."}, follow=True)    # veralteter Tab
    assert "Dieser Kontakt ist abgeschlossen und kann nicht mehr geändert werden." in anders.content.decode()
    assert Kontakt.objects.get().vermerk == "Termin abgesagt."


def test_mehrfach_gesendeter_abbruch_gibt_eine_meldung(benutzer: Callable[..., Any], kunde: str,
                                                      client: Client) -> None:
    """Beim Abbruch steht der getippte Text nach dem Weg im Vermerk: auch das gilt als dieselbe Sendung."""
    client.force_login(benutzer("agent_sc3"))
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])
    for _ in range(2):
        client.post(f"{ort}abschliessen/", {"vermerk": "Grund des Abbruchs: Kunde legte auf."})
    assert [str(m) for m in get_messages(client.get(ort).wsgi_request)] == ["Kontakt gespeichert."]


# --- 9. ohne Kundennummer: die Hilfe sagt, was geht ----------------------------------------------------------


def test_ohne_kundennummer_keine_bestaetigung_versprochen(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_ez", standort="Nürnberg"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "EZ 1.307"})["Location"]
    for fakt, wert in [("identitaet_geprueft", "ja"), ("antrag_online_gewuenscht", "nein")]:
        teil = client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, **HTMX).content.decode()  # type: ignore[arg-type]
    assert "ohne Kundennummer begonnen" in teil
    assert "Enter</kbd> bestätigt" not in teil and "Bestätigen und ausführen" not in teil
    assert "den Kontakt mit Vermerk beenden (unten „Kontakt vorzeitig beenden“" in teil
    assert '<a href="/kontakt/neu/">den Kontakt mit Kundennummer neu beginnen</a>' in teil


# --- 10. Tasten auf „Anliegen wählen“, Fokus nach dem Speichern ----------------------------------------------


def test_anliegen_waehlen_mit_ziffern_und_tastenhilfe(benutzer: Callable[..., Any], kunde: str,
                                                     client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    seite = client.get(_anliegen(client, kunde)).content.decode()
    assert 'data-taste="1" aria-keyshortcuts="1"' in seite and 'id="tastenhilfe"' in seite
    assert "gespraech/tastatur.js" in seite and "Leitfaden wählen (Zeile 1 bis 9)" in seite


def test_nach_dem_speichern_fokus_auf_naechster_kontakt(benutzer: Callable[..., Any], kunde: str,
                                                        client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])
    historie = client.post(f"{ort}abschliessen/", {"vermerk": "Kunde legte auf."})["Location"]
    seite = client.get(historie).content.decode()
    assert 'id="naechster-kontakt" autofocus' in seite and '<h1 tabindex="-1">' in seite
    wieder = client.get(historie).content.decode()                     # später geöffnet: wie immer die Überschrift
    assert 'id="naechster-kontakt" autofocus' not in wieder and '<h1 tabindex="-1" autofocus>' in wieder


def test_weiteres_anliegen_ohne_neue_suche(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Rundgang Eingangszone: eine Kundin mit zwei Anliegen. Nach dem Speichern beginnt „Weiteres Anliegen“ mit
    derselben Kundennummer (POST, nicht in der Adresse); aus „Anliegen wählen“ führt die Historie dorthin zurück
    statt mit „Nächster Kontakt“ zu einer anderen Kundin."""
    client.force_login(benutzer("agent_sc3"))
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])
    historie = client.post(f"{ort}abschliessen/", {"vermerk": "Kunde legte auf."})["Location"]
    seite = client.get(historie).content.decode()
    assert f'<input type="hidden" name="kundennummer" value="{kunde}">' in seite and "Weiteres Anliegen" in seite
    weiter = client.post("/kontakt/neu/", {"kundennummer": kunde})
    assert weiter.status_code == 302 and "/kontakt/anliegen/" in weiter["Location"] and kunde not in weiter["Location"]
    auswahl = _anliegen(client, kunde)
    schluessel = auswahl.rstrip("/").rsplit("/", 1)[1]
    vorher = client.get(f"/kunden/{schluessel}/").content.decode()
    assert f'href="{auswahl}" id="zur-anliegenwahl"' in vorher and "Andere Kundennummer" in vorher
    assert "Weiteres Anliegen" not in vorher


def test_kindergeldnummer_in_der_kundensuche_bekommt_einen_hinweis(benutzer: Any, client: Any) -> None:
    """Rundgang: die Familienkasse tippte „123FK000599“ und las nur „nicht gefunden“."""
    client.force_login(benutzer("agent_scfk"))
    html = client.post("/kontakt/neu/", {"kundennummer": "123FK000599"}).content.decode()
    assert "Keine Kundin und kein Kunde gefunden." in html and "Das ist eine Kindergeldnummer." in html
    html = client.post("/kontakt/neu/", {"kundennummer": "900X999999"}).content.decode()
    assert "Das ist eine Kindergeldnummer." not in html and "oder suchen Sie mit Nachname und Geburtsdatum" in html


def test_kundennummer_falscher_form_in_der_kundensuche_sagt_die_form(benutzer: Any, client: Any) -> None:
    """Rundgang Eingangszone: „12345“ oder „ABC“ ergab nur „nicht gefunden“ — die Seite sagt jetzt, welche Form eine
    Kundennummer hat (wie die Anmeldung im eService); eine Nummer der richtigen Form bleibt „nicht gefunden“."""
    client.force_login(benutzer("agent_ez"))
    for eingabe in ("12345", "abc", "900-D-00001"):
        html = client.post("/kontakt/neu/", {"kundennummer": eingabe}).content.decode()
        assert "Keine Kundin und kein Kunde gefunden." in html
        assert "ist keine Kundennummer: zuerst drei Ziffern, dann ein Buchstabe, dann sechs Ziffern" in html, eingabe
        assert f"„{eingabe}“ ist keine Kundennummer" in html      # wie getippt, nicht „ABC“ oder „900D00001“
    html = client.post("/kontakt/neu/", {"kundennummer": "900x 999999"}).content.decode()
    assert "Keine Kundin und kein Kunde gefunden." in html and "ist keine Kundennummer" not in html
    html = client.post("/kontakt/neu/", {"kundennummer": "123FK000599"}).content.decode()
    assert "Das ist eine Kindergeldnummer." in html and "ist keine Kundennummer" not in html


def test_die_regel_nennt_ihre_weisung(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Rundgang Redaktion: im Gespräch stand „Weisung, Regel 2.2 a) 2“ — mit zwei Weisungen im Katalog weiß die
    Agentin nicht, welche gemeint ist. Jetzt mit der Nummer der Weisung, nach der die Fassung gilt."""
    client.force_login(benutzer("agent_sc3"))
    ort = str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])
    seiten = [client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, **HTMX).content.decode()  # type: ignore[arg-type]
              for fakt, wert in BIS_ZUM_GRUND]
    assert any("Weisung 202003006, Regel 2.2 a) 2" in s for s in seiten)
    assert not any("Weisung, Regel" in s for s in seiten)
