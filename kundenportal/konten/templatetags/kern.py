"""KERN-UX-Formularfelder (`{% load kern %}`): `{{ feld|kern }}` zeichnet das Eingabeelement eines
Django-Formularfelds mit der KERN-Klasse seiner Art (Eingabe, Auswahl, Ankreuzfeld, Optionsfeld),
Fehlerzustand (`--error`, aria-invalid) und aria-describedby auf Hinweis und Fehlermeldung.
Die ganze Feldgruppe (Beschriftung, Hinweis, Fehler, Eingabe) zeichnet das Include portal/_feld.html."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget

register = template.Library()


def art(feld: BoundField) -> str:
    """`optionen` (Radio, mehrere Ankreuzfelder), `ankreuzen` (ein Ankreuzfeld), `auswahl`, `text`, `eingabe`."""
    widget = feld.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "optionen"
    if isinstance(widget, forms.CheckboxInput):
        return "ankreuzen"
    if isinstance(widget, forms.Select):
        return "auswahl"
    if isinstance(widget, forms.Textarea):
        return "text"
    return "eingabe"


_KLASSE = {
    "ankreuzen": "kern-form-check__checkbox",
    "auswahl": "kern-form-input__select",
    "text": "kern-form-input__input",
    "eingabe": "kern-form-input__input",
}


def _beschrieben_von(feld: BoundField) -> str:
    ids = []
    if feld.help_text:
        ids.append(f"{feld.auto_id}_helptext")
    if feld.errors:
        ids.append(f"{feld.auto_id}_error")
    return " ".join(ids)


def _attrs(feld: BoundField, klasse: str) -> dict[str, Any]:
    vorhanden = str(feld.field.widget.attrs.get("class", "")).split()
    klassen = [klasse] + ([f"{klasse}--error"] if feld.errors else []) + [k for k in vorhanden if k != klasse]
    attrs: dict[str, Any] = {"class": " ".join(klassen)}
    beschrieben = _beschrieben_von(feld)
    if beschrieben:
        attrs["aria-describedby"] = beschrieben
    if feld.errors:
        attrs["aria-invalid"] = "true"
    return attrs


@register.filter(name="kern_art")
def kern_art(feld: BoundField) -> str:
    return art(feld)


@register.filter(name="kern")
def kern(feld: BoundField) -> str:
    """Das Eingabeelement mit KERN-Klassen; für Optionsgruppen siehe `kern_optionen`."""
    if not isinstance(feld, BoundField):
        raise template.TemplateSyntaxError(f"Filter kern erwartet ein Formularfeld, nicht {type(feld).__name__}")
    a = art(feld)
    if a == "optionen":
        raise template.TemplateSyntaxError(
            f"Feld {feld.name}: Optionsgruppen über portal/_feld.html (kern_optionen) zeichnen, nicht mit |kern")
    return feld.as_widget(attrs=_attrs(feld, _KLASSE[a]))


@register.filter(name="kern_optionen")
def kern_optionen(feld: BoundField) -> list[BoundWidget]:
    """Die einzelnen Optionen einer Radio- oder Ankreuzgruppe, jede mit der KERN-Klasse."""
    # CheckboxSelectMultiple erbt von RadioSelect: zuerst auf Ankreuzfelder prüfen.
    klasse = ("kern-form-check__checkbox" if isinstance(feld.field.widget, forms.CheckboxSelectMultiple)
              else "kern-form-check__radio")
    attrs = _attrs(feld, klasse)
    widget = feld.field.widget
    id_ = widget.attrs.get("id") or feld.auto_id
    if id_:
        attrs["id"] = id_
    attrs = feld.build_widget_attrs(attrs)     # required, disabled wie bei Django selbst
    attrs.pop("aria-describedby", None)       # beschreibt die Gruppe (fieldset), nicht jede Option
    return [BoundWidget(widget, w, feld.form.renderer)
            for w in widget.subwidgets(feld.html_name, feld.value(), attrs=attrs)]
