"""Eine E-Mail zerlegen: Kopf, lesbarer Text, Anhänge — mit dem `email`-Paket (policy.default).

Kaputte Kodierungen (unbekannter oder falsch angegebener Zeichensatz, fehlerhaftes Base64, fehlende
Boundary) führen nie zum Absturz: der Text wird so lesbar wie möglich dekodiert und die Mail trägt
eine Warnung, damit die Beschäftigten im Zweifel die Rohfassung ansehen (keine Mail geht
verloren). Was gar keine E-Mail ist (leer, ohne jede Kopfzeile, Binärdaten), wirft `KeineMail` mit dem Grund:
es kommt in die Quarantäne (services/einlesen), die Rohbytes bleiben. Kein Django: die Zerlegung ist reine
Funktion der Bytes."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from email import errors, policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

ERSATZ_ZEICHENSAETZE = ("utf-8", "cp1252")
LATEIN = {"iso-8859-1", "iso-8859-15", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}
BASE64_DEFEKTE = (errors.InvalidBase64CharactersDefect, errors.InvalidBase64PaddingDefect,
                  errors.InvalidBase64LengthDefect)
_FALTUNG = re.compile(r"\r?\n(?=[ \t])")
BOUNDARY_DEFEKTE = (errors.StartBoundaryNotFoundDefect, errors.CloseBoundaryNotFoundDefect,
                    errors.NoBoundaryInMultipartDefect, errors.MultipartInvariantViolationDefect)
KOPF_HOECHSTENS = 32 * 1024        # so viele Bytes liest `kopf_lesen` höchstens (Köpfe sind selten länger)
_LEERZEILE = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class Anhang:
    dateiname: str
    content_type: str
    daten: bytes


@dataclass
class Zerlegt:
    message_id: str
    betreff: str
    absender_name: str
    absender: str               # Adresse, kleingeschrieben
    datum: dt.datetime | None
    text: str
    anhaenge: list[Anhang] = field(default_factory=list)
    warnungen: list[str] = field(default_factory=list)
    auto_antwort: bool = False
    verweise: str = ""          # References (oder In-Reply-To): die Kette, an die eine Antwort anknüpft


def ersatz_message_id(roh: bytes) -> str:
    """Stabile Kennung einer Mail ohne Message-ID: dieselben Bytes ergeben dieselbe Kennung."""
    return f"<sha256-{hashlib.sha256(roh).hexdigest()}@ohne-message-id.kundenportal>"


class KeineMail(ValueError):
    """Die Bytes sind keine E-Mail (leer, ohne jede Kopfzeile, Binärdaten): Die Mail kommt in die Quarantäne; die
    Meldung ist der deutsche Grund für die Teamleitung (ohne Inhalte der Datei)."""


# Steuerzeichen außer Tab, Zeilenumbruch und Wagenrücklauf: in einem Mailkopf fast nie, in Binärdaten jedes neunte Byte
_STEUERBYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0D} | {0x7F}))
BINAER_AB = 0.05         # so viel Anteil Steuerbytes im Kopfbereich: Binärdaten, keine Mail


def keine_mail(roh: bytes, nachricht: Message) -> str:
    """Der Grund, warum `roh` keine E-Mail ist — oder "" für eine Mail (auch eine merkwürdige: ohne Absender, mit
    kaputtem Base64, nur mit Anhang, mit unbekanntem Zeichensatz — die geht mit Hinweis in die Warteschlange).
    Keine Mail sind: leere Daten (oder nur Leerraum), Binärdaten im Kopfbereich und Daten ohne jede Kopfzeile."""
    if not roh:
        return "Die eingelesenen Daten sind leer (0 Byte): Sie enthalten keine E-Mail."
    if not roh.strip():
        return (f"Die eingelesenen Daten enthalten nur Leerzeichen und Zeilenumbrüche ({len(roh)} Byte), keine "
                "E-Mail.")
    kopf = roh[:KOPF_HOECHSTENS]
    ende = _LEERZEILE.search(kopf)
    kopf = kopf[:ende.start()] if ende else kopf
    steuer = len(kopf) - len(kopf.translate(None, _STEUERBYTES))
    if kopf and steuer / len(kopf) > BINAER_AB:
        return ("Die eingelesenen Daten sind Binärdaten (etwa ein Bild, ein Archiv oder eine beschädigte Datei), "
                "keine E-Mail: Sie haben keine lesbaren Kopfzeilen.")
    if not nachricht.keys():
        return ("Die eingelesenen Daten haben keine Kopfzeilen einer E-Mail (kein Absender, kein Betreff, kein "
                "Datum): Sie lassen sich nicht als E-Mail lesen.")
    return ""


def zerlegen(roh: bytes) -> Zerlegt:
    """Zerlegt die Mail; sind die Bytes gar keine E-Mail (`keine_mail`), wirft sie `KeineMail` mit dem Grund."""
    # compat32 statt policy.default: zehnmal schneller; die Köpfe dekodiert `_kopf` selbst
    nachricht = BytesParser(policy=policy.compat32).parsebytes(roh)
    grund = keine_mail(roh, nachricht)
    if grund:
        raise KeineMail(grund)
    warnungen: list[str] = []
    message_id = _kopf(nachricht, "Message-ID", warnungen).strip()
    if not message_id:
        message_id = ersatz_message_id(roh)
    betreff = _kopf(nachricht, "Subject", warnungen)
    name, adresse = _absender(nachricht, warnungen)
    texte: list[str] = []
    html_texte: list[str] = []
    anhaenge: list[Anhang] = []
    for teil in nachricht.walk():
        if teil.is_multipart():
            _defekte(teil, warnungen)
            continue
        dateiname = _dateiname(teil, warnungen)
        art = teil.get_content_type()
        if dateiname or teil.get_content_disposition() == "attachment" or teil.get_content_maintype() not in (
                "text",):
            daten = teil.get_payload(decode=True)
            _defekte(teil, warnungen)  # Base64-Defekte entstehen erst beim Dekodieren
            anhaenge.append(Anhang(dateiname or f"anhang-{len(anhaenge) + 1}", art,
                                   daten if isinstance(daten, bytes) else b""))
            continue
        text = _text(teil, warnungen)
        _defekte(teil, warnungen)
        (html_texte if art == "text/html" else texte).append(text)
    if texte:
        text = "\n\n".join(t.strip("\n") for t in texte)
    else:
        text = "\n\n".join(html_zu_text(t) for t in html_texte)
    return Zerlegt(message_id=message_id, betreff=_einzeilig(betreff), absender_name=name, absender=adresse,
                   datum=_datum(_kopf(nachricht, "Date", warnungen)), text=text.replace("\r\n", "\n").replace("\r", "\n").strip(),
                   anhaenge=anhaenge, warnungen=list(dict.fromkeys(warnungen)),
                   auto_antwort=_kopf(nachricht, "Auto-Submitted", warnungen).lower().startswith("auto-"),
                   verweise=_einzeilig(_kopf(nachricht, "References", warnungen)
                                       or _kopf(nachricht, "In-Reply-To", warnungen)))


def _kopf(nachricht: Message, name: str, warnungen: list[str]) -> str:
    """Der erste Kopf `name`, entfaltet und dekodiert (RFC 2047); "" ohne ihn."""
    klein = name.lower()
    roh = next((v for k, v in nachricht.raw_items() if k.lower() == klein), None)
    if roh is None:
        return ""
    return _dekodieren(str(roh), f"Kopfzeile {name}", warnungen)


def _dekodieren(roh: str, wo: str, warnungen: list[str]) -> str:
    """Entfaltet und dekodiert Encoded-Words einzeln, jedes so lesbar wie möglich (ein utf-8-Wort mit
    Latin-1-Byte, ein unbekannter Zeichensatz); rohe 8-bit-Bytes (manche Mailer senden UTF-8 unkodiert)
    werden als UTF-8, sonst windows-1252 gelesen."""
    text = _FALTUNG.sub(" ", roh).strip()
    if any("\udc80" <= z <= "\udcff" for z in text):
        text = _bytes_lesen(text.encode("utf-8", "surrogateescape"), "utf-8", warnungen, wo)
    if "=?" not in text:
        return text
    try:
        stuecke = decode_header(text)
    except Exception:  # ein kaputtes Encoded-Word: lieber roh als gar nicht
        warnungen.append(f"{wo}: Zeichen nicht dekodierbar")
        return text
    teile: list[str] = []
    for stueck, zeichensatz in stuecke:
        if isinstance(stueck, str):
            teile.append(stueck)
        elif zeichensatz is None:
            teile.append(stueck.decode("raw-unicode-escape"))    # Umkehrung von decode_header
        else:
            teile.append(_bytes_lesen(stueck, zeichensatz, warnungen, wo))
    return "".join(teile)


def _einzeilig(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_WINKEL = re.compile(r"^(?P<name>[^<]*?)\s*<\s*(?P<adresse>[^<>@\s]+@[^<>\s]+?)\s*>")


def _absender(nachricht: Message, warnungen: list[str]) -> tuple[str, str]:
    """Name und Adresse aus dem From-Kopf. Hat er die Form `Name <adresse>`, ist die Adresse die in <…> und der
    Name alles davor — auch mit Komma: „"Pohl, Max" <…>“, unkodiert „Pohl, Max <…>“ (getaddresses trennte dort
    und gäbe „Max“) und ein kodiertes Wort mit Komma („=?utf-8?q?Schr=C3=B6der,_J=C3=BClide?=“). Der Name
    wird entquotet (auch Backslash-Escapes) und erst dann dekodiert. Ohne <…> (`adresse`,
    `adresse (Name)`) zerlegt getaddresses; es gilt das erste Paar mit @."""
    roh = _FALTUNG.sub(" ", next((str(v) for k, v in nachricht.raw_items() if k.lower() == "from"), "")).strip()
    winkel = _WINKEL.match(roh)
    if winkel is not None:
        name, adresse = _name_entquoten(winkel.group("name")), winkel.group("adresse")
    else:
        paare = getaddresses([roh]) if roh else []
        mit_adresse = [p for p in paare if "@" in p[1]]
        name, adresse = (mit_adresse or paare or [("", "")])[0]
    return (_einzeilig(_dekodieren(name, "Kopfzeile From", warnungen)),
            _dekodieren(adresse, "Kopfzeile From", warnungen).strip().lower())


def _name_entquoten(name: str) -> str:
    """`"Pohl, Max"` → `Pohl, Max`; `"A \\"B\\""` → `A "B"`; ein Name aus mehreren Teilen bleibt, wie er ist."""
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _datum(wert: str) -> dt.datetime | None:
    try:
        datum = parsedate_to_datetime(wert) if wert else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if datum is not None and datum.tzinfo is None:
        datum = datum.replace(tzinfo=dt.UTC)
    return datum


def _dateiname(teil: Message, warnungen: list[str]) -> str:
    try:
        name = teil.get_filename() or ""
        return _dekodieren(name, "Dateiname", warnungen) if name else ""
    except Exception:
        warnungen.append("Dateiname eines Anhangs nicht lesbar")
        return ""


def _defekte(teil: Message, warnungen: list[str]) -> None:
    for defekt in teil.defects:
        if isinstance(defekt, BASE64_DEFEKTE):
            warnungen.append("Base64-Kodierung fehlerhaft")
        elif isinstance(defekt, BOUNDARY_DEFEKTE):
            warnungen.append("MIME-Struktur fehlerhaft (Boundary)")


def _text(teil: Message, warnungen: list[str]) -> str:
    daten = teil.get_payload(decode=True)
    if not isinstance(daten, bytes):
        daten = str(teil.get_payload()).encode("utf-8", "surrogateescape")
    zeichensatz = teil.get_content_charset() or "us-ascii"
    return _bytes_lesen(daten, zeichensatz, warnungen, "Text")


def _bytes_lesen(daten: bytes, zeichensatz: str, warnungen: list[str], wo: str) -> str:
    """Dekodiert mit dem angegebenen Zeichensatz; ist er unbekannt oder falsch, mit UTF-8, sonst
    windows-1252 (deckt ISO-8859-1 ab) — nie mit Ausnahme, im Zweifel mit Warnung."""
    zeichensatz = zeichensatz.lower()
    try:
        codecs.lookup(zeichensatz)
    except LookupError:
        warnungen.append(f"{wo}: unbekannter Zeichensatz {zeichensatz}")
        return _ersatz(daten)
    if zeichensatz in LATEIN and not daten.isascii() and _ist_utf8(daten):
        # als Latin-1 angegeben, aber gültiges UTF-8 mit Umlauten: Latin-1-Text ergibt fast nie gültiges UTF-8
        warnungen.append(f"{wo}: Zeichensatz {zeichensatz} angegeben, Inhalt ist UTF-8")
        return daten.decode("utf-8")
    try:
        return daten.decode(zeichensatz)
    except UnicodeDecodeError:
        warnungen.append(f"{wo}: Inhalt passt nicht zum Zeichensatz {zeichensatz}")
        return _ersatz(daten)


def _ist_utf8(daten: bytes) -> bool:
    try:
        daten.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _ersatz(daten: bytes) -> str:
    if _ist_utf8(daten):
        return daten.decode("utf-8")
    return daten.decode("cp1252", errors="replace")


class _Textsammler(HTMLParser):
    BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "blockquote", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.teile: list[str] = []
        self._aus = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self._aus += 1
        elif tag in self.BLOCK:
            self.teile.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._aus = max(0, self._aus - 1)
        elif tag in self.BLOCK:
            self.teile.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._aus:
            self.teile.append(data)


def html_zu_text(quelle: str) -> str:
    sammler = _Textsammler()
    sammler.feed(quelle)
    sammler.close()
    text = html.unescape("".join(sammler.teile))
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t\xa0]+", " ", text)).strip()




def kopf_lesen(roh: bytes) -> tuple[str, str, str]:
    """Absendername, Absenderadresse und Betreff allein aus dem Kopf der Rohbytes — für Mails, deren Zerlegung
    scheiterte (Quarantäne). Liest höchstens die ersten KOPF_HOECHSTENS Bytes bis zur ersten Leerzeile (nie den
    Rumpf: der ließ die Zerlegung vielleicht scheitern) und dekodiert wie `zerlegen`, so lesbar wie möglich.
    Wirft nie: Was sich nicht lesen lässt, ist "" (die Seite sagt „(nicht lesbar)“, emb/anzeige.lesbar)."""
    try:
        teil = roh[:KOPF_HOECHSTENS]
        ende = _LEERZEILE.search(teil)
        nachricht = BytesHeaderParser(policy=policy.compat32).parsebytes(teil[:ende.start()] if ende else teil)
        warnungen: list[str] = []
        name, adresse = _absender(nachricht, warnungen)
        return name, adresse, _einzeilig(_kopf(nachricht, "Subject", warnungen))
    except Exception:        # ein Kopf, an dem auch das scheitert: nicht lesbar, nie ein Fehler der Seite
        return "", "", ""


def als_email(roh: bytes) -> EmailMessage:
    """Die geparste Nachricht (für die Rohansicht und Tests)."""
    nachricht = BytesParser(policy=policy.default).parsebytes(roh)
    assert isinstance(nachricht, EmailMessage)
    return nachricht
