"""Befehle je Stapel beim Einlesen (`stapel_einlesen`, `dateien_einlesen`): die Zahl der SQL-Befehle hängt
nicht von der Zahl der Mails ab — keine Abfrage je Mail, die sich unbemerkt wieder einschleicht (auf
PostgreSQL kostet jede einen Weg zum Server und dessen CPU-Zeit, `make bench`: Einlesen aus Maildir)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kundenportal.emb.models import Anhang, Mail, Protokoll
from kundenportal.emb.services import mail_einlesen
from kundenportal.emb.services.einlesen import stapel_einlesen

pytestmark = pytest.mark.django_db(transaction=True)      # echte Transaktionen wie im Betrieb

# Je Stapel: Hashes nachsehen; Rohtexte (BEGIN, INSERT, COMMIT); Zeilen lesen; Zerlegungen (BEGIN, Sperre,
# Message-IDs, UPDATE als ein executemany, Anhänge, Protokoll, COMMIT) — dazu für die Absender ohne
# Kundennummer in der Mail eine Frage an VerBIS (über den Port, `kunden_per_email`: eine je Stapel).
JE_STAPEL = 12


def _mail(nummer: int, absender: str = "kunde@web.example") -> bytes:
    """Eine Mail mit einem Anhang, ohne Kundennummer im Text."""
    return (f"From: Kunde <{absender}>\r\nTo: service-center@arbeitsagentur.example\r\n"
            f"Date: Tue, 24 Mar 2020 09:00:00 +0100\r\nMessage-ID: <stapel-{nummer}@web.example>\r\n"
            f"Subject: Krankmeldung {nummer}\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="g"\r\n\r\n'
            "--g\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei meine AU.\r\n"
            "--g\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"au.pdf\"\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK{nummer:04d}\r\n--g--\r\n").encode()


def _befehle(rohe: list[tuple[str, bytes]]) -> tuple[list[str], list[str]]:
    """(Befehle des Portals, Befehle an die Referenz-Fachverfahren) beim Einlesen eines Stapels."""
    with CaptureQueriesContext(connection) as erfasst:
        ergebnisse = stapel_einlesen(rohe)
    assert all(e.neu and e.mail.status == Mail.Status.OFFEN for e in ergebnisse)
    befehle = [q["sql"] for q in erfasst.captured_queries]
    fremd = [b for b in befehle if '"referenz_' in b]
    return [b for b in befehle if b not in fremd], fremd


def _kurz(befehle: list[str]) -> str:
    return "\n".join(b[:100] for b in befehle)


def test_befehle_je_stapel_unabhaengig_von_der_zahl_der_mails() -> None:
    klein, fremd_klein = _befehle([(f"eml:{i}", _mail(i)) for i in range(5)])
    # 30: SQLite teilt ein INSERT über mehr als 999 Parameter (28 Spalten je Mail) — nicht je Mail
    gross, fremd_gross = _befehle([(f"eml:{i}", _mail(i)) for i in range(100, 130)])
    assert len(klein) == len(gross) == JE_STAPEL, _kurz([*klein, "—", *gross])
    assert len(fremd_klein) == len(fremd_gross) == 1, "eine Frage an VerBIS je Stapel"
    assert Mail.objects.count() == Anhang.objects.count() == Protokoll.objects.count() == 35


def test_eine_frage_an_verbis_fuer_alle_absender_des_stapels() -> None:
    eigene, fremd = _befehle([(f"eml:{i}", _mail(i, f"kunde{i}@web.example")) for i in range(30)])
    assert (len(eigene), len(fremd)) == (JE_STAPEL, 1), _kurz([*eigene, "—", *fremd])


def test_einzelne_mail_ohne_abfrage_der_message_id_im_stapel() -> None:
    """Die Prüfung auf eine schon vergebene Message-ID macht der Stapel einmal für alle: nicht je Mail."""
    eigene, _ = _befehle([(f"eml:{i}", _mail(i)) for i in range(20)])
    assert sum('"message_id" =' in b and b.lstrip().startswith("SELECT") for b in eigene) == 0, _kurz(eigene)


def test_verbis_gestoert_wie_einzeln(settings: Any) -> None:
    """Scheitert die gesammelte Frage an VerBIS, scheitert jede Mail, die eine Antwort braucht — wie einzeln
    (`mail_einlesen`) mit demselben Grund in die Quarantäne; eine Mail mit Kundennummer im Text bleibt offen."""
    settings.FACHVERFAHREN_STOERUNG = ["verbis"]
    mit_nummer = _mail(1).replace(b"Subject: Krankmeldung 1", b"Subject: Krankmeldung 123A456789")
    stapel = stapel_einlesen([("eml:1", mit_nummer), ("eml:2", _mail(2)), ("eml:3", _mail(3, ""))])
    einzeln = mail_einlesen(_mail(4), quelle="eml:4").mail
    assert [e.mail.status for e in stapel] == [Mail.Status.OFFEN, Mail.Status.QUARANTAENE, Mail.Status.OFFEN]
    assert stapel[0].mail.kundennummer == "123A456789"
    assert einzeln.status == Mail.Status.QUARANTAENE
    assert stapel[1].mail.quarantaene_grund == einzeln.quarantaene_grund == (
        "Ein Fachverfahren (etwa VerBIS für die Absenderadresse) war nicht erreichbar. Stoßen Sie die Zerlegung "
        "später neu an.")
