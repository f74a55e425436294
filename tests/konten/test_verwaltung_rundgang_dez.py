"""Rundgang Dezember als Administration: die Verwaltung (/verwaltung/) führt zum Zugriffsprotokoll und zurück ins
Portal, mit deutschen Abschnitten, die sagen, was darin steht; das Zugriffsprotokoll lässt sich als CSV herunterladen
(derselbe Filter, dasselbe Recht, das Herunterladen steht selbst im Protokoll), nach einem Filterfehler steht der
Fokus auf der Fehlerliste, der Kontakt steht gekürzt; die Administration geht nicht mit einer Rolle zusammen, die
Kundendaten liest oder ändert (anlegen und ändern)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from kundenportal.konten import zugriff
from kundenportal.konten.demo import demo_benutzer_anlegen
from kundenportal.konten.models import Zugriff
from kundenportal.konten.rollen import ROLLEN, RollenUnvereinbar, liest_sozialdaten, rollen_unvereinbar
from kundenportal.konten.services import benutzer_anlegen, rollen_setzen, zugriff_protokollieren

pytestmark = pytest.mark.django_db
NUMMER = "900D000009"
PASSWORT = "Lang-genug-2026"


def _verwaltung(benutzer: Callable[..., Any]) -> Client:
    c = Client()
    c.force_login(benutzer("administration", "verwalterin"))
    return c


def _sichtbar(antwort: Any) -> str:
    html = re.sub(r"<(script|style).*?</\1>", "", antwort.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. Die Verwaltung führt zum Zugriffsprotokoll und zurück ins Portal -------------------------------------------

def test_uebersicht_hat_das_zugriffsprotokoll_und_deutsche_abschnitte(benutzer: Callable[..., Any]) -> None:
    seite = _verwaltung(benutzer).get("/verwaltung/")
    html = seite.content.decode()
    text = _sichtbar(seite)
    assert seite.status_code == 200
    assert "Authentifizierung und Autorisierung" not in text and "Website anzeigen" not in text
    assert "Konten, Rollen und Zugriffsprotokoll" not in text and "Modelle der" not in html
    for abschnitt in ("Benutzerkonten", "Rollen und API-Schlüssel", "Zugriffsprotokoll"):
        assert re.search(rf'<a href="[^"]+" class="section">{abschnitt}</a>', html), abschnitt
    assert '<a href="/protokoll/">Zugriffe auf Kundendaten' in html            # im Abschnitt Zugriffsprotokoll


def test_kopf_der_verwaltung_traegt_die_navigation_des_portals(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    for adresse in ("/verwaltung/", "/verwaltung/auth/user/", "/verwaltung/auth/user/add/"):
        html = c.get(adresse).content.decode()
        nav = html.split('<nav id="portal-nav" aria-label="Hauptnavigation des Portals">', 1)[1].split("</nav>")[0]
        assert '<a href="/">Zum Portal</a>' in nav, adresse
        assert '<a href="/protokoll/">Zugriffsprotokoll</a>' in nav, adresse
        assert "Benutzerverwaltung" in nav and "Leitfäden" in nav, adresse
        assert "Kundenportal – Verwaltung" in html, adresse
    assert "Benutzerkonten" in _sichtbar(c.get("/verwaltung/auth/user/"))        # auch im Navigationspfad


def test_protokoll_abschnitt_nur_fuer_wer_das_protokoll_sieht(benutzer: Callable[..., Any]) -> None:
    from kundenportal.konten.admin import verwaltung

    class Anfrage:
        user = benutzer("redaktion", "nur-redaktion")

    assert not zugriff.darf_protokoll_sehen(Anfrage.user)
    assert all(a["name"] != "Zugriffsprotokoll" for a in verwaltung.get_app_list(Anfrage()))  # type: ignore[arg-type]


# --- 2. Zugriffsprotokoll: CSV, Fokus nach Fehler, Kontakt gekürzt ------------------------------------------------

def _eintraege(benutzer: Callable[..., Any]) -> uuid.UUID:
    agentin = benutzer("agent_sc3", "agentin")
    kontakt = uuid.uuid4()
    zugriff_protokollieren(agentin, "kontakt_lesen", kundennummer=NUMMER, kontakt=kontakt)
    zugriff_protokollieren(agentin, "kunde_suchen", kundennummer="900D000001")
    return kontakt


def _csv(antwort: Any) -> list[list[str]]:
    inhalt = antwort.content.decode("utf-8")
    assert inhalt.startswith("\ufeff")
    return list(csv.reader(io.StringIO(inhalt[1:]), delimiter=";"))


def test_csv_mit_filter_deutschen_spalten_und_bom(benutzer: Callable[..., Any]) -> None:
    kontakt = _eintraege(benutzer)
    c = _verwaltung(benutzer)
    antwort = c.post("/protokoll/csv/", {"kundennummer": "900d 000009", "benutzer": "", "aktion": ""})
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "text/csv; charset=utf-8"
    assert antwort["Content-Disposition"].startswith('attachment; filename="zugriffsprotokoll_')
    assert NUMMER not in antwort["Content-Disposition"]
    zeilen = _csv(antwort)
    assert ["Kundennummer", NUMMER] in zeilen and ["Einträge", "1"] in zeilen
    kopf = zeilen.index(["Zeit", "Benutzer", "Aktion", "Zweck", "Kundennummer", "Kontakt"])
    daten = zeilen[kopf + 1:]
    assert len(daten) == 1
    assert daten[0][1:] == ["agentin", "Kontakt gelesen", "Kundengespräch führen", NUMMER, str(kontakt)]


def test_csv_steht_selbst_im_zugriffsprotokoll(benutzer: Callable[..., Any]) -> None:
    _eintraege(benutzer)
    zugriff_protokollieren(get_user_model().objects.get(username="agentin"), "postkorb_lesen")   # ohne Kunde
    c = _verwaltung(benutzer)
    assert c.post("/protokoll/csv/", {}).status_code == 200
    gelesen = Zugriff.objects.filter(aktion="zugriffsprotokoll_herunterladen", user__username="verwalterin")
    assert sorted(gelesen.values_list("kundennummer", flat=True)) == ["900D000001", NUMMER]   # je Kunde der Datei
    assert {z.zweck for z in gelesen} == {"datenschutzkontrolle"}
    seite = c.post("/protokoll/", {"benutzer": "verwalterin", "seite": "1"})
    text = _sichtbar(seite)
    assert "Zugriffsprotokoll als CSV heruntergeladen" in text and "Zugriffe auf Sozialdaten kontrollieren" in text
    # leerer Filter ohne Einträge: ein Eintrag ohne Kundennummer (dass gelesen wurde, steht fest)
    Zugriff.objects.all().delete()
    assert c.post("/protokoll/csv/", {"kundennummer": "900D999999"}).status_code == 200
    assert list(Zugriff.objects.values_list("aktion", "kundennummer")) == [("zugriffsprotokoll_herunterladen", "")]


def test_csv_nur_per_post_und_nur_fuer_die_administration(benutzer: Callable[..., Any]) -> None:
    _eintraege(benutzer)
    c = _verwaltung(benutzer)
    assert c.get("/protokoll/csv/?kundennummer=" + NUMMER).status_code == 405
    agentin = Client()
    agentin.force_login(get_user_model().objects.get(username="agentin"))
    assert agentin.post("/protokoll/csv/", {}).status_code == 403
    assert not Zugriff.objects.filter(aktion="zugriffsprotokoll_herunterladen").exists()


def test_csv_mit_ungueltigem_filter_zeigt_die_seite_mit_meldung(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    antwort = c.post("/protokoll/csv/", {"kundennummer": "ABC"}, follow=True)    # 303 auf die Seite
    assert antwort.redirect_chain == [("/protokoll/", 303)]
    assert antwort.status_code == 400 and antwort["Content-Type"].startswith("text/html")
    assert "Das ist keine Kundennummer" in _sichtbar(antwort)
    assert not Zugriff.objects.filter(aktion="zugriffsprotokoll_herunterladen").exists()


def test_csv_entschaerft_formeln(benutzer: Callable[..., Any]) -> None:
    boese = benutzer("agent_sc3", "=HYPERLINK(1)")
    zugriff_protokollieren(boese, "kunde_suchen", kundennummer=NUMMER)
    zeilen = _csv(_verwaltung(benutzer).post("/protokoll/csv/", {}))
    assert any(z[1:2] == ["'=HYPERLINK(1)"] for z in zeilen)


@pytest.mark.parametrize("filter_, feld", [({"kundennummer": "ABC"}, "id_kundennummer"),
                                           ({"von": "2026-03-10", "bis": "2026-03-01"}, "id_bis")])
def test_nach_filterfehler_fokus_auf_der_fehlerliste(benutzer: Callable[..., Any], filter_: dict[str, str],
                                                     feld: str) -> None:
    html = _verwaltung(benutzer).post("/protokoll/", filter_ | {"seite": "1"}).content.decode()
    liste = re.search(r'<div class="kern-alert kern-alert--danger"[^>]*>', html)
    assert liste is not None and "autofocus" in liste.group(0) and 'role="alert"' in liste.group(0)
    assert html.count("autofocus") == 1                                     # nicht auch auf der Tabelle
    assert f'href="#{feld}"' in html and f'id="{feld}"' in html               # die Fehlerliste führt ans Feld
    assert "<title>Fehler: Zugriffsprotokoll" in html


def test_aktion_laesst_sich_aus_der_fehlerliste_erreichen(benutzer: Callable[..., Any]) -> None:
    html = _verwaltung(benutzer).post("/protokoll/", {"aktion": "x" * 81}).content.decode()
    assert 'href="#id_aktion"' in html and '<select class="kern-form-input__select" id="id_aktion"' in html


def test_kontakt_gekuerzt_mit_vollem_wert_und_ohne_link(benutzer: Callable[..., Any]) -> None:
    kontakt = _eintraege(benutzer)
    html = _verwaltung(benutzer).post("/protokoll/", {"kundennummer": NUMMER, "seite": "1"}).content.decode()
    zelle = html.split("<tbody", 1)[1].split("</tr>", 1)[0].rsplit('<td class="kern-table__cell">', 1)[1]
    assert f">{str(kontakt)[:8]}…</span>" in zelle
    assert f'title="Kontakt {kontakt}"' in zelle and f'<span class="kern-sr-only">{kontakt}</span>' in zelle
    assert "<a " not in zelle       # die Administration liest keine Kontakte (zugriff.darf_kontakt_sehen)


def test_csv_knopf_im_filter(benutzer: Callable[..., Any]) -> None:
    html = _verwaltung(benutzer).get("/protokoll/").content.decode()
    form = html.split('id="protokoll-filter"', 1)[1].split("</form>", 1)[0]
    assert 'formaction="/protokoll/csv/"' in form and "Als CSV herunterladen" in form


# --- 3. Administration nicht mit Rollen, die Kundendaten lesen oder ändern ---------------------------------------

def test_welche_rollen_kundendaten_lesen() -> None:
    lesen = {s for s, r in ROLLEN.items() if liest_sozialdaten(r)}
    assert lesen == {"agent_ez", "agent_sc3", "agent_scfk", "agent_emb", "os_algplus", "fk_direktion",
                     "teamleitung", "teamleitung_fk", "teamleitung_emb"}
    assert rollen_unvereinbar(["redaktion", "freigabe"]) is None              # vier Augen gelten bei der Freigabe
    assert rollen_unvereinbar(["administration", "redaktion", "freigabe"]) is None
    assert rollen_unvereinbar(["agent_sc3", "agent_scfk"]) is None


def test_administration_mit_agentenrollen_wird_nicht_angelegt(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    antwort = c.post("/verwaltung/auth/user/add/", {
        "username": "beides", "usable_password": "true", "password1": PASSWORT, "password2": PASSWORT,
        "rollen": ["administration", "agent_sc3", "agent_scfk"], "standort": "Nürnberg"})
    text = _sichtbar(antwort)
    assert antwort.status_code == 200
    assert ("Die Rolle „Administration“ geht nicht zusammen mit den Rollen „Service Center SGB III“, "
            "„Service Center Familienkasse“") in text
    assert re.search(r'errorlist[^>]*>\s*<li>Die Rolle „Administration“', antwort.content.decode())
    assert not get_user_model().objects.filter(username="beides").exists()


def test_administration_mit_kundendatenrolle_wird_nicht_geaendert(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    ziel = benutzer("agent_sc3", "agentin")
    daten = {"username": "agentin", "first_name": "", "last_name": "", "email": "", "is_active": "on",
             "rollen": ["agent_sc3", "administration"], "standort": "Nürnberg", "date_joined_0": "01.01.2026",
             "date_joined_1": "00:00:00"}
    antwort = c.post(f"/verwaltung/auth/user/{ziel.pk}/change/", daten)
    assert antwort.status_code == 200
    assert "geht nicht zusammen mit der Rolle „Service Center SGB III“" in _sichtbar(antwort)
    assert list(ziel.groups.values_list("name", flat=True)) == ["agent_sc3"]
    teamleitung = c.post(f"/verwaltung/auth/user/{ziel.pk}/change/",
                         daten | {"rollen": ["teamleitung", "administration"]})
    assert "mit der Rolle „Teamleitung“" in _sichtbar(teamleitung)
    erlaubt = c.post(f"/verwaltung/auth/user/{ziel.pk}/change/",
                     daten | {"rollen": ["administration", "redaktion", "freigabe"], "standort": ""})
    assert erlaubt.status_code == 302
    assert sorted(ziel.groups.values_list("name", flat=True)) == ["administration", "freigabe", "redaktion"]


def test_superuser_gilt_als_administration(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    chef = get_user_model().objects.create_superuser("chef", "", PASSWORT)
    antwort = c.post(f"/verwaltung/auth/user/{chef.pk}/change/", {
        "username": "chef", "first_name": "", "last_name": "", "email": "", "is_active": "on",
        "rollen": ["agent_emb"], "standort": "Nürnberg", "date_joined_0": "01.01.2026", "date_joined_1": "00:00:00"})
    assert antwort.status_code == 200 and "gilt darum als Administration" in _sichtbar(antwort)


def test_demo_daten_kennen_keine_unvereinbaren_rollen() -> None:
    demo_benutzer_anlegen()
    for user in get_user_model().objects.prefetch_related("groups"):
        rollen = [g.name for g in user.groups.all()]
        assert rollen_unvereinbar(rollen + (["administration"] if user.is_superuser else [])) is None, user


def test_auch_dienst_und_kommandozeile_vergeben_sie_nicht(benutzer: Callable[..., Any]) -> None:
    """Nicht nur das Formular: der Dienst (für OIDC und Einrichtung) und `manage.py benutzer` lehnen ab."""
    with pytest.raises(RollenUnvereinbar, match="geht nicht zusammen mit der Rolle „Service Center SGB III“"):
        benutzer_anlegen("beides", PASSWORT, ["administration", "agent_sc3"], standort="Nürnberg")
    assert not get_user_model().objects.filter(username="beides").exists()      # zurückgerollt
    agentin = benutzer("agent_sc3", "agentin")
    with pytest.raises(RollenUnvereinbar):
        rollen_setzen(agentin, ["agent_sc3", "administration"], standort="Nürnberg")
    assert list(agentin.groups.values_list("name", flat=True)) == ["agent_sc3"]
    with pytest.raises(CommandError, match=r"geht nicht zusammen .* \(--rolle\)$"):
        call_command("benutzer", "anlegen", "zwei", "--rolle", "administration", "--rolle", "teamleitung",
                     "--standort", "Nürnberg", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="zwei").exists()
