"""`{% aenderungshinweise user %}` (Arbeitsplatz), `{% aenderungshinweise user leitfaden_id %}` (im
Leitfaden: "neu seit …"), `{% redaktion_link user %}` (Navigation) und `|fassung` (Schlüssel einer Fassung in
Worten), `|standorte` (Geltungsbereich in Worten), `{% hoechstens feld %}` (die Grenze eines Eingabefelds für die Prüfung im Browser)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from kundenportal import zeit
from kundenportal.leitfaden.modell import Geltungsbereich
from kundenportal.verdrahtung import katalog

from ..eingabe import IM_BROWSER
from ..hinweise import geltung_text, neu_seit, offene_eintraege
from ..services.protokoll import fassung_kurz
from ..zugriff import darf_lesestand_sehen, darf_redaktion_sehen

register = template.Library()


@register.inclusion_tag("redaktion/_hinweise.html")
def aenderungshinweise(user: Any, leitfaden_id: str = "") -> dict[str, Any]:
    heute = zeit.heute()
    if not getattr(user, "is_authenticated", False):
        return {"hinweise": [], "neu": None}
    eintraege = offene_eintraege(user, heute, leitfaden_id)     # je Leitfaden einer, mit Zusammenfassung der Kette
    hinweise = [e.hinweis for e in eintraege]
    return {"hinweise": hinweise, "eintraege": [(e, geltung_text(e.hinweis)) for e in eintraege],   # „gilt nur in …“
            "neu": neu_seit(leitfaden_id, heute, user=user) if leitfaden_id else None, "im_leitfaden": bool(leitfaden_id)}


@register.filter
def fassung(schluessel: Any) -> str:
    """`{{ "SC 3.307@2020-04-01"|fassung }}` → „SC 3.307, Stand 01.04.2020“ (keine Schlüssel auf der Seite)."""
    return fassung_kurz(str(schluessel or ""))


@register.filter
def standorte(bereich: Any) -> str:
    """`{{ geltungsbereich|standorte }}` → „Verbund Nürnberg; Agentur Bonn“ (Namen aus standorte.yaml, keine ids);
    "" ohne Geltungsbereich."""
    if not isinstance(bereich, Geltungsbereich):
        return str(bereich or "")
    return bereich.in_worten(katalog().standorte.verbuende)


@register.simple_tag
def redaktion_sichtbar(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and darf_redaktion_sehen(user)


@register.simple_tag
def lesestand_sichtbar(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and darf_lesestand_sehen(user)


@register.simple_tag
def optionen(liste: Any, wert: Any, leer: str = "— bitte wählen —") -> SafeString:
    """`<option>`s einer Auswahl (Paare Wert/Anzeige oder nur Werte); ein unbekannter aktueller Wert
    bleibt als eigene Option stehen (die Prüfung nennt ihn), damit Speichern ihn nicht still verliert."""
    paare = [(str(x[0]), str(x[1])) if isinstance(x, tuple | list) else (str(x), str(x)) for x in liste or []]
    wert = "" if wert is None else str(wert)
    if wert and wert not in {w for w, _ in paare}:
        paare.insert(0, (wert, f"{wert} (unbekannt)"))
    return format_html_join("", '<option value="{}"{}>{}</option>', [("", "" if wert else " selected", leer)]
                            + [(w, " selected" if w == wert else "", t) for w, t in paare])


@register.simple_tag
def hoechstens(feld: str) -> SafeString:
    """` data-hoechstens="2000" data-bezeichnung="Vermerk"` am Eingabefeld `feld` (eingabe.IM_BROWSER): redaktion/laenge.js
    prüft damit vor dem Absenden, was der Server danach prüft (grenzen.py). Kein `maxlength`: der Browser schnitte
    einen zu langen eingefügten Text still ab."""
    beschriftung, grenze = IM_BROWSER[feld]
    return format_html(' data-hoechstens="{}" data-bezeichnung="{}"', grenze, beschriftung)
