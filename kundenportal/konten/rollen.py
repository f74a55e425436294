"""Die Rollen des Kundenportals (Organisation: Domänenbrief Teil B 2, Rechtskreise 2.12). Eine Rolle ist eine Django-Gruppe mit dem Namen
ihres Schlüssels; was sie darf, steht hier als Daten — geprüft wird nur in `zugriff.py`."""

from __future__ import annotations

from dataclasses import dataclass

from . import rechtskreis


@dataclass(frozen=True)
class Rolle:
    schluessel: str
    anzeige: str
    kanaele: tuple[str, ...] = ()          # Kanäle, in denen die Rolle Kontakte führt
    postkoerbe: tuple[str, ...] = ()       # Aufgaben-Postkörbe (ports.aufgaben.POSTKOERBE)
    kundendaten: bool = False              # darf Kundendaten und die Kontakthistorie lesen
    protokoll: bool = False                # darf das Zugriffsprotokoll lesen
    redaktion: bool = False                # pflegt den Katalog
    kennzahlen: bool = False               # sieht die Kennzahlen der Kontakte (ohne Kundendaten)
    # Die Kanäle, die die Rolle steuert: ihre Kennzahlen, Anlagen 5 und 7 und (mit `qs`) ihre Qualitätssicherung
    # (leer: alle Kanäle der Rechtskreise der Rolle); die Teamleitung E-Mail: nur emb.
    kennzahl_kanaele: tuple[str, ...] = ()
    # Die Postkörbe, deren offene Aufgaben ihre Kennzahlen zählen (leer: alle ihrer Rechtskreise); die Teamleitung
    # E-Mail: OS AlgPlus, an den die E-Mail-Bearbeitung abgibt (EMB AU-Meldung), nicht die Teams SC und EZ.
    kennzahl_postkoerbe: tuple[str, ...] = ()
    qs: bool = False                       # Qualitätssicherung: Stichproben ziehen und bewerten (pseudonymisiert)
    quarantaene: bool = False              # sieht die Quarantäne der E-Mail-Bearbeitung (Grund, Rohtext, neu zerlegen)
    # Steuert die Warteschlange der E-Mail-Bearbeitung: sieht sie (Rückstand, wer welche Mail seit wann hält) und gibt
    # eine gehaltene Mail frei (etwa einer abwesenden Kollegin) — ohne die Mail selbst zu lesen oder zu bearbeiten;
    # übernehmen darf sie nur mit dem Kanal emb.
    warteschlange_steuern: bool = False
    # Aus welchen Fachverfahren die Rolle Kundendaten sieht (Sozialdaten nur im Rechtskreis der Rolle):
    # verbis = Stammdaten, verbis_profil = Profil aus dem eService, atv, step, colibri (ALG), kiwi (Kindergeld).
    fachverfahren: tuple[str, ...] = ()
    # Rechtskreise, deren Kontakte, Aufgaben, Mails und Termine die Rolle liest (rechtskreis.py).
    rechtskreise: tuple[str, ...] = ()

    @property
    def braucht_standort(self) -> bool:
        """Wer Kontakte führt, steuert oder bewertet, arbeitet an einem Standort: nach ihm gilt die Standortvariante
        eines Leitfadens, zählen Pilot- und übrige Standorte der Anlage 7, hält die Teamleitung Maßnahmen und zieht
        die QS ihre Stichprobe. Ohne Standort bekäme die Agentin die allgemeine Fassung statt der ihres Standorts."""
        return bool(self.kanaele or self.kennzahlen or self.qs)


SGB_III = ("verbis", "verbis_profil", "atv", "step", "colibri")
FAMILIENKASSE = ("verbis", "atv", "kiwi")
RK_SGB3 = (rechtskreis.SGB_III,)
RK_FK = (rechtskreis.FAMILIENKASSE,)


ROLLEN: dict[str, Rolle] = {r.schluessel: r for r in (
    Rolle("agent_ez", "Eingangszone", kanaele=("ez",), kundendaten=True, fachverfahren=SGB_III, rechtskreise=RK_SGB3),
    Rolle("agent_sc3", "Service Center SGB III", kanaele=("sc3",), kundendaten=True, fachverfahren=SGB_III, rechtskreise=RK_SGB3),
    Rolle("agent_scfk", "Service Center Familienkasse", kanaele=("scfk",), kundendaten=True,
          fachverfahren=FAMILIENKASSE, rechtskreise=RK_FK),
    Rolle("agent_emb", "E-Mail-Bearbeitung", kanaele=("emb",), kundendaten=True, fachverfahren=SGB_III, rechtskreise=RK_SGB3),
    Rolle("os_algplus", "OS AlgPlus", postkoerbe=("os_algplus",), kundendaten=True, fachverfahren=SGB_III, rechtskreise=RK_SGB3),
    Rolle("fk_direktion", "Familienkasse Direktion", postkoerbe=("fk_direktion_qs",), kundendaten=True,
          fachverfahren=FAMILIENKASSE, rechtskreise=RK_FK),
    Rolle("teamleitung", "Teamleitung", postkoerbe=("team_sc3", "team_ez"), kennzahlen=True,
          qs=True, rechtskreise=RK_SGB3),
    # Die Teamleitung des Service Centers Familienkasse: Kennzahlen und QS (QS-Anlage 2.2.4) nur der Familienkasse.
    Rolle("teamleitung_fk", "Teamleitung Familienkasse", kennzahlen=True, qs=True, rechtskreise=RK_FK),
    # Die Teamleitung E-Mail: Kennzahlen, Anlagen und QS (QS-Anlage 2.2.3) nur der E-Mail-Bearbeitung.
    Rolle("teamleitung_emb", "Teamleitung E-Mail", kennzahlen=True, kennzahl_kanaele=("emb",),
          kennzahl_postkoerbe=("os_algplus",), qs=True, quarantaene=True, warteschlange_steuern=True,
          rechtskreise=RK_SGB3),
    Rolle("redaktion", "Redaktion", redaktion=True),
    Rolle("freigabe", "Freigabe"),          # gibt Pakete der Redaktion frei (Vier-Augen-Prinzip)
    Rolle("administration", "Administration", protokoll=True),
)}

KANAL_NAMEN = {"ez": "Eingangszone", "sc3": "Service Center SGB III", "scfk": "Service Center Familienkasse",
               "emb": "E-Mail-Bearbeitung", "eservice": "eService"}


def standort_fehlt(rollen: list[str] | tuple[str, ...], standort: str) -> str | None:
    """Warum Rollen ohne Standort nicht gespeichert werden dürfen (Rolle.braucht_standort), oder None."""
    if standort:
        return None
    noetig = [ROLLEN[r].anzeige for r in rollen if r in ROLLEN and ROLLEN[r].braucht_standort]
    if not noetig:
        return None
    rolle = f"Die Rolle „{noetig[0]}“ braucht" if len(noetig) == 1 else \
        "Die Rollen " + ", ".join(f"„{n}“" for n in noetig) + " brauchen"
    return (f"Standort: {rolle} einen Standort — nach ihm gelten die Standortvarianten der Leitfäden, die "
            "Stichproben der QS und die Zahlen der Anlage 7. Bitte die Agentur des Arbeitsplatzes wählen.")


def liest_sozialdaten(rolle: Rolle) -> bool:
    """Ob eine Rolle Kundendaten (Sozialdaten) liest oder ändert (ihre Rechte oben): Kundendaten und Historie, Kontakte in
    einem Kanal, Postkörbe, Kennzahlen mit den Kontakten hinter den Zahlen, QS-Stichproben, Quarantäne und
    Warteschlange der E-Mail-Bearbeitung — jede solche Rolle liest im Rechtskreis ihrer Sozialdaten. Redaktion und
    Freigabe nicht (sie pflegen und prüfen den Katalog)."""
    return bool(rolle.kundendaten or rolle.kanaele or rolle.postkoerbe or rolle.kennzahlen or rolle.qs
                or rolle.quarantaene or rolle.warteschlange_steuern or rolle.fachverfahren or rolle.rechtskreise)


def rollen_unvereinbar(rollen: list[str] | tuple[str, ...]) -> str | None:
    """Warum diese Rollen nicht zusammen vergeben werden dürfen, oder None: die Administration liest das
    Zugriffsprotokoll aller Zugriffe auf Sozialdaten und verwaltet die Benutzer — wer zugleich selbst Kundendaten
    liest oder ändert, kontrollierte sich selbst und könnte sich die Rechte dazu selbst geben (Trennung der
    Aufgaben). Redaktion und Freigabe zusammen bleiben erlaubt: das Vier-Augen-Prinzip gilt bei der Freigabe."""
    if not any(r in ROLLEN and ROLLEN[r].protokoll for r in rollen):
        return None
    konflikt = [ROLLEN[r].anzeige for r in rollen if r in ROLLEN and not ROLLEN[r].protokoll
                and liest_sozialdaten(ROLLEN[r])]
    if not konflikt:
        return None
    genannt = (f"der Rolle „{konflikt[0]}“" if len(konflikt) == 1
               else "den Rollen " + ", ".join(f"„{n}“" for n in konflikt))
    return (f"Die Rolle „Administration“ geht nicht zusammen mit {genannt}: Die Administration liest das "
            "Zugriffsprotokoll und vergibt die Rollen — wer zugleich Kundendaten liest oder ändert, kontrollierte "
            "sich selbst. Bitte eine der Rollen abwählen; für beide Aufgaben braucht es zwei Konten.")


class RollenUnvereinbar(ValueError):
    """Rollen, die nicht zusammen vergeben werden (rollen_unvereinbar); die Meldung sagt, welche und warum."""
