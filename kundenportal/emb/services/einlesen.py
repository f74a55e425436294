"""Einlesen: jede Mail genau einmal, und keine blockiert die nächste.

1. **Rohtext zuerst.** Die Bytes werden mit ihrer Identität (`identitaet.inhalt_hash`) gespeichert und
   committet, bevor der Parser sie sieht (Status `eingang`). Dieselbe Mail über IMAP, Maildir oder
   Datei trifft auf denselben Hash und ist ein Duplikat.
2. **Dann zerlegen.** Zerlegen, Zuordnen und Speichern der Felder in einer eigenen Transaktion. Wirft
   dabei irgendetwas (Parser, Zeichensatz, Datenbank — oder `mime.KeineMail`: leer, ohne Kopfzeilen, Binärdaten),
   kommt die Mail mit dem Grund in die Quarantäne;
   das Einlesen geht mit der nächsten weiter (und IMAP markiert diese als erledigt).
3. **Abgebrochen.** Stirbt der Worker beim Zerlegen, liegt die Mail beim nächsten Lauf noch im Status
   `eingang`: sie wird noch einmal versucht, nach `MAX_VERSUCHE` kommt sie in die Quarantäne — eine
   Mail, die den Worker tötet, blockiert ihn so nicht für immer."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F

from kundenportal.fachverfahren.ports.verbis import Kunde
from kundenportal.fachverfahren.registry import systeme

from ..identitaet import inhalt_hash, message_id_bereinigen, message_id_roh
from ..mime import KeineMail, Zerlegt
from ..models import Anhang, Mail, Protokoll
from ..quelle import kuerzen as quelle_kuerzen
from ..zeitgrenze import ZeitUeberschritten, zerlegen_begrenzt
from ..zuordnung import Vorschlag, klassifizieren
from .bounce import bounce_verbuchen

logger = logging.getLogger(__name__)
MAX_VERSUCHE = 2
VERWEIS = re.compile(r"<[^<>\s]{1,500}>")
PLAUSIBEL_AB = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
MEHRFACH = "Message-ID gehört schon zu einer anderen Mail mit anderem Inhalt"


@dataclass(frozen=True)
class Eingelesen:
    mail: Mail
    neu: bool

    @property
    def quarantaene(self) -> bool:
        return self.mail.status == Mail.Status.QUARANTAENE


def _jetzt() -> dt.datetime:
    from kundenportal.zeit import jetzt

    return jetzt()


def kunde_zum_absender(adresse: str) -> str | None:
    """Kundennummer zu einer in VerBIS hinterlegten Absenderadresse (über den Port, nie die Tabelle)."""
    kunde = systeme().verbis.kunde_per_email(adresse) if adresse else None
    return kunde.kundennummer if kunde else None


def mail_einlesen(roh: bytes, *, quelle: str, jetzt: dt.datetime | None = None) -> Eingelesen:
    """Speichert die Mail roh, zerlegt sie und ordnet sie zu — oder gibt die schon gespeicherte mit
    demselben Inhalt zurück. Wirft nur, wenn die Datenbank nicht erreichbar ist (dann ist nichts
    verloren: die Quelle behält die Mail)."""
    zeit = jetzt or _jetzt()
    mail, neu = _roh_speichern(roh, quelle, zeit)
    if mail.status != Mail.Status.EINGANG:
        return Eingelesen(mail, neu)
    if not neu:
        mail = _neuer_versuch(mail, zeit)
        if mail.status != Mail.Status.EINGANG:
            return Eingelesen(mail, neu)
    return Eingelesen(mail_zerlegen(mail, zeit), neu)


def stapel_einlesen(rohe: list[tuple[str, bytes]], *, jetzt: dt.datetime | None = None) -> list[Eingelesen]:
    """Wie `mail_einlesen`, für einen Stapel (Dateien, IMAP): die Rohtexte aller neuen Mails in einer
    Transaktion (committet, bevor zerlegt wird), dann alle Zerlegungen gebündelt in einer zweiten
    (`_stapel_zerlegen`: ein UPDATE, ein INSERT je Tabelle). Eine Mail, die der Zerleger nicht schafft,
    kommt in die Quarantäne, die anderen bleiben; lehnt die Datenbank den gebündelten Schreibvorgang ab,
    wird jede Mail einzeln zerlegt (`mail_zerlegen`). Stirbt der Prozess in der zweiten Transaktion,
    liegen die Mails im Status `eingang` und der nächste Lauf zerlegt sie (wie bei `mail_einlesen`)."""
    zeit = jetzt or _jetzt()
    hashes = [inhalt_hash(roh) for _, roh in rohe]
    vorhanden = set(Mail.objects.filter(inhalt_hash__in=set(hashes)).values_list("inhalt_hash", flat=True))
    neu: dict[str, Mail] = {}
    for (quelle, roh), h in zip(rohe, hashes, strict=True):
        if h not in vorhanden and h not in neu:
            neu[h] = Mail(inhalt_hash=h, message_id=message_id_roh(roh) or f"<sha256-{h}@ohne-message-id.kundenportal>",
                          roh=roh, quelle=quelle_kuerzen(_rein(quelle)), eingegangen=zeit, status=Mail.Status.EINGANG,
                          zerlegungsversuche=1)
    if neu:
        with transaction.atomic():
            Mail.objects.bulk_create(neu.values(), ignore_conflicts=True)   # ein anderer Worker war schneller: gut
    zeilen = {m.inhalt_hash: m for m in Mail.objects.defer("roh", "text").filter(inhalt_hash__in=set(hashes))}
    frisch = [zeilen[h] for h in neu if zeilen[h].status == Mail.Status.EINGANG and zeilen[h].zerlegungsversuche == 1]
    for mail in _stapel_zerlegen(frisch, {m.id: bytes(neu[m.inhalt_hash].roh) for m in frisch}, zeit):
        zeilen[mail.inhalt_hash] = mail
    ergebnisse: list[Eingelesen] = []
    gesehen: set[str] = set()
    for h in hashes:
        ergebnisse.append(Eingelesen(zeilen[h], neu=h in neu and h not in gesehen))
        gesehen.add(h)
    # Mails, die ein früherer Lauf roh gespeichert, aber nicht zerlegt hat: einzeln, mit Versuchszähler
    return [mail_einlesen(bytes(Mail.objects.values_list("roh", flat=True).get(id=e.mail.id)), quelle=e.mail.quelle,
                          jetzt=zeit)
            if (not e.neu and e.mail.status == Mail.Status.EINGANG) else e for e in ergebnisse]


def _stapel_zerlegen(mails: list[Mail], rohe: dict[int, bytes], zeit: dt.datetime) -> list[Mail]:
    """Zerlegt frisch gespeicherte Mails gebündelt: Zerlegen und Zuordnen in Python, dann in einer
    Transaktion ein UPDATE der Mails (nur die noch im Status `eingang`, gesperrt — ein zweiter Worker mit
    demselben Stapel überspringt sie), Anhänge und Protokoll je als ein INSERT. Scheitert das Zerlegen
    einer Mail, kommt sie in die Quarantäne; scheitert der gebündelte Schreibvorgang, einzeln."""
    if not mails:
        return []
    vorlaeufig: list[tuple[int, Mail, Zerlegt, Vorschlag]] = []
    fehler_an: dict[int, tuple[Mail, BaseException]] = {}        # Stelle im Stapel: die Reihenfolge wie einzeln
    for stelle, mail in enumerate(mails):
        mail.roh = rohe[mail.id]
        try:
            z = zerlegen_begrenzt(rohe[mail.id])
            vorlaeufig.append((stelle, mail, z, _vorschlag(z)))
        except (Exception, ZeitUeberschritten) as fehler:  # jede Ausnahme: Quarantäne statt Stillstand
            fehler_an[stelle] = (mail, fehler)
    # die Absender ohne Kundennummer in der Mail: eine Frage an VerBIS für den ganzen Stapel, nicht eine je Mail
    kunde = _kunden_zu([_rein(z.absender) for _, _, z, v in vorlaeufig if v.kundennummer is None])
    zerlegt: list[tuple[Mail, Zerlegt]] = []
    for stelle, mail, z, v in vorlaeufig:
        try:
            _felder_setzen(mail, z, zeit, kunde=kunde, mehrfach_pruefen=False, vorschlag=v)
        except (Exception, ZeitUeberschritten) as fehler:  # jede Ausnahme: Quarantäne statt Stillstand
            fehler_an[stelle] = (mail, fehler)
        else:
            zerlegt.append((mail, z))
    gescheitert = [fehler_an[stelle] for stelle in sorted(fehler_an)]
    try:
        with transaction.atomic():
            fertig = _stapel_schreiben(zerlegt, zeit)
    except Exception:  # die Datenbank lehnt einen Wert ab: jede Mail einzeln, mit eigener Quarantäne
        logger.warning("Stapel von %s Mails einzeln zerlegt", len(zerlegt))
        fertig = [mail_zerlegen(Mail.objects.defer("roh").get(id=m.id), zeit, rohe[m.id]) for m, _ in zerlegt]
    for mail, ursache in gescheitert:
        logger.warning("Mail %s in Quarantäne: %s", mail.id, type(ursache).__name__)
        with transaction.atomic():
            vorhanden = Mail.objects.select_for_update().defer("roh").get(id=mail.id)
            fertig.append(vorhanden if vorhanden.status != Mail.Status.EINGANG
                          else _in_quarantaene(vorhanden, zeit, _grund(ursache)))
    return fertig


def _kunden_zu(adressen: list[str]) -> Callable[[str], str | None]:
    """Kundennummer je Absenderadresse wie `kunde_zum_absender`, für alle `adressen` in einem Zug erfragt
    (`kunden_per_email`). Scheitert die Frage (VerBIS gestört), scheitert jede Mail, die eine Antwort braucht,
    wie einzeln mit derselben Ausnahme — und kommt in die Quarantäne."""
    gefunden: dict[str, Kunde | None] = {}
    ausfall: Exception | None = None
    if any(adressen):
        try:
            gefunden = systeme().verbis.kunden_per_email({a for a in adressen if a})
        except Exception as fehler:  # erst an der Mail, die die Antwort braucht
            ausfall = fehler

    def kunde(adresse: str) -> str | None:
        if not adresse:
            return None
        if ausfall is not None:
            raise ausfall
        if adresse not in gefunden:
            return kunde_zum_absender(adresse)
        k = gefunden[adresse]
        return k.kundennummer if k else None

    return kunde


def _felder_schreiben(mails: list[Mail]) -> None:
    """Ein UPDATE je Mail mit den Feldern aus `GEFUELLT`, als ein `executemany` (PostgreSQL: Pipeline) —
    `bulk_update` baut dafür einen CASE-Ausdruck je Feld und Zeile und ist langsamer als das Zerlegen."""
    if not mails:
        return
    felder = [f for f in (Mail._meta.get_field(n) for n in GEFUELLT) if isinstance(f, models.Field)]
    q = connection.ops.quote_name
    sql = (f"UPDATE {q(Mail._meta.db_table)} SET {', '.join(f'{q(f.column or f.name)} = %s' for f in felder)} "
           f"WHERE {q('id')} = %s")
    werte = [[f.get_db_prep_save(getattr(m, f.attname), connection) for f in felder] + [m.id] for m in mails]
    with connection.cursor() as cursor:
        cursor.executemany(sql, werte)


def _stapel_schreiben(zerlegt: list[tuple[Mail, Zerlegt]], zeit: dt.datetime) -> list[Mail]:
    ids = [m.id for m, _ in zerlegt]
    frei = set(Mail.objects.select_for_update(skip_locked=True).filter(id__in=ids, status=Mail.Status.EINGANG)
               .values_list("id", flat=True))
    meine = [(m, z) for m, z in zerlegt if m.id in frei]
    # dieselbe Message-ID bei einer anderen Mail (schon gespeichert oder früher im Stapel): beide markiert
    schon = set(Mail.objects.filter(message_id__in={m.message_id for m, _ in meine}).exclude(id__in=ids)
                .values_list("message_id", flat=True))
    mehrfach: set[str] = set()
    for mail, _ in meine:
        if mail.message_id in schon:
            mail.warnungen = [*mail.warnungen, MEHRFACH]
            mail.message_id_mehrfach = True
            mehrfach.add(mail.message_id)
        schon.add(mail.message_id)
    for mail, _ in meine:
        mail.message_id_mehrfach = mail.message_id in mehrfach
    if mehrfach:
        Mail.objects.filter(message_id__in=mehrfach).exclude(id__in=frei).update(message_id_mehrfach=True)
    _felder_schreiben([m for m, _ in meine])
    Anhang.objects.bulk_create(
        Anhang(mail=mail, nummer=i, dateiname=_rein(a.dateiname)[:300] or f"anhang-{i}",
               content_type=_rein(a.content_type)[:150], daten=a.daten, groesse=len(a.daten))
        for mail, z in meine for i, a in enumerate(z.anhaenge, start=1))
    Protokoll.objects.bulk_create(
        Protokoll(mail=mail, zeit=zeit, benutzer="system", art="eingelesen",
                  details={"quelle": mail.quelle, "vorschlag": mail.vorschlag, "warnungen": mail.warnungen})
        for mail, _ in meine)
    for mail, _ in meine:          # Unzustellbarkeitsmeldungen: selten, einzeln in derselben Transaktion
        if b"multipart/report" in bytes(mail.roh)[:65536].lower() and bounce_verbuchen(mail, zeit) is not None:
            mail.refresh_from_db()
    andere = [Mail.objects.defer("roh").get(id=m.id) for m, _ in zerlegt if m.id not in frei]
    return [m for m, _ in meine] + andere


def _roh_speichern(roh: bytes, quelle: str, zeit: dt.datetime) -> tuple[Mail, bool]:
    h = inhalt_hash(roh)
    vorhanden = Mail.objects.defer("roh", "text").filter(inhalt_hash=h).first()
    if vorhanden is not None:
        return vorhanden, False
    message_id = message_id_roh(roh) or f"<sha256-{h}@ohne-message-id.kundenportal>"
    try:
        with transaction.atomic():
            mail = Mail.objects.create(inhalt_hash=h, message_id=message_id, roh=roh, quelle=quelle_kuerzen(_rein(quelle)),
                                       eingegangen=zeit, status=Mail.Status.EINGANG, zerlegungsversuche=1)
    except IntegrityError:
        # gleichzeitig von einem anderen Worker eingelesen: die Mail gibt es genau einmal
        return Mail.objects.get(inhalt_hash=h), False
    return mail, True


def _neuer_versuch(mail: Mail, zeit: dt.datetime) -> Mail:
    """Ein früherer Lauf starb beim Zerlegen dieser Mail: noch ein Versuch oder Quarantäne."""
    with transaction.atomic():
        mail = Mail.objects.select_for_update().get(id=mail.id)
        if mail.status != Mail.Status.EINGANG:
            return mail
        if mail.zerlegungsversuche >= MAX_VERSUCHE:
            return _in_quarantaene(mail, zeit, f"Die Zerlegung wurde {mail.zerlegungsversuche}-mal abgebrochen "
                                   "(der Hintergrundprozess endete, etwa wegen Speicher oder Zeit).")
        Mail.objects.filter(id=mail.id).update(zerlegungsversuche=F("zerlegungsversuche") + 1)
    return mail


GEFUELLT = ("message_id", "message_id_mehrfach", "datum", "absender", "absender_name", "betreff", "text", "verweise",
            "warnungen", "kundennummer", "kundennummer_quelle", "vorschlag", "vorschlag_gruende", "leitfaden",
            "anliegen", "status", "quarantaene_grund")


def mail_zerlegen(mail: Mail, zeit: dt.datetime, roh: bytes | None = None) -> Mail:
    """Zerlegt eine roh gespeicherte Mail (Status `eingang`) und füllt ihre Felder; jede Ausnahme
    bringt sie mit Grund in die Quarantäne (auch für `quarantaene_neu_zerlegen`). Geschrieben wird mit
    einem bedingten UPDATE (`… WHERE status = 'eingang'`): zwei Worker mit demselben Stapel zerlegen
    eine Mail nie doppelt, ohne vorher zu sperren."""
    if roh is None:
        roh = bytes(Mail.objects.values_list("roh", flat=True).get(id=mail.id))
    mail.roh = roh
    try:
        with transaction.atomic():
            z = zerlegen_begrenzt(roh)
            _felder_setzen(mail, z, zeit)
            if not Mail.objects.filter(id=mail.id, status=Mail.Status.EINGANG).update(
                    **{f: getattr(mail, f) for f in GEFUELLT}):
                return Mail.objects.defer("roh").get(id=mail.id)      # ein anderer Worker war schneller
            Anhang.objects.bulk_create(
                Anhang(mail=mail, nummer=i, dateiname=_rein(a.dateiname)[:300] or f"anhang-{i}",
                       content_type=_rein(a.content_type)[:150], daten=a.daten, groesse=len(a.daten))
                for i, a in enumerate(z.anhaenge, start=1))
            Protokoll.objects.create(mail=mail, zeit=zeit, benutzer="system", art="eingelesen",
                                     details={"quelle": mail.quelle, "vorschlag": mail.vorschlag,
                                              "warnungen": mail.warnungen})
            # in derselben Transaktion: keine Unzustellbarkeitsmeldung ist eingelesen, aber nicht verbucht
            if bounce_verbuchen(mail, zeit) is not None:
                mail.refresh_from_db()
    except (Exception, ZeitUeberschritten) as fehler:  # jede Ausnahme: Quarantäne statt Stillstand
        logger.warning("Mail %s in Quarantäne: %s", mail.id, type(fehler).__name__)
        with transaction.atomic():
            mail = Mail.objects.select_for_update().defer("roh").get(id=mail.id)
            if mail.status != Mail.Status.EINGANG:
                return mail
            return _in_quarantaene(mail, zeit, _grund(fehler))
    return mail


def _vorschlag(z: Zerlegt) -> Vorschlag:
    return klassifizieren(_rein(z.betreff), _rein(z.text), [_rein(a.dateiname) for a in z.anhaenge], z.auto_antwort)


def _felder_setzen(mail: Mail, z: Zerlegt, zeit: dt.datetime, *,
                   kunde: Callable[[str], str | None] = kunde_zum_absender, mehrfach_pruefen: bool = True,
                   vorschlag: Vorschlag | None = None) -> None:
    """Füllt die Felder aus der zerlegten Mail; `mehrfach_pruefen=False`: die Message-ID prüft der Stapel;
    `vorschlag`: schon klassifiziert (der Stapel klassifiziert vorab, um die Absender gesammelt zu erfragen)."""
    v = _vorschlag(z) if vorschlag is None else vorschlag
    kundennummer, herkunft = v.kundennummer, "mail"
    if kundennummer is None:
        kundennummer, herkunft = kunde(_rein(z.absender)), "absender"
    warnungen = [_rein(w) for w in z.warnungen]
    if any("\x00" in t for t in (z.betreff, z.text, z.absender, z.absender_name, z.message_id)):
        warnungen.append("NUL-Zeichen entfernt")
    message_id = message_id_bereinigen(z.message_id) or mail.message_id
    if len(z.message_id) > len(message_id) + 2:
        warnungen.append("Message-ID länger als 998 Zeichen: gekürzt")
    datum = z.datum
    if datum is not None and not _plausibel(datum, zeit):
        warnungen.append(f"Datum {datum.year} unplausibel: Eingangszeit verwendet")
        datum = zeit
    if mehrfach_pruefen:          # im Stapel nicht: die Abfrage je Mail zu bauen kostete mehr als das Zerlegen
        andere = Mail.objects.filter(message_id=message_id).exclude(id=mail.id)
        if andere.exists():
            warnungen.append(MEHRFACH)
            andere.update(message_id_mehrfach=True)
            mail.message_id_mehrfach = True
    mail.message_id, mail.datum = message_id, datum
    mail.absender, mail.absender_name = _rein(z.absender)[:320], _rein(z.absender_name)[:300]
    mail.betreff, mail.text = _rein(z.betreff)[:1000], _rein(z.text)
    mail.verweise = " ".join(VERWEIS.findall(_rein(z.verweise)))[:4000]
    mail.warnungen = list(dict.fromkeys(warnungen))
    mail.kundennummer = kundennummer or ""
    mail.kundennummer_quelle = herkunft if kundennummer else ""
    mail.vorschlag, mail.vorschlag_gruende, mail.leitfaden = v.klasse, [_rein(g) for g in v.gruende], v.arbeitshilfe
    mail.anliegen = mail.klasse or mail.vorschlag
    mail.status, mail.quarantaene_grund = Mail.Status.OFFEN, ""


def _plausibel(datum: dt.datetime, zeit: dt.datetime) -> bool:
    try:
        return PLAUSIBEL_AB <= datum <= zeit + dt.timedelta(days=2)
    except (OverflowError, TypeError):
        return False


def _in_quarantaene(mail: Mail, zeit: dt.datetime, grund: str) -> Mail:
    mail.status, mail.quarantaene_grund = Mail.Status.QUARANTAENE, grund
    mail.save(update_fields=["status", "quarantaene_grund"])
    Protokoll.objects.create(mail=mail, zeit=zeit, benutzer="system", art="quarantaene", details={"grund": grund})
    return mail


def _grund(fehler: BaseException) -> str:
    """Der Grund als deutscher Satz für die Teamleitung — ohne Inhalte der Mail (die stehen nicht in Protokoll und
    Log) und ohne Namen von Python-Ausnahmen (die Klasse steht im Log des Servers)."""
    if isinstance(fehler, ZeitUeberschritten):
        return f"Die {fehler} und wurde abgebrochen (Zeitgrenze des Servers)."
    if isinstance(fehler, KeineMail):        # leer, ohne Kopfzeilen, Binärdaten: der Grund ist schon ein Satz
        return str(fehler)
    for klasse in type(fehler).__mro__:
        if klasse.__name__ in GRUENDE:
            return GRUENDE[klasse.__name__]
    return "Die Zerlegung scheiterte an einem unerwarteten Fehler; Einzelheiten stehen im Protokoll des Servers."


GRUENDE = {          # Ausnahme (auch Oberklasse) → Grund
    "RecursionError": "Die MIME-Struktur der Mail ist zu tief verschachtelt.",
    "MemoryError": "Die Mail ist zu groß für den Speicher.",
    "LookupError": "Die Mail nennt einen unbekannten Zeichensatz.",
    "UnicodeError": "Zeichen der Mail lassen sich nicht dekodieren.",
    "DataError": "Die Datenbank lehnt einen Wert der Mail ab.",
    "SystemNichtErreichbar": ("Ein Fachverfahren (etwa VerBIS für die Absenderadresse) war nicht erreichbar. "
                              "Stoßen Sie die Zerlegung später neu an."),
    "ValueError": "Ein Wert der Mail lässt sich nicht verarbeiten.",
}


def _rein(text: Any) -> str:
    """Ohne NUL (PostgreSQL speichert es in Text nicht) und ohne einzelne Surrogate."""
    return str(text).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
