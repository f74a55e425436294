"""Rundgang Dezember, Antworten: Ein Zeilenumbruch im Betreff ist ein Fehler am Feld (er schleuste Kopfzeilen wie
„Bcc: …“ ein); eine Antwort, die sich nicht als E-Mail bauen lässt, wird fehlgeschlagen mit Grund, statt ewig zu
warten, und hält den Feger für die übrigen nicht auf. Eine Antwort mit Kundendaten geht erst nach dem Ende der
Arbeitshilfe hinaus. Betreff und Text haben Höchstlängen, gemeldet am Feld, das Getippte bleibt."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

from kundenportal.emb.antwortdaten import ARBEITSHILFE_OFFEN
from kundenportal.emb.models import WARTEN_BIS_FEGEN, Antwort, Mail, Protokoll
from kundenportal.emb.queries import (
    BETREFF_LAENGSTENS,
    BETREFF_STEUERZEICHEN,
    TEXT_LAENGSTENS,
    antwort_fehler,
)
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    antwort_entwerfen,
    antwort_freigeben,
    ausgang_fegen,
    bearbeitung_beantworten,
    bearbeitung_bestaetigen,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.emb.versand import NICHT_BAUBAR
from kundenportal.fachverfahren.referenz.ausgangslage import zustand_lesen
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
POSTAUSGANG = "kundenportal.emb.postausgang.DateiPostausgang"
EINGESCHLEUST = "Ihr Termin\r\nBcc: evil@example.com"


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()


def _mail(nummer: int = 1) -> bytes:
    return MAIL.replace(b"Message-ID: <absage-berger-1@", f"Message-ID: <absage-berger-dez-{nummer}@".encode())


def _entwurf(anna: Any, nummer: int = 1) -> tuple[Mail, Antwort]:
    """Eine übernommene Mail mit einem Entwurf ohne Kundendaten (die Identität ist nicht bestätigt)."""
    mail = mail_einlesen(_mail(nummer), quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    return mail, antwort_entwerfen(anna, mail.id, JETZT, vorlage="identitaet_unklar")


def _tag(html: str, feld_id: str) -> str:
    """Das öffnende Tag des Elements mit `feld_id`."""
    treffer = re.search(rf'<[a-z0-9]+[^>]*\bid="{feld_id}"[^>]*>', html, re.S)
    assert treffer is not None, f"kein Element {feld_id}"
    return treffer.group(0)


def _fehler_am_feld(html: str, feld: str) -> str:
    treffer = re.search(rf'<p class="kern-error" id="{feld}-fehler">.*?<span class="kern-body">(.*?)</span></p>',
                        html, re.S)
    assert treffer is not None, f"kein Fehler am Feld {feld}"
    return html_lib.unescape(treffer.group(1))


def _textfeld(html: str) -> str:
    treffer = re.search(r'<textarea[^>]*\bid="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert treffer is not None
    return html_lib.unescape(treffer.group(1))


# 1 — Zeilenumbruch im Betreff ---------------------------------------------------------------------------------

@pytest.mark.parametrize("betreff", [EINGESCHLEUST, "Ihr Termin\nam Freitag", "Ihr\tTermin", "Ihr Termin\u2028Bcc: x"])
def test_steuerzeichen_im_betreff_sind_ein_fehler_am_feld_und_die_antwort_geht_nicht_hinaus(
        client: Client, anna: Any, betreff: str) -> None:
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/antwort/"
    vorschau = client.post(seite, {"aktion": "vorschau", "antwort": entwurf.id, "betreff": betreff,
                                   "text": entwurf.text})
    html = vorschau.content.decode()
    assert vorschau.status_code == 400 and "Antwort prüfen" not in html        # der Editor, keine Vorschau
    assert _fehler_am_feld(html, "betreff") == BETREFF_STEUERZEICHEN
    assert BETREFF_STEUERZEICHEN.startswith("Betreff: Er enthält einen Zeilenumbruch oder ein anderes Steuerzeichen")
    assert 'aria-invalid="true" aria-describedby="betreff-fehler"' in _tag(html, "betreff")
    assert f'value="{html_lib.escape(betreff)}"' in _tag(html, "betreff")       # das Getippte steht im Feld
    entwurf.refresh_from_db()
    assert entwurf.betreff == betreff                                           # und im Entwurf
    assert antwort_fehler(entwurf) == [BETREFF_STEUERZEICHEN]

    gesendet = client.post(seite, {"aktion": "senden", "antwort": entwurf.id}, follow=True).content.decode()
    assert html_lib.escape(BETREFF_STEUERZEICHEN) in gesendet and "wird gesendet" not in gesendet
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF


def test_nullzeichen_im_betreff_ist_ein_fehler_am_feld_und_wird_nicht_gespeichert(client: Client, anna: Any) -> None:
    """Ein Nullzeichen fasst PostgreSQL nicht: Der Entwurf behält den alten Betreff, das Feld zeigt das Getippte."""
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    html = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                    "betreff": "Ihr Termin\x00", "text": "Guten Tag"}).content.decode()
    assert _fehler_am_feld(html, "betreff") == BETREFF_STEUERZEICHEN
    entwurf.refresh_from_db()
    assert (entwurf.betreff, entwurf.text) == ("Ihre Nachricht – bitte Angaben zu Ihrer Person", "Guten Tag")


def test_freigabe_lehnt_einen_betreff_mit_zeilenumbruch_ab(anna: Any) -> None:
    _, entwurf = _entwurf(anna)
    Antwort.objects.filter(id=entwurf.id).update(betreff=EINGESCHLEUST)      # etwa aus einem älteren Tab
    with pytest.raises(AntwortNichtMoeglich) as abgelehnt:
        antwort_freigeben(anna, entwurf.id, JETZT)
    assert str(abgelehnt.value) == BETREFF_STEUERZEICHEN
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF


def test_unbaubare_antwort_wird_fehlgeschlagen_mit_grund_und_haelt_den_feger_nicht_auf(
        client: Client, anna: Any, settings: Any, tmp_path: Path) -> None:
    """Eine Antwort von vor dieser Prüfung, freigegeben mit Zeilenumbruch im Betreff: Der Feger macht sie
    fehlgeschlagen (kein neuer Versuch, der Grund steht da) und sendet die übrigen."""
    settings.EMAIL_BACKEND, settings.VAR_DIR = POSTAUSGANG, tmp_path
    mail, kaputt = _entwurf(anna, 1)
    _, gut = _entwurf(anna, 2)
    lange_her = JETZT - WARTEN_BIS_FEGEN - dt.timedelta(minutes=1)
    Antwort.objects.filter(id=kaputt.id).update(betreff=EINGESCHLEUST, status=Antwort.Status.WARTEND,
                                                naechster_versuch=lange_her)
    Antwort.objects.filter(id=gut.id).update(status=Antwort.Status.WARTEND, naechster_versuch=lange_her)

    assert ausgang_fegen(JETZT) == sorted([kaputt.id, gut.id])
    kaputt.refresh_from_db()
    gut.refresh_from_db()
    assert (kaputt.status, kaputt.naechster_versuch, kaputt.gesendet_am, kaputt.versuche) == (
        Antwort.Status.FEHLGESCHLAGEN, None, None, 1)
    grund = NICHT_BAUBAR.format(grund="Der Betreff enthält einen Zeilenumbruch oder ein anderes Steuerzeichen.")
    assert kaputt.letzter_fehler == grund
    assert kaputt.status_text == "fehlgeschlagen, kein neuer Versuch"
    assert gut.status == Antwort.Status.GESENDET
    (datei,) = (tmp_path / "postausgang").iterdir()              # nur die gute Antwort liegt im Postausgang
    assert datei.name == gut.message_id.strip("<>") + ".eml" and b"evil@example.com" not in datei.read_bytes()
    assert Protokoll.objects.get(art="versand_fehlgeschlagen").details == {"antwort": kaputt.id, "fehler": grund}

    assert ausgang_fegen(JETZT + dt.timedelta(hours=1)) == []             # kein ewiger neuer Versuch
    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "fehlgeschlagen, kein neuer Versuch" in seite
    assert html_lib.escape(grund) in _absatz(seite, "antwort-fehlschlag")


def _absatz(html: str, absatz_id: str) -> str:
    treffer = re.search(rf'<p[^>]*\bid="{absatz_id}"[^>]*>(.*?)</p>', html, re.S)
    assert treffer is not None, f"kein Absatz {absatz_id}"
    return treffer.group(1)


class StuerztBeiAbsturz(EmailBackend):
    """Ein Backend mit einem Fehler, den niemand erwartet — bei Antworten mit „Absturz“ im Betreff; seine Meldung
    nennt die Adresse (sie darf nicht ins Log)."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if any("Absturz" in m.subject for m in messages):
            raise RuntimeError(f"kaputt bei {messages[0].to[0]}")
        return super().send_messages(messages)


def test_unerwarteter_fehler_bei_einer_antwort_haelt_die_uebrigen_nicht_auf(
        anna: Any, settings: Any, caplog: pytest.LogCaptureFixture) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.StuerztBeiAbsturz"
    _, erste = _entwurf(anna, 1)
    _, zweite = _entwurf(anna, 2)
    lange_her = JETZT - WARTEN_BIS_FEGEN - dt.timedelta(minutes=1)
    Antwort.objects.filter(id=erste.id).update(betreff="Absturz", status=Antwort.Status.WARTEND,
                                               naechster_versuch=lange_her)
    Antwort.objects.filter(id=zweite.id).update(status=Antwort.Status.WARTEND, naechster_versuch=lange_her)
    with caplog.at_level(logging.ERROR, logger="kundenportal.emb.services.antwort"):
        assert ausgang_fegen(JETZT) == [erste.id, zweite.id]
    erste.refresh_from_db()
    assert erste.status == Antwort.Status.FEHLGESCHLAGEN and erste.versuche == 1
    assert erste.letzter_fehler == "Unerwarteter Fehler beim Senden (RuntimeError)."
    assert erste.naechster_versuch == JETZT + dt.timedelta(minutes=1)       # neuer Versuch, mit Abstand
    assert Antwort.objects.get(id=zweite.id).status == Antwort.Status.GESENDET
    log = caplog.text
    assert f"Antwort {erste.id}: Versand im Feger gescheitert (RuntimeError)" in log
    assert "uwe.berger" not in log and "kaputt bei" not in log                 # keine Personendaten im Log


# 2 — Erst nach dem Ende der Arbeitshilfe ----------------------------------------------------------------------

def _bis_zum_absagegrund(anna: Any) -> Mail:
    """Wie im Rundgang (Mail 3 der Demo): Identität ja, Termin absagen, erster Termin, Teilnahme erforderlich nein —
    der Grund der Absage ist offen, der Termin nicht abgesagt."""
    mail = mail_einlesen(_mail(), quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    ansicht = bearbeitung_starten(anna, mail.id, JETZT)
    for fakt, wert in (("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T1"),
                       ("teilnahme_erforderlich", "nein")):
        assert ansicht.fakt == fakt
        ansicht = bearbeitung_beantworten(anna, mail.id, fakt, wert)
    assert (ansicht.art, ansicht.fakt) == ("frage", "absagegrund")
    return mail


def test_antwort_mit_kundendaten_geht_erst_nach_dem_ende_der_arbeitshilfe(client: Client, anna: Any) -> None:
    mail = _bis_zum_absagegrund(anna)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    html = client.get(seite).content.decode()
    assert "Entwerfen Sie die Antwort, wenn die Arbeitshilfe durchlaufen ist; eine Antwort mit Kundendaten geht " \
           "erst dann hinaus." in html
    client.post(f"{seite}antwort/")                                  # „Antwort aus Vorlage entwerfen“
    entwurf = Antwort.objects.get(mail=mail)
    assert entwurf.vorlage == "allgemein"                            # noch ohne Ergebnis
    editor = client.get(seite).content.decode()
    assert "Die Arbeitshilfe ist noch nicht durchlaufen:" in _absatz(editor, "arbeitshilfe-offen")

    vorschau = client.post(f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                "betreff": entwurf.betreff, "text": entwurf.text})
    html = vorschau.content.decode()
    assert "Senden nicht möglich (1)" in html and html_lib.escape(ARBEITSHILFE_OFFEN) in html
    assert 'id="senden"' not in html
    gesendet = client.post(f"{seite}antwort/", {"aktion": "senden", "antwort": entwurf.id}, follow=True)
    assert html_lib.escape(ARBEITSHILFE_OFFEN) in gesendet.content.decode()
    with pytest.raises(AntwortNichtMoeglich) as abgelehnt:
        antwort_freigeben(anna, entwurf.id, JETZT)
    assert str(abgelehnt.value) == ARBEITSHILFE_OFFEN
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF
    assert zustand_lesen(KUNDENNUMMER)["termine"][0]["status"] != "abgesagt"

    # Zu Ende geführt (der Termin ist abgesagt): Verwerfen, neu entwerfen, die passende Vorlage geht hinaus
    ansicht = bearbeitung_beantworten(anna, mail.id, "absagegrund", "Kinderbetreuung fällt aus")
    while ansicht.art in ("frage", "bestaetigung"):
        if ansicht.art == "bestaetigung":
            assert ansicht.vorhaben is not None
            ansicht = bearbeitung_bestaetigen(anna, mail.id, ansicht.vorhaben.zeichen)
        else:
            assert ansicht.fakt == "neuer_termin_gewuenscht"
            ansicht = bearbeitung_beantworten(anna, mail.id, ansicht.fakt, "nein")
    assert (ansicht.art, ansicht.ergebnis) == ("ende", "termin_abgesagt")
    assert zustand_lesen(KUNDENNUMMER)["termine"][0]["status"] == "abgesagt"
    assert antwort_fehler(Antwort.objects.get(id=entwurf.id)) == []             # die Sperre galt nur bis zum Ende
    client.post(f"{seite}antwort/", {"aktion": "verwerfen", "antwort": entwurf.id})
    client.post(f"{seite}antwort/")
    neu = Antwort.objects.get(mail=mail)
    assert neu.vorlage == "termin_abgesagt"
    assert 'id="arbeitshilfe-offen"' not in client.get(seite).content.decode()
    assert antwort_freigeben(anna, neu.id, JETZT).status == Antwort.Status.WARTEND


def test_ohne_bestaetigte_identitaet_geht_die_antwort_ohne_kundendaten_auch_waehrend_der_arbeitshilfe(
        client: Client, anna: Any) -> None:
    """Der bisherige Weg bleibt: Ist die Identität (noch) nicht bestätigt, geht die Bitte um Angaben zur Person auch,
    während die Arbeitshilfe läuft — sie enthält nichts, was vom Ergebnis abhängt."""
    mail = mail_einlesen(_mail(), quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    assert bearbeitung_starten(anna, mail.id, JETZT).fakt == "identitaet_geprueft"
    client.force_login(anna)
    client.post(f"/emb/{mail.id}/antwort/", {"vorlage": "identitaet_unklar"})   # „Antwort ohne Kundendaten entwerfen“
    entwurf = Antwort.objects.get(mail=mail)
    assert entwurf.vorlage == "identitaet_unklar" and antwort_fehler(entwurf) == []
    assert 'id="arbeitshilfe-offen"' not in client.get(f"/emb/{mail.id}/").content.decode()
    assert antwort_freigeben(anna, entwurf.id, JETZT).status == Antwort.Status.WARTEND


# 3 — Höchstlängen ---------------------------------------------------------------------------------------------

def test_zu_langer_betreff_und_text_sind_fehler_am_feld_und_das_getippte_bleibt(client: Client, anna: Any) -> None:
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    betreff, text = "Ihr Termin " + "x" * 615, "Guten Tag,\n" + "y" * 359_989
    assert (len(betreff), len(text)) == (626, 360_000)
    antwort = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                       "betreff": betreff, "text": text})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and "Antwort prüfen" not in html
    assert _fehler_am_feld(html, "betreff") == ("Betreff: Er hat 626 Zeichen, erlaubt sind höchstens 200. Bitte "
                                                "kürzen Sie ihn; so wird die Antwort nicht gesendet.")
    assert _fehler_am_feld(html, "text") == ("Text der Antwort: Er hat 360.000 Zeichen, erlaubt sind höchstens "
                                             "20.000. Bitte kürzen Sie ihn; so wird die Antwort nicht gesendet.")
    assert f'value="{betreff}"' in _tag(html, "betreff") and _textfeld(html) == text
    assert 'aria-describedby="text-fehler"' in _tag(html, "text")
    entwurf.refresh_from_db()
    assert (entwurf.betreff, entwurf.text) == (betreff, text)                   # gespeichert, nicht gesendet
    with pytest.raises(AntwortNichtMoeglich, match=r"^Betreff: Er hat 626 Zeichen.*Text der Antwort: Er hat 360\.000"):
        antwort_freigeben(anna, entwurf.id, JETZT)
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF


def test_betreff_ueber_der_spaltenbreite_steht_im_feld_und_der_alte_bleibt_gespeichert(
        client: Client, anna: Any) -> None:
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    betreff = "z" * 1_200                    # mehr, als die Datenbank fasst (PostgreSQL lehnte das Speichern ab)
    html = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                    "betreff": betreff, "text": "Guten Tag"}).content.decode()
    assert _fehler_am_feld(html, "betreff").startswith("Betreff: Er hat 1.200 Zeichen, erlaubt sind höchstens 200.")
    assert f'value="{betreff}"' in _tag(html, "betreff")
    entwurf.refresh_from_db()
    assert (entwurf.betreff, entwurf.text) == ("Ihre Nachricht – bitte Angaben zu Ihrer Person", "Guten Tag")


def test_genau_die_hoechstlaengen_gehen(client: Client, anna: Any) -> None:
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    betreff, text = "B" * BETREFF_LAENGSTENS, "T" * TEXT_LAENGSTENS
    vorschau = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                        "betreff": betreff, "text": text})
    assert vorschau.status_code == 200 and "Antwort prüfen" in vorschau.content.decode()
    assert 'id="senden"' in vorschau.content.decode()
    entwurf.refresh_from_db()
    assert antwort_fehler(entwurf) == []
