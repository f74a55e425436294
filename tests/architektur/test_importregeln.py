"""Die Schichten, aus den Importen geprüft (docs/architektur.md, docs/adr/0004-wurzel-der-verdrahtung.md).

Pfeile zeigen nach unten: eine Schicht importiert nur aus ihrer eigenen oder tieferen. Der Kern und die
Ports kennen weder Django noch eine App; den Katalog holen Apps bei der Wurzel der Verdrahtung, nie bei
der App `katalog`; ein Gespräch fährt außerhalb des Kerns nur die `Sitzung`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAKET = Path(__file__).resolve().parents[2] / "kundenportal"
DATEIEN = sorted(p for p in PAKET.rglob("*.py") if "migrations" not in p.parts)
KERN_ORDNER = ("leitfaden", "fachverfahren/ports")
KERN_DATEIEN = ("fachverfahren/kalender.py", "fachverfahren/ausgangslage.py", "fachverfahren/speicher.py",
                "fachverfahren/speicher_zustand.py")
ERLAUBT_IM_KERN = ("kundenportal.leitfaden", "kundenportal.fachverfahren.ports", "kundenportal.fachverfahren.kalender",
                   "kundenportal.fachverfahren.ausgangslage", "kundenportal.fachverfahren.speicher",
                   "kundenportal.fachverfahren.speicher_zustand")

ARCHITEKTUR = PAKET.parent / "docs" / "architektur.md"


def _schichten() -> dict[str, int]:
    """Schicht je Teil des Pakets, von oben (6) nach unten (1), aus der Tafel in docs/architektur.md.
    Gleiche Schicht darf sich gegenseitig nutzen."""
    text = ARCHITEKTUR.read_text(encoding="utf-8")
    tafel = text.split("<!-- schichten:anfang -->")[1].split("<!-- schichten:ende -->")[0]
    schichten = {"__init__": 1}
    for zeile in tafel.splitlines():
        if zeile.startswith("Schicht "):
            nummer, rest = zeile.removeprefix("Schicht ").split(maxsplit=1)
            namen = rest.split("   ")[0]
            schichten.update({name.strip(): int(nummer) for name in namen.split("·")})
    return schichten


SCHICHTEN = _schichten()
SEITEN_APPS = ("gespraech", "eservice", "termine", "konten", "emb", "qs")


def _teil(modul: str) -> str:
    return modul.split(".")[1] if modul.startswith("kundenportal.") and modul.count(".") >= 1 else ""


def _modul(datei: Path) -> str:
    teile = datei.relative_to(PAKET.parent).with_suffix("").parts
    return ".".join(teile[:-1] if teile[-1] == "__init__" else teile)


def _importe(datei: Path) -> list[str]:
    baum = ast.parse(datei.read_text(encoding="utf-8"))
    paket = _modul(datei) if datei.name == "__init__.py" else _modul(datei).rsplit(".", 1)[0]
    namen: list[str] = []
    for knoten in ast.walk(baum):
        if isinstance(knoten, ast.Import):
            namen.extend(a.name for a in knoten.names)
        elif isinstance(knoten, ast.ImportFrom):
            basis = paket.rsplit(".", knoten.level - 1)[0] if knoten.level > 1 else paket
            modul = knoten.module if knoten.level == 0 else ".".join(filter(None, [basis, knoten.module]))
            if modul:
                namen.append(modul)
                namen.extend(f"{modul}.{a.name}" for a in knoten.names)
    return namen


def _rel(datei: Path) -> str:
    return datei.relative_to(PAKET).as_posix()


KERN = [d for d in DATEIEN if _rel(d).startswith(KERN_ORDNER) or _rel(d) in KERN_DATEIEN]


def test_tafel_der_schichten_nennt_jeden_teil_des_pakets() -> None:
    teile = {_teil(_modul(d)) or d.stem for d in DATEIEN}
    assert teile - set(SCHICHTEN) == set(), "docs/architektur.md: diese Teile fehlen in der Tafel der Schichten"
    assert set(SCHICHTEN) - teile == set(), "docs/architektur.md: diese Teile der Tafel gibt es nicht"


@pytest.mark.parametrize("datei", KERN, ids=_rel)
def test_kern_importiert_kein_django_und_keine_app(datei: Path) -> None:
    verboten = [n for n in _importe(datei) if n == "django" or n.startswith("django.")
                or (n.startswith("kundenportal.") and not n.startswith(ERLAUBT_IM_KERN))]
    assert verboten == []


@pytest.mark.parametrize("datei", DATEIEN, ids=_rel)
def test_pfeile_zeigen_nach_unten(datei: Path) -> None:
    eigen = _teil(_modul(datei)) or datei.stem
    assert eigen in SCHICHTEN, f"{_rel(datei)}: Teil {eigen!r} hat keine Schicht in SCHICHTEN"
    nach_oben = sorted({n for n in _importe(datei) if SCHICHTEN.get(_teil(n), 0) > SCHICHTEN[eigen]})
    assert nach_oben == [], f"{_rel(datei)} (Schicht {SCHICHTEN[eigen]}) importiert nach oben: {nach_oben}"


@pytest.mark.parametrize("datei", [d for d in DATEIEN if _teil(_modul(d)) in SEITEN_APPS], ids=_rel)
def test_katalog_kommt_von_der_wurzel(datei: Path) -> None:
    assert [n for n in _importe(datei) if n.startswith("kundenportal.katalog")] == []


@pytest.mark.parametrize("datei", [d for d in DATEIEN if _teil(_modul(d)) != "leitfaden"], ids=_rel)
def test_gespraeche_faehrt_nur_die_sitzung(datei: Path) -> None:
    verboten = [n for n in _importe(datei) if n.startswith("kundenportal.leitfaden.ausfuehrung")
                or n == "kundenportal.leitfaden.engine.naechstes" or n == "kundenportal.leitfaden.kontext.Kontext"]
    assert verboten == []


def test_den_kontext_baut_nur_die_sitzung() -> None:
    bauer = sorted(_rel(d) for d in DATEIEN for k in ast.walk(ast.parse(d.read_text(encoding="utf-8")))
                   if isinstance(k, ast.Call) and isinstance(k.func, ast.Name) and k.func.id == "Kontext")
    assert bauer == ["leitfaden/sitzung.py"]


# Die eine Uhr (kundenportal/zeit.py): außer ihr liest niemand die Wanduhr. Der Zwilling im Speicher
# (Kern, ohne Django) bekommt seine Uhr hineingereicht; nur sein Vorgabewert liest sie selbst.
EIGENE_UHR = {"zeit.py", "fachverfahren/speicher.py"}


def _liest_wanduhr(datei: Path) -> list[str]:
    funde = []
    for k in ast.walk(ast.parse(datei.read_text(encoding="utf-8"))):
        if isinstance(k, ast.Call) and isinstance(k.func, ast.Attribute) and k.func.attr in ("now", "today", "utcnow"):
            ziel = ast.unparse(k.func.value)
            if ziel.split(".")[-1] in ("timezone", "datetime", "date"):
                funde.append(f"{_rel(datei)}:{k.lineno}: {ast.unparse(k.func)}()")
    return funde


def test_eine_uhr() -> None:
    funde = [f for d in DATEIEN if _rel(d) not in EIGENE_UHR for f in _liest_wanduhr(d)]
    assert funde == [], "Zeit nur über kundenportal.zeit (heute/jetzt, echt für Sicherheitsfristen):\n" + "\n".join(funde)
