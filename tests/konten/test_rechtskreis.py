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
    versuche = Zugriff.objects.filter(user=leser, kontakt=fremder.pk)
    assert not versuche.exclude(aktion__endswith="_verweigert").exists()          # nichts gelesen …
    assert versuche.filter(aktion__endswith="_verweigert").exists()               # … der Versuch protokolliert
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


def test_mail_eines_fremden_rechtskreises_bleibt_zu(benutzer: Callable[..., Any], kontakte: dict[str, Any]) -> None:
    """Eine Mail, die einem Kontakt der Familienkasse zugeordnet ist, öffnet die E-Mail-Bearbeitung
    (SGB III) nicht — weder die Mail noch ihren Anhang, noch bearbeitet sie sie; die Warteschlange
    zeigt sie nicht. Die Mail ohne Kontakt (SGB III) bleibt offen."""
    from kundenportal.emb.models import Mail
    from kundenportal.emb.services import eml_importieren
    from tests.conftest import CONTENT

    for nummer in ("0001", "0004"):
        eml_importieren(CONTENT / "email-korpus" / "mails" / f"{nummer}.eml")
    fremd = Mail.objects.filter(anhaenge__isnull=False).first()
    eigen = Mail.objects.exclude(pk=fremd.pk).first()  # type: ignore[union-attr]
    assert fremd is not None and eigen is not None
    Mail.objects.filter(pk=fremd.pk).update(kontakt=kontakte["familienkasse"])
    leser = benutzer("agent_emb", "rk-emb")
    c = _client(leser)
    assert c.get(f"/emb/{fremd.pk}/").status_code == 403
    assert c.get(f"/emb/{fremd.pk}/anhang/1/").status_code == 403
    assert c.post(f"/emb/{fremd.pk}/beanspruchen/").status_code == 403
    assert Mail.objects.get(pk=fremd.pk).bearbeiter == ""
    assert not Zugriff.objects.filter(user=leser, aktion__in=("emb_mail_lesen", "emb_anhang_lesen")).exists()
    liste = c.get("/emb/")
    zeilen = [m.pk for m in liste.context["seite"].object_list]
    assert zeilen == [eigen.pk] and liste.context["seite"].paginator.count == 1
    assert c.get(f"/emb/{eigen.pk}/").status_code == 200
    assert Zugriff.objects.filter(user=leser, aktion="emb_mail_lesen", kundennummer=eigen.kundennummer).exists()


def test_termine_nur_im_eigenen_rechtskreis(benutzer: Callable[..., Any], db: Any) -> None:
    """Die Kundendaten neben dem Gespräch zeigen nur Termine des eigenen Rechtskreises: die
    KiZ-Videoberatung (Familienkasse) sieht das Service Center SGB III nicht, die Familienkasse keinen
    Termin der Arbeitsvermittlung."""
    import datetime as dt

    from kundenportal import zeit
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
    from kundenportal.gespraech import queries

    tag = (zeit.heute() + dt.timedelta(days=5)).isoformat()
    kunde = ausgangslage_laden({
        "kunde": {"kundennummer": "955T000777", "vorname": "Eva", "nachname": "Beispiel", "geburtsdatum": "1985-01-02",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos"},
        "termine": [{"id": "T-AV", "bereich": "av", "beginn": f"{tag}T09:00", "agentur": "Nürnberg"},
                    {"id": "T-KIZ", "bereich": "kiz_video", "beginn": f"{tag}T11:00", "agentur": "Nürnberg"}]})
    assert kunde is not None
    sgb3 = queries.kundendaten(kunde, benutzer("agent_sc3", "t-s"))
    fk = queries.kundendaten(kunde, benutzer("agent_scfk", "t-f"))
    assert sgb3 is not None and fk is not None and sgb3.termine is not None and fk.termine is not None
    assert [t.id for t in sgb3.termine] == ["T-AV"]
    assert [t.id for t in fk.termine] == ["T-KIZ"]


def test_warteschlange_gefiltert_und_geblaettert_nur_im_eigenen_rechtskreis(benutzer: Callable[..., Any],
                                                                          kontakte: dict[str, Any]) -> None:
    """Auch mit Filter nach Anliegen und auf einer hinteren Seite (Zählung und Seite über den Teilindex der
    Warteschlange) fehlt die Mail eines Kontakts der Familienkasse — nicht gezählt, auf keiner Seite; die
    Mail eines SGB-III-Kontakts und die ohne Kontakt erscheinen in der Reihenfolge des Eingangs."""
    import datetime as dt

    from kundenportal.emb.models import Mail
    from kundenportal.emb.services import mail_einlesen

    beginn = dt.datetime(2020, 3, 24, 9, 0, tzinfo=dt.UTC)
    for i in range(60):
        mail_einlesen(f"Message-ID: <rk{i}@web.example>\r\nSubject: Frage {i:03d}\r\n\r\nText {i}\r\n".encode(),
                      quelle="test", jetzt=beginn + dt.timedelta(minutes=i))
    ids = list(Mail.objects.order_by("eingegangen", "id").values_list("id", flat=True))
    Mail.objects.filter(id__in=ids[:55]).update(anliegen="au_meldung")
    Mail.objects.filter(id__in=ids[55:]).update(anliegen="sonstiges")
    Mail.objects.filter(id=ids[3]).update(kontakt=kontakte["familienkasse"])
    Mail.objects.filter(id=ids[52]).update(kontakt=kontakte["sgb3"])
    c = _client(benutzer("agent_emb", "rk-emb-filter"))
    c.post("/emb/", {"klasse": "au_meldung"})
    erste, zweite = c.get("/emb/"), c.get("/emb/?seite=2")
    gesehen = [m.pk for s in (erste, zweite) for m in s.context["seite"].object_list]
    assert erste.context["seite"].paginator.count == 54
    assert gesehen == [i for i in ids[:55] if i != ids[3]]
    assert [m.pk for m in zweite.context["seite"].object_list] == ids[51:55]
