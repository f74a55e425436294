"""Zwei Schritte mit derselben id (ein Befund der Prüfung) bekommen auf der Seite des Entwurfs verschiedene Anker:
jedes id-Attribut steht einmal da, und jeder Link „Schritt …“ der Befunde führt zu dem Schritt, in dessen Zeilen der
Befund steht — gespeichert wie in der Live-Vorschau eines ungespeicherten Quelltexts."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest

from kundenportal.redaktion.ansicht import Editorschritt, anker_vergeben
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_speichern
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307

DOPPELT = ('  - id: keine_auskunft\n    art: ende\n    ergebnis: abbruch_identitaet\n'
           '    vermerk: "Noch einmal: keine Auskunft."\n')


class _Seite(HTMLParser):
    """Alle id-Attribute; je Abschnitt eines Schritts seine Überschrift und Befunde; die Links der Befundliste."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.abschnitte: dict[str, str] = {}        # id des Abschnitts → Text darin
        self.fokussierbar: set[str] = set()         # Abschnitte mit tabindex="-1" (Ziel eines Befund-Links)
        self.links: list[tuple[str, str]] = []      # (Ziel, Text der Zeile) in der Befundliste
        self._abschnitt: str | None = None
        self._tiefe = 0
        self._in_befunde = False
        self._li: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "section" and str(a.get("id", "")).startswith("schritt-"):
            self._abschnitt, self._tiefe = str(a["id"]), 0
            self.abschnitte[self._abschnitt] = ""
            if a.get("tabindex") == "-1":
                self.fokussierbar.add(self._abschnitt)
        elif tag == "section" and self._abschnitt:
            self._tiefe += 1
        if tag == "div" and a.get("id") == "befunde-bereich":
            self._in_befunde = True
        if self._in_befunde and tag == "li":
            self._li, self._href = [], ""
        if self._li is not None and tag == "a":
            self._href = str(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._abschnitt:
            if self._tiefe:
                self._tiefe -= 1
            else:
                self._abschnitt = None
        if tag == "li" and self._li is not None:
            if self._href:
                self.links.append((self._href, "".join(self._li)))
            self._li = None
        if tag == "div" and self._in_befunde and self._li is None:
            self._in_befunde = False

    def handle_data(self, data: str) -> None:
        if self._abschnitt:
            self.abschnitte[self._abschnitt] += data
        if self._li is not None:
            self._li.append(data)


def _lesen(html: str) -> _Seite:
    seite = _Seite()
    seite.feed(html)
    return seite


def _pruefen(html: str, text: str) -> None:
    seite = _lesen(html)
    doppelt = [i for i, n in Counter(seite.ids).items() if n > 1]
    assert not doppelt, doppelt
    assert "schritt-keine_auskunft" in seite.abschnitte and "schritt-keine_auskunft-2" in seite.abschnitte
    zeilen = text.split("\n")
    erste = zeilen.index("  - id: keine_auskunft") + 1
    zweite = zeilen.index("  - id: keine_auskunft", erste) + 1
    assert f"Zeile {erste})" in seite.abschnitte["schritt-keine_auskunft"]
    assert f"Zeile {zweite})" in seite.abschnitte["schritt-keine_auskunft-2"]
    assert seite.links, "keine Befunde mit Link"
    for href, zeile in seite.links:
        assert href.startswith("#") and href[1:] in seite.abschnitte, href     # das Ziel gibt es
        assert href[1:] in seite.fokussierbar, href      # und nimmt den Fokus (Tastatur, Screenreader machen dort weiter)
        meldung = zeile.split(": ", 1)[1].strip()
        nr = re.search(r"Zeile (\d+)", zeile)
        assert nr is not None
        assert f"Befund, Zeile {nr.group(1)}" in seite.abschnitte[href[1:]] and meldung in seite.abschnitte[href[1:]]
    ziele = [h for h, z in seite.links if "Schritt-id keine_auskunft ist doppelt" in z]
    assert ziele == ["#schritt-keine_auskunft-2"]       # der Befund steht in den Zeilen des zweiten Schritts


@pytest.mark.django_db
def test_doppelte_schritt_id_hat_eindeutige_anker(db_katalog: None, benutzer: Any, anmelden: Anmelden) -> None:
    redakteur = benutzer("redaktion", "r1")
    e = entwurf_3307(redakteur)
    text = e.text.replace("  - id: online\n", DOPPELT + "  - id: online\n", 1)
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    c = anmelden("redaktion")
    _pruefen(c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode(), text)
    # Live-Vorschau eines ungespeicherten Stands: dieselben Bereiche (hx-swap-oob), dieselben Anker
    vorschau = c.post(f"/redaktion/entwuerfe/{e.pk}/vorschau/", {"text": text, "version": e.version},
                      headers={"HX-Request": "true"})
    assert vorschau.status_code == 200
    _pruefen(vorschau.content.decode(), text)


def test_anker_je_seite_eindeutig() -> None:
    def s(sid: str) -> Editorschritt:
        return Editorschritt(id=sid, art="hinweis", daten={}, zeile=1, befunde=[])

    editor = [s("a"), s("b"), s("a"), s("Kein Name"), s("a"), s("#6")]
    anker_vergeben(editor)
    assert [x.anker for x in editor] == ["a", "b", "a-2", "4", "a-3", "6"]

