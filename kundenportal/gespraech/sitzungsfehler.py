"""Fehler der Sitzung in der Sprache des Gesprächs: welche Meldung ein Fehler des Kerns oder eines Fachverfahrens
auf der Seite bekommt und was der Lauf von einer Störung behält.

Ein `SitzungFehler` wird nach seiner Klasse (nie nach seinem Text) ein `GespraechFehler` (Abgelehnt, Konflikt) mit
stabilem Code; eine Ablehnung eines Fachverfahrens (`SystemFehler`) sagt, was zu tun ist (SYSTEM_MELDUNGEN), und
bleibt im Lauf stehen, bis ein Schritt gelingt. Genutzt von den Diensten (services.py)."""

from __future__ import annotations

from kundenportal.leitfaden.fehler import (
    AntwortAbgelehnt,
    FrageStehtNichtAn,
    NichtGueltig,
    SitzungFehler,
    SystemFehler,
)
from kundenportal.leitfaden.lauf import Lauf

from .fehler import Abgelehnt, GespraechFehler, Konflikt

SYSTEM_MELDUNGEN = {
    "termin_nicht_frei": "Dieser Termin ist inzwischen vergeben. Gehen Sie zurück und wählen Sie einen anderen.",
    "recht_fehlt": "Dem Kundenportal fehlt für diesen Vorgang das Recht im Fachverfahren: {meldung}",
    "nicht_gefunden": "Im Fachverfahren nicht gefunden: {meldung}. Gehen Sie zurück und prüfen Sie die Angabe, oder "
                      "beenden Sie den Kontakt mit Vermerk.",
    "abgelehnt": "Das Fachverfahren hat den Vorgang abgelehnt: {meldung}",
    "kunde_fehlt": "{meldung}.",
    "nicht_erreichbar": "{meldung}. Es wurde nichts geändert; das Gespräch ist gespeichert — bitte in einem "
                        "Moment erneut versuchen.",
}


def _system_meldung(fehler: SystemFehler) -> str:
    return SYSTEM_MELDUNGEN.get(fehler.code, SYSTEM_MELDUNGEN["abgelehnt"]).format(meldung=fehler.meldung)


def umsetzen(fehler: SitzungFehler) -> GespraechFehler:
    """Fehlerklassen der Sitzung → Fehler der Gesprächsdienste (nach Klasse, nie nach Text)."""
    match fehler:
        case SystemFehler():
            return Konflikt(f"system_{fehler.code}", _system_meldung(fehler))
        case FrageStehtNichtAn():
            return Konflikt("frage_steht_nicht_an", "Diese Frage ist schon beantwortet (vielleicht in einem "
                            "anderen Tab). Die Seite zeigt jetzt den aktuellen Stand.")
        case AntwortAbgelehnt():
            return Abgelehnt("antwort_abgelehnt", f"Antwort nicht übernommen: {fehler.grund}")
        case NichtGueltig():
            return Abgelehnt("nicht_gueltig", f"{fehler}.")
        case _:
            return Konflikt("lauf_fehler", f"{fehler}.")


def stoerung_merken(lauf: Lauf, fehler: SitzungFehler) -> None:
    """Lehnte ein Fachverfahren einen Auftrag ab, hält der Lauf Art und Meldung (Lauf.stoerung), bis ein Schritt
    gelingt: die Seite sagt auch nach dem Neuladen, ob „Erneut versuchen“ hilft (nicht erreichbar) oder nicht."""
    if isinstance(fehler, SystemFehler):
        lauf.stoerung = {"code": fehler.code, "meldung": fehler.meldung}
