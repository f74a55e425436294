"""Rundgang demo-agent-scfk: der Kasten „Neu seit …“ zu FK 4.406 war lang und technisch („Parameter „Text“ neu –
jetzt: „Antwort auf „Mitgeteilte…““). Der Hinweis an die Beschäftigten sagt jetzt in wenigen Zeilen, was sich im
Gespräch ändert — ohne Parameter, Bedingungen, Codes, verschachtelte oder mitten im Wort gekürzte Zitate; die Tabelle
des Diffs für die Redaktion bleibt ausführlich. Ohne Datenbank."""

from __future__ import annotations

import re

from kundenportal import lesbar
from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.diff_lesbar import diff_lesbar
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.weisung import vorgaenger
from kundenportal.redaktion.klartext import _kuerzen, klartext

CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


def _diff(katalog: Katalog, leitfaden_id: str, stand: str) -> Diff:
    import datetime as dt

    neu = katalog.leitfaeden[leitfaden_id].fassung(dt.date.fromisoformat(stand))
    assert neu is not None
    alt = vorgaenger(katalog, neu)
    assert alt is not None
    return diff(alt, neu)


def _lesbar(zeilen: list[str]) -> None:
    for z in zeilen:
        assert "Parameter" not in z and "Ablauf geändert" not in z and "Bedingung" not in z, z
        assert not CODE.search(z) and "{" not in z, z
        assert "„„" not in z and "““" not in z and z.count("„") == z.count("“"), z      # keine verschachtelten Zitate
        assert not re.search(r"\w…", z), z                                              # nie mitten im Wort gekürzt
        assert "…." not in z, z                         # ein Platzhalter am Satzende: „… Sie“, nicht „…. Sie“


def test_fk_4406_in_den_worten_der_beschaeftigten(katalog: Katalog) -> None:
    d = _diff(katalog, "FK 4.406", "2026-12-07")
    zeilen = klartext("Fälle des öffentlichen Dienstes", d, katalog).splitlines()
    assert zeilen[0] == ("Neue Frage nach der Antwort „Änderung mitteilen“: „Mitgeteilte Änderung (wer wechselt ab "
                         "wann zu welchem Arbeitgeber)“.")
    # eine Zeile für die Übergabe, ein Satz je Änderung (vorher drei Zeilen mit demselben Anfang), ohne „(Text)“
    uebergabe = [z for z in zeilen if z.startswith("Übergabe an Familienkasse Direktion (Qualitätsprüfung): ")]
    assert len(uebergabe) == 1, zeilen
    assert uebergabe[0].startswith("Übergabe an Familienkasse Direktion (Qualitätsprüfung): Text geändert, neu: „Geben")
    assert ("Ihre Antwort auf „Mitgeteilte Änderung (wer wechselt ab wann zu welchem Arbeitgeber)“ geht jetzt mit. "
            "Vermerk jetzt „Fall öffentlicher Dienst:") in uebergabe[0]
    assert "(Text)" not in uebergabe[0]
    assert len(zeilen) == 2
    _lesbar(zeilen)
    # die Tabelle der Redaktion nennt weiter jedes Feld, auch Parameter und Ablauf
    namen = [z.name for s in diff_lesbar(d, katalog, code=lesbar.code) for z in s.felder]
    assert "Parameter „Text“" in namen and any(n.startswith("Weiter bei Antwort") for n in namen)


def test_gleicher_schritt_mit_neuer_kennung_ist_keine_aenderung(katalog: Katalog) -> None:
    zeilen = klartext("AU", _diff(katalog, "SC 3.004a", "2026-12-08"), katalog).splitlines()
    assert not [z for z in zeilen if "Geplante Termine außerhalb des AU-Zeitraums" in z]
    assert zeilen[0].startswith("Entfällt: Hinweis") or zeilen[0].startswith("Neue")
    _lesbar(zeilen)


def test_viele_vermerke_sind_eine_zeile(katalog: Katalog) -> None:
    assert klartext("AU", _diff(katalog, "SC 3.004a", "2026-12-09"), katalog).splitlines() == [
        "Vermerktexte an 12 Stellen angepasst."]


def test_alle_hinweise_des_katalogs_sind_lesbar(katalog: Katalog) -> None:
    for lf in katalog.leitfaeden.values():
        for neu in lf.fassungen:
            alt = vorgaenger(katalog, neu)
            if alt is not None:
                _lesbar(klartext(lf.kopf.titel, diff(alt, neu), katalog).splitlines())


def test_kuerzen_am_satz_oder_wortende_nie_im_inneren_zitat() -> None:
    text = "AU bis 42 Kalendertage: Erfassen Sie die AU in Colibri (Recht „kleines anordnen“ reicht dafür aus)."
    kurz = _kuerzen(text, 60)
    assert kurz.endswith(" …") and "‚" not in kurz and "(" not in kurz
    assert _kuerzen("Erster Satz ist da. Zweiter Satz ist viel länger als erlaubt.", 30) == "Erster Satz ist da. …"
    assert _kuerzen("Recht „klein“.", 80) == "Recht ‚klein‘."
