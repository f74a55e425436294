"""MIME: Anhänge, Zeichensätze und kaputte Kodierungen aus dem Korpus — nie ein Absturz."""

from __future__ import annotations

import pytest

from kundenportal.emb.mime import ersatz_message_id, zerlegen

from .conftest import KORPUS, korpus_mail

KAPUTT = {
    "0098": ("Text: Inhalt passt nicht zum Zeichensatz utf-8", "erkrankt"),
    "0104": ("Text: Inhalt passt nicht zum Zeichensatz utf-8", "Gesprächstermin"),
    "0287": ("Text: Zeichensatz iso-8859-1 angegeben, Inhalt ist UTF-8", "Agentur für Arbeit"),
    "0190": ("Text: unbekannter Zeichensatz unknown-8bit", "Grüßen"),
    "0288": ("Text: unbekannter Zeichensatz x-winlatin-de", "Vermittlungsvorschlag"),
    "0297": ("Base64-Kodierung fehlerhaft", "Familienkasse"),
    "0284": ("Base64-Kodierung fehlerhaft", "Weitergeleitete Nachricht"),
    "0131": ("Kopfzeile Subject: Inhalt passt nicht zum Zeichensatz utf-8", "nich kommen"),
    "0192": ("MIME-Struktur fehlerhaft (Boundary)", "Rückmeldung"),
}


@pytest.mark.parametrize("nummer", sorted(KAPUTT))
def test_kaputte_mail_wird_lesbar_mit_warnung(nummer: str) -> None:
    warnung, lesbar = KAPUTT[nummer]
    z = zerlegen(korpus_mail(nummer))
    assert warnung in z.warnungen
    assert lesbar in z.text
    assert "\ufffd" not in z.text


def test_betreff_mit_latin1_byte_im_utf8_encoded_word_wird_repariert() -> None:
    assert zerlegen(korpus_mail("0131")).betreff == "Absage Termin für 01.06. Kd.-Nr. 147N909816"


def test_alle_korpusmails_zerlegen_ohne_ausnahme() -> None:
    for datei in sorted((KORPUS / "mails").glob("*.eml")):
        z = zerlegen(datei.read_bytes())
        assert z.message_id.startswith("<"), datei.name


def test_anhang_pdf_bleibt_bytegenau() -> None:
    z = zerlegen(korpus_mail("0013"))
    (pdf,) = z.anhaenge
    assert (pdf.dateiname, pdf.content_type) == ("Krankmeldung.pdf", "application/pdf")
    assert pdf.daten.startswith(b"%PDF-1.4") and pdf.daten.rstrip().endswith(b"%%EOF")
    assert z.text == "Gesendet von meinem iPhone"
    assert z.warnungen == []


def test_bild_anhaenge_jpeg_und_png() -> None:
    jpeg = zerlegen(korpus_mail("0190")).anhaenge[0]
    assert jpeg.content_type == "image/jpeg" and jpeg.daten.startswith(b"\xff\xd8")
    png = zerlegen(korpus_mail("0250")).anhaenge[0]
    assert png.content_type == "image/png" and png.daten.startswith(b"\x89PNG")


def test_rfc2231_dateiname_mit_umlaut() -> None:
    namen = [a.dateiname for d in sorted((KORPUS / "mails").glob("*.eml")) for a in zerlegen(d.read_bytes()).anhaenge]
    assert "Arbeitsunfähigkeitsbescheinigung.pdf" in namen


def test_mail_ohne_message_id_bekommt_stabile_kennung() -> None:
    roh = b"From: a@b.example\r\nSubject: Hallo\r\n\r\nText\r\n"
    assert zerlegen(roh).message_id == zerlegen(roh).message_id == ersatz_message_id(roh)
    assert zerlegen(roh + b"x").message_id != zerlegen(roh).message_id


def test_quoted_printable_latin1_und_html_only() -> None:
    roh = (b"From: x@y.example\r\nMessage-ID: <q@y>\r\nSubject: =?iso-8859-1?q?Gr=FC=DFe?=\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=iso-8859-1\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>Sch=F6ne Gr&uuml;=DFe</p>\r\n")
    z = zerlegen(roh)
    assert (z.betreff, z.text, z.warnungen) == ("Grüße", "Schöne Grüße", [])
