"""Der Wortlaut der Arbeitshilfe auf der Mailseite: Fragen, deren Beschriftung aus dem gemeinsamen Vokabular
(content/fakten.yaml) vom Telefon spricht, heißen in der E-Mail-Bearbeitung so, wie es hier gilt — es gibt
keinen Anrufer, sondern den Absender der Mail.

Nur Darstellung: Vokabular und veröffentlichte Fassungen bleiben, wie sie sind (unveränderlich, house style
habit 6); der Kontaktvermerk schreibt weiter die Beschriftung des Vokabulars. Schritte, die der
Gesprächsbereich per htmx selbst zeigt (gespraech.views), sehen diese Fassung erst nach dem Neuladen der
Mailseite — dafür bräuchte die Ansicht im Gespräch einen Wortlaut je Kanal (wie `Ansicht.sagen_wort`)."""

from __future__ import annotations

import dataclasses

from kundenportal.gespraech.ansicht import Ansicht

# Fakt → Beschriftung der Frage in der E-Mail-Bearbeitung
FRAGEN = {"identitaet_geprueft": "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?"}


def fuer_email(ansicht: Ansicht | None) -> Ansicht | None:
    """Die Ansicht mit dem Wortlaut der E-Mail-Bearbeitung: anstehende Frage und bisheriger Weg."""
    if ansicht is None:
        return None
    if ansicht.fakt in FRAGEN:
        ansicht.frage = FRAGEN[ansicht.fakt]
    ansicht.weg = [dataclasses.replace(w, text=FRAGEN[w.fakt]) if w.art == "frage" and w.fakt in FRAGEN else w
                   for w in ansicht.weg]
    return ansicht
