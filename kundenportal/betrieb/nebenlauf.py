"""Eine Prüfung mit Zeitgrenze in einem eigenen Thread, höchstens eine zugleich je Prozess (/readyz und /metrics
fragen damit die Datenbank): hängt die vorige noch, wartet die nächste Anfrage auf dieselbe, statt eine zweite zu
starten — so bleibt es bei einem Thread und einer Verbindung, auch wenn der Server gar nicht antwortet."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class Nebenlauf(Generic[T]):
    def __init__(self, name: str) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._sperre = threading.Lock()
        self.lauf: Future[T] | None = None

    def ergebnis(self, tun: Callable[[], T], sekunden: float) -> T:
        """Das Ergebnis von `tun` (mit dem Kontext der Anfrage, etwa ihrer Kennung im Protokoll) oder
        concurrent.futures.TimeoutError nach `sekunden`; Ausnahmen von `tun` kommen hier an."""
        with self._sperre:
            if self.lauf is None or self.lauf.done():
                self.lauf = self._thread.submit(contextvars.copy_context().run, tun)
            lauf = self.lauf
        return lauf.result(timeout=sekunden)
