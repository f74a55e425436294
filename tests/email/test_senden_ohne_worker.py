"""`make run` ohne Broker, Worker und SMTP-Relay: mit `CELERY_BROKER_URL=memory://` läuft der Versand nach dem
Commit der Freigabe in der Anfrage, die Antwort liegt als .eml-Datei im Demo-Postausgang (var/postausgang/). Ein
Fehlschlag wird gespeichert und nicht in der Anfrage fünfzigmal wiederholt; der Feger sendet ihn nach. Und die
Warteschlange zeigt nie eine vergangene Zeit als „nächster Versuch“."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.emb.models import WARTEN_BIS_FEGEN, Antwort, Mail, Protokoll
from kundenportal.emb.services import antwort_entwerfen, antwort_freigeben, mail_beanspruchen, mail_einlesen

from .conftest import Smtp, freier_port

WURZEL = Path(__file__).resolve().parents[2]
POSTAUSGANG = "kundenportal.emb.postausgang.DateiPostausgang"


def _mail(nummer: int) -> bytes:
    return (f"From: Uwe Berger <uwe.berger@web.example>\r\nTo: service-center@arbeitsagentur.example\r\n"
            f"Subject: Frage {nummer}\r\nMessage-ID: <ohne-worker-{nummer}@web.example>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nWann ist mein Termin?\r\n").encode()


def _entwurf(anna: Any, nummer: int = 1) -> tuple[Mail, Antwort]:
    mail = mail_einlesen(_mail(nummer), quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, zeit.jetzt())
    return mail, antwort_entwerfen(anna, mail.id, zeit.jetzt(), vorlage="identitaet_unklar")   # ohne Kundendaten


def test_memory_broker_heisst_ohne_worker_im_prozess() -> None:
    """Die Einstellung, die `make run` setzt, schaltet Celery auf „im Prozess“; jeder andere Broker nicht."""
    programm = ("import django; django.setup(); from kundenportal.celery import app; "
                "print(app.conf.task_always_eager)")
    ergebnisse = []
    for broker in ("memory://", "redis://127.0.0.1:6379/0"):
        umgebung = {**os.environ, "KUNDENPORTAL_ENTWICKLUNG": "1", "CELERY_BROKER_URL": broker,
                    "DJANGO_SETTINGS_MODULE": "kundenportal.conf.settings"}
        lauf = subprocess.run([sys.executable, "-c", programm], cwd=WURZEL, env=umgebung, capture_output=True,
                              text=True, timeout=120)
        assert lauf.returncode == 0, lauf.stderr
        ergebnisse.append(lauf.stdout.strip())
    assert ergebnisse == ["True", "False"]


@pytest.mark.django_db(transaction=True)
def test_ohne_worker_geht_die_antwort_in_der_anfrage_in_den_postausgang(
        client: Client, anna: Any, eager: None, settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_BACKEND, settings.VAR_DIR = POSTAUSGANG, tmp_path
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    seite = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "senden", "antwort": entwurf.id}, follow=True)
    html = seite.content.decode()
    assert "Die Antwort ist gesendet." in html and "wird gesendet" not in html
    entwurf.refresh_from_db()
    assert (entwurf.status, entwurf.versuche) == (Antwort.Status.GESENDET, 1)
    (datei,) = (tmp_path / "postausgang").iterdir()
    assert datei.name == entwurf.message_id.strip("<>") + ".eml"
    gesendet = message_from_bytes(datei.read_bytes(), policy=policy.default)
    assert (gesendet["To"], gesendet["In-Reply-To"], gesendet["Message-ID"]) == (
        "uwe.berger@web.example", "<ohne-worker-1@web.example>", entwurf.message_id)
    # Mit Namen vor der Adresse (Rundgang: nur die nackte Adresse), kodiert und wieder gelesen
    assert gesendet["From"].addresses[0].display_name == "Agentur für Arbeit – Service Center"
    assert gesendet["From"].addresses[0].addr_spec == "service-center@arbeitsagentur.example"
    assert "Antworten, die noch nicht zugestellt sind" not in client.get("/emb/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_ohne_worker_wird_ein_fehlschlag_gespeichert_und_beim_naechsten_senden_nachgeholt(
        client: Client, anna: Any, eager: None, settings: Any, smtp_server: Smtp) -> None:
    settings.EMAIL_PORT = freier_port()                  # dort lauscht niemand
    mail, entwurf = _entwurf(anna)
    client.force_login(anna)
    seite = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "senden", "antwort": entwurf.id}, follow=True)
    assert ("Das Senden dieser Antwort ist fehlgeschlagen; ein neuer Versuch ist geplant."
            in seite.content.decode())
    entwurf.refresh_from_db()
    assert (entwurf.status, entwurf.versuche) == (Antwort.Status.FEHLGESCHLAGEN, 1)      # nicht 50-mal in der Anfrage
    assert Protokoll.objects.filter(art="versand_fehlgeschlagen").count() == 1
    assert entwurf.naechster_versuch is not None and entwurf.naechster_versuch > zeit.jetzt()

    # Der Versuch wird fällig; ohne beat fegt die nächste Freigabe den Ausgang mit.
    Antwort.objects.filter(id=entwurf.id).update(naechster_versuch=zeit.jetzt() - dt.timedelta(seconds=1))
    settings.EMAIL_PORT = smtp_server.port
    _, zweite = _entwurf(anna, 2)
    antwort_freigeben(anna, zweite.id, zeit.jetzt())
    assert sorted(Antwort.objects.values_list("status", "versuche")) == [(Antwort.Status.GESENDET, 1),
                                                                          (Antwort.Status.GESENDET, 2)]
    assert sorted(u.rcpt_tos[0] for u in smtp_server.empfangen) == ["uwe.berger@web.example"] * 2


def test_postausgang_legt_jede_nachricht_als_eigene_datei_ab(tmp_path: Path) -> None:
    from django.core.mail import EmailMessage

    from kundenportal.emb.postausgang import DateiPostausgang

    nachricht = EmailMessage("Ihr Termin", "Grüße", "service-center@arbeitsagentur.example", ["a@web.example"],
                             headers={"Message-ID": "<emb-1@arbeitsagentur.example>"})
    ausgang = DateiPostausgang(ordner=tmp_path)
    assert ausgang.send_messages([nachricht]) == 1 and ausgang.send_messages([nachricht]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emb-1@arbeitsagentur.example-2.eml",
                                                          "emb-1@arbeitsagentur.example.eml"]
    gelesen = message_from_bytes((tmp_path / "emb-1@arbeitsagentur.example.eml").read_bytes(), policy=policy.default)
    assert (gelesen["Subject"], gelesen.get_content().strip()) == ("Ihr Termin", "Grüße")


@pytest.mark.django_db
def test_warteschlange_zeigt_keine_vergangene_zeit_als_naechsten_versuch(client: Client, anna: Any) -> None:
    jetzt = zeit.jetzt()
    antworten = {}
    for nummer, (status, versuch) in enumerate([
            (Antwort.Status.FEHLGESCHLAGEN, jetzt + dt.timedelta(minutes=5)),       # geplant
            (Antwort.Status.FEHLGESCHLAGEN, jetzt - dt.timedelta(minutes=5)),       # fällig, steht aus
            (Antwort.Status.WARTEND, jetzt - WARTEN_BIS_FEGEN - dt.timedelta(minutes=1)),   # liegt
            (Antwort.Status.WARTEND, jetzt)], 1):                                    # eben freigegeben
        _, entwurf = _entwurf(anna, nummer)
        Antwort.objects.filter(id=entwurf.id).update(status=status, naechster_versuch=versuch)
        antworten[nummer] = zeit_text(versuch)
    client.force_login(anna)
    html = " ".join(client.get("/emb/").content.decode().split())
    assert f"nächster Versuch {antworten[1]}" in html
    assert f"nächster Versuch {antworten[2]}" not in html and f"neuer Versuch fällig seit {antworten[2]}" in html
    assert (f"wird gesendet – freigegeben {antworten[3]}, noch nicht gesendet (der Ausgang sendet sie nach)"
            in html)
    assert html.count("nächster Versuch") == 1 and html.count("noch nicht gesendet") == 1


def zeit_text(zeitpunkt: dt.datetime) -> str:
    return zeitpunkt.astimezone(zeit.BERLIN).strftime("%d.%m.%Y %H:%M")
