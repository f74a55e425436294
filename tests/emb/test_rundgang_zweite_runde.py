"""Zweite Runde des Rundgangs durch die E-Mail-Bearbeitung: die Sicherheitsmerkmale neben der Identitätsfrage (nur was
die Identität prüft, protokolliert), Vorlagen für „Sonstiges“ und die Abwesenheitsnotiz ohne Antwort, der Betreff
der gesendeten Antwort (keine leere erste Zeile), die Anrede ohne Namen („Guten Tag,“) und das Zugriffsprotokoll,
wenn die Teamleitung den Kontakt einer anderen Person abbricht."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb import versand
from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.queries import antwort_fehler
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    antwort_entwerfen,
    antwort_freigeben,
    bearbeitung_beantworten,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    mail_freigeben_als_teamleitung,
    mail_weiterleiten,
    zuordnung_bestaetigen,
)
from kundenportal.emb.sicherheitsmerkmale import geburtsdatum_in_mail, name_in_signatur, name_passt
from kundenportal.emb.vorlagen import (
    ABWESENHEITSNOTIZ_VERMERK,
    LUECKE,
    OHNE_KUNDENDATEN,
    VORLAGEN,
    fuellen,
    platzhalter,
)
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.conftest import Smtp
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
ANDERER = "955A300079"
FREMD = MAIL.replace(b"uwe.berger@web.example", b"jemand@andere.example").replace(
    b"Message-ID: <absage-berger-1@", b"Message-ID: <fremd-2@").replace(
    b"Guten Tag,", f"Guten Tag, meine Kundennummer ist {KUNDENNUMMER}.".encode()).replace(
    b"From: Uwe Berger", b"From: Jemand Anderes").replace(b"Viele Gr\xc3\xbc\xc3\x9fe\r\nUwe Berger", b"Gruss\r\nJens Berger")
LANG = "Ihre Nachricht ist bei uns eingegangen – Eingangsbestätigung Ihrer Agentur für Arbeit (Service Center)"


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")
    ausgangslage_laden({"kunde": {"kundennummer": ANDERER, "vorname": "Eva", "nachname": "Kraus",
                                  "wohnort_agentur": "Nürnberg", "email": "jemand@andere.example"}})


def _uebernommen(user: Any, roh: bytes = MAIL, klasse: str = "terminabsage") -> Mail:
    mail = mail_einlesen(roh, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(user, mail.id, JETZT)
    zuordnung_bestaetigen(user, mail.id, klasse, JETZT)
    return Mail.objects.get(id=mail.id)


def _merkmale(html: str) -> str:
    treffer = re.search(r'<section class="emb-merkmale".*?</section>', html, re.S)
    assert treffer is not None, "keine Sicherheitsmerkmale auf der Seite"
    return " ".join(re.sub(r"<[^>]+>", " ", treffer.group(0)).split())


# 1 — Sicherheitsmerkmale neben der Identitätsfrage --------------------------------------------------------------

def test_merkmale_vor_der_identitaetsfrage_nur_was_die_identitaet_prueft(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    assert 'class="emb-merkmale"' not in client.get(f"/emb/{mail.id}/").content.decode()   # erst mit Arbeitshilfe
    bearbeitung_starten(anna, mail.id, JETZT)
    mail.refresh_from_db()
    vorher = Zugriff.objects.filter(user=anna, zweck="identifizieren").count()
    html = client.get(f"/emb/{mail.id}/").content.decode()
    text = _merkmale(html)
    assert "uwe.berger@web.example — in VerBIS zur Kundennummer 955A300078: hinterlegt" in text
    assert "Name in VerBIS Uwe Berger" in text
    assert "Name im Absender Uwe Berger — stimmt überein" in text
    assert "Name in der Signatur Uwe Berger — stimmt überein" in text
    # A3: nichts über den Fall — kein Termin, keine Betreuung, kein Geburtsdatum aus VerBIS, keine Leistungen
    for fall in ("27.03.2020", "10:00", "Reha", "24.06.1972", "Arbeitslosengeld", "Bonn"):
        assert fall not in text, fall
    # die Frage und die Merkmale stehen zusammen: die Merkmale im Bereich der Arbeitshilfe, vor der Frage
    assert html.index('id="arbeitshilfe-titel"') < html.index('id="merkmale-titel"') < html.index('id="gespraech"')
    # jedes Lesen protokolliert: wer, welcher Kunde, welcher Kontakt, wozu (Identität prüfen)
    assert Zugriff.objects.filter(user=anna, aktion="emb_sicherheitsmerkmale_lesen", zweck="identifizieren",
                                  kundennummer=KUNDENNUMMER, kontakt=mail.kontakt_id).count() == vorher + 1


def test_fremder_absender_nicht_hinterlegt_und_ohne_verrat_des_anderen_kunden(client: Client, anna: Any) -> None:
    """Die Adresse hat VerBIS bei einem anderen Kunden (Eva Kraus): Die Seite sagt „nicht hinterlegt“ — nicht, bei
    wem —, der Name weicht ab, „Ja“ ist nicht möglich."""
    mail = _uebernommen(anna, FREMD)
    assert mail.kundennummer == KUNDENNUMMER
    bearbeitung_starten(anna, mail.id, JETZT)
    client.force_login(anna)
    text = _merkmale(client.get(f"/emb/{mail.id}/").content.decode())
    assert "jemand@andere.example — in VerBIS zur Kundennummer 955A300078: nicht hinterlegt" in text
    assert "Name im Absender Jemand Anderes — weicht ab" in text
    assert "Name in der Signatur Jens Berger — weicht ab" in text
    assert "„Ja“ ist per E-Mail nicht möglich" in text
    assert ANDERER not in text and "Kraus" not in text and "Eva" not in text


def test_merkmale_nur_solange_die_arbeitshilfe_laeuft_und_nur_fuer_ihre_bearbeiterin(client: Client, anna: Any,
                                                                                       bernd: Any) -> None:
    mail = _uebernommen(anna)
    bearbeitung_starten(anna, mail.id, JETZT)
    client.force_login(bernd)
    assert 'class="emb-merkmale"' not in client.get(f"/emb/{mail.id}/").content.decode()
    assert not Zugriff.objects.filter(user=bernd, zweck="identifizieren").exists()


def test_name_und_geburtsdatum_aus_dem_text() -> None:
    assert name_in_signatur("Guten Tag,\n\nbitte absagen.\n\nMit freundlichen Grüßen\n\nErika Müller-Lüdenscheidt\n"
                            "Tel. 0171 1234567\n") == "Erika Müller-Lüdenscheidt"
    assert name_in_signatur("x\nHochachtungsvoll\nZiegler, Ahmet\n") == "Ziegler, Ahmet"
    assert name_in_signatur("Termin bitte absagen.\nLG\nuwe\n") == ""                 # ein Wort ist kein Name
    assert name_in_signatur("Danke!\n> Mit freundlichen Grüßen\n> Ihre Agentur für Arbeit\n") == ""   # nur im Zitat
    assert geburtsdatum_in_mail("Uwe Berger, geb. 24.06.1972") == dt.date(1972, 6, 24)
    assert geburtsdatum_in_mail("Geburtsdatum: 1.2.1985") == dt.date(1985, 2, 1)
    assert geburtsdatum_in_mail("Mein Termin am 24.06.2020") is None
    assert name_passt("Berger, Uwe", "Uwe", "Berger") and name_passt("uwe müller", "Uwe", "Mueller")
    assert name_passt("U. Berger", "Uwe", "Berger") is False and name_passt("", "Uwe", "Berger") is None


# 2 — Vorlagen für „Sonstiges“, Abwesenheitsnotiz ohne Antwort ---------------------------------------------------

SONSTIGES = (b"From: Uwe Berger <uwe.berger@web.example>\r\nMessage-ID: <gesund-1@web.example>\r\n"
             b"Subject: Gesundmeldung 955A300078\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
             b"Hallo, ich bin ab heute wieder gesund.\r\nGruss\r\nUwe Berger\r\n")
ABWESEND = (b"From: Uwe Berger <uwe.berger@web.example>\r\nMessage-ID: <auto-1@web.example>\r\n"
            b"Auto-Submitted: auto-replied\r\nSubject: Abwesenheitsnotiz: Ihre Nachricht\r\n\r\n"
            b"Ich bin bis zum 14.04. nicht im Buero.\r\n")


def test_vorlagen_fuer_sonstiges_ohne_kundendaten_und_vollstaendig() -> None:
    neu = {"eingang_weitergegeben", "gesundmeldung_erhalten", "zahlung_telefonisch", "familienkasse_zustaendig",
           "eservice_hotline"}
    assert neu <= set(OHNE_KUNDENDATEN)
    for name in OHNE_KUNDENDATEN:
        v = VORLAGEN[name]
        assert not v.kundendaten and platzhalter(v) == {"anrede"}, name
        betreff, text = fuellen(v, vorname="Uwe", nachname="Berger", kundennummer=KUNDENNUMMER)
        assert text.startswith("Guten Tag,\n\n"), name              # ohne Kundendaten: ohne Namen
        assert LUECKE not in text + betreff and KUNDENNUMMER not in text + betreff and "Berger" not in text, name
        assert v.titel and v.titel != v.name and v.name not in text, name


def test_sonstiges_bietet_die_vorlagen_zur_wahl_und_entwirft_die_gewaehlte(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, "sonstiges")
    # „… weitergegeben“ erst, wenn die Mail weitergeleitet ist (tests/emb/test_weiterleiten_vorlagen.py)
    mail_weiterleiten(anna, mail.id, "team_ez", "Gesundmeldung erfassen.", JETZT)
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    assert '<label class="kern-label" for="vorlage-wahl">Andere Vorlage ohne Kundendaten</label>' in html
    for name in ("eingang_weitergegeben", "identitaet_unklar", "zahlung_telefonisch"):
        assert f'<option value="{name}">{VORLAGEN[name].titel}</option>' in html
    # weitergeleitet: der Knopf bestätigt es, passend zur erkannten Gesundmeldung
    assert 'name="vorlage" value="gesundmeldung_erhalten"' in html
    client.post(f"/emb/{mail.id}/antwort/", {"aktion": "entwerfen_gewaehlt", "vorlage_wahl": "eingang_weitergegeben"})
    entwurf = Antwort.objects.get(mail=mail)
    assert entwurf.vorlage == "eingang_weitergegeben" and entwurf.text.startswith("Guten Tag,\n\nvielen Dank")
    assert antwort_fehler(entwurf) == []                         # geht so hinaus: ohne Kundendaten
    # eine Vorlage mit Kundendaten lässt sich über die Liste nicht wählen (A3, wie über „vorlage“)
    Antwort.objects.filter(id=entwurf.id).delete()
    with pytest.raises(AntwortNichtMoeglich, match="enthält Kundendaten"):
        antwort_entwerfen(anna, mail.id, JETZT, "termin_abgesagt")


def test_abwesenheitsnotiz_wird_ohne_antwort_erledigt(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna, ABWESEND, "sonstiges")
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Abwesenheitsnotiz (automatische Antwort): keine Antwort nötig." in html
    assert ABWESENHEITSNOTIZ_VERMERK in html                      # im Feld „Vermerk“ vorbereitet
    antwort = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": ABWESENHEITSNOTIZ_VERMERK}, follow=True)
    assert "ist erledigt" in antwort.content.decode()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.ERLEDIGT and not mail.antworten.exists()


# 4 — Betreff der gesendeten Antwort ------------------------------------------------------------------------------

def _kopfzeilen(roh: bytes) -> list[bytes]:
    return roh.split(b"\r\n\r\n", 1)[0].split(b"\r\n") if b"\r\n" in roh else roh.split(b"\n\n", 1)[0].split(b"\n")


def test_langer_betreff_beginnt_in_seiner_kopfzeile(anna: Any, settings: Any, tmp_path: Path, eager: None,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND, settings.VAR_DIR = "kundenportal.emb.postausgang.DateiPostausgang", tmp_path
    mail = _uebernommen(anna, SONSTIGES, "sonstiges")
    mail_weiterleiten(anna, mail.id, "team_ez", "Gesundmeldung erfassen.", JETZT)
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, "eingang_weitergegeben")
    Antwort.objects.filter(id=entwurf.id).update(betreff=LANG)
    with django_capture_on_commit_callbacks(execute=True):      # ohne Worker: gesendet nach dem Commit
        antwort_freigeben(anna, entwurf.id, JETZT)
    (datei,) = (tmp_path / "postausgang").iterdir()
    roh = datei.read_bytes()
    (zeile,) = [z for z in _kopfzeilen(roh) if z.lower().startswith(b"subject:")]
    assert zeile.strip() != b"Subject:" and zeile.startswith(b"Subject: Ihre Nachricht ist bei uns eingegangen")
    gelesen = BytesParser(policy=policy.default).parsebytes(roh)
    assert gelesen["Subject"] == LANG
    assert gelesen["In-Reply-To"] == "<gesund-1@web.example>" and gelesen["Message-ID"] == entwurf.message_id
    assert gelesen.get_content().replace("\r\n", "\n").startswith("Guten Tag,\n\nvielen Dank")   # CRLF wie SMTP


def test_smtp_bytes_mit_crlf_und_betreff_in_der_ersten_zeile(anna: Any, smtp_server: Smtp, settings: Any,
                                                              eager: None,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_PORT = smtp_server.port
    mail = _uebernommen(anna, SONSTIGES, "sonstiges")
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, "zahlung_telefonisch")
    Antwort.objects.filter(id=entwurf.id).update(betreff=LANG)
    with django_capture_on_commit_callbacks(execute=True):      # ohne Worker: gesendet nach dem Commit
        antwort_freigeben(anna, entwurf.id, JETZT)
    (umschlag,) = smtp_server.empfangen
    roh = umschlag.original_content or umschlag.content
    (zeile,) = [z for z in _kopfzeilen(roh) if z.lower().startswith(b"subject:")]
    assert zeile.startswith(b"Subject: Ihre Nachricht ist bei uns eingegangen")
    assert BytesParser(policy=policy.default).parsebytes(roh)["Subject"] == LANG


def test_kopf_mit_zeilenumbruch_wird_abgelehnt(anna: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, "sonstiges")
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, "zahlung_telefonisch")
    entwurf.betreff = "Betreff\r\nBcc: alle@example.org"
    with pytest.raises(ValueError):
        versand.nachricht(entwurf, JETZT).message()


# 5 — Anrede -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("vorname", "nachname", "anrede"), [
    ("Uwe", "Berger", "Guten Tag Uwe Berger,"), ("", "Berger", "Guten Tag Berger,"),
    ("  Uwe  Peter ", " Berger ", "Guten Tag Uwe Peter Berger,"), ("Uwe", "", "Guten Tag,"), ("", "", "Guten Tag,"),
    (" ", " ", "Guten Tag,")])
def test_anrede_nie_mit_luecke_vor_dem_komma(vorname: str, nachname: str, anrede: str) -> None:
    for v in VORLAGEN.values():
        _, text = fuellen(v, vorname=vorname, nachname=nachname, kundennummer=KUNDENNUMMER)
        assert " ," not in text and "  " not in text.split("\n")[0], v.name
        assert text.startswith(anrede if v.kundendaten else "Guten Tag,"), v.name


# 6 — Zugriffsprotokoll, wenn die Teamleitung freigibt ----------------------------------------------------------

def test_teamleitung_bricht_den_kontakt_ab_und_das_protokoll_nennt_sie(anna: Any,
                                                                      benutzer: Callable[..., Any]) -> None:
    tanja = benutzer("teamleitung_emb", "tanja")
    mail = _uebernommen(anna)
    bearbeitung_starten(anna, mail.id, JETZT)
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")
    kontakt_id = Mail.objects.get(id=mail.id).kontakt_id
    seit = Zugriff.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert mail_freigeben_als_teamleitung(tanja, mail.id, JETZT, "abwesend") == "anna"
    assert Kontakt.objects.get(pk=kontakt_id).status == Kontakt.ABGESCHLOSSEN
    neu = Zugriff.objects.filter(id__gt=seit, kontakt=kontakt_id)
    assert neu.filter(user=tanja, aktion="kontakt_abschliessen").count() == 1
    assert not neu.filter(user=anna).exists()              # nichts unter Annas Namen, das sie nicht tat
    assert neu.filter(user=tanja, aktion="kontakt_lesen").exists()     # der Vermerk des Abbruchs: gelesen von ihr
