"""Der Schrittgraph überlappt nicht: kein Kasten und keine Beschriftung liegt auf einer anderen
(für jede Fassung des Katalogs), jede Kante hat ihren Pfad, die zugängliche Liste bleibt."""

from __future__ import annotations

import itertools

import pytest

from kundenportal.katalog.schrittgraph import BESCHRIFTUNG_H, BREITE, HOEHE, kanten, zeichnen
from kundenportal.leitfaden.katalog import Katalog

Kasten = tuple[float, float, float, float, str]


def _ueberlappen(a: Kasten, b: Kasten) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_keine_ueberlappung_in_irgendeiner_fassung(katalog: Katalog) -> None:
    geprueft = 0
    for fassung in katalog.fassungen():
        z = zeichnen(fassung)
        kaesten: list[Kasten] = [(k.x, k.y, k.x + BREITE, k.y + HOEHE, k.schritt.id) for k in z.knoten]
        kaesten += [(li.kasten_x, li.kasten_y, li.kasten_x + li.text_breite, li.kasten_y + BESCHRIFTUNG_H,
                     li.text) for li in z.linien if li.text]
        for a, b in itertools.combinations(kaesten, 2):
            assert not _ueberlappen(a, b), f"{fassung.schluessel}: {a[4]!r} überlappt {b[4]!r}"
        for k in z.knoten:
            assert k.x >= 0 and k.x + BREITE <= z.breite and k.y >= 0 and k.y + HOEHE <= z.hoehe
        erwartet = sum(1 for s in fassung.daten.schritte for k in kanten(s) if k.nach in fassung.schritte)
        assert len(z.linien) == erwartet and all(li.pfad.startswith("M") for li in z.linien)
        geprueft += 1
    assert geprueft >= 20


@pytest.mark.django_db
def test_fassungsseite_zeigt_graph_und_liste(client: object, benutzer: object) -> None:
    from django.test import Client
    assert isinstance(client, Client) and callable(benutzer)
    client.force_login(benutzer("agent_sc3"))
    seite = client.get("/katalog/SC%203.004a/").content.decode()
    stand = seite.split('href="/katalog/SC%203.004a/')[1].split("/")[0]
    html = client.get(f"/katalog/SC%203.004a/{stand}/").content.decode()
    assert 'class="graph"' in html and 'marker-end="url(#pfeil)"' in html
    assert '<h2 id="schritte">Schritte</h2>' in html and 'aria-label="Ausgänge von' in html
    # Zweite Zeile der Kästen deutsch, ohne Codes: Schrittart und Ergebnis aus dem Vokabular.
    assert ">Frage</text>" in html and "frage: " not in html
    assert ">Ende: Abbruch: Identität" in html and "ende: abbruch_identitaet" not in html
