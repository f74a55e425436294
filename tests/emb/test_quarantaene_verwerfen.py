"""Die Quarantäne zeigt Absender und Betreff, soweit sie sich aus den Rohbytes lesen lassen (tolerant dekodiert, ohne
Steuerzeichen, sonst „(nicht lesbar)“ — nie ein Fehler der Seite), und die Teamleitung E-Mail verwirft eine Mail mit
Grund: Sie verlässt die Quarantäne, zählt nirgends mehr, ihr Rohtext bleibt; Protokoll und Zugriffsprotokoll halten
es fest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenportal.emb import anzeige
from kundenportal.emb.mime import KOPF_HOECHSTENS, kopf_lesen
from kundenportal.emb.models import Mail, Protokoll
from kundenportal.emb.queries import quarantaene, quarantaene_kopf, zaehlen
from kundenportal.emb.services import (
    mail_beanspruchen,
    mail_einlesen,
    quarantaene_neu_zerlegen,
    quarantaene_verwerfen,
)
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.vokabular import BERLIN

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)


def _in_quarantaene(roh: bytes, grund: str = "Test.") -> Mail:
    """Eine Mail in der Quarantäne (so, wie das Einlesen sie nach einer gescheiterten Zerlegung hinterlässt)."""
    mail = mail_einlesen(roh, quelle="test", jetzt=JETZT).mail
    Mail.objects.filter(id=mail.id).update(status=Mail.Status.QUARANTAENE, quarantaene_grund=grund, absender="",
                                           absender_name="", betreff="")
    return Mail.objects.get(id=mail.id)


def _kopf(roh: bytes) -> tuple[str, str]:
    k = quarantaene_kopf(quarantaene().get(id=_in_quarantaene(roh).id))
    return k.absender, k.betreff


@pytest.fixture
def tanja(benutzer: Callable[..., Any]) -> Client:
    c = Client()
    c.force_login(benutzer("teamleitung_emb", "tanja"))
    return c


def test_kopf_aus_den_rohbytes_auch_kaputt() -> None:
    assert _kopf(b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@web.example>\r\nSubject: =?iso-8859-1?q?K=FCndigung?="
                 b"\r\n\r\n\xff\xfe kaputter Rumpf") == ("Jürgen Müller <j@web.example>", "Kündigung")
    # rohe 8-bit-Bytes ohne Kodierung, ein unbekannter Zeichensatz, ein zerbrochenes Encoded-Word
    assert _kopf(b"From: G\xf6rres <g@web.example>\r\nSubject: =?x-unbekannt?q?Gr=FC=DFe?=\r\n\r\n")[0] == \
        "Görres <g@web.example>"
    assert _kopf(b"From: a@web.example\r\nSubject: =?utf-8?q?halb=C3\r\n\r\nText")[1] == "=?utf-8?q?halb=C3"
    assert _kopf(b"From: a@web.example\r\nSubject: =?utf-8?b?!!!kaputt?=\r\n\r\nText")[1]     # gelesen, wie es geht
    # Steuer- und Bidi-Zeichen fallen weg; ein Kopf ohne Lesbares heißt „(nicht lesbar)“
    assert _kopf(b"From: x@web.example\r\nSubject: Rechnung\x1b[31m \xe2\x80\xaefdp.exe\r\n\r\n")[1] == \
        "Rechnung[31m fdp.exe"
    assert _kopf(b"From: \r\nSubject: \x00\x01\x02\r\n\r\n") == ("(nicht lesbar)", "(nicht lesbar)")
    assert _kopf(b"\x00\x00\x00 gar keine Mail") == ("(nicht lesbar)", "(nicht lesbar)")
    # ein riesiger Kopf: gelesen werden nur die ersten KOPF_HOECHSTENS Bytes, der Betreff gekürzt
    riesig = b"From: a@web.example\r\nSubject: " + b"A" * (3 * KOPF_HOECHSTENS) + b"\r\n\r\n"
    absender, betreff = _kopf(riesig)
    assert absender == "a@web.example" and betreff == "A" * 300 + "…"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000) | st.builds(lambda a, b: b"From: " + a + b"\r\nSubject: " + b + b"\r\n\r\n",
                                             st.binary(max_size=300), st.binary(max_size=300)))
def test_kopf_lesen_wirft_nie_und_zeigt_nur_zeigbares(roh: bytes) -> None:
    name, adresse, betreff = kopf_lesen(roh)
    for teil in (name, adresse, betreff):
        zeile = anzeige.lesbar(teil)
        zeile.encode("utf-8")                   # sendbar (keine einzelnen Ersatzzeichen)
        assert zeile == anzeige.NICHT_LESBAR or not anzeige.hat_steuerzeichen(zeile)
        assert "\n" not in zeile and len(zeile) <= 301


def test_liste_und_seite_zeigen_absender_und_betreff(tanja: Client) -> None:
    mail = _in_quarantaene(b"From: Max <max@web.example>\r\nSubject: AU-Meldung\r\n\r\nText", "Zu tief verschachtelt.")
    liste = tanja.get("/emb/quarantaene/").content.decode()
    assert "<bdi>Max &lt;max@web.example&gt;</bdi>" in liste and "<bdi>AU-Meldung</bdi>" in liste
    seite = tanja.get(f"/emb/quarantaene/{mail.id}/").content.decode()
    assert "<dt>Betreff</dt><dd" in seite and "<bdi>AU-Meldung</bdi>" in seite
    assert '<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Verwerfen</span>' in seite


def test_verwerfen_mit_grund_verlaesst_die_quarantaene(tanja: Client, anna: Any, benutzer: Callable[..., Any]) -> None:
    roh = b"From: spam@web.example\r\nSubject: Gewinn\r\n\r\nText"
    mail = _in_quarantaene(roh, "Unerwarteter Fehler.")
    zweite = _in_quarantaene(b"From: b@web.example\r\nSubject: Zwei\r\n\r\nText")
    assert zaehlen("anna")["quarantaene"] == 2

    leer = tanja.post(f"/emb/quarantaene/{mail.id}/verwerfen/", {"grund": "   "})
    html = leer.content.decode()
    assert leer.status_code == 400 and "Grund: Bitte schreiben Sie, warum Sie die Mail verwerfen" in html
    assert 'aria-invalid="true"' in html and Mail.objects.get(id=mail.id).status == Mail.Status.QUARANTAENE
    zu_lang = tanja.post(f"/emb/quarantaene/{mail.id}/verwerfen/", {"grund": "x" * 600})
    assert zu_lang.status_code == 400 and "Grund: Bitte höchstens 500 Zeichen (jetzt 600)." in zu_lang.content.decode()

    fertig = tanja.post(f"/emb/quarantaene/{mail.id}/verwerfen/", {"grund": "Spam"}, follow=True).content.decode()
    assert f"Mail {mail.id} ist verworfen und nicht mehr in der Quarantäne." in fertig
    assert "1 Mail in der Quarantäne" in fertig
    m = Mail.objects.get(id=mail.id)
    assert (m.status, bytes(m.roh)) == (Mail.Status.VERWORFEN, roh) and m.verworfen_am is not None
    eintrag = Protokoll.objects.get(mail=m, art="verworfen")
    assert eintrag.benutzer == "tanja" and eintrag.details == {"grund": "Spam",
                                                                "quarantaene_grund": "Unerwarteter Fehler."}
    assert Zugriff.objects.filter(user__username="tanja", aktion="emb_quarantaene_verwerfen").exists()

    # Zählungen: nicht mehr in der Quarantäne, nicht in der Warteschlange
    zahlen = zaehlen("anna")
    assert (zahlen["quarantaene"], zahlen["offen"], zahlen["in_bearbeitung"]) == (1, 0, 0)
    a = Client()
    a.force_login(anna)
    warteschlange = a.get("/emb/").content.decode()
    assert "Quarantäne: <strong>1</strong>" in warteschlange and "· 0 Mails" in warteschlange
    assert '<option value="verworfen"' not in warteschlange
    # Nichts mehr zu tun: keine Seite, kein Rohtext, kein zweites Verwerfen, kein Übernehmen, kein neues Zerlegen
    assert tanja.get(f"/emb/quarantaene/{mail.id}/").status_code == 404
    assert tanja.get(f"/emb/quarantaene/{mail.id}/roh/").status_code == 404
    nochmal = tanja.post(f"/emb/quarantaene/{mail.id}/verwerfen/", {"grund": "Spam"}, follow=True).content.decode()
    assert "Die Mail ist aus der Quarantäne verworfen. Verworfen wird nur eine Mail aus der Quarantäne." in nochmal
    assert not mail_beanspruchen(anna, mail.id, JETZT)
    with pytest.raises(ValueError, match=r"Die Mail ist aus der Quarantäne verworfen\. Neu zerlegt wird nur"):
        quarantaene_neu_zerlegen(benutzer("teamleitung_emb", "tl-2"), mail.id, JETZT)
    assert Mail.objects.get(id=zweite.id).status == Mail.Status.QUARANTAENE
    # Dieselbe Mail noch einmal eingelesen: bleibt verworfen (dieselbe Zeile, keine neue Quarantäne)
    wieder = mail_einlesen(roh, quelle="test")
    assert not wieder.neu and wieder.mail.status == Mail.Status.VERWORFEN


def test_verwerfen_nur_aus_der_quarantaene_und_nur_die_teamleitung(tanja: Client, benutzer: Callable[..., Any]) -> None:
    offen = mail_einlesen(b"From: a@web.example\r\nSubject: offen\r\n\r\nText", quelle="test").mail
    html = tanja.post(f"/emb/quarantaene/{offen.id}/verwerfen/", {"grund": "Spam"}, follow=True).content.decode()
    assert "Die Mail ist offen in der Warteschlange. Verworfen wird nur eine Mail aus der Quarantäne." in html
    assert "Diese Mail gibt es nicht." in tanja.post("/emb/quarantaene/999999/verwerfen/", {"grund": "x"},
                                                     follow=True).content.decode()
    mail = _in_quarantaene(b"From: q@web.example\r\nSubject: q\r\n\r\nText")
    for rolle in ("agent_emb", "teamleitung", "administration"):
        c = Client()
        c.force_login(benutzer(rolle, f"v-{rolle}"))
        assert c.post(f"/emb/quarantaene/{mail.id}/verwerfen/", {"grund": "Spam"}).status_code == 403, rolle
    assert Mail.objects.get(id=mail.id).status == Mail.Status.QUARANTAENE
    with pytest.raises(ValueError, match="Grund: Bitte schreiben Sie"):
        quarantaene_verwerfen(benutzer("teamleitung_emb", "tl-3"), mail.id, "", JETZT)
