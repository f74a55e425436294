"""gunicorn-Einstellungen des Betriebs: `gunicorn kundenportal.wsgi -c python:kundenportal.conf.gunicorn …` (systemd-Unit,
Procfile, Containerfile, docs/betrieb.md). Als Modul im Paket, damit es mit `pip install .` und im Abbild da ist
und aus jedem Arbeitsverzeichnis gilt; Bindung, Arbeiter und Zeitgrenze stehen weiter auf der Befehlszeile.

- **Protokoll** (Rundgang Betrieb: Textzeilen des Masters zwischen den JSON-Zeilen): `logconfig_dict` ist Djangos
  LOGGING (conf/protokoll.py) — auch der Master, der Django nicht lädt, schreibt „Starting gunicorn“, „Booting
  worker“, „Worker exiting“, „WORKER TIMEOUT“ als JSON-Zeile, Kundennummern maskiert. Zugriffszeilen schreibt die
  App (betrieb/anfrage.py); `Protokoll.access` lässt gunicorns eigene weg, ohne sie je Anfrage erst aufzubauen.
- **Steuer-Socket** (gunicorn ab 25.1, `gunicornc`): ohne Einstellung legt gunicorn ihn unter
  `$HOME/.gunicorn/gunicorn.ctl` an — unter systemd mit ProtectSystem/ProtectHome ist HOME nur lesbar (eine
  Fehlerzeile bei jedem Start eines Arbeiters), und zwei gunicorn desselben Benutzers nähmen sich den Socket weg.
  Mit systemds RuntimeDirectory (Variable RUNTIME_DIRECTORY, /run/kundenportal-web) liegt er dort, sonst gibt es
  keinen. Dorthin auch die Herzschlagdateien der Arbeiter (tmpfs statt /tmp)."""

from __future__ import annotations

import logging
import os
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

from kundenportal.conf.protokoll import protokoll_aus_umgebung
from kundenportal.conf.umgebung import entwicklung


class Protokoll(Logger):  # type: ignore[misc]
    """gunicorns Logger ohne eigene Zugriffszeilen (mit `logconfig_dict` baute er sie sonst für jede Anfrage)."""

    def access(self, *args: Any, **kwargs: Any) -> None:
        return None


logger_class = Protokoll
logconfig_dict = protokoll_aus_umgebung(entwicklung())


def on_starting(server: Any) -> None:
    """Auch Python-Warnungen (etwa WhiteNoise „No directory at …“ beim Start eines Arbeiters) als JSON-Zeile
    (Logger py.warnings) statt als Text auf stderr; die Arbeiter erben es vom Master."""
    logging.captureWarnings(True)


_laufzeit = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]      # systemd: RuntimeDirectory=
if _laufzeit:
    control_socket = os.path.join(_laufzeit, "gunicorn.ctl")
    worker_tmp_dir = _laufzeit
else:
    control_socket_disable = True
