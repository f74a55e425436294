"""Befund aus dem Rundgang als Kundin: Termine nannten weder, wo sie stattfinden, noch was mitzubringen ist.
Jetzt steht beides an jedem geplanten Termin — aus einer Stelle (eservice/termin_hinweise.py), je Art des Termins."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from kundenportal.eservice import termin_hinweise as th
from kundenportal.fachverfahren.ports.atv import BEREICHE, Termin
from kundenportal.fachverfahren.registry import systeme

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _termin(bereich: str, agentur: str = "Köln") -> Termin:
    return Termin(id="T1", kundennummer="955A100002", bereich=bereich, beginn=dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN),
                  agentur=agentur, kalender=f"{agentur}/{bereich}")


def _geplant(seite: str) -> str:
    """Der Abschnitt „Geplante Termine“ der Terminliste."""
    return seite.split("<h2>Geplante Termine</h2>", 1)[1].split("<h2>", 1)[0]


@pytest.mark.parametrize("bereich", [*BEREICHE, "kiz_video"])
def test_jede_art_von_termin_hat_ort_und_unterlagen(bereich: str) -> None:
    """Kommt ein Team dazu, fällt hier auf, dass ihm die Hinweise fehlen (sonst: nur die Unterlagen für alle)."""
    assert bereich in th.TERMINARTEN
    assert th.mitbringen(_termin(bereich)) and th.ort(_termin(bereich)).hinweis


def test_vor_ort_immer_einladung_und_ausweis_dazu_was_das_team_braucht() -> None:
    av = th.mitbringen(_termin("av"))
    assert av[:2] == th.VOR_ORT_IMMER and "Ihren aktuellen Lebenslauf" in av
    schule = th.mitbringen(_termin("bb_vor_erwerbsleben"))
    assert "Ihr letztes Schulzeugnis" in schule and not any("Kündigung" in d for d in schule)
    assert any("Ärztliche Unterlagen" in d for d in th.mitbringen(_termin("reha_beratung")))
    assert th.mitbringen(_termin("unbekanntes_team")) == th.VOR_ORT_IMMER
    assert th.ort(_termin("av", "Fürth")) == th.Ort(th.VOR_ORT, "Agentur für Arbeit Fürth", th.HINWEIS[th.VOR_ORT],
                                                    "Was bringe ich mit?")


def test_videotermin_sagt_dass_niemand_hingehen_muss() -> None:
    video = _termin("kiz_video", "Nürnberg")
    ort = th.ort(video)
    assert (ort.kanal, ort.wo, ort.frage) == (th.VIDEO, "per Video, Familienkasse Nürnberg", "Was lege ich bereit?")
    assert ort.hinweis.startswith("Sie müssen nirgendwo hingehen.") and "Link" in ort.hinweis
    assert not set(th.VOR_ORT_IMMER) & set(th.mitbringen(video))       # keine Einladung zum Vorzeigen am Empfang


def test_terminliste_zeigt_wo_und_was_mitbringen(angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    termin_buchen(kunde, "2020-04-22T09:00")
    termin_buchen(kunde, "2020-04-23T10:00", kalender="Köln/bb_im_erwerbsleben")
    geplant = _geplant(angemeldet.get("/kunde/termine/").content.decode())
    assert geplant.count("<dt>Wo findet der Termin statt?</dt>") == 2 and geplant.count("<dt>Was bringe ich mit?</dt>") == 2
    assert '<strong data-ort="vor_ort">Agentur für Arbeit Köln</strong><br>Die Anschrift und den Raum finden Sie in ' \
           'Ihrer Einladung.' in geplant
    assert "<li>Ihre Einladung (Brief oder E-Mail der Agentur für Arbeit)</li>" in geplant
    assert "<li>Ihren aktuellen Lebenslauf</li>" in geplant
    assert geplant.count("Wenn Ihre Arbeit endet") == 1                # nur beim Termin der Arbeitsvermittlung
    assert "<li>Nachweise über Weiterbildungen und Kurse, die Sie schon gemacht haben</li>" in geplant
    assert re.search(r'<h3 class="termin-titel">Mittwoch, 22\.04\.2020, 09:00 Uhr</h3>', geplant)


def test_videotermin_in_der_liste_ohne_agentur_als_ort(angemeldet: Client, kunde: str) -> None:
    beginn = dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN)
    termin = systeme().atv.termin_buchen(kunde, "kiz_video", "Köln", beginn, "kiz-video-west", "test")
    seite = angemeldet.get("/kunde/termine/").content.decode()
    assert '<strong data-ort="video">per Video, Familienkasse Köln</strong><br>Sie müssen nirgendwo hingehen.' in seite
    assert "Agentur für Arbeit Köln" not in _geplant(seite) and "Ihre Einladung (Brief" not in seite
    assert "<dt>Was lege ich bereit?</dt>" in seite and "Was bringe ich mit?" not in seite
    absagen = angemeldet.get(f"/kunde/termine/{termin.id}/absagen/").content.decode()
    assert "Videoberatung Kinderzuschlag, per Video, Familienkasse Köln" in absagen


def test_verschobener_termin_nennt_den_neuen_und_der_neue_den_alten(angemeldet: Client, kunde: str,
                                                                    termin_buchen: Any) -> None:
    """Verschiebt die Agentur einen Termin, zeigt die Liste den neuen mit Ort und Unterlagen und sagt, was er ersetzt."""
    alt = termin_buchen(kunde, "2020-04-22T09:00")
    systeme().atv.termin_verschieben(alt, dt.datetime(2020, 4, 24, 11, tzinfo=BERLIN), "test")
    seite = angemeldet.get("/kunde/termine/").content.decode()
    geplant = _geplant(seite)
    assert "Freitag, 24.04.2020, 11:00 Uhr" in geplant and "<dt>Was bringe ich mit?</dt>" in geplant
    assert "Verschoben: Dieser Termin ersetzt Ihren Termin vom 22.04.2020, 09:00 Uhr." in geplant
    frueher = seite.split("<h2>Frühere und abgesagte Termine</h2>", 1)[1]
    assert "22.04.2020, 09:00 Uhr – Arbeitsvermittlung, Agentur für Arbeit Köln" in frueher
    assert "Status: <strong>verschoben</strong>" in frueher and "Verschoben auf Freitag, 24.04.2020, 11:00 Uhr." in frueher
    assert "Was bringe ich mit?" not in frueher                      # nur an geplanten Terminen
