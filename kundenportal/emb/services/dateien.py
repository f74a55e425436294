"""Mails aus Dateien einlesen: .eml-Dateien, Verzeichnisse mit .eml, Maildir-Ordner, mbox-Dateien.

Für die Migration alter Postfächer und den Befehl `kundenportal emb einlesen`. Jede Mail geht durch
`mail_einlesen` (Rohtext zuerst, Quarantäne statt Abbruch); die Dateien bleiben unverändert liegen.
Eine einzelne unlesbare Datei wird gezählt und übersprungen; nur eine Quelle, die es nicht gibt oder
die gar nicht lesbar ist, ist ein Fehler (`QuelleUnlesbar`)."""

from __future__ import annotations

import mailbox
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .einlesen import Eingelesen, stapel_einlesen


class QuelleUnlesbar(Exception):
    """Die Quelle gibt es nicht oder sie ist nicht lesbar; die Meldung nennt Pfad und Grund."""


@dataclass
class Bilanz:
    gelesen: int = 0
    neu: int = 0
    doppelt: int = 0
    quarantaene: int = 0
    unlesbar: list[str] = field(default_factory=list)

    def zaehlen(self, e: Eingelesen) -> None:
        self.gelesen += 1
        if not e.neu:
            self.doppelt += 1
        elif e.quarantaene:
            self.quarantaene += 1
        else:
            self.neu += 1

    def __str__(self) -> str:
        text = (f"{self.gelesen} gelesen, {self.neu} neu, {self.doppelt} {'Duplikat' if self.doppelt == 1 else 'Duplikate'}, "
                f"{self.quarantaene} in Quarantäne")
        unlesbar = len(self.unlesbar)
        return text + (f", {unlesbar} {'Datei' if unlesbar == 1 else 'Dateien'} unlesbar" if unlesbar else "")


def art_der_quelle(pfad: Path) -> str:
    """maildir | verzeichnis | mbox | eml — oder QuelleUnlesbar."""
    if not pfad.exists():
        raise QuelleUnlesbar(f"{pfad}: gibt es nicht.")
    if pfad.is_dir():
        return "maildir" if (pfad / "cur").is_dir() and (pfad / "new").is_dir() else "verzeichnis"
    try:
        with pfad.open("rb") as datei:
            anfang = datei.read(5)
    except OSError as fehler:
        raise QuelleUnlesbar(f"{pfad}: nicht lesbar ({fehler.strerror}).") from fehler
    return "mbox" if anfang == b"From " else "eml"


def rohe_mails(pfad: Path, unlesbar: list[str]) -> Iterator[tuple[str, bytes]]:
    """(Quelle, rohe Bytes) je Mail; unlesbare Einzeldateien landen in `unlesbar`. Die Quelle nennt die Stelle der
    Mail: die Datei, in einer mbox die Nummer der Nachricht (`#nachricht=3`), im Maildir ihre Datei (`#datei=new/…`)."""
    art = art_der_quelle(pfad)
    if art == "mbox":
        try:
            postfach = mailbox.mbox(pfad, create=False)
            schluessel = list(postfach.iterkeys())
        except (OSError, mailbox.Error) as fehler:
            raise QuelleUnlesbar(f"{pfad}: keine lesbare mbox-Datei ({fehler}).") from fehler
        try:
            for nummer, k in enumerate(schluessel, start=1):
                yield f"mbox:{pfad.name}#nachricht={nummer}", postfach.get_bytes(k)
        finally:
            postfach.close()
        return
    if art == "maildir":
        dateien: Iterable[Path] = sorted(p for d in ("new", "cur") for p in (pfad / d).iterdir() if p.is_file())
        quelle = f"maildir:{pfad.name}"
    elif art == "verzeichnis":
        dateien, quelle = sorted(pfad.rglob("*.eml")), "eml"
    else:
        dateien, quelle = [pfad], "eml"
    for datei in dateien:
        try:
            roh = datei.read_bytes()
        except OSError as fehler:
            unlesbar.append(f"{datei}: {fehler.strerror}")
            continue
        yield (f"eml:{datei.name}" if quelle == "eml" else f"{quelle}#datei={datei.parent.name}/{datei.name}"), roh


STAPEL = 50
STAPEL_BYTES = 32 * 1024 * 1024


def dateien_einlesen(pfade: Iterable[Path], fortschritt: Callable[[Bilanz], None] | None = None,
                     alle: int = 100) -> Bilanz:
    """Liest alle Quellen ein, in Stapeln (`stapel_einlesen`: zwei Commits je Stapel); `fortschritt`
    bekommt nach jedem Stapel, spätestens alle `alle` Mails, die Bilanz."""
    bilanz = Bilanz()
    stapel: list[tuple[str, bytes]] = []
    gemeldet = 0

    def abarbeiten() -> None:
        nonlocal gemeldet
        for e in stapel_einlesen(stapel):
            bilanz.zaehlen(e)
        stapel.clear()
        if fortschritt is not None and bilanz.gelesen - gemeldet >= alle:
            gemeldet = bilanz.gelesen
            fortschritt(bilanz)

    for pfad in pfade:
        for quelle, roh in rohe_mails(pfad, bilanz.unlesbar):
            stapel.append((quelle, roh))
            if len(stapel) >= STAPEL or sum(len(r) for _, r in stapel) >= STAPEL_BYTES:
                abarbeiten()
    if stapel:
        abarbeiten()
    return bilanz


def eml_importieren(pfad: Path) -> Bilanz:
    """Eine .eml-Datei oder ein Verzeichnis mit .eml-Dateien (rekursiv)."""
    return dateien_einlesen([pfad])


def maildir_importieren(pfad: Path) -> Bilanz:
    """Ein Maildir-Ordner (new/ und cur/)."""
    return dateien_einlesen([pfad])
