"""Sozialdaten nach Rechtskreis: die Familienkasse öffnet keinen abgeschlossenen SGB-III-Kontakt (samt
Vermerk) — weder über /kontakt/<id>/ noch /historie/ noch /api/kontakte/<id> — und umgekehrt; die
Historie zeigt nur Kontakte des eigenen Rechtskreises; jedes Lesen steht im Zugriffsprotokoll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.konten import rechtskreis, zugriff
from kundenportal.konten.models import Zugriff
from kundenportal.konten.rollen import ROLLEN

pytestmark = pytest.mark.django_db


def _abgeschlossen(agent: Any, leitfaden: str, kunde: str, vermerk: str) -> Any:
    return services.kontakt_abschliessen(agent, services.kontakt_starten(agent, leitfaden, kunde), vermerk)


@pytest.fixture
def kontakte(benutzer: Callable[..., Any], kunde: str) -> dict[str, Any]:
    from kundenportal.katalog.queries import katalog

    fk = next(lf.id for lf in katalog().leitfaeden.values() if "scfk" in lf.kopf.kanaele and not lf.kopf.baustein)
    return {"sgb3": _abgeschlossen(benutzer("agent_sc3", "rk-sc3"), "SC 3.003", kunde, "Vermerk SGB III geheim."),
            "familienkasse": _abgeschlossen(benutzer("agent_scfk", "rk-fk"), fk, kunde, "Vermerk Kindergeld geheim.")}


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_jede_rolle_mit_kundendaten_hat_genau_einen_rechtskreis() -> None:
    for rolle in ROLLEN.values():
        if rolle.kundendaten:
            assert len(rolle.rechtskreise) == 1, rolle.schluessel
            assert set(rolle.rechtskreise) <= set(rechtskreis.NAMEN)


@pytest.mark.parametrize(("rolle", "eigen", "fremd"), [("agent_scfk", "familienkasse", "sgb3"),
                                                       ("fk_direktion", "familienkasse", "sgb3"),
                                                       ("agent_sc3", "sgb3", "familienkasse"),
                                                       ("os_algplus", "sgb3", "familienkasse")])
def test_fremder_rechtskreis_bleibt_zu(benutzer: Callable[..., Any], kontakte: dict[str, Any], rolle: str,
                                       eigen: str, fremd: str) -> None:
    leser = benutzer(rolle, f"leser-{rolle}")
    c = _client(leser)
    fremder = kontakte[fremd]
    assert c.get(f"/kontakt/{fremder.pk}/").status_code == 403
    assert c.get(f"/kontakt/{fremder.pk}/historie/").status_code == 403
    assert c.get(f"/api/kontakte/{fremder.pk}").status_code in (403, 404)
    assert not Zugriff.objects.filter(user=leser, kontakt=fremder.pk).exists()   # nichts gelesen
    eigener = kontakte[eigen]
    seite = c.get(f"/kontakt/{eigener.pk}/")
    # Der Vermerk erscheint mit lesbaren Bezeichnungen ("sc3" → Service Center SGB III): seine eigene Zeile zählt.
    assert seite.status_code == 200 and eigener.vermerk.splitlines()[-1] in seite.content.decode()
    historie = c.get(f"/kontakt/{eigener.pk}/historie/").content.decode()
    assert eigener.vermerk in historie or eigener.leitfaden in historie
    assert fremder.vermerk not in historie
    api = c.get(f"/api/kontakte/{eigener.pk}")
    assert api.status_code == 200 and fremder.vermerk not in api.content.decode()
    assert Zugriff.objects.filter(user=leser, kontakt=eigener.pk).exists()      # Lesen protokolliert


def test_zugriffsfunktionen_fuer_aufgabe_mail_termin(benutzer: Callable[..., Any]) -> None:
    from types import SimpleNamespace as O

    fk, sc3, emb = benutzer("fk_direktion", "f"), benutzer("agent_sc3", "s"), benutzer("agent_emb", "e")
    assert zugriff.darf_aufgabe_bearbeiten(fk, O(an="fk_direktion_qs"))
    assert not zugriff.darf_aufgabe_bearbeiten(fk, O(an="os_algplus"))
    assert zugriff.darf_mail_sehen(emb, O(kontakt=None)) and not zugriff.darf_mail_sehen(sc3, O(kontakt=None))
    assert not zugriff.darf_mail_sehen(emb, O(kontakt=O(kanal="scfk")))
    assert zugriff.darf_termin_sehen(sc3, O(bereich="av")) and not zugriff.darf_termin_sehen(sc3, O(bereich="kiz_video"))
    assert zugriff.darf_termin_sehen(fk, O(bereich="kiz_video"))
