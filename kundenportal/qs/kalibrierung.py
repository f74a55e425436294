"""Kalibrierung nach Anlage 2.2.6 (domain.md A12): weitere Teamleitungen desselben Standorts bewerten
denselben Kontakt — blind, ohne die Urteile der Erstbewertung und anderer Kalibrierungen zu kennen —;
danach zeigt die Streuung je Kriterium, wo die Teamleitungen auseinanderliegen.

Begriffe, wie Seite und Tests sie verwenden:
- **Teamleitungen eines Kontakts**: alle, die ihn bewertet haben — die Erstbewertung zählt mit, dazu jede
  Kalibrierung. Die Anlage verlangt mindestens `kalibrierung.teamleitungen_mindestens` (2.2.6 vom 20.03.2020: 3)
  und je Monat `kalibrierung.je_monat` so bewertete Kontakte.
- **Streuung eines Kriteriums**: der Anteil dieser Urteile, die vom häufigsten Urteil abweichen (abweichende
  Urteile / alle Urteile). 0 heißt einig; 1 von 3 abweichend = 0,33; 1 von 2 = 0,50. Bei Gleichstand ist jedes
  der häufigsten Urteile „das häufigste“ — der Anteil ist derselbe.
- **Hinweis**: erreicht die Streuung `kalibrierung.streuung_hinweis_ab` (≥), bespricht das Team das Kriterium.

Die Zahlen kommen aus der Fassung von 2.2.6, nach der die Stichprobe gezogen wurde (`Stichprobe.plan`), bei
einer freien Stichprobe aus der, die an ihrem letzten Tag galt — wie `services.stichprobe_nach_plan` sie wählt.

Blind heißt (`sieht_urteile`): Wer den Kontakt noch kalibrieren soll, bekommt weder Erstbewertung noch andere
Kalibrierungen noch die Streuung — erst nach dem Speichern der eigenen, die danach unverändert bleibt."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from .formulare import formular_lesen, plan_fuer
from .kriterien import URTEILE
from .models import Bewertung, Stichprobe, anlage_text


def zahl(wert: Fraction) -> str:
    """Ein Anteil deutsch mit zwei Nachkommastellen („0,33“), wie die Anlage ihn als Schwelle nennt."""
    return f"{float(wert):.2f}".replace(".", ",")


@dataclass(frozen=True)
class Kalibrierungsplan:
    """Die Vorgaben zur Kalibrierung aus einer Fassung der Anlage 2.2.6 (Schlüssel `kalibrierung`)."""

    anlage: str                         # "2.2.6@2020-03-20"
    teamleitungen_mindestens: int
    je_monat: int
    streuung_hinweis_ab: Fraction

    @property
    def anlage_text(self) -> str:
        return anlage_text(self.anlage)

    @property
    def nummer(self) -> str:
        return self.anlage.partition("@")[0]

    @property
    def hinweis_ab_text(self) -> str:
        return zahl(self.streuung_hinweis_ab)

    @property
    def vorgaben_text(self) -> str:
        """Die Vorgaben in einem Satz, mit der Fassung, aus der sie stammen."""
        kontakte = "1 kalibrierter Kontakt" if self.je_monat == 1 else f"{self.je_monat} kalibrierte Kontakte"
        return (f"Kalibrierung nach {self.anlage_text}: je Kontakt mindestens {self.teamleitungen_mindestens} "
                f"Teamleitungen (die Erstbewertung zählt mit), je Monat {kontakte}, Hinweis ab Streuung "
                f"{self.hinweis_ab_text}.")


def _zeile(knoten: Any, schluessel: str) -> int:
    zeilen = getattr(knoten, "zeilen", None)
    return int(zeilen.get(schluessel, 1)) if isinstance(zeilen, dict) else int(getattr(knoten, "zeile", 1) or 1)


def _plan_lesen(a: Arbeitsmittel) -> Kalibrierungsplan:
    """Liest `kalibrierung` einer Fassung von 2.2.6; ein Fehler nennt Datei:Zeile, Feld und was erwartet wird."""
    k = a.inhalt.get("kalibrierung")
    if not isinstance(k, dict):
        raise ValueError(f"{a.datei}:1: kalibrierung fehlt — Anlage 2.2.6 braucht teamleitungen_mindestens, "
                         "je_monat und streuung_hinweis_ab")

    def ganz(feld: str, mindestens: int) -> int:
        wert = k.get(feld)
        if not isinstance(wert, int) or isinstance(wert, bool) or wert < mindestens:
            raise ValueError(f"{a.datei}:{_zeile(k, feld)}: kalibrierung.{feld} erwartet eine ganze Zahl "
                             f"≥ {mindestens}, nicht {wert!r}")
        return wert

    schwelle = k.get("streuung_hinweis_ab")
    if isinstance(schwelle, bool) or not isinstance(schwelle, int | float) or not 0 < schwelle <= 1:
        raise ValueError(f"{a.datei}:{_zeile(k, 'streuung_hinweis_ab')}: kalibrierung.streuung_hinweis_ab "
                         f"erwartet einen Anteil über 0 bis 1 (z. B. 0.25), nicht {schwelle!r}")
    return Kalibrierungsplan(f"{a.nummer}@{a.stand.isoformat()}", ganz("teamleitungen_mindestens", 2),
                             ganz("je_monat", 1), Fraction(str(schwelle)))


def plan_der_stichprobe(stichprobe: Stichprobe) -> Kalibrierungsplan:
    """Die Kalibrierungsvorgaben der Fassung von 2.2.6, nach der `stichprobe` gezogen wurde (frei gezogen: die
    an ihrem letzten Tag geltende)."""
    nummer, _, stand = stichprobe.plan.partition("@")
    gepinnt = arbeitsmittel().fassung("qs_anlage", nummer, dt.date.fromisoformat(stand)) if stand else None
    return _plan_lesen(gepinnt or plan_fuer(stichprobe.bis))


@dataclass(frozen=True)
class Streuung:
    """Die Kalibrierung eines Kriteriums: die Urteile aller Teamleitungen und wie weit sie auseinandergehen."""

    text: str
    urteile: list[tuple[str, str]]          # (Teamleitung, Urteil als Text), Erstbewertung zuerst
    abweichend: int                         # Urteile, die vom häufigsten abweichen
    hinweis_ab: Fraction
    anlage: str = "2.2.6"

    @property
    def anteil_abweichend(self) -> Fraction:
        """Die Streuung (siehe Modul): abweichende Urteile / alle Urteile."""
        return Fraction(self.abweichend, len(self.urteile)) if self.urteile else Fraction(0)

    @property
    def einig(self) -> bool:
        return self.abweichend == 0

    @property
    def hinweis(self) -> bool:
        """Die Streuung erreicht die Schwelle der Anlage: im Team besprechen."""
        return not self.einig and self.anteil_abweichend >= self.hinweis_ab

    @property
    def anteil_text(self) -> str:
        return zahl(self.anteil_abweichend)

    @property
    def abweichend_text(self) -> str:
        if self.einig:
            return "einig"
        return f"{self.abweichend} von {len(self.urteile)} Urteilen abweichend"

    @property
    def hinweis_text(self) -> str:
        if not self.hinweis:
            return ""
        return (f"Streuung {self.anteil_text} – ab {zahl(self.hinweis_ab)} im Team besprechen "
                f"(Anlage {self.anlage})")


@dataclass(frozen=True)
class Kalibrierungsstand:
    """Was die Kalibrierung eines Kontakts ergeben hat: Teamleitungen gegen die Mindestzahl, Streuung je Kriterium."""

    plan: Kalibrierungsplan
    teamleitungen: int                  # Erstbewertung + Kalibrierungen
    streuung: list[Streuung]

    @property
    def kalibriert(self) -> bool:
        """Mindestens eine weitere Teamleitung hat bewertet — erst dann gibt es etwas zu vergleichen."""
        return self.teamleitungen > 1

    @property
    def vollstaendig(self) -> bool:
        return self.teamleitungen >= self.plan.teamleitungen_mindestens

    @property
    def fehlend(self) -> int:
        return max(0, self.plan.teamleitungen_mindestens - self.teamleitungen)

    @property
    def stand_text(self) -> str:
        """„2 von mindestens 3 Teamleitungen haben diesen Kontakt bewertet …“ — die Erstbewertung zählt mit."""
        satz = (f"{self.teamleitungen} von mindestens {self.plan.teamleitungen_mindestens} Teamleitungen "
                f"{'hat' if self.teamleitungen == 1 else 'haben'} diesen Kontakt bewertet (die Erstbewertung zählt mit)")
        if not self.fehlend:
            return f"{satz} – Mindestzahl erreicht."
        fehlen = "fehlt noch 1 Teamleitung" if self.fehlend == 1 else f"fehlen noch {self.fehlend} Teamleitungen"
        return f"{satz} – es {fehlen}."

    @property
    def hinweise(self) -> int:
        return sum(1 for s in self.streuung if s.hinweis)


def sieht_urteile(user: Any, bewertung: Bewertung) -> bool:
    """Blinde Kalibrierung (Anlage 2.2.6): Die Urteile zu einem Kontakt — Erstbewertung, Kalibrierungen,
    Streuung — sieht nur, wer ihn schon bewertet hat: die Erstbewerterin und jede Teamleitung, die ihre
    Kalibrierung gespeichert hat. Das Recht auf den Kontakt selbst (Standort, Rechtskreis) prüft der Aufrufer
    (konten.zugriff.darf_qs_bewertung_sehen)."""
    if bewertung.bewertet is None or not getattr(user, "pk", None):
        return False
    return bewertung.pruefer_id == user.pk or bewertung.kalibrierungen.filter(pruefer_id=user.pk).exists()


def stand(bewertung: Bewertung) -> Kalibrierungsstand | None:
    """Die Kalibrierung einer bewerteten Bewertung (None: unbewertet oder ohne lesbaren Bogen) — ohne
    Rechteprüfung; Seiten lesen sie über queries.kalibrierung."""
    bogen = formular_lesen(bewertung.formular)
    if bogen is None or bewertung.bewertet is None:
        return None
    plan = plan_der_stichprobe(bewertung.stichprobe)
    runden = [(bewertung.pruefer.get_username() if bewertung.pruefer else "", bewertung.urteile)]
    runden += [(k.pruefer.get_username(), k.urteile) for k in bewertung.kalibrierungen.select_related("pruefer")]
    streuung = []
    for k in (k for k in bogen.kriterien if k.id in bewertung.urteile):
        werte = [u.get(k.id, "") for _, u in runden]
        haeufigstes = Counter(werte).most_common(1)[0][1]
        streuung.append(Streuung(k.text, [(wer, URTEILE.get(u.get(k.id, ""), "—")) for wer, u in runden],
                                 len(werte) - haeufigstes, plan.streuung_hinweis_ab, plan.nummer))
    return Kalibrierungsstand(plan, len(runden), streuung)
