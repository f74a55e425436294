"""Vorlagen nutzen KERN UX (kundenportal/static/kern) statt eigener Ersatzklassen.

Knöpfe, Tabellen, Meldungen, Hinweise, Karten und Formularfelder haben KERN-Klassen; Felder aus
Django-Formularen laufen über portal/_feld.html oder den Filter `kern` (konten/templatetags/kern.py).
Eigenes CSS nur, wo KERN nichts hat (Gesprächsschritt, Schrittgraph, Diagramme)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError

WURZEL = Path(__file__).resolve().parents[2] / "kundenportal"
# Vorlagen-Ordner, die ihre Umstellung noch vor sich haben. Seit redaktion/ und emb/ umgestellt sind, ist die
# Menge leer und static/portal/ohne-kern.css (die alten Regeln für nackte Elemente) gelöscht; sie soll leer bleiben.
NOCH_OHNE_KERN: set[str] = set()

# Eigene Klassen, die eine KERN-Komponente nachbauen → die KERN-Klasse daneben.
ERSATZ = {
    "knopf": "kern-btn", "knopf--zweit": "kern-btn--secondary", "zweit": "kern-btn--secondary",
    "leise": "kern-btn--tertiary", "gefahr": "kern-btn--secondary", "klein": "kern-btn--x-small",
    "meldung": "kern-alert", "fehler": "kern-error", "fehlertext": "kern-error", "fehlerliste": "kern-alert--danger",
    "hinweis": "kern-hint / kern-body--muted", "karte": "kern-card", "kasten": "kern-card",
    "nur-vorlesen": "kern-sr-only", "feld": "kern-form-input", "feld--fehler": "kern-form-input__input--error",
    "methode": "kern-badge", "abzeichen": "kern-badge", "status": "kern-badge",
}


def _vorlagen() -> list[Path]:
    """Ohne templates/admin/: die Verwaltung ist Djangos Admin mit dessen CSS (KERN ist dort nicht geladen); ihre
    Überschreibungen folgen Djangos Markup (tests/browser/test_verwaltung_browser.py prüft sie mit axe)."""
    alle = sorted([*WURZEL.rglob("templates/**/*.html"), *WURZEL.rglob("jinja2/**/*.html")])   # Django und Jinja2
    return [p for p in alle if "templates/admin/" not in p.as_posix()
            and not any(f"templates/{o}/" in p.as_posix() for o in NOCH_OHNE_KERN)]


def _name(p: Path) -> str:
    return p.relative_to(WURZEL).as_posix()


def _klassen(text: str) -> list[tuple[int, str]]:
    """(Zeile, Klasse) aus class="…"; Vorlagen-Ausdrücke ({{ }}, {% %}) werden übersprungen."""
    treffer = []
    for m in re.finditer(r'\bclass="([^"]*)"', text):
        ohne = re.sub(r"\{[{%].*?[}%]\}", " ", m.group(1))
        zeile = text.count("\n", 0, m.start()) + 1
        treffer += [(zeile, k) for k in ohne.split()]
    return treffer


def test_es_gibt_vorlagen_und_die_ausnahmen_existieren() -> None:
    assert len(_vorlagen()) > 50
    for ordner in NOCH_OHNE_KERN:
        assert list(WURZEL.rglob(f"templates/{ordner}/*.html")), f"{ordner}: umgestellt? aus NOCH_OHNE_KERN streichen"
    alte_regeln = WURZEL / "static" / "portal" / "ohne-kern.css"
    if not NOCH_OHNE_KERN:     # alles umgestellt: die alten Regeln sind weg und keine Vorlage bindet sie ein
        assert not alte_regeln.exists(), "NOCH_OHNE_KERN ist leer: static/portal/ohne-kern.css löschen"
        assert not [_name(p) for p in WURZEL.rglob("templates/**/*.html") if "ohne-kern.css" in p.read_text("utf-8")]


@pytest.mark.parametrize("vorlage", _vorlagen(), ids=_name)
def test_keine_eigenen_ersatzklassen(vorlage: Path) -> None:
    text = vorlage.read_text(encoding="utf-8")
    verstoesse = [f"{_name(vorlage)}:{z}: class {k!r} → {ERSATZ[k]}" for z, k in _klassen(text) if k in ERSATZ]
    assert not verstoesse, "\n".join(verstoesse)


def _tags(text: str, name: str) -> list[tuple[int, str]]:
    return [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in re.finditer(rf"<{name}\b[^>]*>", text)]


@pytest.mark.parametrize("vorlage", _vorlagen(), ids=_name)
def test_knoepfe_tabellen_und_felder_sind_kern(vorlage: Path) -> None:
    text = vorlage.read_text(encoding="utf-8")
    ort = _name(vorlage)
    fehler = [f"{ort}:{z}: <button> ohne kern-btn" for z, t in _tags(text, "button") if "kern-btn" not in t]
    fehler += [f"{ort}:{z}: <table> ohne kern-table" for z, t in _tags(text, "table") if "kern-table" not in t]
    for z, t in _tags(text, "td") + _tags(text, "th"):
        if "kern-table__" not in t:
            fehler.append(f"{ort}:{z}: Tabellenzelle ohne kern-table__cell/__header")
    for z, t in _tags(text, "input"):
        if not re.search(r'type="(hidden|checkbox|radio)"', t) and "kern-form-input__input" not in t:
            fehler.append(f"{ort}:{z}: <input> ohne kern-form-input__input")
    for name, klasse in (("select", "kern-form-input__select"), ("textarea", "kern-form-input__input"),
                         ("label", "kern-label")):
        fehler += [f"{ort}:{z}: <{name}> ohne {klasse}" for z, t in _tags(text, name) if klasse not in t]
    # Django-Felder nie roh ({{ form.x }}, label_tag): Beschriftung, Fehler und Klassen kommen aus portal/_feld.html.
    for m in re.finditer(r"\{\{\s*(form\.\w+|feld)\s*\}\}|\blabel_tag\b|\{\{\s*form\s*\}\}|\bas_p\b|\bas_div\b", text):
        fehler.append(f"{ort}:{text.count(chr(10), 0, m.start()) + 1}: Formularfeld roh ({m.group(0)}), "
                      "über portal/_feld.html oder |kern zeichnen")
    assert not fehler, "\n".join(fehler)


class _Formular(forms.Form):
    name = forms.CharField(label="Name", help_text="Wie im Ausweis.")
    art = forms.ChoiceField(label="Art", choices=[("a", "Eins"), ("b", "Zwei")])
    wege = forms.MultipleChoiceField(label="Wege", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    einverstanden = forms.BooleanField(label="Einverstanden", required=False)
    text = forms.CharField(label="Text", widget=forms.Textarea, required=False)


def _feld(form: forms.Form, name: str) -> str:
    return Template('{% include "portal/_feld.html" with feld=f %}').render(Context({"f": form[name]}))


def test_feld_include_zeichnet_kern_feldgruppen_mit_verknuepftem_fehler() -> None:
    form = _Formular(data={"name": "", "art": "z", "wege": ["x"]})
    assert not form.is_valid()
    name = _feld(form, "name")
    assert '<div class="kern-form-input">' in name and '<label class="kern-label" for="id_name">Name</label>' in name
    assert '<div class="kern-hint" id="id_name_helptext">Wie im Ausweis.</div>' in name
    assert '<p class="kern-error" id="id_name_error">' in name
    eingabe = re.search(r"<input[^>]*>", name)
    assert eingabe and 'class="kern-form-input__input kern-form-input__input--error"' in eingabe[0]
    assert 'aria-describedby="id_name_helptext id_name_error"' in eingabe[0] and 'aria-invalid="true"' in eingabe[0]
    auswahl = _feld(form, "art")
    assert '<div class="kern-form-input__select-wrapper"><select name="art" class="kern-form-input__select kern-form-input__select--error"' in auswahl
    wege = _feld(form, "wege")
    assert '<fieldset class="kern-fieldset">' in wege and '<legend class="kern-label">Wege</legend>' in wege
    assert re.search(r'<input type="checkbox" name="wege" value="x" class="kern-form-check__checkbox" id="id_wege_0" checked>', wege)
    assert '<label class="kern-label" for="id_wege_1">Y</label>' in wege
    ja = _feld(form, "einverstanden")
    assert '<div class="kern-form-check"><input type="checkbox" name="einverstanden" class="kern-form-check__checkbox"' in ja
    assert '<textarea name="text" cols="40" rows="10" class="kern-form-input__input"' in _feld(form, "text")


def test_filter_kern_lehnt_falsche_eingaben_mit_ortsangabe_ab() -> None:
    with pytest.raises(TemplateSyntaxError, match="Formularfeld, nicht str"):
        Template("{% load kern %}{{ x|kern }}").render(Context({"x": "kein Feld"}))
    with pytest.raises(TemplateSyntaxError, match="Feld wege: Optionsgruppen"):
        Template("{% load kern %}{{ f|kern }}").render(Context({"f": _Formular()["wege"]}))
