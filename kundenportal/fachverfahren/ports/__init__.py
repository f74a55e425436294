"""Ports: je System ein typing.Protocol mit Werttypen. Kein Django, keine App (docs/hausstil.md, Gewohnheit 1).

Ein echter Adapter implementiert dasselbe Protokoll; settings.FACHVERFAHREN nennt ihn per Pfad. Werte, die
mehrere Systeme und der Leitfaden teilen, liegen daneben: standorte (Agenturen, Verbünde, Cluster) und
zeitpunkt (Ortszeit Europe/Berlin, Zeitpunkte lesen)."""

from __future__ import annotations

from dataclasses import dataclass

from .atv import Atv
from .aufgaben import Aufgaben
from .colibri import Colibri
from .kiwi import Kiwi
from .step import Step
from .telefonie import Telefonie
from .verbis import Verbis
from .versand import Versand

# Die Fachverfahren, wie Beschäftigte sie nennen (Meldungen, Kundendaten; nicht „COLIBRI“).
SYSTEM_KURZNAMEN = {"verbis": "VerBIS", "verbis_profil": "VerBIS (Profil)", "atv": "ATV", "step": "STEP",
                    "colibri": "Colibri", "kiwi": "KIWI"}


class SystemNichtErreichbar(ConnectionError):
    """Ein Fachverfahren antwortet nicht (Störung, Wartung). Nichts wurde geändert; später erneut."""


@dataclass(frozen=True)
class Systeme:
    """Alle Fachverfahren, die ein Gespräch erreichen kann."""

    verbis: Verbis
    atv: Atv
    colibri: Colibri
    step: Step
    kiwi: Kiwi
    aufgaben: Aufgaben
    versand: Versand
    telefonie: Telefonie


@dataclass(frozen=True)
class Auftraggeber:
    """Wer handelt und in welchem Kontakt: jede Änderung ist zuordenbar (Sozialdatenschutz)."""

    benutzer: str
    kontakt: str
