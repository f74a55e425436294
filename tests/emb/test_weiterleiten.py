"""„Weiterleiten“ an die zuständige Stelle: Die Mail geht als Aufgabe in den Postkorb der Stelle (Aufgaben-Port, wie
die Abgabe einer Arbeitshilfe), einmal — wer, wann, wohin, mit welchem Hinweis steht in der Weiterleitung, im
Protokoll der Mail, im Zugriffsprotokoll und beim Erledigen im Kontaktvermerk. Falsche Eingaben stehen am Feld,
eine Mail, die man nicht (mehr) bearbeitet, sagt warum; nie ein Serverfehler. Die Teamleitung E-Mail sieht
weitergeleitete Mails in der Warteschlange."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Mail, Protokoll, Weiterleitung
from kundenportal.emb.services import (
    SchonWeitergeleitet,
    WeiterleitungGesperrt,
    WeiterleitungUngueltig,
    ZuordnungGesperrt,
    antwort_entwerfen,
    antwort_freigeben,
    mail_beanspruchen,
    mail_einlesen,
    mail_erledigen,
    mail_weiterleiten,
    quarantaene_verwerfen,
    zuordnung_bestaetigen,
)
from kundenportal.emb.services.weiterleitung import (
    HINWEIS_FEHLT,
    HINWEIS_MARKUP,
    ZIEL_FEHLT,
    ZIEL_UNBEKANNT,
)
from kundenportal.emb.weiterleitung import NICHT_BESTAETIGT, ZIELE, ziele_fuer
from kundenportal.emb.zugriff import darf_mail_weiterleiten
from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.referenz.models import Aufgabe
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import aktionen
from kundenportal.konten.models import Zugriff
from kundenportal.konten.rechtskreis import POSTKORB, SGB_III
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.conftest import arbeitshilfe_durchlaufen
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
GESUND = (b"From: Uwe Berger <uwe.berger@web.example>\r\nMessage-ID: <gesund-w1@web.example>\r\n"
          b"Subject: Gesundmeldung 955A300078\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
          b"Hallo, ich bin ab heute wieder gesund.\r\nGruss\r\nUwe Berger\r\n")
HINWEIS = "Gesundmeldung ab 24.03.2020: bitte in VerBIS erfassen."


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Uwe", "nachname": "Berger", "geburtsdatum": "1972-06-24",
                  "wohnort_agentur": "Bonn", "betreuung": "av", "email": "uwe.berger@web.example"},
        "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-03-27T10:00", "agentur": "Bonn"}],
    })


def _uebernommen(user: Any, roh: bytes = GESUND, klasse: str = "sonstiges") -> Mail:
    mail = mail_einlesen(roh, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(user, mail.id, JETZT)
    zuordnung_bestaetigen(user, mail.id, klasse, JETZT)
    return Mail.objects.get(id=mail.id)


def _angemeldet(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _fehler(html: str, feld: str) -> str:
    treffer = re.search(rf'<p class="kern-error" id="{feld}-fehler">.*?<span class="kern-body">(.*?)</span>', html, re.S)
    assert treffer is not None, f"keine Meldung am Feld {feld}"
    return treffer.group(1)


def test_die_stellen_sind_postkoerbe_des_aufgaben_ports_im_rechtskreis_der_mail(anna: Any) -> None:
    mail = _uebernommen(anna)
    assert set(ZIELE) <= set(POSTKOERBE)                      # keine eigene Ablage neben dem Port
    assert all(POSTKORB[p] == SGB_III for p in ZIELE)
    # die Familienkasse (Steuergeheimnis) ist keine Stelle für das Kundenpostfach SGB III
    assert [z.postkorb for z in ziele_fuer(mail)] == ["os_algplus", "team_ez", "team_sc3"]


def test_mit_arbeitshilfe_sagt_die_meldung_dass_die_antwort_aus_ihr_kommt(anna: Any) -> None:
    """Bei einer Mail mit Arbeitshilfe stehen die Vorlagen „weitergegeben“ nicht zur Wahl (die Antwort kommt aus dem
    Ergebnis der Arbeitshilfe): die Meldung und der Hinweis am Abschnitt versprechen sie dann auch nicht."""
    mail = _uebernommen(anna, klasse="au_meldung")
    assert mail.leitfaden
    antwort = _angemeldet(anna).post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": HINWEIS},
                                     follow=True)
    html = antwort.content.decode()
    assert "weitergeleitet. Antworten Sie dem Kunden wie gewohnt über die Arbeitshilfe und erledigen Sie die Mail." \
        in html
    assert "Die Antwort kommt wie gewohnt aus der Arbeitshilfe." in html
    assert "stehen jetzt in der Antwort zur Wahl" not in html and "jetzt die Weitergabe (Antwort)" not in html


def test_weiterleiten_legt_die_aufgabe_an_und_haelt_fest_wer_wann_wohin(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    antwort = client.post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": f"  {HINWEIS}\r\n"},
                          follow=True)
    html = antwort.content.decode()
    assert antwort.redirect_chain == [(f"/emb/{mail.id}/", 302)]
    assert "Die Mail ist an Team Eingangszone (Agentur vor Ort) weitergeleitet. Bestätigen Sie dem Kunden jetzt die " \
        "Weitergabe (Antwort)" in html                           # ohne Arbeitshilfe: die Vorlagen „weitergegeben“
    (aufgabe,) = Aufgabe.objects.filter(an="team_ez")
    assert (aufgabe.kundennummer, aufgabe.erstellt_von, aufgabe.status) == (KUNDENNUMMER, "anna", "offen")
    assert aufgabe.betreff == "E-Mail weitergeleitet: Gesundmeldung 955A300078"
    assert aufgabe.text.startswith(f"Hinweis der E-Mail-Bearbeitung: {HINWEIS}\n\nWeitergeleitet von anna am ")
    for teil in ("Wohnortagentur: Bonn", "Identität des Absenders: nicht bestätigt",
                 "Von: Uwe Berger <uwe.berger@web.example>", "Hallo, ich bin ab heute wieder gesund."):
        assert teil in aufgabe.text, teil
    w = Weiterleitung.objects.get(mail=mail)
    assert (w.an, w.hinweis, w.durch, w.aufgabe) == ("team_ez", HINWEIS, "anna", aufgabe.pk)
    eintrag = Protokoll.objects.get(mail=mail, art="weitergeleitet")
    assert (eintrag.benutzer, eintrag.details["an"], eintrag.details["hinweis"], eintrag.details["aufgabe"]) == (
        "anna", "team_ez", HINWEIS, aufgabe.pk)
    zugriff = Zugriff.objects.get(aktion="emb_mail_weiterleiten")
    assert (zugriff.user, zugriff.kundennummer, zugriff.zweck) == (anna, KUNDENNUMMER, "email")
    assert aktionen.text("emb_mail_weiterleiten") == "Kundenmail an die zuständige Stelle weitergeleitet"
    # die Seite zeigt die Weiterleitung statt des Formulars
    assert 'id="weitergeleitet"><strong>Weitergeleitet</strong> an Team Eingangszone (Agentur vor Ort) am 24.03.2020' in html
    assert f"Hinweis für die Stelle: „{HINWEIS}“" in html and 'name="ziel"' not in html


def test_doppelt_abgeschickt_leitet_nur_einmal_weiter(anna: Any) -> None:
    mail = _uebernommen(anna)
    c = _angemeldet(anna)
    for _ in range(2):                                            # Doppelklick, „zurück“ und erneut
        assert c.post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "os_algplus", "hinweis": HINWEIS}).status_code == 302
    assert Aufgabe.objects.count() == Weiterleitung.objects.count() == 1
    assert Protokoll.objects.filter(mail=mail, art="weitergeleitet").count() == 1
    assert Zugriff.objects.filter(aktion="emb_mail_weiterleiten").count() == 1
    # ein zweiter Tab mit anderem Ziel: abgelehnt, mit der ersten Weiterleitung in der Meldung
    html = c.post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_sc3", "hinweis": "Rückruf"}, follow=True)
    assert re.search(r"Diese Mail ist schon weitergeleitet: am 24\.03\.2020 um \d\d:\d\d Uhr an OS AlgPlus – Leistung "
                     r"\(Arbeitslosengeld\) \(durch anna\)\. Eine Mail geht nur einmal", html.content.decode())
    with pytest.raises(SchonWeitergeleitet, match="nur einmal an eine Stelle"):
        mail_weiterleiten(anna, mail.id, "team_sc3", "Rückruf", JETZT)
    assert list(Aufgabe.objects.values_list("an", flat=True)) == ["os_algplus"]


@pytest.mark.parametrize(("eingabe", "feld", "meldung"), [
    ({"ziel": "", "hinweis": HINWEIS}, "ziel", ZIEL_FEHLT),
    ({"ziel": "quatsch", "hinweis": HINWEIS}, "ziel", ZIEL_UNBEKANNT),
    ({"ziel": "fk_direktion_qs", "hinweis": HINWEIS}, "ziel", ZIEL_UNBEKANNT),       # anderer Rechtskreis
    ({"ziel": "team_ez", "hinweis": " \r\n "}, "hinweis", HINWEIS_FEHLT),
    ({"ziel": "team_ez"}, "hinweis", HINWEIS_FEHLT),
    ({"ziel": "team_ez", "hinweis": "x" * 501}, "hinweis",
     "Hinweis für die Stelle: Der Hinweis ist 501 Zeichen lang; erlaubt sind höchstens 500."),
    ({"ziel": "team_ez", "hinweis": "<b>dringend</b>"}, "hinweis", HINWEIS_MARKUP),
])
def test_falsche_eingaben_stehen_am_feld_und_nichts_geht_weiter(anna: Any, eingabe: dict[str, str], feld: str,
                                                                meldung: str) -> None:
    mail = _uebernommen(anna)
    antwort = _angemeldet(anna).post(f"/emb/{mail.id}/weiterleiten/", eingabe)
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert _fehler(html, feld) == meldung.replace("<", "&lt;").replace(">", "&gt;")
    assert 'aria-invalid="true"' in html and f'{feld}-fehler' in html
    assert not Aufgabe.objects.exists() and not Weiterleitung.objects.exists()
    if eingabe.get("hinweis", "").strip() and feld == "ziel":      # die Eingabe bleibt im Feld
        assert f">{eingabe['hinweis']}</textarea>" in html


def test_beide_fehler_zugleich(anna: Any) -> None:
    mail = _uebernommen(anna)
    with pytest.raises(WeiterleitungUngueltig) as fehler:
        mail_weiterleiten(anna, mail.id, "", "", JETZT)
    assert fehler.value.fehler == {"ziel": ZIEL_FEHLT, "hinweis": HINWEIS_FEHLT}


def test_nur_wer_die_mail_bearbeitet_leitet_weiter(anna: Any, bernd: Any, benutzer: Callable[..., Any]) -> None:
    mail = _uebernommen(anna)
    assert darf_mail_weiterleiten(anna, mail) and not darf_mail_weiterleiten(bernd, mail)
    html = _angemeldet(bernd).post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": HINWEIS},
                                   follow=True).content.decode()
    assert "Sie haben diese Mail nicht übernommen" in html and 'name="ziel"' not in html
    # die Teamleitung E-Mail steuert die Warteschlange, liest und bearbeitet aber keine Mail: 403
    leitung = benutzer("teamleitung_emb", "tina")
    assert not darf_mail_weiterleiten(leitung, mail)
    assert _angemeldet(leitung).post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez",
                                                                       "hinweis": HINWEIS}).status_code == 403
    assert not Aufgabe.objects.exists()


def test_erledigte_und_verworfene_mail_sagen_warum(anna: Any) -> None:
    mail = _uebernommen(anna)
    mail_erledigen(anna, mail.id, JETZT, "telefonisch geklärt")
    c = _angemeldet(anna)
    html = c.post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": HINWEIS}, follow=True)
    assert html.status_code == 200
    assert ("Die Mail ist erledigt. Weiterleiten lässt sich nur eine Mail, die Sie gerade bearbeiten; sie ist nicht "
            "weitergeleitet.") in html.content.decode()
    kaputt = mail_einlesen(b"\xff\xfe kein Kopf", quelle="test", jetzt=JETZT).mail
    Mail.objects.filter(id=kaputt.id).update(status=Mail.Status.QUARANTAENE, quarantaene_grund="Test")
    quarantaene_verwerfen(_leitung_emb(), kaputt.id, "doppelt eingegangen", JETZT)
    antwort = c.post(f"/emb/{kaputt.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": HINWEIS}, follow=True)
    assert antwort.redirect_chain[-1][0] == "/emb/"
    assert "Die Mail ist aus der Quarantäne verworfen. Weiterleiten lässt sich nur" in antwort.content.decode()
    assert not Aufgabe.objects.exists()


def _leitung_emb() -> Any:
    from kundenportal.konten.services import benutzer_anlegen

    return benutzer_anlegen("quinn", "geheim-123", ["teamleitung_emb"], standort="Nürnberg")


def test_postkoerbe_nicht_erreichbar_nichts_gespeichert(anna: Any, settings: Any) -> None:
    mail = _uebernommen(anna)
    settings.FACHVERFAHREN_STOERUNG = ["aufgaben"]
    antwort = _angemeldet(anna).post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": HINWEIS})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert "Die Postkörbe sind zurzeit nicht erreichbar" in html and f">{HINWEIS}</textarea>" in html
    assert not Weiterleitung.objects.exists() and not Protokoll.objects.filter(art="weitergeleitet").exists()


def test_erledigen_schreibt_die_weiterleitung_in_die_kontakthistorie(anna: Any) -> None:
    mail = _uebernommen(anna)
    w, neu = mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    assert neu
    antwort_freigeben(anna, antwort_entwerfen(anna, mail.id, JETZT, "gesundmeldung_erhalten").id, JETZT)
    mail = mail_erledigen(anna, mail.id, JETZT, "Gesundmeldung bestätigt.")
    kontakt = Kontakt.objects.get(pk=mail.kontakt_ohne_arbeitshilfe_id)
    assert kontakt.vermerk == (
        f"Gesundmeldung bestätigt.\nAn die zuständige Stelle weitergeleitet: Team Eingangszone (Agentur vor Ort), "
        f"Aufgabe {w.aufgabe}, am 24.03.2020 um 09:00 Uhr durch anna. Hinweis für die Stelle: {HINWEIS}")


def test_mit_arbeitshilfe_steht_die_weiterleitung_im_vermerk_des_kontakts(anna: Any) -> None:
    mail = _uebernommen(anna, MAIL, "terminabsage")
    ansicht = arbeitshilfe_durchlaufen(anna, mail.id, JETZT, {
        "identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1", "teilnahme_erforderlich": "ja",
        "teilnahme_moeglich": "nein", "absagegrund": "Kinderbetreuung fällt aus", "neuer_termin_gewuenscht": "nein"})
    w, _ = mail_weiterleiten(anna, mail.id, "team_sc3", "Bitte wegen neuem Termin zurückrufen.", JETZT)
    mail = mail_erledigen(anna, mail.id, JETZT, f"{ansicht.vermerk}\nKeine Antwort: Rückruf durch das SC.")
    vermerk = Kontakt.objects.get(pk=mail.kontakt_id).vermerk
    assert vermerk.endswith(f"weitergeleitet: Team Service Center SGB III, Aufgabe {w.aufgabe}, am 24.03.2020 um 09:00 "
                            "Uhr durch anna. Hinweis für die Stelle: Bitte wegen neuem Termin zurückrufen.")
    assert Aufgabe.objects.get().kontakt == str(mail.kontakt_id)      # die Aufgabe nennt den Kontakt


def test_teamleitung_sieht_weitergeleitete_mails_in_der_warteschlange(anna: Any, benutzer: Callable[..., Any]) -> None:
    weiter = _uebernommen(anna)
    mail_weiterleiten(anna, weiter.id, "os_algplus", HINWEIS, JETZT)
    _uebernommen(anna, MAIL, "terminabsage")
    c = _angemeldet(benutzer("teamleitung_emb", "tina"))
    html = c.get("/emb/").content.decode()
    zeilen = re.findall(r'<tr class="kern-table__row"><td.*?</tr>', html, re.S)
    assert len(zeilen) == 2
    assert "weitergeleitet an OS AlgPlus – Leistung (Arbeitslosengeld)" in zeilen[0]
    assert "weitergeleitet" not in zeilen[1]
    c.post("/emb/", {"weitergeleitet": "1"})
    html = c.get("/emb/").content.decode()
    assert "Älteste zuerst · 1 Mail" in html and 'id="f-weitergeleitet" name="weitergeleitet" value="1" checked' in html


def test_erst_nach_der_eigenen_bestaetigung_der_zuordnung(anna: Any) -> None:
    """Wie vor dem Start der Arbeitshilfe: Wer die Mail übernimmt, prüft und bestätigt zuerst selbst, wessen Mail es
    ist — die Seite sagt das statt des Formulars, ein gebastelter POST leitet nicht weiter."""
    mail = mail_einlesen(GESUND, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    c = _angemeldet(anna)
    html = c.get(f"/emb/{mail.id}/").content.decode()
    assert f'<p class="kern-body" id="weiterleiten-gesperrt">{NICHT_BESTAETIGT}</p>' in html
    assert 'name="ziel"' not in html
    antwort = c.post(f"/emb/{mail.id}/weiterleiten/", {"ziel": "team_ez", "hinweis": HINWEIS}, follow=True)
    assert antwort.redirect_chain == [(f"/emb/{mail.id}/", 302)]
    assert NICHT_BESTAETIGT in antwort.content.decode()
    with pytest.raises(WeiterleitungGesperrt):
        mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    assert not Aufgabe.objects.exists() and not Weiterleitung.objects.exists()
    zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT)
    assert 'name="ziel"' in c.get(f"/emb/{mail.id}/").content.decode()
    assert mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)[1]


def test_nach_dem_weiterleiten_steht_die_zuordnung_fest(anna: Any) -> None:
    """Die Aufgabe der Stelle nennt die Kundennummer: Danach lässt sich die Zuordnung nicht mehr ändern (sonst ginge
    die Antwort an einen anderen Kunden als die Aufgabe)."""
    mail = _uebernommen(anna)
    mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    with pytest.raises(ZuordnungGesperrt, match=re.escape("an Team Eingangszone (Agentur vor Ort) weitergeleitet")):
        zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT, kundennummer="")
    html = _angemeldet(anna).get(f"/emb/{mail.id}/").content.decode()
    assert 'id="zuordnung-gesperrt">Die Zuordnung lässt sich nicht mehr ändern: Die Mail ist an Team Eingangszone' \
        in html
    assert 'name="kundennummer"' not in html
    assert Mail.objects.get(id=mail.id).kundennummer == KUNDENNUMMER
