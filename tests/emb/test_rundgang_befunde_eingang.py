"""Rundgang E-Mail (Agent, Teamleitung): drei Befunde.

1. Nach „Zuordnung bestätigen“ bestätigt die Mailseite die Zuordnung (unter dem Formular) und führt den Fokus zum
   nächsten Schritt — derselbe Mechanismus wie am Ende der Arbeitshilfe (`data-ende-fokus`, emb/meldung-fokus.js):
   die Überschrift „Arbeitshilfe …“ (ein Tab weiter: „Arbeitshilfe starten“) oder, ohne Arbeitshilfe, der Titel der
   Antwort. Nur auf dieser einen Seite.
2. Ein Betreff, der sich nicht dekodieren ließ (`=?utf-8?B?kaputt!!?=`), heißt in Warteschlange, Überschrift und
   Meldungen „(Betreff nicht lesbar)“; die Mailseite zeigt ihn dazu wie empfangen. Gespeichert bleibt er unverändert.
3. Die Quarantäne nennt die Quelle in Worten („Datei d-binaer.eml“ statt `eml:d-binaer.eml`); gespeichert bleibt
   `eml:d-binaer.eml`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb import anzeige
from kundenportal.emb.models import Mail
from kundenportal.emb.queries import quarantaene, quarantaene_kopf
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen
from tests.email.test_terminabsage import MAIL
from tests.emb.test_rundgang_maengel import JETZT, SONSTIGES, kunde

pytestmark = pytest.mark.django_db
__all__ = ["kunde"]

KAPUTT = (b"From: Kunde Test <kunde.test@web.example>\r\nMessage-ID: <kaputt-betreff-1@web.example>\r\n"
          b"Subject: =?utf-8?B?kaputt!!?=\r\n\r\nGuten Tag, mein Betreff ist kaputt.\r\n")


def _tag(html: str, element_id: str) -> str:
    treffer = re.search(rf'<[a-z0-9]+[^>]*\bid="{element_id}"[^>]*>', html)
    assert treffer is not None, element_id
    return treffer.group(0)


def _beansprucht(user: Any, roh: bytes) -> Mail:
    mail = mail_einlesen(roh, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(user, mail.id, JETZT)
    return mail


# --- 1. Zuordnung bestätigen ---------------------------------------------------------------------------------------

def test_nach_zuordnung_bestaetigung_und_fokus_auf_die_arbeitshilfe(client: Client, anna: Any) -> None:
    mail = _beansprucht(anna, MAIL)
    client.force_login(anna)
    vorher = client.get(f"/emb/{mail.id}/").content.decode()
    assert 'id="zuordnung-bestaetigt"' not in vorher and "data-ende-fokus" not in vorher
    antwort = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": mail.kundennummer},
                          follow=True)
    html = antwort.content.decode()
    assert 'id="meldungen"' not in html                 # keine Meldung oben: sie nähme den Fokus (meldung-fokus.js)
    text = re.search(r'<p class="kern-body" id="zuordnung-bestaetigt-text">([^<]*)</p>', html)
    assert text is not None
    assert text.group(1) == f"Zuordnung bestätigt: Terminabsage / Terminverschiebung, Kundennummer {mail.kundennummer}."
    kopf = _tag(html, "arbeitshilfe-kopf")
    assert 'tabindex="-1"' in kopf and "data-ende-fokus" in kopf
    assert 'aria-describedby="zuordnung-bestaetigt-text"' in kopf
    assert html.count("data-ende-fokus") == 1
    # der nächste Schritt folgt der Überschrift unmittelbar (ein Tab)
    nach_kopf = html.split(kopf, 1)[1]
    assert re.match(r"[^<]*</h3>\s*<p><button[^>]*><span class=\"kern-label\">Arbeitshilfe starten</span>", nach_kopf)
    # nur auf dieser einen Seite
    wieder = client.get(f"/emb/{mail.id}/").content.decode()
    assert 'id="zuordnung-bestaetigt"' not in wieder and "data-ende-fokus" not in wieder


def test_ohne_arbeitshilfe_fuehrt_der_fokus_zur_antwort(client: Client, anna: Any) -> None:
    mail = _beansprucht(anna, SONSTIGES)
    client.force_login(anna)
    html = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "sonstiges", "kundennummer": ""},
                       follow=True).content.decode()
    assert "Zuordnung bestätigt: Sonstiges, Kundennummer keine." in html
    titel = _tag(html, "antwort-titel")
    assert "data-ende-fokus" in titel and 'aria-describedby="zuordnung-bestaetigt-text"' in titel
    assert "data-ende-fokus" not in _tag(html, "arbeitshilfe-kopf")


def test_fehler_an_der_kundennummer_behaelt_den_fokus(client: Client, anna: Any) -> None:
    mail = _beansprucht(anna, MAIL)
    client.force_login(anna)
    antwort = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": "kaputt"})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and 'id="kundennummer-fehler"' in html
    assert "data-ende-fokus" not in html and 'id="zuordnung-bestaetigt"' not in html


def test_die_bestaetigung_nennt_den_naechsten_hinweis_mit(client: Client, anna: Any) -> None:
    """Mit Arbeitshilfe, aber ohne Kundennummer: Die Überschrift nennt auch, warum es nicht weitergeht."""
    mail = _beansprucht(anna, MAIL)
    client.force_login(anna)
    html = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": ""},
                       follow=True).content.decode()
    assert 'aria-describedby="zuordnung-bestaetigt-text arbeitshilfe-hinweis"' in _tag(html, "arbeitshilfe-kopf")
    assert 'id="arbeitshilfe-hinweis"' in html


# --- 2. Betreff nicht dekodierbar ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("betreff", "unlesbar"), [
    ("=?utf-8?B?kaputt!!?=", True), ("Termin =?utf-8?Q?Gr=FC=DF?= absagen =?utf-8?B?kaputt!!?=", True),
    ("Terminabsage 955A300078", False), ("Frage: a=?b", False), ("", False), ("=? kein Wort ?=", False)])
def test_betreff_unlesbar(betreff: str, unlesbar: bool) -> None:
    assert anzeige.betreff_unlesbar(betreff) is unlesbar
    erwartet = anzeige.BETREFF_NICHT_LESBAR if unlesbar else (betreff or anzeige.OHNE_BETREFF)
    assert anzeige.betreff_kurz(betreff) == erwartet
    assert anzeige.betreff_lesbar(betreff) == erwartet


def test_kaputter_betreff_lesbar_in_warteschlange_und_auf_der_mailseite(client: Client, anna: Any) -> None:
    mail = mail_einlesen(KAPUTT, quelle="test", jetzt=JETZT).mail
    gespeichert = Mail.objects.get(id=mail.id)
    assert gespeichert.betreff == "=?utf-8?B?kaputt!!?=" and b"=?utf-8?B?kaputt!!?=" in bytes(gespeichert.roh)
    assert "Kopfzeile Subject: Zeichen nicht dekodierbar" in gespeichert.warnungen
    client.force_login(anna)
    liste = client.get("/emb/").content.decode()
    assert "<bdi>(Betreff nicht lesbar)</bdi>" in liste and "kaputt!!" not in liste
    assert 'aria-label="Übernehmen: (Betreff nicht lesbar)"' in liste
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert re.search(r"<h1[^>]*><bdi>\(Betreff nicht lesbar\)</bdi></h1>", seite)
    assert ('<dt>Betreff (nicht dekodierbar, wie empfangen)</dt><dd id="betreff-roh" style="overflow-wrap:anywhere">'
            "<code>=?utf-8?B?kaputt!!?=</code></dd>") in seite
    assert client.post(f"/emb/{mail.id}/beanspruchen/").status_code == 302
    freigegeben = client.post(f"/emb/{mail.id}/freigeben/", follow=True).content.decode()
    assert "Die Mail „(Betreff nicht lesbar)“ ist zurück in der Warteschlange." in freigegeben


def test_ein_lesbarer_betreff_bleibt_wie_er_ist(client: Client, anna: Any) -> None:
    mail = _beansprucht(anna, MAIL)
    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert 'id="betreff-roh"' not in seite and "(Betreff nicht lesbar)" not in seite


def test_quarantaene_kopf_mit_kaputtem_betreff() -> None:
    mail = mail_einlesen(KAPUTT, quelle="test", jetzt=JETZT).mail
    Mail.objects.filter(id=mail.id).update(status=Mail.Status.QUARANTAENE, quarantaene_grund="Test.")
    assert quarantaene_kopf(quarantaene().get(id=mail.id)).betreff == anzeige.NICHT_LESBAR


# --- 3. Quelle in Worten -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("quelle", "worte"), [
    ("eml:d-binaer.eml", "Datei d-binaer.eml"), ("mbox:eingang.mbox", "mbox-Datei eingang.mbox"),
    ("maildir:Maildir", "Maildir-Verzeichnis Maildir"),
    ("imap:emb@mail.example/INBOX", "IMAP-Postfach INBOX (emb@mail.example)"),
    ("demo", "Demodaten"), ("eml", "Datei"), ("test", "test"), ("", "unbekannt"),
    ("eml:rechnung\u202efdp.eml", "Datei rechnungfdp.eml"), ("sonst:etwas", "sonst:etwas"),
    # die Stelle der Mail in ihrer Quelle (seit Session 31 mitgespeichert)
    ("mbox:eingang.mbox#nachricht=3", "mbox-Datei eingang.mbox, Nachricht 3"),
    ("maildir:Maildir#datei=new/1700000000.M1P2.host", "Maildir-Verzeichnis Maildir, Datei new/1700000000.M1P2.host"),
    ("imap:emb@mail.example/INBOX#uid=4711", "IMAP-Postfach INBOX (emb@mail.example), UID 4711"),
    ("imap:emb@mail.example/#shared/Eingang#uid=9", "IMAP-Postfach Eingang (emb@mail.example/#shared), UID 9"),
    ("mbox:eingang.mbox#nachricht=", "mbox-Datei eingang.mbox#nachricht=")])
def test_quelle_in_worten(quelle: str, worte: str) -> None:
    assert anzeige.quelle_in_worten(quelle) == worte


def test_quarantaene_nennt_die_quelle_in_worten(benutzer: Callable[..., Any]) -> None:
    mail = mail_einlesen(b"\x00\x01\x02\xff" * 100, quelle="eml:d-binaer.eml", jetzt=JETZT).mail
    assert Mail.objects.get(id=mail.id).status == Mail.Status.QUARANTAENE
    tanja = Client()
    tanja.force_login(benutzer("teamleitung_emb", "tanja"))
    liste = tanja.get("/emb/quarantaene/").content.decode()
    assert "<bdi>Datei d-binaer.eml</bdi>" in liste and "eml:d-binaer.eml" not in liste
    seite = tanja.get(f"/emb/quarantaene/{mail.id}/").content.decode()
    assert '<dt>Quelle</dt><dd style="overflow-wrap:anywhere"><bdi>Datei d-binaer.eml</bdi></dd>' in seite
    assert Mail.objects.get(id=mail.id).quelle == "eml:d-binaer.eml"        # gespeichert wie eingelesen


def test_zu_lange_quelle_wird_vor_der_stelle_gekuerzt() -> None:
    """Mail.quelle hat 200 Zeichen: gekürzt wird der Name der Quelle, nie die UID oder Nummer dahinter (eine
    abgeschnittene UID „47“ statt „4711“ wiese auf eine andere Mail)."""
    from kundenportal.emb.quelle import kuerzen

    lang = "imap:" + "x" * 250 + "@mail.example/INBOX#uid=4711"
    k = kuerzen(lang)
    assert len(k) == 200 and k.endswith("…#uid=4711") and k.startswith("imap:xxx")
    assert anzeige.quelle_in_worten(k).endswith(", UID 4711")
    assert kuerzen("mbox:kurz.mbox#nachricht=3") == "mbox:kurz.mbox#nachricht=3"
    assert kuerzen("eml:" + "y" * 300) == "eml:" + "y" * 195 + "…"                  # ohne Stelle: nur gekürzt
    m = mail_einlesen(b"\x00\x01" * 50, quelle=lang, jetzt=JETZT).mail
    assert Mail.objects.get(id=m.id).quelle == k
