"""Djangos Vorlagen kennen `{# … #}` nur auf einer Zeile: ein mehrzeiliger Kommentar steht sonst als Text auf der
Seite (Rundgang: „{# Übergaben an andere Teams … #}“ in der Kontakthistorie). Jinja2-Vorlagen dürfen mehrzeilig."""

from __future__ import annotations

import re
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[2] / "kundenportal"


def test_kein_mehrzeiliger_kommentar_in_django_vorlagen() -> None:
    funde = []
    for datei in WURZEL.rglob("templates/**/*.html"):
        text = datei.read_text(encoding="utf-8")
        for treffer in re.finditer(r"\{#(.*?)#\}", text, re.S):
            if "\n" in treffer.group(1):
                funde.append(f"{datei.relative_to(WURZEL.parent)}:{text[:treffer.start()].count(chr(10)) + 1}")
    assert not funde, "Mehrzeiliger {# #}-Kommentar (in Django nur einzeilig; sonst {% comment %}): " + ", ".join(funde)
