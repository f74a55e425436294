"""Befunde des Rundgangs als Kunde (eService „Beratungsgespräch vorbereiten“): die Prüfseite sagt einmal, was
beim Absenden geschieht, und die Bestätigung sagt, wie es weitergeht."""

from __future__ import annotations

import re

from django.test import Client

from tests.eservice.test_beratungsgespraech import ANGABEN


def test_pruefseite_sagt_nur_einmal_was_beim_absenden_geschieht(angemeldet: Client) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    seite = angemeldet.get("/kunde/beratungsgespraech/pruefen/").content.decode()
    kasten = seite.split('id="vorhaben"')[1].split("</section>")[0]
    assert "Ihre Angaben werden in Ihrem Profil bei der Agentur für Arbeit gespeichert." in kasten
    # der Text des Leitfadens sagte dasselbe noch einmal
    assert "stehen Ihrer Beratungsfachkraft direkt zur Verfügung" not in kasten
    assert kasten.count("Beratungsfachkraft") == 1


def test_bestaetigung_sagt_wie_es_weitergeht_und_verlinkt_termine_und_formular(angemeldet: Client) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    zeichen = re.search(r'name="zeichen" value="([0-9a-f]+)"',
                        angemeldet.get("/kunde/beratungsgespraech/pruefen/").content.decode())
    assert zeichen
    seite = angemeldet.post("/kunde/beratungsgespraech/pruefen/", {"zeichen": zeichen[1]}, follow=True)
    text = seite.content.decode()
    assert "Wie es weitergeht" in text and "Sie müssen jetzt nichts weiter tun." in text
    assert 'href="/kunde/termine/">Meine Termine</a>' in text
    assert 'href="/kunde/beratungsgespraech/">Beratungsgespräch vorbereiten</a>' in text
