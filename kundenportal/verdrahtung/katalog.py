"""Der Katalog des Prozesses: eine Funktion, `katalog()`, hinter einer austauschbaren Quelle
(docs/adr/0004-wurzel-der-verdrahtung.md).

Die Quelle sagt billig, welche Generation gilt (`generation()`), und lädt sie bei Bedarf (`laden()`).
`katalog()` fragt in einer HTTP-Anfrage einmal nach der Generation (beim ersten Aufruf; Djangos Signal
`request_started` beginnt eine neue Prüfung), außerhalb von Anfragen (Worker, Kommandozeile) bei jedem
Aufruf, und lädt nur neu, wenn sie sich geändert hat. Ein Gespräch bleibt trotzdem auf seiner gepinnten
Fassung (Lauf.fassung).

- Standard: `DateiKatalog(settings.CONTENT_DIR)` — die YAML-Dateien, einmal je Prozess geladen.
- `settings.KUNDENPORTAL_KATALOG_QUELLE = "paket.modul.fabrik"`: eine Fabrik ohne Argumente, die eine
  KatalogQuelle liefert (etwa die Fassungen aus der Datenbank).
- `katalog_quelle_setzen(quelle)`: dasselbe zur Laufzeit (z. B. in `AppConfig.ready()` oder in Tests);
  `katalog_quelle_setzen(None)` kehrt zur Einstellung zurück.
- `bei_neuem_katalog(f)`: f(katalog) läuft, wenn eine neue Generation geladen wurde (Caches leeren)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.utils.module_loading import import_string

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden


class KatalogQuelle(Protocol):
    def generation(self) -> str:
        """Ein Kennzeichen des geltenden Katalogs; billig (eine Konstante, eine Zeile aus der Datenbank)."""
        ...

    def laden(self) -> Katalog:
        """Der vollständige, geprüfte Katalog dieser Generation (wirft KatalogFehler mit Datei:Zeile)."""
        ...


class DateiKatalog:
    """Der Katalog aus einem Verzeichnis mit YAML-Dateien; die Generation ist der Pfad (geladen wird einmal)."""

    def __init__(self, wurzel: Path, cache: Path | None = None) -> None:
        self.wurzel = Path(wurzel)
        self.cache = cache

    def generation(self) -> str:
        return f"dateien:{self.wurzel}"

    def laden(self) -> Katalog:
        cache = self.cache
        eingestellt = str(getattr(settings, "KUNDENPORTAL_KATALOG_CACHE", None) or "")
        if cache is None and eingestellt:
            cache = Path(eingestellt)      # geprüfte Modelle nach Inhalts-Hash
        return katalog_laden(self.wurzel, cache=cache)


_sperre = threading.Lock()
_gesetzt: KatalogQuelle | None = None
_geladen: tuple[str, Katalog] | None = None
_beobachter: list[Callable[[Katalog], None]] = []
_aus_einstellung: dict[tuple[str, str], KatalogQuelle] = {}
_anfrage = threading.local()      # .generation: in dieser Anfrage schon geprüft (None: noch nicht / keine Anfrage)


def _anfrage_beginnt(**_: object) -> None:
    _anfrage.aktiv, _anfrage.generation = True, None


def _anfrage_endet(**_: object) -> None:
    _anfrage.aktiv, _anfrage.generation = False, None


request_started.connect(_anfrage_beginnt, dispatch_uid="kundenportal.verdrahtung.katalog")
request_finished.connect(_anfrage_endet, dispatch_uid="kundenportal.verdrahtung.katalog")


def katalog_quelle() -> KatalogQuelle:
    """Die gerade geltende Quelle: gesetzt, sonst aus der Einstellung, sonst die Dateien (je Einstellung
    einmal gebaut)."""
    if _gesetzt is not None:
        return _gesetzt
    schluessel = (getattr(settings, "KUNDENPORTAL_KATALOG_QUELLE", ""), str(settings.CONTENT_DIR))
    if schluessel not in _aus_einstellung:
        _aus_einstellung[schluessel] = import_string(schluessel[0])() if schluessel[0] else \
            DateiKatalog(settings.CONTENT_DIR)
    return _aus_einstellung[schluessel]


def katalog_quelle_setzen(quelle: KatalogQuelle | None) -> None:
    """Setzt die Quelle des Katalogs (None: wieder die Einstellung); der nächste `katalog()` lädt neu."""
    global _gesetzt, _geladen
    with _sperre:
        _gesetzt, _geladen = quelle, None
        _anfrage.generation = None


def bei_neuem_katalog(beobachter: Callable[[Katalog], None]) -> None:
    """`beobachter(katalog)` läuft nach jedem Laden einer neuen Generation."""
    _beobachter.append(beobachter)


def katalog() -> Katalog:
    """Der geltende Katalog. Eine Generationsprüfung je Anfrage (außerhalb von Anfragen je Aufruf);
    geladen wird nur bei einer neuen Generation."""
    global _geladen
    vorhanden = _geladen
    in_anfrage = getattr(_anfrage, "aktiv", False)
    if in_anfrage and vorhanden is not None and getattr(_anfrage, "generation", None) == vorhanden[0]:
        return vorhanden[1]
    quelle = katalog_quelle()
    generation = quelle.generation()
    if in_anfrage:
        _anfrage.generation = generation
    if vorhanden is not None and vorhanden[0] == generation:
        return vorhanden[1]
    vorhanden = None          # keinen Verweis auf den alten Katalog halten, während er freigegeben wird
    with _sperre:
        if _geladen is None or _geladen[0] != generation:
            ersetzt = _geladen is not None
            _geladen = (generation, quelle.laden())
            for beobachter in _beobachter:
                beobachter(_geladen[1])
            if ersetzt and gc.get_freeze_count():
                startbestand_einfrieren()      # der alte Katalog war eingefroren: freigeben, den neuen einfrieren
        return _geladen[1]


def startbestand_einfrieren() -> None:
    """Im Server-Prozess nach dem Vorwärmen (verdrahtung/server.py): was jetzt lebt (Django, Katalog, Suchindex, Vorlagen),
    lebt so lange wie der Prozess. `gc.freeze()` nimmt es aus der zyklischen Müllsammlung, die sonst bei
    jedem Lauf der ältesten Generation alle Objekte durchgeht (gemessen: ~130.000 Objekte, rund 95 ms je Lauf,
    mitten in einer Anfrage). Kommt eine neue Generation des Katalogs, wird aufgetaut, gesammelt (der alte
    Katalog geht) und wieder eingefroren (`katalog()`)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def katalog_generation() -> str:
    """Die Generation des zuletzt geladenen Katalogs (lädt ihn, wenn nötig) — Schlüssel für Caches."""
    katalog()
    assert _geladen is not None
    return _geladen[0]


# Vorlagen eines Gesprächsschritts: beim Vorwärmen einmal übersetzt (Djangos Vorlagen-Cache), nicht in der ersten Anfrage.
VORLAGEN = ("gespraech/kontakt.html", "gespraech/_gespraech.html", "gespraech/ende.html", "gespraech/_weg.html",
            "gespraech/_kontext.html", "gespraech/_kunde.html", "gespraech/_bestaetigung.html")


def vorwaermen() -> None:
    """Beim Start eines Server-Prozesses (verdrahtung/server.py, KUNDENPORTAL_VORWAERMEN): den Katalog laden, die Vorlagen
    des Gesprächs übersetzen und die URL-Tabelle mit allen Sichten und der API importieren (sonst je Worker
    in seiner ersten Anfrage, gemessen ~0,3 s), damit die erste Anfrage nicht darauf wartet. Geht das nicht
    (Katalog fehlerhaft, Datenbank noch nicht erreichbar), startet der Prozess trotzdem — dann lädt die erste
    Anfrage wie bisher."""
    import logging
    from importlib import import_module

    from django.conf import settings
    from django.db import DatabaseError, connections
    from django.template.loader import get_template

    try:
        import_module(settings.ROOT_URLCONF)
        katalog()
        for name in VORLAGEN:
            get_template(name)
    except DatabaseError as fehler:     # Datenbank (noch) nicht erreichbar: eine Zeile mit dem Grund, /readyz sagt mehr
        grund = (str(fehler).strip().splitlines() or [type(fehler).__name__])[0]
        logging.getLogger("kundenportal.start").warning("Vorwärmen nicht möglich, die erste Anfrage lädt: Datenbank: %s",
                                                        grund)
    except Exception:
        logging.getLogger("kundenportal.start").warning("Vorwärmen nicht möglich; die erste Anfrage lädt",
                                                        exc_info=True)
    finally:
        connections.close_all()    # keine Verbindung aus dem Start in den Anfragen (und nie über einen fork)
