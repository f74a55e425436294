"""Mängel aus dem Rundgang (Dezember) im Eingang und in der Warteschlange der E-Mail-Bearbeitung:

- Was keine E-Mail ist (leer, nur Leerraum, ohne jede Kopfzeile, Binärdaten), kommt mit deutschem Grund in die
  Quarantäne (die Rohbytes bleiben, der Befehl zählt es „in Quarantäne“) — merkwürdige Mails (ohne Absender, kaputtes
  Base64, nur ein Anhang, unbekannter Zeichensatz) gehen weiter mit Hinweis in die Warteschlange.
- Ein sehr langer Betreff ist in der Warteschlange und in der Überschrift der Mailseite gekürzt; ganz steht er bei
  der Mail (und im Tooltip der Liste).
- Ohne Absenderadresse steht „(ohne Absenderadresse)“ in der Liste und auf der Mailseite.
- Die Teamleitung E-Mail erfährt auf einer Mailseite, dass Mails nur die E-Mail-Bearbeitung öffnet (sie hat die
  Warteschlange); „1 Duplikat“; wer eine Mail nie übernommen hat, liest nicht „nicht mehr von Ihnen übernommen“.
- Nach „Weiterleiten“ hat die Meldung den Fokus, nicht „Bestätigen und ausführen“ der Arbeitshilfe (Chromium)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.kommando import einlesen as befehl_einlesen
from kundenportal.emb.mime import KeineMail, zerlegen
from kundenportal.emb.models import Mail, Protokoll
from kundenportal.emb.services import (
    NICHT_UEBERNOMMEN,
    mail_beanspruchen,
    mail_einlesen,
    mail_freigeben,
    zuordnung_bestaetigen,
)
from kundenportal.emb.services.bearbeitung import NIE_UEBERNOMMEN
from kundenportal.emb.services.dateien import Bilanz
from kundenportal.emb.views import MAILS_NUR_EMB
from kundenportal.leitfaden.vokabular import BERLIN

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
BINAER = random.Random(2560).randbytes(2560)
LEER_GRUND = "Die eingelesenen Daten sind leer (0 Byte): Sie enthalten keine E-Mail."
BINAER_GRUND = ("Die eingelesenen Daten sind Binärdaten (etwa ein Bild, ein Archiv oder eine beschädigte Datei), "
                "keine E-Mail: Sie haben keine lesbaren Kopfzeilen.")
OHNE_KOPF_GRUND = ("Die eingelesenen Daten haben keine Kopfzeilen einer E-Mail (kein Absender, kein Betreff, kein "
                   "Datum): Sie lassen sich nicht als E-Mail lesen.")


def _mail(kopf: str, rumpf: str = "Text\r\n", nummer: int = 1) -> bytes:
    return (f"Message-ID: <rundgang-dez-{nummer}@web.example>\r\n{kopf}\r\n{rumpf}").encode()


@pytest.mark.parametrize(("roh", "grund"), [
    (b"", LEER_GRUND),
    (b"\r\n  \r\n", "Die eingelesenen Daten enthalten nur Leerzeichen und Zeilenumbrüche (6 Byte), keine E-Mail."),
    (BINAER, BINAER_GRUND),
    (bytes(range(256)) * 8, BINAER_GRUND),
    (b"Nur ein Text ohne Kopfzeilen.\r\nZweite Zeile.\r\n", OHNE_KOPF_GRUND),
], ids=["leer", "leerraum", "zufall", "alle-bytes", "ohne-kopf"])
def test_was_keine_mail_ist_kommt_mit_grund_in_die_quarantaene(roh: bytes, grund: str) -> None:
    with pytest.raises(KeineMail, match=re.escape(grund)):
        zerlegen(roh)
    e = mail_einlesen(roh, quelle="eml:kaputt.eml", jetzt=JETZT)
    assert e.neu and e.quarantaene
    mail = Mail.objects.get(id=e.mail.id)
    assert (mail.status, mail.quarantaene_grund) == (Mail.Status.QUARANTAENE, grund)
    assert bytes(mail.roh) == roh                                         # nichts geht verloren
    assert Protokoll.objects.get(mail=mail, art="quarantaene").details == {"grund": grund}
    assert not mail_einlesen(roh, quelle="imap", jetzt=JETZT).neu         # dieselben Bytes: ein Duplikat


def test_merkwuerdige_mails_bleiben_mit_hinweis_in_der_warteschlange() -> None:
    merkwuerdig = {
        "ohne_absender": _mail("Subject: anonym\r\n", nummer=1),
        "base64_kaputt": _mail('Subject: Scan\r\nContent-Type: multipart/mixed; boundary="b"\r\n',
                               "--b\r\nContent-Type: text/plain\r\n\r\nAnbei\r\n--b\r\nContent-Type: application/pdf\r\n"
                               'Content-Disposition: attachment; filename="au.pdf"\r\n'
                               "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0x!!!?\r\n--b--\r\n", nummer=2),
        "nur_anhang": _mail("From: k@web.example\r\nContent-Type: application/pdf\r\n"
                            'Content-Disposition: attachment; filename="au.pdf"\r\n'
                            "Content-Transfer-Encoding: base64\r\n", "JVBERi0xLjQK\r\n", nummer=3),
        "zeichensatz_unbekannt": _mail("From: k@web.example\r\nSubject: x\r\n"
                                       "Content-Type: text/plain; charset=x-klingonisch\r\n", "Gruesse\r\n", nummer=4),
        "nul_im_betreff": _mail("From: k@web.example\r\nSubject: Termin\x00absage\r\n", nummer=5),
    }
    for name, roh in merkwuerdig.items():
        mail = mail_einlesen(roh, quelle=f"eml:{name}", jetzt=JETZT).mail
        assert mail.status == Mail.Status.OFFEN, (name, mail.quarantaene_grund)
    warnungen = dict(Mail.objects.values_list("quelle", "warnungen"))
    assert "Base64-Kodierung fehlerhaft" in warnungen["eml:base64_kaputt"]
    assert "Text: unbekannter Zeichensatz x-klingonisch" in warnungen["eml:zeichensatz_unbekannt"]
    assert Mail.objects.get(quelle="eml:nur_anhang").anhaenge.count() == 1


def test_befehl_zaehlt_keine_mail_in_quarantaene_und_sagt_ein_duplikat(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    ordner = tmp_path / "eingang"
    ordner.mkdir()
    (ordner / "leer.eml").write_bytes(b"")
    (ordner / "binaer.eml").write_bytes(BINAER)
    (ordner / "gut.eml").write_bytes(_mail("From: Kunde <k@web.example>\r\nSubject: Hallo\r\n"))
    assert befehl_einlesen([ordner, ordner / "gut.eml"]) == 0
    aus = capsys.readouterr().out
    assert f"{ordner}: 3 gelesen, 1 neu, 0 Duplikate, 2 in Quarantäne" in aus
    assert f"{ordner / 'gut.eml'}: 1 gelesen, 0 neu, 1 Duplikat, 0 in Quarantäne" in aus
    assert "Summe: 4 gelesen, 1 neu, 1 Duplikat, 2 in Quarantäne" in aus
    assert Mail.objects.filter(status=Mail.Status.QUARANTAENE).count() == 2
    assert Mail.objects.filter(status=Mail.Status.OFFEN).count() == 1
    assert str(Bilanz(gelesen=2, doppelt=2, unlesbar=["x"])) == "2 gelesen, 0 neu, 2 Duplikate, 0 in Quarantäne, " \
                                                                "1 Datei unlesbar"


def test_teamleitung_sieht_den_grund_in_der_quarantaene(client: Client, benutzer: Callable[..., Any]) -> None:
    mail_einlesen(b"", quelle="eml:leer.eml", jetzt=JETZT)
    binaer = mail_einlesen(BINAER, quelle="eml:binaer.eml", jetzt=JETZT).mail
    client.force_login(benutzer("teamleitung_emb", "tanja"))
    liste = client.get("/emb/quarantaene/").content.decode()
    assert "2 Mails in der Quarantäne" in liste and LEER_GRUND in liste and BINAER_GRUND in liste
    seite = client.get(f"/emb/quarantaene/{binaer.id}/").content.decode()
    assert BINAER_GRUND in seite and "(nicht lesbar)" in seite
    assert client.get(f"/emb/quarantaene/{binaer.id}/roh/").content == BINAER
    agent = benutzer("agent_emb", "anna")
    client.force_login(agent)
    warteschlange = client.get("/emb/").content.decode()
    assert "Keine Mails." in warteschlange and "(ohne Betreff)" not in warteschlange


def test_langer_betreff_ist_in_der_liste_und_der_ueberschrift_gekuerzt(client: Client,
                                                                      benutzer: Callable[..., Any]) -> None:
    betreff = "Widerspruch " + "sehr lang " * 1500                       # 15.012 Zeichen
    mail = mail_einlesen(_mail(f"From: Kunde <k@web.example>\r\nSubject: {betreff}\r\n"), quelle="t", jetzt=JETZT).mail
    gespeichert = Mail.objects.get(id=mail.id).betreff
    assert len(gespeichert) == 1000                                      # so viel speichert die Mail
    anna = benutzer("agent_emb", "anna")
    client.force_login(anna)
    liste = client.get("/emb/").content.decode()
    zelle = re.search(rf'<a href="/emb/{mail.id}/" title="([^"]*)"><bdi>([^<]*)</bdi></a>', liste)
    assert zelle is not None
    assert zelle.group(1) == gespeichert                                 # ganz im Tooltip
    assert len(zelle.group(2)) == 120 and zelle.group(2).endswith("…") and zelle.group(2).startswith("Widerspruch")
    assert re.search(r'aria-label="Übernehmen: Widerspruch [^"]{100,120}…"', liste)
    assert liste.count(gespeichert) == 1                                 # nur im Tooltip, in keinem Knopfnamen
    assert mail_beanspruchen(anna, mail.id, JETZT)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    h1 = re.search(r"<h1[^>]*><bdi>([^<]*)</bdi></h1>", seite)
    assert h1 is not None and len(h1.group(1)) == 150 and h1.group(1).endswith("…")
    assert re.search(r'<dt>Betreff \(vollständig\)</dt><dd id="betreff-voll"[^>]*><bdi>([^<]*)</bdi>', seite).group(1) \
        == gespeichert  # type: ignore[union-attr]
    meldung = client.post(f"/emb/{mail.id}/freigeben/", follow=True).content.decode()
    assert re.search(r"Die Mail „Widerspruch [^“]{100,120}…“ ist zurück in der Warteschlange\.", meldung)


def test_kurzer_betreff_steht_nur_in_der_ueberschrift(client: Client, benutzer: Callable[..., Any]) -> None:
    mail = mail_einlesen(_mail("From: Kunde <k@web.example>\r\nSubject: Termin absagen\r\n"), quelle="t").mail
    client.force_login(benutzer("agent_emb", "anna"))
    liste = client.get("/emb/").content.decode()
    assert f'<a href="/emb/{mail.id}/"><bdi>Termin absagen</bdi></a>' in liste       # ohne Tooltip
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert re.search(r"<h1[^>]*><bdi>Termin absagen</bdi></h1>", seite) and "betreff-voll" not in seite
    assert re.search(r'<dd id="mail-von"[^>]*><bdi>Kunde</bdi> &lt;<bdi>k@web.example</bdi>&gt;</dd>', seite)


def test_ohne_absenderadresse(client: Client, benutzer: Callable[..., Any]) -> None:
    ohne = mail_einlesen(_mail("Subject: anonym\r\n", nummer=1), quelle="t").mail
    nur_name = mail_einlesen(_mail("From: \"Kunde Ohne\" <>\r\nSubject: nur Name\r\n", nummer=2), quelle="t").mail
    nur_adresse = mail_einlesen(_mail("From: k@web.example\r\nSubject: nur Adresse\r\n", nummer=3), quelle="t").mail
    client.force_login(benutzer("agent_emb", "anna"))
    liste = client.get("/emb/").content.decode()
    zeile = re.search(rf'<td class="kern-table__cell"[^>]*><bdi>([^<]*)</bdi></td>\s*<td[^>]*><a href="/emb/{ohne.id}/"',
                      liste)
    assert zeile is not None and zeile.group(1) == "(ohne Absenderadresse)"
    seite = client.get(f"/emb/{ohne.id}/").content.decode()
    assert re.search(r'<dd id="mail-von"[^>]*>\(ohne Absenderadresse\)</dd>', seite)
    assert "&lt;" not in re.search(r'<dd id="mail-von".*?</dd>', seite).group(0)  # type: ignore[union-attr]
    seite = client.get(f"/emb/{nur_name.id}/").content.decode()
    assert Mail.objects.get(id=nur_name.id).absender == ""
    assert re.search(r'<dd id="mail-von"[^>]*><bdi>Kunde Ohne</bdi> \(ohne Absenderadresse\)</dd>', seite)
    seite = client.get(f"/emb/{nur_adresse.id}/").content.decode()
    assert re.search(r'<dd id="mail-von"[^>]*><bdi>k@web.example</bdi></dd>', seite)


def test_teamleitung_auf_der_mailseite_und_nie_uebernommen(client: Client, benutzer: Callable[..., Any]) -> None:
    mail = mail_einlesen(_mail("From: Kunde <k@web.example>\r\nSubject: Hallo\r\n"), quelle="t", jetzt=JETZT).mail
    client.force_login(benutzer("teamleitung_emb", "tanja"))
    antwort = client.get(f"/emb/{mail.id}/")
    assert antwort.status_code == 403
    text = antwort.content.decode()
    assert MAILS_NUR_EMB in text and "keinen Zugang zur Warteschlange" not in text
    assert MAILS_NUR_EMB == "Mails selbst öffnen und bearbeiten nur Beschäftigte der E-Mail-Bearbeitung."

    anna, bernd = benutzer("agent_emb", "anna"), benutzer("agent_emb", "bernd")
    assert mail_beanspruchen(anna, mail.id, JETZT)
    client.force_login(bernd)                                    # Bernd hatte die Mail nie
    html = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "sonstiges", "kundennummer": ""},
                       follow=True).content.decode()
    assert NIE_UEBERNOMMEN in html and "nicht mehr von Ihnen" not in html
    assert NIE_UEBERNOMMEN.startswith("Sie haben diese Mail nicht übernommen")
    html = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": "x"}, follow=True).content.decode()
    assert NIE_UEBERNOMMEN in html
    # Anna gibt sie zurück und handelt danach im alten Tab: „nicht mehr“ stimmt
    assert mail_freigeben(anna, mail.id, JETZT)
    client.force_login(anna)
    html = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "sonstiges", "kundennummer": ""},
                       follow=True).content.decode()
    assert NICHT_UEBERNOMMEN in html and NIE_UEBERNOMMEN not in html
    with pytest.raises(Exception, match="Sie haben diese Mail nicht übernommen"):
        zuordnung_bestaetigen(bernd, mail.id, "sonstiges", JETZT)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_nach_dem_weiterleiten_hat_die_meldung_den_fokus_nicht_bestaetigen(live_server: Any, settings: Any) -> None:
    """Die Arbeitshilfe steht vor „Bestätigen und ausführen“ (Termin im ATV absagen, nicht zurückzunehmen). Nach
    „Weiterleiten“ hat die Erfolgsmeldung den Fokus; ein Enter zu viel führt nichts aus."""
    from playwright.sync_api import expect

    from kundenportal.emb.services import bearbeitung_beantworten, bearbeitung_starten
    from kundenportal.fachverfahren.referenz.ausgangslage import zustand_lesen
    from kundenportal.konten.services import benutzer_anlegen
    from kundenportal.zeit import jetzt
    from tests.browser.werkzeug import anmelden, chromium, datenbank
    from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()
    erika = benutzer_anlegen("erika", "Mail-Passwort-1", ["agent_emb"], standort="Nürnberg")
    mail = mail_einlesen(MAIL, quelle="imap:test").mail
    assert mail_beanspruchen(erika, mail.id, jetzt())
    zuordnung_bestaetigen(erika, mail.id, "terminabsage", jetzt())
    antworten = {"identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1",
                 "teilnahme_erforderlich": "ja", "teilnahme_moeglich": "nein",
                 "absagegrund": "Kinderbetreuung fällt aus", "neuer_termin_gewuenscht": "nein"}
    ansicht = bearbeitung_starten(erika, mail.id, jetzt())
    while ansicht.art == "frage":
        ansicht = bearbeitung_beantworten(erika, mail.id, ansicht.fakt, antworten[ansicht.fakt])
    assert ansicht.art == "bestaetigung"
    with chromium(live_server, breite=1366) as page:
        anmelden(page, "erika", "Mail-Passwort-1")
        page.goto(f"/emb/{mail.id}/")
        bestaetigen = page.get_by_role("button", name="Bestätigen und ausführen")
        expect(bestaetigen).to_be_visible()
        page.get_by_label("OS AlgPlus – Leistung (Arbeitslosengeld)").check()
        page.get_by_label("Hinweis für die Stelle").fill("Bitte Anspruch prüfen.")
        page.get_by_role("button", name="Weiterleiten").click()
        meldungen = page.locator("#meldungen")
        expect(meldungen).to_contain_text("Die Mail ist an OS AlgPlus – Leistung (Arbeitslosengeld) weitergeleitet.")
        expect(meldungen).to_be_focused()
        expect(bestaetigen).to_be_visible()
        expect(bestaetigen).not_to_be_focused()
        page.wait_for_timeout(500)                       # auch nach dem Nachladen des Antwortbereichs (htmx)
        expect(meldungen).to_be_focused()
        page.keyboard.press("Enter")                     # ein Enter zu viel: nichts geschieht
        page.wait_for_timeout(500)
        expect(bestaetigen).to_be_visible()
    assert datenbank(lambda: zustand_lesen(KUNDENNUMMER)["termine"][0]["status"]) != "abgesagt"
