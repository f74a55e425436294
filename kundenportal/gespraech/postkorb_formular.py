"""Das Formular „Erledigt“ im Postkorb: das Ergebnis einer übernommenen Aufgabe. Die Regeln (Pflicht, höchstens
1.000 Zeichen wie der Browser zählt, nur Text) stehen in aufgaben.ergebnis_pruefen; das Formular zeigt sie an
und hängt die Meldung an sein Feld (portal/_feld.html: aria-invalid, aria-describedby)."""

from __future__ import annotations

from typing import Any

from django import forms

from kundenportal.konten.felder import MehrzeiligerText

from . import aufgaben
from .fehler import GespraechFehler


class Erledigen(forms.Form):
    ergebnis = MehrzeiligerText(label="Ergebnis", help_text=aufgaben.ERGEBNIS_HINWEIS,
                                error_messages={"required": aufgaben.ERGEBNIS_LEER},
                                widget=forms.Textarea(attrs={"rows": 3, "maxlength": aufgaben.ERGEBNIS_MAX}))

    def __init__(self, *args: Any, aufgabe_id: int, **kwargs: Any) -> None:
        # Je übernommener Aufgabe ein Formular auf der Seite: eindeutige Kennungen, ein Name je Aufgabe.
        kwargs["auto_id"] = f"aufgabe-{aufgabe_id}-%s"
        super().__init__(*args, **kwargs)
        self.aufgabe_id = aufgabe_id
        self.fields["ergebnis"].label = f"Ergebnis zu Aufgabe {aufgabe_id}"

    def clean_ergebnis(self) -> str:
        try:
            return aufgaben.ergebnis_pruefen(self.cleaned_data["ergebnis"])
        except GespraechFehler as fehler:
            raise forms.ValidationError(fehler.meldung, code=fehler.code) from None

    def add_error(self, field: str | None, error: Any) -> None:
        """Nach einer Ablehnung steht der Fokus im Feld: dort steht die Meldung, dort wird korrigiert."""
        super().add_error(field, error)
        if "ergebnis" in self.errors:
            self.fields["ergebnis"].widget.attrs["autofocus"] = True
