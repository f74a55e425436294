"""Der kaputte Korpus: je Absturzklasse der E-Mail-Bearbeitung eine Mail, deterministisch erzeugt.

Jede Mail muss genau einmal gespeichert werden — in der Warteschlange oder in der Quarantäne — und keine
darf eine Seite zum Absturz bringen. `schreiben(ordner)` legt sie als .eml-Dateien ab (für
`kundenportal emb einlesen` von Hand)."""

from __future__ import annotations

import base64
from pathlib import Path

KOPF = (b"From: Kunde <kunde@web.example>\r\nTo: service-center@arbeitsagentur.example\r\n"
        b"Date: Tue, 24 Mar 2020 09:00:00 +0100\r\nMIME-Version: 1.0\r\n")


def _mail(nummer: int, kopf: bytes, rumpf: bytes, *, ohne_standardkopf: bool = False) -> bytes:
    standard = b"" if ohne_standardkopf else KOPF
    mid = b"" if b"Message-ID" in kopf or ohne_standardkopf else f"Message-ID: <kaputt-{nummer}@web.example>\r\n".encode()
    return standard + mid + kopf + b"\r\n" + rumpf


def _tief(tiefe: int) -> bytes:
    teile = [f'Content-Type: multipart/mixed; boundary="g{i}"\r\n\r\n--g{i}\r\n'.encode() for i in range(tiefe)]
    enden = [f"\r\n--g{i}--\r\n".encode() for i in reversed(range(tiefe))]
    return b"".join(teile) + b"Content-Type: text/plain\r\n\r\nganz innen\r\n" + b"".join(enden)


def _riesig(megabyte: int) -> bytes:
    daten = base64.encodebytes(bytes(range(256)) * (megabyte * 4096)).replace(b"\n", b"\r\n")
    return (b'Content-Type: multipart/mixed; boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
            b"Anbei der Scan.\r\n--r\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
            b'filename="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + daten + b"--r--\r\n")


def korpus() -> dict[str, bytes]:
    """Name → rohe Bytes."""
    m: dict[str, bytes] = {}
    m["kopf_8bit_utf8"] = _mail(1, "Subject: Kündigung meines Termins für Übermorgen\r\n".encode(),
                               b"Content-Type: text/plain\r\n\r\nHallo\r\n")
    m["kopf_8bit_latin1"] = _mail(2, "Subject: Grüße aus Fürth\r\n".encode("latin-1"),
                                 b"Content-Type: text/plain\r\n\r\nHallo\r\n")
    m["zeichensatz_unbekannt"] = _mail(3, b"Subject: =?x-klingonisch?Q?tlhIngan_Hol?=\r\n"
                                       b"Content-Type: text/plain; charset=x-klingonisch\r\n",
                                       "Bitte um Rückruf".encode("cp1252") + b"\r\n")
    m["zeichensatz_exotisch"] = _mail(4, b"Subject: =?utf-7?B?K0FPUUEtbmRlcnVuZw==?=\r\n"
                                      b'Content-Type: text/plain; charset="utf-7"\r\n', b"+AOQ-nderung\r\n")
    m["zeichensatz_leer"] = _mail(5, b"Subject: leer\r\nContent-Type: text/plain; charset=\"\"\r\n",
                                  "Grüße".encode() + b"\r\n")
    m["zeichensatz_kaputt_rfc2231"] = _mail(6, b"Subject: x\r\nContent-Type: text/plain; charset*=''%ff%fe\r\n",
                                            b"Text\r\n")
    m["nul_betreff"] = _mail(7, b"Subject: Termin\x00absage\r\nContent-Type: text/plain\r\n", b"Text\r\n")
    m["nul_message_id"] = _mail(8, b"Message-ID: <nul\x00id@web.example>\r\nSubject: nul id\r\n", b"Text\r\n")
    m["nul_dateiname"] = _mail(9, b'Subject: Anhang\r\nContent-Type: multipart/mixed; boundary="b"\r\n',
                               b"--b\r\nContent-Type: text/plain\r\n\r\nAnbei\r\n--b\r\n"
                               b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="au\x00.pdf"\r\n'
                               b"\r\n%PDF-1.4\r\n--b--\r\n")
    m["nul_text"] = _mail(10, b"Subject: nul text\r\nContent-Type: text/plain; charset=utf-8\r\n",
                          b"Hallo\x00Welt\x00\r\n")
    m["message_id_lang"] = _mail(11, b"Message-ID: <" + b"x" * 5000 + b"@web.example>\r\nSubject: lang\r\n",
                                 b"Text\r\n")
    m["mime_tief"] = _mail(12, b"Subject: tief\r\n" + _tief(3000).partition(b"\r\n\r\n")[0] + b"\r\n",
                           _tief(3000).partition(b"\r\n\r\n")[2])
    m["mime_riesig"] = _mail(13, b"Subject: riesig\r\n" + _riesig(12).partition(b"\r\n\r\n")[0] + b"\r\n",
                             _riesig(12).partition(b"\r\n\r\n")[2])
    m["ohne_kopf"] = b"Nur ein Text ohne Kopfzeilen.\r\n"
    m["leer"] = b""
    m["ohne_absender_und_datum"] = _mail(14, b"Subject: anonym\r\n", b"Text\r\n", ohne_standardkopf=True)
    m["datum_9999"] = _mail(15, b"Subject: Zukunft\r\n", b"Text\r\n").replace(
        b"Date: Tue, 24 Mar 2020 09:00:00 +0100", b"Date: Fri, 31 Dec 9999 23:59:59 -1200")
    m["datum_0001"] = _mail(16, b"Subject: Vergangenheit\r\n", b"Text\r\n").replace(
        b"Date: Tue, 24 Mar 2020 09:00:00 +0100", b"Date: Mon, 01 Jan 0001 00:00:00 +1400")
    m["datum_unsinn"] = _mail(17, b"Subject: Datum\r\n", b"Text\r\n").replace(
        b"Date: Tue, 24 Mar 2020 09:00:00 +0100", b"Date: gestern abend")
    m["bounce_gefaelscht_text"] = _mail(18, b"Subject: delivery-status\r\nContent-Type: text/plain\r\n",
                                        b"Mein delivery-status zu <emb-1@arbeitsagentur.example>\r\n")
    m["bounce_gefaelscht_ohne_dsn_teil"] = _mail(
        19, b'Subject: Report\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="d"\r\n',
        b"--d\r\nContent-Type: text/plain\r\n\r\nIn-Reply-To <emb-1@arbeitsagentur.example>\r\n--d--\r\n")
    m["binaer"] = bytes(range(256)) * 8
    m["nur_cr"] = KOPF.replace(b"\r\n", b"\r") + b"Message-ID: <nur-cr@web.example>\rSubject: CR\r\rText\r"
    return m


def schreiben(ordner: Path) -> list[Path]:
    ordner.mkdir(parents=True, exist_ok=True)
    pfade = []
    for name, roh in korpus().items():
        pfad = ordner / f"{name}.eml"
        pfad.write_bytes(roh)
        pfade.append(pfad)
    return pfade
