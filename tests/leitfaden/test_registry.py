"""Registries: ein doppelter Name ist ein Fehler; jede Aktion trägt ihren deutschen Text für den Vermerk."""

from __future__ import annotations

import pytest

from kundenportal.leitfaden.auftraege import ABFRAGEN, AKTIONEN, QUELLEN, aktionstext
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.registry import DoppelterEintrag, Registry
from kundenportal.leitfaden.vermerk import AKTIONS_TEXTE


def test_doppelter_eintrag_wird_abgelehnt() -> None:
    r: Registry[str, int] = Registry("Abfrage")
    r.eintragen("kunde", 1)
    with pytest.raises(DoppelterEintrag, match="Abfrage 'kunde' ist schon eingetragen"):
        r.eintragen("kunde", 2)
    assert dict(r) == {"kunde": 1}


def test_jede_aktion_hat_einen_deutschen_text_mit_ihrem_system() -> None:
    assert len(AKTIONEN) >= 13
    for (system, vorgang), eintrag in AKTIONEN.items():
        assert (eintrag.system, eintrag.vorgang) == (system, vorgang)
        assert eintrag.text.endswith(".") and eintrag.text != "{system}: {vorgang}."
        assert AKTIONS_TEXTE[(system, vorgang)] == eintrag.text == aktionstext({"system": system, "vorgang": vorgang})
    assert aktionstext({"system": "x", "vorgang": "y"}) == "{system}: {vorgang}."


def test_jede_aktion_des_vokabulars_ist_eingetragen(katalog: Katalog) -> None:
    genutzt = {(s.system, s.vorgang) for f in katalog.fassungen() for s in f.daten.schritte
               if s.art in ("aktion", "abgabe")}
    assert genutzt <= set(AKTIONEN)
    assert {"kunde", "termine", "termin"} <= set(ABFRAGEN)
    assert {"freie_termine", "geplante_termine", "bbie_agenturen", "kinder"} <= set(QUELLEN)
