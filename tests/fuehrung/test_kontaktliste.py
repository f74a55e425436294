"""Befunde aus dem Rundgang der Teamleitungen: von jeder Zahl der Anlage 5 zu den Kontakten dahinter (gleiche
Filter, nur der eigene Rechtskreis, seitenweise, Kundennummer verborgen, jedes Lesen im Zugriffsprotokoll), der
Kanal als Filter (Teamleitung E-Mail) und der E-Mail-Rückstand in Mails statt in Gesprächen (domain.md A12)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.services.bearbeitung import mail_beanspruchen, mail_erledigen
from kundenportal.emb.services.einlesen import mail_einlesen
from kundenportal.fuehrung import kontaktliste, services
from kundenportal.fuehrung.demo import STANDORTE, demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import SGB3_KANAELE, Zeitraum, anlage5
from kundenportal.fuehrung.kennzahlen_zeit import BERLIN
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zwecke
from kundenportal.konten.models import Zugriff
from kundenportal.konten.services import benutzer_anlegen

pytestmark = pytest.mark.django_db
VON, BIS = dt.date(2020, 2, 1), dt.date(2020, 4, 30)
FILTER = {"von": "01.02.2020", "bis": "30.04.2020"}
KUNDENNUMMER = re.compile(r"\d{3}[ .\-/]?[A-Za-z][ .\-/]?\d{3}[ .\-/]?\d{3}")
KN = "955T000001"
VERWEIS = re.compile(r'href="(/fuehrung/anlage-5/kontakte/\?[^"]+)"')


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen()          # wie `make run`: 380 Gespräche, QS-Stichprobe März 2020 in Nürnberg


def _verweise(html: str) -> list[str]:
    return [v.replace("&amp;", "&") for v in VERWEIS.findall(html)]


def _an_os_algplus(standort: str | None = None) -> int:
    """Wie viele Gespräche des SGB III laut ihrem aufgezeichneten Weg eine Aufgabe an OS AlgPlus gegeben haben —
    unabhängig vom Code gelesen (im Rundgang: „24 Abgaben“ mit den Demodaten von `make run`)."""
    def saetze(lauf: dict[str, Any]) -> list[Any]:
        return [lauf["auftraege"][e.removeprefix("auftrag:")] for e in lauf.get("protokoll", []) if e.startswith("auftrag:")]

    return sum(any(satz.get("system") == "aufgaben" and satz.get("an") == "os_algplus" for satz in saetze(k.lauf))
               for k in Kontakt.objects.filter(kanal__in=SGB3_KANAELE, **({"standort": standort} if standort else {})))


def _zeilen(html: str) -> list[str]:
    """Die Zeilen der Kontaktliste (tbody von #kontakte)."""
    tabelle = html.split('id="kontakte"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="kern-table__row"><th class="kern-table__header" scope="row">.*?</tr>',
                      tabelle.split("<tbody", 1)[1], flags=re.S)


def test_jede_zahl_der_anlage5_fuehrt_zu_genau_ihren_kontakten(demo: int) -> None:
    """Jede Teamleitung sieht die Kontakte ihres Standorts hinter der Zahl; über alle Standorte zusammen sind es
    genau die gezählten."""
    tls = [benutzer_anlegen(f"tl-zahlen-{i}", "geheim-123", ["teamleitung"], standort=ort)
           for i, ort in enumerate(STANDORTE)]
    z = Zeitraum(VON, BIS)
    b = anlage5(z)
    geprueft = 0
    for zeile in b.zeilen:
        for i, zelle in enumerate(kontaktliste.zellen(b, zeile)):
            auswahl = kontaktliste.Auswahl(zeile.kennzahl, zeile.stelle, kontaktliste.vergleich_von(*b.segmente[i]))
            listen = [services.kennzahl_kontakte_lesen(tl, z, auswahl, 1) for tl in tls]
            assert all(li.gezaehlt == zelle.kontakte and li.seite.paginator.count == li.hier for li in listen)
            assert sum(li.seite.paginator.count for li in listen) == zelle.kontakte, (zeile.titel, b.segment_namen[i])
            assert all(li.hier + li.andere == li.gezaehlt for li in listen)
            assert bool(zelle.verweis) == bool(zelle.kontakte)
            geprueft += 1
    assert geprueft >= 8 * 4
    # Die Lage aus dem Rundgang: Aufgaben an OS AlgPlus, gleich, mit welchem Ergebnis das Gespräch endet.
    os_algplus = next(zl for zl in b.zeilen if zl.stelle == "os_algplus")
    assert sum(os_algplus.kontakte) == _an_os_algplus() > 0


def test_von_den_abgaben_an_os_algplus_zu_den_kontakten(demo: int, anmelden: Callable[..., Client]) -> None:
    # Die Demo-Gespräche sind ohne Kundin; jedes zweite bekommt hier eine Kundennummer (nur Testdaten).
    Kontakt.objects.filter(pk__in=list(Kontakt.objects.values_list("pk", flat=True)[::2])).update(kundennummer=KN)
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", FILTER).content.decode()
    verweise = _verweise(html)
    assert verweise and not any(KUNDENNUMMER.search(v) for v in verweise)     # keine Kundennummer in einer Adresse
    abgaben = [v for v in verweise if "kennzahl=abgabequote" in v and "stelle=os_algplus" in v]
    # Verweise nur, wo Kontakte dahinter sind: an OS AlgPlus gibt erst die Weisung ab (a4, ab 20.03.2020).
    assert [v.rsplit("vergleich=", 1)[1] for v in abgaben] == ["pilot-ab", "andere-ab"]
    assert 'aria-label="' in html and "Kontakte: Abgabequote an OS AlgPlus, Pilotstandorte ab 20.03.2020" in html
    gesamt = 0
    for v in abgaben:
        seite = client.get(v)
        assert seite.status_code == 200
        text = seite.content.decode()
        zeilen = _zeilen(text)
        gesamt += len(zeilen)
        assert all("ja, an OS AlgPlus" in zl for zl in zeilen)
        assert all(">[Kundennummer]</td>" in zl or ">keine (Kontakt ohne Kundennummer)</td>" in zl for zl in zeilen)
        assert not zeilen or any(">[Kundennummer]</td>" in zl for zl in zeilen)
        assert not KUNDENNUMMER.search(text)                                   # verborgen, wie in der QS
        assert "<h1>Kontakte hinter der Kennzahl „Abgaben an OS AlgPlus“</h1>" in text
    assert gesamt == _an_os_algplus("Nürnberg") > 0                      # nur der eigene Standort als Liste
    # Im Zugriffsprotokoll steht, wer welche Zahl geöffnet hat — je gezeigtem Kontakt mit der echten Kundennummer.
    protokoll = Zugriff.objects.filter(aktion__startswith="qs_anlage5_abgabequote_os_algplus_").exclude(kontakt=None)
    assert protokoll.count() == gesamt and KN in set(protokoll.values_list("kundennummer", flat=True))
    assert set(protokoll.values_list("aktion", flat=True)) == {"qs_anlage5_abgabequote_os_algplus_andere_ab"}


def test_die_liste_hat_die_filter_der_anlage_und_nur_den_kanal(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", {**FILTER, "kanal": "emb"}).content.decode()
    assert "Kanal E-Mail-Bearbeitung" in html
    kontakte = [v for v in _verweise(html) if "kennzahl=kontakte_je_anliegen" in v]
    assert kontakte and all("kanal=emb" in v and "von=01.02.2020" in v and "bis=30.04.2020" in v for v in kontakte)
    emb = Kontakt.objects.filter(kanal="emb", status=Kontakt.ABGESCHLOSSEN)
    b = anlage5(Zeitraum(VON, BIS, kanal="emb"))
    assert sum(b.zeilen[0].kontakte) == emb.count() > 0
    gezeigt = 0
    for v in kontakte:
        zeilen = _zeilen(client.get(v).content.decode())
        assert all("<td class=\"kern-table__cell\">E-Mail-Bearbeitung</td>" in zl for zl in zeilen)
        gezeigt += len(zeilen)
    assert gezeigt == emb.filter(standort="Nürnberg").count() > 0
    fuerth = client.get("/fuehrung/anlage-5/kontakte/", {**FILTER, "standort": "Fürth", "kennzahl": "kontakte_je_anliegen",
                                                         "vergleich": "pilot-ab"}).content.decode()
    assert "Pilotstandorte ab 20.03.2020 · Zeitraum 01.02.2020 bis 30.04.2020, Standort Fürth." in fuerth
    assert not _zeilen(fuerth) and "an anderen Standorten stehen nur als Zahl in der Anlage" in fuerth


def test_seitenweise_und_jedes_lesen_im_zugriffsprotokoll(demo: int, anmelden: Callable[..., Client],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kontaktliste, "JE_SEITE", 10)       # die Demo hat je Standort und Phase keine 100 Kontakte
    client = anmelden("teamleitung", standort="Nürnberg")
    zelle = {**FILTER, "kennzahl": "kontakte_je_anliegen", "vergleich": "andere-vor"}
    erste = client.get("/fuehrung/anlage-5/kontakte/", zelle).content.decode()
    gesamt = Kontakt.objects.filter(kanal__in=SGB3_KANAELE, standort="Nürnberg",
                                    abgeschlossen__lt=dt.datetime(2020, 3, 20, tzinfo=BERLIN)).count()
    assert gesamt > 10
    assert f"Kontakte, Andere Standorte vor dem 20.03.2020: Kontakte 1–10 von {gesamt}, älteste zuerst</caption>" in erste
    assert len(_zeilen(erste)) == 10 and 'rel="next"' in erste
    protokoll = Zugriff.objects.filter(aktion="qs_anlage5_kontakte_je_anliegen_andere_vor")
    # Zweck: frühere Kontakte einsehen (Steuerung), nicht die Qualitätssicherung — auch ohne QS-Recht dieselbe Liste
    assert protokoll.count() == 10 and {z.zweck for z in protokoll} == {zwecke.HISTORIE}
    gelesen = set(protokoll.values_list("kontakt", flat=True))
    assert set(Kontakt.objects.filter(pk__in=gelesen).values_list("kundennummer", flat=True)) == set(
        protokoll.values_list("kundennummer", flat=True))                  # im Protokoll die echte Kundennummer
    zweite = client.get("/fuehrung/anlage-5/kontakte/", {**zelle, "seite": 2}).content.decode()
    assert len(_zeilen(zweite)) == min(10, gesamt - 10) and "Seite 2 von" in zweite
    assert protokoll.all().count() == 10 + min(10, gesamt - 10)
    assert "kennzahl=kontakte_je_anliegen" in zweite.split('rel="prev"')[0].rsplit("href=", 1)[1]   # Filter bleiben


def test_namen_nur_am_eigenen_standort_und_oeffnen_nur_in_der_eigenen_stichprobe(
        demo: int, anmelden: Callable[..., Client]) -> None:
    zelle = {**FILTER, "standort": "Nürnberg", "kennzahl": "kontakte_je_anliegen", "vergleich": "andere-ab"}
    nuernberg = anmelden("teamleitung", standort="Nürnberg")
    html = nuernberg.get("/fuehrung/anlage-5/kontakte/", zelle).content.decode()
    assert "anderer Standort (nicht angezeigt)" not in html
    bewertungen = re.findall(r'href="(/qs/bewertung/\d+/)"', html)
    assert bewertungen                                   # die QS-Stichprobe März 2020 in Nürnberg
    assert nuernberg.get(bewertungen[0]).status_code == 200          # die bestehende Seite der QS erlaubt es
    assert "/gespraech/" not in html.split('id="kontakte"', 1)[1]      # kein Weg an der QS vorbei zum Kontakt
    koeln = anmelden("teamleitung", standort="Köln")                  # Kontakte in Nürnberg: nur als Zahl
    html = koeln.get("/fuehrung/anlage-5/kontakte/", zelle).content.decode()
    assert "/qs/bewertung/" not in html and not _zeilen(html)
    assert "an anderen Standorten stehen nur als Zahl in der Anlage" in html and "davon 0 an Ihrem Standort Köln" in html
    assert not Zugriff.objects.filter(aktion="qs_anlage5_kontakte_je_anliegen_andere_ab", user__username="teamleitung_Köln",
                                      kontakt__isnull=False).exists()


def test_ohne_recht_oder_mit_unmoeglicher_zelle(demo: int, anmelden: Callable[..., Client]) -> None:
    zelle = {**FILTER, "kennzahl": "abgabequote", "stelle": "os_algplus", "vergleich": "pilot-ab"}
    assert anmelden("agent_sc3", standort="Nürnberg").get("/fuehrung/anlage-5/kontakte/", zelle).status_code == 403
    assert not Zugriff.objects.filter(aktion__startswith="qs_anlage5").exists()
    client = anmelden("teamleitung", standort="Nürnberg")
    for eingabe, meldung in [
        ({"kennzahl": "neugier"}, "Die Anlage 5 hat keine Kennzahl „neugier“."),
        ({"stelle": ""}, "Ein Backoffice gibt es nur zur Abgabequote, und dort ist es nötig."),
        ({"gruppe": "andere"}, "Die Vergleichsgruppe „pilot-ab“ liegt nicht in der Auswahl (Zeitraum 01.02.2020 bis "
                               "30.04.2020, alle Standorte, nur andere Standorte)."),
        ({"vergleich": ""}, "Es fehlt die Vergleichsgruppe; bitte die Zahl in der Anlage 5 über ihren Verweis öffnen."),
        ({"seite": "0"}, "Die Seite ist eine Zahl ab 1."),
        ({"kanal": "scfk"}, "Bitte die Eingaben prüfen: Kanal: Bitte eine gültige Auswahl treffen. scfk ist keine gültige "
                            "Auswahl."),   # die Familienkasse zählt die Anlage 5 nicht
    ]:
        seite = client.get("/fuehrung/anlage-5/kontakte/", {**zelle, **eingabe})
        assert seite.status_code == 400 and meldung in seite.content.decode(), eingabe
    assert not Zugriff.objects.filter(aktion__startswith="qs_anlage5").exists()


def test_familienkasse_erscheint_in_keiner_liste(demo: int) -> None:
    tl = benutzer_anlegen("tl-beide", "geheim-123", ["teamleitung", "agent_scfk"], standort="Nürnberg")
    assert kontaktliste.kanaele_der_teamleitung(tl) == SGB3_KANAELE                    # Anlage 5: SGB III
    assert kontaktliste.kanaele_der_teamleitung(benutzer_anlegen("fk", "geheim-123", ["agent_scfk"])) == []
    z = Zeitraum(VON, BIS)
    for vergleich in kontaktliste.VERGLEICHE:
        auswahl = kontaktliste.Auswahl("kontakte_je_anliegen", "", vergleich)
        assert not kontaktliste.kontakte(z, auswahl, SGB3_KANAELE).filter(kanal="scfk").exists()
    assert len(kontaktliste.Auswahl("abgabequote", "fk_direktion_qs", "andere-vor").aktion) <= 60   # Zugriff.aktion


ROH = "From: Kunde <k{n}@example.org>\r\nMessage-ID: <r{n}@example.org>\r\nSubject: Termin {n}\r\n\r\nBitte absagen.\r\n"


def _mail(n: int, tag: dt.datetime) -> int:
    return mail_einlesen(ROH.format(n=n).encode(), quelle="test", jetzt=tag).mail.pk


def test_email_rueckstand_zaehlt_mails_nicht_gespraeche(anmelden: Callable[..., Client]) -> None:
    agent = benutzer_anlegen("emb-agent", "geheim-123", ["agent_emb"], standort="Nürnberg")
    april = dt.datetime(2020, 4, 1, 9, 0, tzinfo=BERLIN)
    _offen, spaeter, frueher = (_mail(n, april + dt.timedelta(days=n)) for n in range(3))
    for mail, erledigt in ((spaeter, dt.datetime(2020, 5, 5, 10, 0, tzinfo=BERLIN)),
                           (frueher, dt.datetime(2020, 4, 10, 10, 0, tzinfo=BERLIN))):
        assert mail_beanspruchen(agent, mail, erledigt)
        mail_erledigen(agent, mail, erledigt, vermerk="Telefonisch geklärt.")   # ohne Antwort: mit Vermerk
    assert anlage5(Zeitraum(VON, BIS)).rueckstand_mails == 2            # offen und erst im Mai erledigt
    assert anlage5(Zeitraum(VON, dt.date(2020, 4, 5))).rueckstand_mails == 3
    assert anlage5(Zeitraum(VON, BIS, phase="vor")).rueckstand_mails == 0       # vor dem 20.03. noch keine Mail
    assert anlage5(Zeitraum(VON, BIS, kanal="sc3")).rueckstand_mails is None
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", {**FILTER, "standort": "Fürth"}).content.decode()
    assert ("E-Mail-Rückstand: Mails in der Warteschlange am 30.04.2020 (Anzahl Mails, nicht Gespräche)" in html
            and ">2 Mails</td>" in html)
    assert "die Zahl gilt für das ganze Postfach, nicht nur für die gewählten Standorte." in html
    assert "E-Mail-Rückstand" not in client.get("/fuehrung/anlage-5/", {**FILTER, "kanal": "sc3"}).content.decode()
    api = client.get("/api/fuehrung/anlage5", {"von": "2020-02-01", "bis": "2020-04-30"}).json()
    assert api["email_rueckstand_mails"] == 2


def test_email_rueckstand_eines_kuenftigen_tags_ist_der_von_heute(anmelden: Callable[..., Client],
                                                                    settings: Any) -> None:
    """Rundgang Teamleitung: ein Zeitraum bis 31.12.2099 zeigte „am 31.12.2099: 8 Mails“ — die heutige Warteschlange
    als Zahl eines Tages, der noch kommt. Jetzt: der Rückstand am Ende von heute, und die Seite sagt „am“ heute
    (Systemdatum 03.04.2020, Zeitraum bis 31.12.2021)."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-03"
    april = dt.datetime(2020, 4, 1, 9, 0, tzinfo=BERLIN)
    for n in range(2):
        _mail(n, april + dt.timedelta(days=n))
    assert anlage5(Zeitraum(VON, dt.date(2021, 12, 31))).rueckstand_mails == 2
    html = anmelden("teamleitung", standort="Nürnberg").get(
        "/fuehrung/anlage-5/", {**FILTER, "bis": "31.12.2021"}).content.decode()
    assert "E-Mail-Rückstand: Mails in der Warteschlange am 03.04.2020 (Anzahl Mails, nicht Gespräche)" in html
    assert "31.12.2021 (Anzahl Mails" not in html


def test_teamleitung_email_sieht_die_zahlen_der_email_bearbeitung(anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    seite = client.get("/fuehrung/anlage-5/", {**FILTER, "kanal": "emb"})
    assert seite.status_code == 200 and 'href="/fuehrung/anlage-5/"' in seite.content.decode()
    # ohne Auswahl gilt ihr Kanal: die Zahlen der E-Mail-Bearbeitung, und dahinter nur E-Mail-Kontakte
    html = client.get("/fuehrung/anlage-5/", FILTER).content.decode()
    assert '<option value="emb" selected>' in html and "Kanal E-Mail-Bearbeitung" in html


def test_teamleitung_email_sieht_hinter_den_zahlen_nur_email_kontakte(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", FILTER).content.decode()
    kontakte = [v for v in _verweise(html) if "kennzahl=kontakte_je_anliegen" in v]
    assert kontakte and all("kanal=emb" in v for v in kontakte)
    zeilen = [zl for v in kontakte for zl in _zeilen(client.get(v).content.decode())]
    assert zeilen and all('<td class="kern-table__cell">E-Mail-Bearbeitung</td>' in zl for zl in zeilen)
    ohne_kanal = client.get("/fuehrung/anlage-5/kontakte/", {**FILTER, "kennzahl": "kontakte_je_anliegen",
                                                             "vergleich": "andere-ab"}).content.decode()
    assert all('<td class="kern-table__cell">E-Mail-Bearbeitung</td>' in zl for zl in _zeilen(ohne_kanal))
