"""Standortregeln eines Freigabepakets: Verbünde und Agenturen aus standorte.yaml, als `geltungsbereich:`
im gesiegelten Text der Fassung; die Fassung gilt nur dort. Dazu: Re-Import mit nachträglichem
`gueltig_bis` (Ablösung, außerhalb des Siegels)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kundenportal.leitfaden.diff import diff
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.redaktion.models import Katalogdatei
from kundenportal.redaktion.pruefung import entwurf_pruefen
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import kopf_setzen, paketdaten_setzen
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    entwurf_zuordnen,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.katalog import katalog_exportieren, katalog_importieren
from kundenportal.redaktion.services.szenario import szenario_speichern
from tests.conftest import CONTENT

from .test_lebenszyklus import SZENARIO
from .werkzeug import entwurf_3307

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
TEXT = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8")


def test_paketdaten_stehen_im_kopf_der_fassung() -> None:
    neu = paketdaten_setzen(TEXT, gueltig_ab=dt.date(2020, 4, 15), gueltig_bis=dt.date(2020, 12, 31),
                            geltungsbereich={"verbuende": ["nuernberg"], "agenturen": ["Bonn"]})
    assert 'gueltig_ab: 2020-04-15\ngueltig_bis: 2020-12-31\ngeltungsbereich: {verbuende: ["nuernberg"], ' \
           'agenturen: ["Bonn"]}\nweisung: "202003006"' in neu
    block = neu.replace('geltungsbereich: {verbuende: ["nuernberg"], agenturen: ["Bonn"]}',
                        "geltungsbereich:\n  verbuende:\n    - nuernberg")
    assert kopf_setzen(block, "geltungsbereich", "{agenturen: [Köln]}").count("nuernberg") == 0
    assert "geltungsbereich" not in kopf_setzen(block, "geltungsbereich", None)


def test_unbekannter_standort_ist_ein_befund_und_im_paket_abgelehnt(db_katalog: None, benutzer: Benutzer) -> None:
    text = kopf_setzen(TEXT.replace("stand: 2020-03-20", "stand: 2020-04-01"), "geltungsbereich",
                       "{verbuende: [atlantis], agenturen: [Nürnberg]}")
    p = entwurf_pruefen(katalog_aus_datenbank(), "SC 3.307", "leitfaeden/sc/3.307", text)
    assert [(b.feld, b.meldung.split(" (")[0]) for b in p.befunde] == [
        ("geltungsbereich.verbuende", "unbekannter Verbund 'atlantis'")]
    with pytest.raises(FreigabeFehler, match=r"Verbund atlantis, Agentur Gotham gibt es in standorte\.yaml nicht"):
        paket_anlegen(benutzer("redaktion"), weisung="202003006", titel="x", datum=dt.date(2020, 3, 30),
                      geltungsbereich={"verbuende": ["atlantis"], "agenturen": ["Gotham"]})


def test_freigabe_mit_standortregel_gilt_nur_dort(db_katalog: None, benutzer: Benutzer, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor, pruefer = benutzer("redaktion"), benutzer("freigabe")
    e = entwurf_3307(autor)
    p = paket_anlegen(autor, weisung="202003006", titel="Nur Verbund Nürnberg", datum=dt.date(2020, 3, 30),
                      gueltig_ab=dt.date(2020, 4, 15), gueltig_bis=dt.date(2020, 12, 31),
                      geltungsbereich={"verbuende": ["nuernberg"], "agenturen": ["Bonn"]})
    entwurf_zuordnen(autor, p.pk, e.pk)
    szenario_speichern(autor, SZENARIO.replace("Berlin Mitte", "Fürth"))     # im Geltungsbereich
    tor = tor_laufen_lassen(autor, p.pk)
    assert tor["ok"], tor
    paket_einreichen(autor, p.pk)
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    neu = Katalogdatei.objects.get(leitfaden_id="SC 3.307", stand=dt.date(2020, 4, 1))
    assert 'geltungsbereich: {verbuende: ["nuernberg"], agenturen: ["Bonn"]}' in neu.text   # im Siegel
    assert neu.geltungsbereich == {"verbuende": ["nuernberg"], "agenturen": ["Bonn"]}
    assert neu.gueltig_bis == dt.date(2020, 12, 31)
    k = katalog_aus_datenbank()
    tag = dt.date(2020, 5, 1)
    for standort, stand in (("Fürth", "2020-04-01"), ("Bonn", "2020-04-01"), ("Köln", "2020-03-20"),
                            (None, "2020-03-20"), ("Fürth", "2020-03-20")):
        datum = tag if stand == "2020-04-01" or standort != "Fürth" else dt.date(2021, 1, 1)
        assert aufloesen(k, "SC 3.307", datum, standort).schluessel == f"SC 3.307@{stand}", standort  # type: ignore[union-attr]
    alt = k.leitfaeden["SC 3.307"].fassung(dt.date(2020, 3, 20))
    fassung = k.leitfaeden["SC 3.307"].fassung(dt.date(2020, 4, 1))
    assert alt is not None and fassung is not None
    kopf = {feld: (str(a), str(n)) for feld, a, n in diff(alt, fassung).kopf}
    assert kopf["geltungsbereich"] == ("None", "Verbund nuernberg; Agentur Bonn")
    assert fassung.geltungsbereich is not None      # auf der Seite mit Namen aus standorte.yaml
    assert fassung.geltungsbereich.in_worten(k.standorte.verbuende) == "Verbund Nürnberg; Agentur Bonn"
    assert katalog_pruefen(k) == []


def test_reimport_mit_gueltig_bis_loest_ab(db_katalog: None, tmp_path: Path) -> None:
    ordner = tmp_path / "content"
    shutil.copytree(CONTENT, ordner, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    datei = ordner / "leitfaeden/sc/3.307/2020-03-20.yaml"
    datei.write_text(datei.read_text(encoding="utf-8").replace("gueltig_ab: 2020-03-20\n",
                                                                "gueltig_ab: 2020-03-20\ngueltig_bis: 2021-12-31\n"),
                     encoding="utf-8")
    zaehler = katalog_importieren(ordner, veroeffentlicht=True)
    assert zaehler["abgeloest"] == 1 and zaehler["neu"] == 0
    d = Katalogdatei.objects.get(pfad="leitfaeden/sc/3.307/2020-03-20.yaml", status=Katalogdatei.VEROEFFENTLICHT)
    assert d.gueltig_bis == dt.date(2021, 12, 31) and "gueltig_bis: 2021-12-31" in d.text
    assert katalog_aus_datenbank().leitfaeden["SC 3.307"].fassung(dt.date(2020, 3, 20)).gueltig_bis == d.gueltig_bis  # type: ignore[union-attr]
    assert katalog_importieren(ordner, veroeffentlicht=True)["unveraendert"] == Katalogdatei.objects.count()
    katalog_exportieren(tmp_path / "export")
    assert (tmp_path / "export/leitfaeden/sc/3.307/2020-03-20.yaml").read_bytes() == datei.read_bytes()
    assert katalog_pruefen(katalog_laden(tmp_path / "export")) == []
