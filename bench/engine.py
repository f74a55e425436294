"""Engine gegen SpiffWorkflow auf SC 3.307 (im Speicher und mit Zustand-Rundreise je Schritt), die
Kosten eines Schritts über die Weglänge und die Engine mit den Referenzsystemen auf SQLite.

Beide Engines gehen denselben Weg (Identität ja, online ja, Stufe "basis", Erhöhung abgelehnt →
Papierantrag): drei Fragen, eine Prüfung, eine Aktion. Im Speicher antworten STEP und Versand aus
einem dict (bench-eigene Zwillinge), damit nur die Engine gemessen wird."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from pathlib import Path
from typing import Any, cast

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.fachverfahren.ports.step import StepKonto
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.vokabular import BERLIN

from .tabelle import median_zeit, tabelle, ziel

BPMN = Path(__file__).resolve().parent / "sc3307.bpmn"
DATUM = dt.date(2020, 4, 14)
JETZT = dt.datetime.combine(DATUM, dt.time(9), BERLIN)
KUNDE = "955A999002"
ANTWORTEN: dict[str, Any] = {"identitaet_geprueft": True, "antrag_online_gewuenscht": True,
                             "erhoehung_sicherheitsstufe": "abgelehnt"}


class _Step:
    def konto(self, kundennummer: str) -> StepKonto | None:
        return StepKonto(kundennummer, "basis")


class _Versand:
    def __init__(self) -> None:
        self.auftraege: list[tuple[str, str]] = []

    def papierantrag(self, kundennummer: str, leistung: str, durch: str) -> None:
        self.auftraege.append((kundennummer, leistung))


def speicher_systeme() -> Systeme:
    """STEP und Versand im Speicher; die übrigen Systeme braucht SC 3.307 nicht (None)."""
    leer = cast(Any, None)
    return Systeme(verbis=leer, atv=leer, colibri=leer, step=_Step(), kiwi=leer, aufgaben=leer,
                   versand=_Versand(), telefonie=leer)


def sitzung(katalog: Katalog, systeme: Systeme, leitfaden: str = "SC 3.307",
            kundennummer: str | None = KUNDE) -> Sitzung:
    """Ein Gespräch über den einen Fahrer (`Sitzung`), wie Oberfläche, API und Szenarien es führen."""
    return Sitzung.starten(katalog, systeme, leitfaden, datum=DATUM, jetzt=JETZT, kanal="sc3", standort=None,
                           kundennummer=kundennummer, benutzer="bench", kontakt="bench")


def rundreise(lauf: Lauf) -> tuple[Lauf, int]:
    """Der Zustand wie in der Datenbank: JSON hin und zurück. Gibt den neuen Lauf und die Bytes zurück."""
    text = json.dumps(lauf.als_json())
    return Lauf.aus_json(json.loads(text)), len(text.encode())


def kontakt_engine(katalog: Katalog, systeme: Systeme, kundennummer: str | None = KUNDE,
                   leitfaden: str = "SC 3.307", antworten: dict[str, Any] | None = None,
                   rund: bool = False) -> tuple[Lauf, int, int]:
    """Ein ganzer Kontakt über `Sitzung` (wie Oberfläche und Szenarien). (Lauf, Schritte, Bytes)."""
    antworten = ANTWORTEN if antworten is None else antworten
    s = sitzung(katalog, systeme, leitfaden, kundennummer)
    zug = s.weiter()
    schritte, groesse = 0, 0
    while zug.art in ("frage", "bestaetigung"):
        if zug.art == "bestaetigung":        # wie die Antwortliste eines Szenarios: bestätigt (ADR 0008)
            zug = s.bestaetigen()
            continue
        zug = s.antworten(zug.fakt, antworten[zug.fakt])
        schritte += 1
        if rund:                             # Zustand wie in der Datenbank: gespeichert, neu geladen, fortgesetzt
            lauf, groesse = rundreise(s.lauf)
            s = Sitzung.fortsetzen(katalog, systeme, lauf, jetzt=JETZT, benutzer="bench", kontakt="bench")
    if s.lauf.ergebnis != "papierantrag_versandt" and leitfaden == "SC 3.307":
        raise AssertionError(f"SC 3.307 endet mit {s.lauf.ergebnis}, erwartet papierantrag_versandt")
    return s.lauf, schritte, groesse


class Spiff:
    """SC 3.307 als BPMN in SpiffWorkflow 3.2 (bench/sc3307.bpmn)."""

    ANTWORT_JE_AUFGABE = {"identitaet": "identitaet_geprueft", "online": "antrag_online_gewuenscht",
                          "erhoehung": "erhoehung_sicherheitsstufe"}

    def __init__(self) -> None:
        from SpiffWorkflow.bpmn.parser import BpmnParser  # type: ignore[import-untyped]
        from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer  # type: ignore[import-untyped]

        parser = BpmnParser()
        parser.add_bpmn_file(str(BPMN))
        self.spec = parser.get_spec("sc3307")
        self.serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure())

    def kontakt(self, rund: bool = False) -> tuple[Any, int]:
        from SpiffWorkflow.bpmn import BpmnWorkflow  # type: ignore[import-untyped]
        from SpiffWorkflow.util.task import TaskState  # type: ignore[import-untyped]

        wf = BpmnWorkflow(self.spec)
        for start in wf.get_tasks(state=TaskState.READY):
            start.data["step_sicherheitsstufe"] = "basis"     # was STEP liefert
        wf.do_engine_steps()
        groesse = 0
        while not wf.is_completed():
            aufgabe = wf.get_tasks(state=TaskState.READY, manual=True)[0]
            fakt = self.ANTWORT_JE_AUFGABE[aufgabe.task_spec.name]
            aufgabe.data[fakt] = ANTWORTEN[fakt]
            aufgabe.run()
            wf.do_engine_steps()
            if rund:
                text = self.serializer.serialize_json(wf)
                groesse = len(text.encode())
                wf = self.serializer.deserialize_json(text)
        if "versand" not in wf.data:
            raise AssertionError("SpiffWorkflow hat den Papierantrag nicht erreicht")
        return wf, groesse


def _kontakte_je_s(f: Any, anzahl: int) -> float:
    def alle() -> None:
        for _ in range(anzahl):
            f()
    return anzahl / median_zeit(alle, 3)


RUNDEN = 9


def _abwechselnd(a: Any, n_a: int, b: Any, n_b: int,
                 runden: int = RUNDEN) -> tuple[float, float, float, list[float]]:
    """A/B/A/B: je Runde A `n_a`-mal, dann B `n_b`-mal (CPU-Zeit). (A/s, B/s, Verhältnis) als Mediane über
    die Runden — die Last der Maschine trifft beide Seiten einer Runde gleich — und das Verhältnis je Runde."""
    raten_a, raten_b, verhaeltnisse = [], [], []
    for _ in range(runden):
        start = time.process_time()
        for _ in range(n_a):
            a()
        rate_a = n_a / (time.process_time() - start)
        start = time.process_time()
        for _ in range(n_b):
            b()
        rate_b = n_b / (time.process_time() - start)
        raten_a.append(rate_a)
        raten_b.append(rate_b)
        verhaeltnisse.append(rate_a / rate_b)
    return statistics.median(raten_a), statistics.median(raten_b), statistics.median(verhaeltnisse), verhaeltnisse


def _mitte(verhaeltnisse: list[float]) -> str:
    """Die mittlere Hälfte der Verhältnisse je Runde (erstes bis drittes Quartil): wie nah der Median am Ziel
    liegt, ohne dass eine einzelne gestörte Runde die Spanne bestimmt."""
    geordnet = sorted(verhaeltnisse)
    viertel = len(geordnet) // 4
    return f"{geordnet[viertel]:.1f}–{geordnet[-1 - viertel]:.1f}×"


def sc3307_vergleich(katalog: Katalog, anzahl: int = 300) -> None:
    systeme = speicher_systeme()
    spiff = Spiff()
    _, _, bytes_engine = kontakt_engine(katalog, systeme, rund=True)
    _, bytes_spiff = spiff.kontakt(rund=True)
    engine_mem, spiff_mem, v_mem, je_mem = _abwechselnd(lambda: kontakt_engine(katalog, systeme), anzahl,
                                                        lambda: spiff.kontakt(), max(20, anzahl // 10))
    engine_rund, spiff_rund, v_rund, je_rund = _abwechselnd(lambda: kontakt_engine(katalog, systeme, rund=True),
                                                            anzahl, lambda: spiff.kontakt(rund=True),
                                                            max(20, anzahl // 20))
    v_bytes = bytes_engine / bytes_spiff
    tabelle("Engine gegen SpiffWorkflow 3.2, SC 3.307 (3 Fragen, 1 Prüfung, 1 Aktion), im Prozess, CPU-Zeit, "
            f"A/B abwechselnd ({RUNDEN} Runden, Mediane; je Runde: die mittlere Hälfte der Verhältnisse)",
            ["Messung", "Engine", "SpiffWorkflow", "Verhältnis", "je Runde", "Ziel"],
            [["Kontakte/s im Speicher", f"{engine_mem:,.0f}", f"{spiff_mem:,.0f}", f"{v_mem:.1f}×",
              _mitte(je_mem),
              ziel("Engine", "Kontakte/s ≥ 20× SpiffWorkflow", "≥ 20×", f"{v_mem:.1f}×", v_mem >= 20)],
             ["Kontakte/s mit Zustand-Rundreise je Schritt", f"{engine_rund:,.0f}", f"{spiff_rund:,.0f}",
              f"{v_rund:.1f}×", _mitte(je_rund),
              ziel("Engine", "mit Zustand-Rundreise ≥ 20× SpiffWorkflow", "≥ 20×", f"{v_rund:.1f}×", v_rund >= 20)],
             ["Zustand (JSON) nach dem letzten Schritt, Bytes", f"{bytes_engine:,}", f"{bytes_spiff:,}",
              f"{v_bytes:.3f}", "", ziel("Engine", "Zustand ≤ 1/10 von SpiffWorkflow", "≤ 0.100", f"{v_bytes:.3f}",
                                         v_bytes <= 0.1)]])


def weglaenge(katalog: Katalog, ids: dict[int, str], wiederholungen: int = 9) -> None:
    """Kosten eines Schritts (Antwort annehmen und bis zur nächsten Frage gehen) über die Länge des Wegs."""
    from .synthetisch import frage_fakt

    systeme = speicher_systeme()
    zeilen, je_schritt = [], {}
    for n, lid in sorted(ids.items()):
        antworten = {frage_fakt(i): True for i in range(1, n + 1)}
        letzte: list[float] = []

        def kontakt(lid: str = lid, antworten: dict[str, Any] = antworten, letzte: list[float] = letzte) -> None:
            s = sitzung(katalog, systeme, lid, None)
            zug = s.weiter()
            while zug.art == "frage":
                start = time.process_time()
                zug = s.antworten(zug.fakt, antworten[zug.fakt])
                letzte.append(time.process_time() - start)
            if s.lauf.ergebnis != "auskunft_erteilt":
                raise AssertionError(f"{lid} endet mit {s.lauf.ergebnis}")

        gesamt = median_zeit(kontakt, wiederholungen)
        je_schritt[n] = gesamt / n
        zeilen.append([f"{n} Fragen ({lid})", f"{gesamt * 1000:.2f}", f"{je_schritt[n] * 1e6:,.0f}",
                       f"{letzte[-1] * 1e6:,.0f}"])
    kurz, lang = min(je_schritt), max(je_schritt)
    verhaeltnis = je_schritt[lang] / je_schritt[kurz]
    for z in zeilen:
        z.append(f"{je_schritt[int(z[0].split()[0])] / je_schritt[kurz]:.1f}×")
    zeilen[-1].append(ziel("Engine", f"Schritt bei {lang} Fragen ≤ 2× bei {kurz}", "≤ 2.0×", f"{verhaeltnis:.1f}×",
                           verhaeltnis <= 2))
    for z in zeilen[:-1]:
        z.append("")
    tabelle("Kosten eines Schritts über die Weglänge (Engine im Speicher, Ja/Nein-Fragen, jede zweite mit CEL)",
            ["Leitfaden", "Kontakt ms", "µs je Schritt", "µs letzter Schritt", f"× {kurz} Fragen", "Ziel"], zeilen)


def mit_referenzsystemen(katalog: Katalog, anzahl: int = 300) -> None:
    """SC 3.307 mit den Referenz-Fachverfahren auf SQLite im Speicher (Django muss eingerichtet sein):
    ein Kunde mit STEP-Konto, alle Kontakte in einer Transaktion, die am Ende zurückgerollt wird."""
    from django.db import connection, transaction

    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
    from kundenportal.fachverfahren.registry import systeme

    lage = {"kunde": {"kundennummer": KUNDE, "vorname": "Sabine", "nachname": "Krüger",
                      "wohnort_agentur": "Berlin Nord"}, "step": {"konto": True, "sicherheitsstufe": "basis"}}
    s = systeme()
    speicher = speicher_systeme()
    with transaction.atomic():
        ausgangslage_laden(lage)
        kontakt_engine(katalog, s)
        with _queries_zaehlen():
            vorher = len(connection.queries)
            kontakt_engine(katalog, s)
            befehle = len(connection.queries) - vorher
        referenz = _kontakte_je_s(lambda: kontakt_engine(katalog, s), anzahl)
        transaction.set_rollback(True)
    speicher_rate = _kontakte_je_s(lambda: kontakt_engine(katalog, speicher), anzahl)
    tabelle("Engine mit Referenz-Fachverfahren (SQLite im Speicher, im Prozess), SC 3.307",
            ["Messung", "Kontakte/s", "SQL je Kontakt", "× Fachverfahren im Speicher", "Ziel"],
            [["Referenzsysteme (Django, SQLite)", f"{referenz:,.0f}", str(befehle), f"{referenz / speicher_rate:.2f}",
              ziel("Referenzsysteme", "Engine mit Referenzsystemen ≥ 1.000 Kontakte/s", "≥ 1.000",
                   f"{referenz:,.0f}", referenz >= 1000)],
             ["Vergleich: Fachverfahren im Speicher", f"{speicher_rate:,.0f}", "0", "1.00", ""]])


class _queries_zaehlen:
    """Zählt SQL-Befehle auch ohne DEBUG (force_debug_cursor)."""

    def __enter__(self) -> None:
        from django.db import connection

        self._alt = connection.force_debug_cursor
        connection.force_debug_cursor = True

    def __exit__(self, *args: object) -> None:
        from django.db import connection

        connection.force_debug_cursor = self._alt
