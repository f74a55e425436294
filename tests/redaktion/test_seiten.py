"""Die Seiten der Redaktion über HTTP: Rechte je Rolle, Editor mit Befunden, Graph und Diff,
Konflikt bei veralteter Version (409), strukturierter Editor, Hinweise im Arbeitsplatz."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kundenportal.redaktion.models import Entwurf, Katalogdatei
from tests.fixtures_katalog import Anmelden

from .werkzeug import BASIS, NEUER_TEXT, entwurf_3307

pytestmark = pytest.mark.django_db


def test_nur_redaktion_und_freigabe_sehen_die_redaktion(db_katalog: None, anmelden: Anmelden) -> None:
    assert anmelden("agent_sc3").get("/redaktion/").status_code == 403
    assert anmelden("freigabe").get("/redaktion/").status_code == 200
    seite = anmelden("redaktion").get("/redaktion/")
    assert seite.status_code == 200 and "Entwurf beginnen" in seite.content.decode()
    assert anmelden("freigabe").post("/redaktion/entwuerfe/beginnen/").status_code == 403


def test_entwurf_beginnen_und_im_editor_befunde_graph_und_diff_sehen(db_katalog: None, anmelden: Anmelden) -> None:
    c = anmelden("redaktion")
    basis = Katalogdatei.objects.get(pfad=BASIS)
    antwort = c.post("/redaktion/entwuerfe/beginnen/", {"beginnen-basis": basis.pk, "beginnen-stand": "2020-04-01"})
    e = Entwurf.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == f"/redaktion/entwuerfe/{e.pk}/"
    text = e.text.replace('wenn: "stufe_ausweissicht"', 'wenn: "stufe_ausweissicht && unbekannt_x"')
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": text, "version": e.version}, follow=True)
    html = antwort.content.decode()
    assert "Gespeichert (Version 2), mit 1 Befund: bitte unter „Befunde der Prüfung“ ansehen und beheben." in html
    assert "kern-alert--warning" in html
    wenn = next(i for i, z in enumerate(text.split("\n"), 1) if "unbekannt_x" in z)     # die Zeile des Felds
    assert 'href="#schritt-stufe">Schritt stufe</a>' in html and f"Zeile {wenn}</span></button>" in html
    assert "unbekannter Name „unbekannt_x“ (Spalte 23): weder ein Fakt aus content/fakten.yaml noch eine " \
           "Variable einer Abfrage — richtig schreiben oder den Fakt anlegen." in html
    assert "<svg" in html and "Schrittgraph des Entwurfs" in html
    assert "geändert: Schritt stufe (Prüfung)" in html


def test_veraltete_version_ergibt_konflikt_und_nichts_wird_ueberschrieben(db_katalog: None, anmelden: Anmelden,
                                                                           benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": "stand: 2020-04-01\n", "version": e.version - 1})
    assert antwort.status_code == 409
    assert "Der Entwurf wurde inzwischen gespeichert" in antwort.content.decode()
    assert Entwurf.objects.get(pk=e.pk).text == e.text


def test_strukturierter_editor_aendert_ein_feld(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/feld/", {"schritt": "online_moeglich", "feld": "vermerk",
                                                            "wert": "Online-Antrag möglich.", "version": e.version})
    assert antwort.status_code == 302 and antwort["Location"].endswith("#schritt-online_moeglich")
    neu = Entwurf.objects.get(pk=e.pk)
    assert 'vermerk: "Online-Antrag möglich."' in neu.text and NEUER_TEXT in neu.text and neu.version == e.version + 1
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/feld/", {"schritt": "gibtsnicht", "feld": "text", "wert": "x",
                                                            "version": neu.version}, follow=True)
    assert "Schritt gibtsnicht gibt es nicht" in antwort.content.decode()


def test_neuer_leitfaden_mit_falschem_ordner_nennt_das_feld(db_katalog: None, anmelden: Anmelden) -> None:
    antwort = anmelden("redaktion").post("/redaktion/entwuerfe/neu/", {
        "neu-leitfaden_id": "SC 3.400", "neu-titel": "Neu", "neu-ordner": "SC/3.400", "neu-weisung": "202003006",
        "neu-stand": dt.date(2020, 4, 1).isoformat()}, follow=True)
    assert "Form: &lt;bereich&gt;/&lt;nummer&gt;" in antwort.content.decode()
    assert not Entwurf.objects.exists()


def test_neuer_leitfaden_ist_ohne_befund(db_katalog: None, anmelden: Anmelden) -> None:
    c = anmelden("redaktion")
    c.post("/redaktion/entwuerfe/neu/", {"neu-leitfaden_id": "SC 3.400", "neu-titel": "Neu",
                                         "neu-ordner": "sc/3.400", "neu-weisung": "202003006",
                                         "neu-stand": "2020-04-01"})
    e = Entwurf.objects.get()
    assert e.leitfaden_id == "SC 3.400" and e.befunde == [] and e.ordner == "leitfaeden/sc/3.400"


def test_teamleitung_sieht_wer_den_hinweis_noch_nicht_bestaetigt_hat(db_katalog: None, anmelden: Anmelden,
                                                                       benutzer: Any, settings: Any) -> None:
    from kundenportal.redaktion.services.freigabe import paket_einreichen, paket_freigeben, tor_laufen_lassen
    from kundenportal.redaktion.services.hinweise import hinweis_bestaetigen
    from kundenportal.redaktion.services.szenario import szenario_speichern

    from .test_lebenszyklus import SZENARIO
    from .werkzeug import paket_mit

    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer("redaktion")
    p = paket_mit(autor, entwurf_3307(autor))
    szenario_speichern(autor, SZENARIO)
    tor_laufen_lassen(autor, p.pk)
    paket_einreichen(autor, p.pk)
    paket_freigeben(benutzer("freigabe"), p.pk, gueltig_ab=dt.date(2020, 4, 15))
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    gelesen = benutzer("agent_sc3", "anna")
    benutzer("agent_sc3", "bernd")
    benutzer("agent_scfk", "fk-christa")                    # Familienkasse nutzt SC 3.307 nicht
    hinweis_bestaetigen(gelesen, Katalogdatei.objects.get(stand=dt.date(2020, 4, 1)).hinweis.pk)
    c = anmelden("teamleitung", standort="Nürnberg")
    html = c.get("/redaktion/hinweise/lesestand/").content.decode()
    assert "SC 3.307 – gilt seit 15.04.2020" in html and "1 bestätigt, 1 offen." in html
    assert "Noch nicht bestätigt: bernd" in html and "fk-christa" not in html
    assert anmelden("agent_sc3").get("/redaktion/hinweise/lesestand/").status_code == 403


def test_unlesbarer_entwurf_zeigt_befund_statt_fehlerseite(db_katalog: None, anmelden: Anmelden,
                                                            benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": "stand: [\nschritte: {", "version": e.version},
                     follow=True)
    html = antwort.content.decode()
    assert antwort.status_code == 200 and "kein gültiges YAML" in html
    assert "Der Entwurf lässt sich noch nicht lesen" in html and "Kein Graph" in html
    assert c.get("/redaktion/entwuerfe/999/").status_code == 404
    assert c.get(f"/redaktion/entwuerfe/{e.pk}/szenario/", follow=True).status_code == 200


def test_schritt_anfuegen_ist_bis_zum_verweis_unerreichbar(db_katalog: None, anmelden: Anmelden,
                                                           benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {"neu-schritt_id": "hinweis_frist", "neu-art": "hinweis",
                                                      "neu-text": "Frist: zwei Monate.", "neu-weiter": "papier",
                                                      "neu-version": e.version})
    neu = Entwurf.objects.get(pk=e.pk)
    assert neu.text.endswith('  - id: hinweis_frist\n    art: hinweis\n    text: "Frist: zwei Monate."\n    nach: papier\n')
    assert [b["meldung"] for b in neu.befunde] == ["Schritt hinweis_frist ist vom Start identitaet aus nicht erreichbar"]
    c.post(f"/redaktion/entwuerfe/{e.pk}/feld/", {"schritt": "erhoehung", "feld": "je_antwort.abgelehnt",
                                                  "wert": "hinweis_frist", "version": neu.version})
    assert Entwurf.objects.get(pk=e.pk).befunde == []
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {"neu-schritt_id": "hinweis_frist", "neu-art": "ende",
                                                                "neu-text": "x", "neu-weiter": "fertig",
                                                                "neu-version": neu.version + 1}, follow=True)
    assert "Schritt hinweis_frist gibt es schon" in antwort.content.decode()
