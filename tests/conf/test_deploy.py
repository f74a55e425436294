"""Die Betriebsdateien unter deploy/ passen zum Code: jeder Prozess (Procfile, systemd, Containerfile)
startet ein vorhandenes Modul oder einen vorhandenen manage.py-Befehl; beat und IMAP-Beobachter laufen
über `einzeln` (im Verbund nur einmal); jede Variable der Beispielumgebung ist in docs/betrieb.md erklärt."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.conf.betrieb_werkzeug import WURZEL

DEPLOY = WURZEL / "deploy"


def _befehle() -> list[tuple[str, list[str]]]:
    zeilen = [(f"Procfile:{n}", z.split(":", 1)[1]) for n, z in enumerate(
        (DEPLOY / "Procfile").read_text().splitlines(), 1) if z and not z.startswith("#")]
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        zeilen += [(unit.name, z.split("=", 1)[1]) for z in unit.read_text().splitlines()
                   if z.startswith(("ExecStart=", "ExecStartPre="))]
    return [(ort, shlex.split(teil)) for ort, zeile in zeilen for teil in zeile.split("&&")]


@pytest.mark.parametrize(("ort", "befehl"), _befehle(), ids=lambda x: x if isinstance(x, str) else "")
def test_jeder_prozess_startet_vorhandenes(ort: str, befehl: list[str]) -> None:
    programm = Path(befehl[0]).name
    bekannt = get_commands()
    if programm == "gunicorn":
        assert befehl[1] == "kundenportal.wsgi", ort
    elif programm == "celery":
        assert befehl[1:3] == ["-A", "kundenportal.celery"] and befehl[3] in ("worker", "beat"), ort
    else:
        assert programm == "python" and befehl[1] == "manage.py" and befehl[2] in bekannt, (ort, befehl)
        if befehl[2] == "einzeln":
            test_jeder_prozess_startet_vorhandenes(ort, befehl[befehl.index("--") + 1:])


def test_beat_und_imap_nur_einmal_im_verbund() -> None:
    for ort, befehl in _befehle():
        if "beat" in befehl or "emb_imap_beobachten" in befehl:
            assert befehl[1:3] == ["manage.py", "einzeln"], ort


def test_jede_variable_ist_dokumentiert() -> None:
    doku = (WURZEL / "docs" / "betrieb.md").read_text()
    variablen = {z.split("=", 1)[0] for z in (DEPLOY / "systemd" / "kundenportal.env").read_text().splitlines()
                 if z and not z.startswith("#")}
    quellen = "".join(p.read_text() for p in (WURZEL / "kundenportal" / "conf").glob("*.py"))
    variablen |= set(re.findall(r'env\.\w+\("([A-Z_]+)"', quellen))
    fehlend = sorted(v for v in variablen if f"`{v}`" not in doku and f"`{v.removesuffix('_FILE')}`" not in doku)
    assert not fehlend, f"in docs/betrieb.md nicht beschrieben: {fehlend}"
