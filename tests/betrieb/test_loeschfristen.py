"""Löschfristen: der Probelauf zeigt, was ginge, und löscht nichts; der Lauf (Befehl und Celery-Aufgabe)
löscht genau das Abgelaufene — alte Kontakte, Rohmails und Anhänge, Protokolleinträge, QS-Stichproben,
Anmeldeversuche, abgelaufene Sitzungen — und lässt alles Junge stehen."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from kundenportal import zeit
from kundenportal.betrieb.tasks import loeschen
from kundenportal.emb.models import Anhang, Mail
from kundenportal.emb.services import eml_importieren
from kundenportal.eservice.models import AnmeldeVersuch
from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Sitzung, Zugriff
from kundenportal.qs import services as qs
from kundenportal.qs.models import Stichprobe
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db
ALT = timezone.now() - dt.timedelta(days=800)


@pytest.fixture
def bestand(benutzer: Callable[..., Any], kunde: str) -> dict[str, Any]:
    agent = benutzer("agent_sc3")
    alt = services.kontakt_abschliessen(agent, services.kontakt_starten(agent, "SC 3.003", kunde), "Alt.")
    jung = services.kontakt_abschliessen(agent, services.kontakt_starten(agent, "SC 3.003", kunde), "Jung.")
    Kontakt.objects.filter(pk=alt.pk).update(abgeschlossen=ALT)
    stichprobe = qs.stichprobe_ziehen(benutzer("teamleitung"), heute=zeit.heute(), jetzt=zeit.jetzt())
    Stichprobe.objects.filter(pk=stichprobe.pk).update(gezogen=ALT)
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0004.eml")
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0001.eml")
    mit_anhang = Mail.objects.filter(anhaenge__isnull=False).distinct().get()
    Mail.objects.filter(pk=mit_anhang.pk).update(status=Mail.Status.ERLEDIGT, erledigt_am=ALT)
    Zugriff.objects.update(zeit=ALT)
    services.kontakt_stand(agent, jung)               # ein junger Protokolleintrag
    AnmeldeVersuch.objects.create(kundennummer=kunde, zeitpunkt=ALT, erfolgreich=False)
    Sitzung.objects.create(session_key="abgelaufen", session_data="", expire_date=ALT)
    Sitzung.objects.create(session_key="gueltig", session_data="", expire_date=timezone.now() + dt.timedelta(hours=1))
    return {"alt": alt.pk, "jung": jung.pk, "mail": mit_anhang.pk}


def _zaehlen() -> dict[str, int]:
    return {"kontakte": Kontakt.objects.count(), "anhaenge": Anhang.objects.count(),
            "rohmails": Mail.objects.exclude(roh=b"").count(), "protokoll": Zugriff.objects.count(),
            "qs": Stichprobe.objects.count(), "versuche": AnmeldeVersuch.objects.count(),
            "sitzungen": Sitzung.objects.count()}


def _befehl(*args: str) -> str:
    ausgabe = io.StringIO()
    call_command("loeschfristen", *args, stdout=ausgabe)
    return ausgabe.getvalue()


def test_probelauf_zeigt_und_loescht_nichts(bestand: dict[str, Any]) -> None:
    vorher = _zaehlen()
    text = _befehl("--dry-run")
    assert _zaehlen() == vorher
    assert "Probelauf" in text
    for zeile in ["1  abgeschlossene Kontakte", "1  QS-Stichproben", "1  Rohmails und Anhänge",
                  "1  abgelaufene Sitzungen", "1  Anmeldeversuche"]:
        assert zeile in text, text


def test_lauf_loescht_genau_das_abgelaufene(bestand: dict[str, Any]) -> None:
    vorher = _zaehlen()
    text = _befehl()
    assert "Gelöscht:" in text
    assert not Kontakt.objects.filter(pk=bestand["alt"]).exists()
    assert Kontakt.objects.filter(pk=bestand["jung"]).exists()
    mail = Mail.objects.get(pk=bestand["mail"])
    assert bytes(mail.roh) == b"" and not mail.anhaenge.exists() and mail.betreff        # Kopfdaten bleiben
    assert Mail.objects.exclude(roh=b"").count() == vorher["rohmails"] - 1
    assert not Stichprobe.objects.exists()
    assert Zugriff.objects.count() >= 1 and not Zugriff.objects.filter(zeit__lt=timezone.now() - dt.timedelta(days=731)).exists()
    assert not AnmeldeVersuch.objects.exists()
    assert list(Sitzung.objects.values_list("session_key", flat=True)) == ["gueltig"]
    assert _befehl("--dry-run").count("     0  ") == 7                  # danach ist nichts mehr fällig


def test_celery_aufgabe_loescht_nach_den_eingestellten_fristen(bestand: dict[str, Any], settings: Any) -> None:
    settings.LOESCHFRISTEN = {**settings.LOESCHFRISTEN, "kontakte": 10000, "qs": 10000}
    ergebnis = loeschen.apply().get()
    assert ergebnis["kontakte"] == 0 and ergebnis["qs"] == 0 and ergebnis["mails"] == 1
    assert Kontakt.objects.filter(pk=bestand["alt"]).exists()


def test_verworfene_mail_roh_mit_der_mailfrist_ganz_mit_der_kontaktfrist(settings: Any) -> None:
    """Eine aus der Quarantäne verworfene Mail hat keinen Kontakt, der sie mitnähme: ihre Rohbytes gehen mit der
    Frist der Mails, die Zeile (Kopfdaten, Protokoll) mit der Frist der Kontakte — beides ab `verworfen_am`."""
    settings.LOESCHFRISTEN = {**settings.LOESCHFRISTEN, "mails": 30, "kontakte": 365}
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0004.eml")
    mail = Mail.objects.get()
    Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.VERWORFEN,
                                           verworfen_am=timezone.now() - dt.timedelta(days=100))
    _befehl()
    mail.refresh_from_db()
    assert bytes(mail.roh) == b"" and mail.status == Mail.Status.VERWORFEN       # Rohbytes weg, Zeile noch da
    Mail.objects.filter(pk=mail.pk).update(verworfen_am=timezone.now() - dt.timedelta(days=400))
    text = _befehl()
    assert not Mail.objects.filter(pk=mail.pk).exists()
    assert "1  verworfene Mails der Quarantäne" in text, text


def test_probelauf_nennt_dieselben_arten_wie_der_lauf(bestand: dict[str, Any]) -> None:
    """Der Probelauf (`--dry-run`) zählt jede Art, die der Lauf löscht — auch die verworfenen Mails der Quarantäne."""
    from kundenportal.betrieb import loeschfristen

    jetzt = timezone.now()
    probe = [(p.art, p.beschreibung) for p in loeschfristen.faellig(jetzt)]
    assert probe == [(p.art, p.beschreibung) for p in loeschfristen.loeschen(jetzt)]
    assert ("verworfen", "verworfene Mails der Quarantäne (Kopfdaten, Protokoll)") in probe
