"""Eine Zeitgrenze für den Zerleger: eine Mail, an der er länger als `EMB_ZERLEGEN_SEKUNDEN` arbeitet
(tief verschachtelt, riesig, bösartig gebaut), bricht mit `ZeitUeberschritten` ab und kommt mit diesem
Grund in die Quarantäne — ein Worker hängt so nie an einer einzigen Mail.

Umgesetzt mit einem Intervall-Timer (SIGALRM), der nur im Hauptthread eines Prozesses wirkt: dort laufen
die Celery-Worker (prefork), der Befehl `kundenportal emb einlesen` und die Tests. In einem anderen Thread
(etwa `runserver`, „Zerlegung neu anstoßen“) zerlegt er ohne Grenze; ein schon laufender Timer eines
Aufrufers wird danach mit seiner Restzeit wiederhergestellt."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from django.conf import settings

from .mime import Zerlegt, zerlegen


class ZeitUeberschritten(BaseException):
    """Der Zerleger hat die Zeitgrenze überschritten; die Meldung nennt sie. Abgeleitet von BaseException
    (wie KeyboardInterrupt): ein `except Exception` im Zerleger fängt sie nicht ab."""


def _sekunden() -> float:
    return float(getattr(settings, "EMB_ZERLEGEN_SEKUNDEN", 10.0) or 0)


@contextmanager
def zeitgrenze(sekunden: float) -> Iterator[None]:
    """Bricht den Block nach `sekunden` mit `ZeitUeberschritten` ab (nur im Hauptthread; 0 = ohne Grenze)."""
    if sekunden <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    meldung = f"Zerlegung dauerte länger als {sekunden:g} s"
    abgelaufen = threading.Event()

    def abbrechen(signum: int, rahmen: FrameType | None) -> None:
        abgelaufen.set()
        raise ZeitUeberschritten(meldung)

    # Fällt das Signal in einen Rückruf, dessen Ausnahmen Python nur meldet (das Aufräumen eines weakref
    # während der Speicherbereinigung, ein __del__), geht die Ausnahme dort verloren: die Grenze gilt trotzdem
    # (abgelaufen, nach dem Block), und die Meldung „Exception ignored …“ dieser einen Ausnahme entfällt.
    melden = sys.unraisablehook

    def nur_fremde_melden(fall: Any) -> None:
        if not isinstance(fall.exc_value, ZeitUeberschritten):
            melden(fall)

    beginn = time.monotonic()
    vorher = signal.signal(signal.SIGALRM, abbrechen)
    sys.unraisablehook = nur_fremde_melden
    alt, _ = signal.setitimer(signal.ITIMER_REAL, sekunden)
    try:
        yield
        if abgelaufen.is_set():
            raise ZeitUeberschritten(meldung)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.unraisablehook = melden
        signal.signal(signal.SIGALRM, vorher)
        if alt > 0:       # der Timer eines Aufrufers läuft mit seiner Restzeit weiter
            signal.setitimer(signal.ITIMER_REAL, max(alt - (time.monotonic() - beginn), 0.001))


def zerlegen_begrenzt(roh: bytes, sekunden: float | None = None) -> Zerlegt:
    """`mime.zerlegen` mit Zeitgrenze (Standard: `settings.EMB_ZERLEGEN_SEKUNDEN`)."""
    with zeitgrenze(_sekunden() if sekunden is None else sekunden):
        return zerlegen(roh)
