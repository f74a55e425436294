"""Die Aktionen des Zugriffsprotokolls in Worten: gespeichert wird der kurze Code (`kontakt_beantworten`, stabil
und filterbar), gezeigt wird der deutsche Text (docs/hausstil.md, Gewohnheit 9: keine rohen Codes vor Menschen).
tests/konten/test_zugriffsprotokoll.py prüft, dass jede Aktion im Quelltext hier einen Text hat.

Ein verweigerter Zugriff (services.zugriff_verweigert_protokollieren) trägt den Code der versuchten Aktion mit
`VERWEIGERT` am Ende."""

from __future__ import annotations

from collections.abc import Callable

VERWEIGERT = "_verweigert"
ANLAGE5 = "qs_anlage5"
ANLAGE7 = "qs_anlage7"

TEXTE: dict[str, str] = {
    "kontakt_starten": "Kontakt begonnen",
    "kontakt_lesen": "Kontakt gelesen",
    "kontakt_beantworten": "Frage im Kontakt beantwortet",
    "kontakt_bestaetigen": "Aktion im Kontakt bestätigt",
    "kontakt_weiter": "Kontakt fortgesetzt (erneut versucht)",
    "kontakt_zurueck": "Im Kontakt zurückgegangen",
    "kontakt_abschliessen": "Kontakt abgeschlossen",
    "kunde_suchen": "Kundin oder Kunden gesucht",
    "kundenhistorie_lesen": "Kontakthistorie gelesen",
    "verbis_profil_lesen": "VerBIS-Profil gelesen",
    "postkorb_lesen": "Postkorb gelesen",
    "aufgabe_nehmen": "Aufgabe übernommen",
    "aufgabe_schliessen": "Aufgabe abgeschlossen",
    "aufgabe_zurueckgeben": "Aufgabe zurückgegeben",
    "emb_warteschlange_lesen": "Warteschlange E-Mail gelesen",
    "emb_mail_lesen": "Kundenmail gelesen",
    "emb_sicherheitsmerkmale_lesen": "Sicherheitsmerkmale einer Kundenmail mit VerBIS verglichen",
    "emb_mail_weiterleiten": "Kundenmail an die zuständige Stelle weitergeleitet",
    "emb_anhang_lesen": "Anhang einer Kundenmail geöffnet",
    "emb_antwort_pruefen": "Antwort auf eine Kundenmail geprüft",
    "emb_quarantaene_lesen": "Quarantäne gelesen",
    "emb_quarantaene_mail_lesen": "Mail in der Quarantäne gelesen",
    "emb_quarantaene_rohtext_herunterladen": "Rohtext einer Mail in der Quarantäne heruntergeladen",
    "emb_quarantaene_verwerfen": "Mail in der Quarantäne verworfen",
    "emb_teamleitung_freigeben": "Gehaltene Kundenmail freigegeben (Teamleitung)",
    "qs_kontakt_lesen": "Kontakt in der Qualitätssicherung gelesen",
    "verhaltensdiff": "Verhalten einer Leitfadenänderung verglichen",
    "zugriffsprotokoll_herunterladen": "Zugriffsprotokoll als CSV heruntergeladen",
}
# Welche Aktionen Sozialdaten lesen (auch Herunterladen, Suchen, Vergleichen) und welche ändern — für den Filter
# „Lesezugriffe ohne Kontakt“ des Protokolls (queries.zugriffe); tests/konten/test_protokoll_ohne_kontakt.py prüft,
# dass jede Aktion in genau einer der beiden Mengen steht. Die Familien (FAMILIEN) lesen.
LESEN: frozenset[str] = frozenset({
    "kontakt_lesen", "kunde_suchen", "kundenhistorie_lesen", "verbis_profil_lesen", "postkorb_lesen",
    "emb_warteschlange_lesen", "emb_mail_lesen", "emb_sicherheitsmerkmale_lesen", "emb_anhang_lesen",
    "emb_antwort_pruefen", "emb_quarantaene_lesen", "emb_quarantaene_mail_lesen",
    "emb_quarantaene_rohtext_herunterladen", "qs_kontakt_lesen", "verhaltensdiff", "zugriffsprotokoll_herunterladen",
})
AENDERN: frozenset[str] = frozenset({
    "kontakt_starten", "kontakt_beantworten", "kontakt_bestaetigen", "kontakt_weiter", "kontakt_zurueck",
    "kontakt_abschliessen", "aufgabe_nehmen", "aufgabe_schliessen", "aufgabe_zurueckgeben", "emb_mail_weiterleiten",
    "emb_quarantaene_verwerfen", "emb_teamleitung_freigeben",
})
# Die Kontrolle selbst (die Administration lädt das Protokoll herunter) zählt im Filter „ohne Kontakt“ nicht mit:
# sie gehört nie zu einem Kontakt, und jedes Herunterladen mit diesem Filter brächte neue Einträge hinein.
KONTROLLE = "zugriffsprotokoll_herunterladen"
# Aktionen, deren Code mit Angaben weitergeht (fuehrung.kontaktliste.Auswahl.aktion: welche Zahl).
FAMILIEN: dict[str, str] = {ANLAGE5: "Kontakte hinter einer Zahl der Anlage 5 gelesen",
                             ANLAGE7: "Kontakte hinter einer Zahl der Anlage 7 gelesen"}
# Je Familie, wer den Rest des Codes in Worten sagt (die App, die die Codes bildet, meldet sich in ihrem ready() an:
# die Konten kennen die Führungsprozesse nicht); ohne Eintrag oder bei None bleibt der Rest lesbar als Code.
BESCHREIBER: dict[str, Callable[[str], str | None]] = {}


def text(aktion: str) -> str:
    """Der deutsche Text zu einem Code; ein unbekannter Code (ältere Einträge) bleibt lesbar als Code."""
    if aktion.endswith(VERWEIGERT):
        return f"Verweigert: {text(aktion.removesuffix(VERWEIGERT))}"
    if aktion in TEXTE:
        return TEXTE[aktion]
    for anfang, familie in FAMILIEN.items():
        if aktion.startswith(anfang + "_"):
            beschreiber = BESCHREIBER.get(anfang)
            worte = beschreiber(aktion) if beschreiber else None
            return f"{familie} ({worte or aktion.removeprefix(anfang + '_').replace('_', ' ')})"
    return aktion


def auswahl() -> list[tuple[str, str]]:
    """Die Aktionen für den Filter des Protokolls: (Code, Text), nach Text sortiert; dazu „alle verweigerten“."""
    eintraege = sorted([*TEXTE.items(), *FAMILIEN.items()], key=lambda e: e[1])
    return [*eintraege, (VERWEIGERT, "Alle verweigerten Zugriffe")]
