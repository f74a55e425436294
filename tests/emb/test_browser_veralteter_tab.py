"""Im echten Chromium: Ein veralteter Tab (die Mail ist inzwischen zurück in der Warteschlange und von jemand anderem
übernommen) beantwortet eine Frage der Arbeitshilfe. Er zeigt nur die Meldung der E-Mail-Bearbeitung („Die Mail ist
nicht mehr von Ihnen übernommen …“) — keine Meldung des Gesprächs („Dieser Kontakt ist abgeschlossen …“) blitzt im
Gesprächsbereich auf, bevor die Seite neu lädt — und kein Schritt läuft, weder am alten noch am neuen Kontakt.
Die Seite danach ist axe-core-sauber (WCAG 2.1 AA, keine Verstöße)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from kundenportal.emb.models import Mail
from kundenportal.emb.services import (
    NICHT_UEBERNOMMEN,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import jetzt
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank, frage
from tests.email.test_terminabsage import MAIL, uwe_berger_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"
IDENTITAET = "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?"

# Merkt sich jede Meldung (role="alert"), die nach dem Laden im Gesprächsbereich erscheint — über das Neuladen der
# Seite hinweg (sessionStorage des Tabs): so fällt auch auf, was nur für einen Augenblick zu sehen war.
BEOBACHTER = """
(() => {
  const merken = (text) => {
    const liste = JSON.parse(sessionStorage.getItem("gesehen") || "[]");
    liste.push(text.replace(/\\s+/g, " ").trim());
    sessionStorage.setItem("gesehen", JSON.stringify(liste));
  };
  const pruefen = (knoten) => {
    if (knoten.nodeType !== 1 || !knoten.closest("#gespraech")) { return; }
    const meldungen = knoten.matches("[role=alert]") ? [knoten] : [...knoten.querySelectorAll("[role=alert]")];
    meldungen.forEach((m) => merken(m.textContent || ""));
  };
  addEventListener("load", () => new MutationObserver((aenderungen) => aenderungen.forEach(
    (a) => a.addedNodes.forEach(pruefen))).observe(document.body, {childList: true, subtree: true}));
})();
"""


@pytest.fixture
def mail(db: Any, settings: Any) -> Mail:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")
    erika = benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    benutzer_anlegen("bernd", PASSWORT, ["agent_emb"], standort="Nürnberg")
    m = mail_einlesen(MAIL, quelle="imap:test").mail
    assert mail_beanspruchen(erika, m.id, jetzt())
    zuordnung_bestaetigen(erika, m.id, "terminabsage", jetzt())
    return m


@pytest.fixture
def seite(mail: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def _uebernehmen_und_starten(mail_id: int) -> str:
    """Bernd übernimmt die Mail aus der Warteschlange und startet die Arbeitshilfe: ein neuer Kontakt."""
    from django.contrib.auth import get_user_model

    bernd = get_user_model().objects.get(username="bernd")
    assert mail_beanspruchen(bernd, mail_id, jetzt())
    zuordnung_bestaetigen(bernd, mail_id, "terminabsage", jetzt())
    bearbeitung_starten(bernd, mail_id, jetzt())
    return str(Mail.objects.get(id=mail_id).kontakt_id)


def _laeufe(*kontakte: str) -> list[Any]:
    return [Kontakt.objects.get(pk=k).lauf for k in kontakte]


def test_veralteter_tab_zeigt_nur_die_meldung_der_mail(seite: Page, mail: Mail) -> None:
    tab_b = seite
    tab_b.add_init_script(BEOBACHTER)
    anmelden(tab_b, "erika", PASSWORT)
    tab_b.goto(f"/emb/{mail.id}/")
    tab_b.get_by_role("button", name="Arbeitshilfe starten").click()
    frage(tab_b, IDENTITAET)
    alter_kontakt = datenbank(lambda: str(Mail.objects.get(id=mail.id).kontakt_id))

    tab_a = tab_b.context.new_page()                    # Tab A: zurück in die Warteschlange
    tab_a.goto(f"/emb/{mail.id}/")
    tab_a.get_by_role("button", name="Zurück in die Warteschlange").click()
    expect(tab_a.locator("#meldungen")).to_contain_text("ist zurück in der Warteschlange.")
    tab_a.close()
    neuer_kontakt = datenbank(lambda: _uebernehmen_und_starten(mail.id))      # Bernd hat die Mail jetzt
    vorher = datenbank(lambda: _laeufe(alter_kontakt, neuer_kontakt))

    schritte: list[str] = []          # die Antwort des Gesprächs auf den Schritt, mitgelesen

    def mitlesen(route: Route) -> None:
        antwort = route.fetch()
        schritte.append(antwort.text())
        route.fulfill(response=antwort)

    tab_b.route("**/kontakt/**", mitlesen)
    tab_b.locator("#antwort").get_by_role("button", name="ja", exact=False).first.click()    # Tab B, veraltet
    expect(tab_b.locator("#meldungen")).to_contain_text(NICHT_UEBERNOMMEN)
    expect(tab_b.locator("#meldungen").get_by_role("link", name="Zur Warteschlange")).to_be_visible()
    expect(tab_b.get_by_role("button", name="Erledigt")).to_have_count(0)
    expect(tab_b.locator("#gespraech")).to_have_count(0)          # kein Gesprächsbereich mehr: die Mail ist fremd
    expect(tab_b.get_by_text("In Bearbeitung durch bernd.")).to_be_visible()

    gesehen = tab_b.evaluate("JSON.parse(sessionStorage.getItem('gesehen') || '[]')")
    assert [t for t in gesehen if "abgeschlossen" in t] == [], gesehen       # nichts vom Gespräch blitzte auf
    assert all(NICHT_UEBERNOMMEN in t for t in gesehen), gesehen
    assert len(schritte) == 1 and "abgeschlossen" not in schritte[0] and NICHT_UEBERNOMMEN in schritte[0]
    assert datenbank(lambda: _laeufe(alter_kontakt, neuer_kontakt)) == vorher      # kein Schritt lief
    barrierefrei(tab_b, streng=True)
