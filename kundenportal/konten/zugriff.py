"""Zugriffsentscheidungen — die einzige Stelle, die sagt, wer was darf (house style, habit 4).

Seiten, API und Dienste fragen nur diese Funktionen; jede ist in tests/konten einzeln belegt.
Eine Rolle ist eine Django-Gruppe (Schlüssel aus `rollen.ROLLEN`); mehrere Rollen addieren ihre Rechte.
Superuser gelten als Administration (nicht mehr): auch sie sehen Kundendaten nur mit einer Agentenrolle."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import rechtskreis
from .rollen import ROLLEN, Rolle

# Ein User oder AnonymousUser (request.user); Any, weil AUTH_USER_MODEL austauschbar ist.
Benutzer = Any


def rollen_von(user: Benutzer) -> list[Rolle]:
    """Die Rollen eines angemeldeten Benutzers (je Anfrage am Benutzerobjekt zwischengespeichert)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    vorhanden = getattr(user, "_kundenportal_rollen", None)
    if vorhanden is not None:
        return list(vorhanden)
    return rollen_setzen(user, user.groups.values_list("name", flat=True))


def rollen_setzen(user: Benutzer, gruppen: Iterable[str]) -> list[Rolle]:
    """Merkt die Rollen aus den Gruppennamen am Benutzerobjekt (für diese Anfrage); Superuser zählen
    als Administration. Gelesen werden die Gruppen mit dem Benutzer (anmeldung.py) oder in rollen_von."""
    namen = set(gruppen)
    if getattr(user, "is_superuser", False):
        namen.add("administration")
    rollen = [ROLLEN[n] for n in sorted(namen) if n in ROLLEN]
    user._kundenportal_rollen = rollen
    return list(rollen)


def rolle_anzeige(user: Benutzer) -> str:
    return ", ".join(r.anzeige for r in rollen_von(user)) or "ohne Rolle"


def kanaele_fuer(user: Benutzer) -> list[str]:
    """Die Kanäle, in denen der Benutzer Kontakte führt (erster = Standard beim Start)."""
    kanaele: list[str] = []
    for rolle in rollen_von(user):
        kanaele.extend(k for k in rolle.kanaele if k not in kanaele)
    return kanaele


def fachverfahren_fuer(user: Benutzer) -> frozenset[str]:
    """Aus welchen Fachverfahren der Benutzer Kundendaten sieht: nur die seines Rechtskreises
    (ein Service Center SGB III sieht kein Kindergeld, die Familienkasse kein ALG und kein VerBIS-Profil)."""
    if not darf_kunden_sehen(user):
        return frozenset()
    return frozenset(f for rolle in rollen_von(user) for f in rolle.fachverfahren)


def rechtskreise_fuer(user: Benutzer) -> frozenset[str]:
    """Die Rechtskreise, deren Sozialdaten der Benutzer liest (SGB III, Familienkasse; rechtskreis.py)."""
    return frozenset(r for rolle in rollen_von(user) for r in rolle.rechtskreise)


def im_rechtskreis(user: Benutzer, kreis: str | None) -> bool:
    return kreis is not None and kreis in rechtskreise_fuer(user)


def standort_fuer(user: Benutzer) -> str | None:
    """Der Standort (Agentur) des Arbeitsplatzes, oder None, wenn keiner hinterlegt ist."""
    if not getattr(user, "is_authenticated", False):
        return None
    from .models import Arbeitsplatz

    platz = Arbeitsplatz.objects.filter(user__pk=user.pk).first()
    return platz.standort if platz and platz.standort else None


def namen_am_standort(standort: str) -> tuple[str, ...]:
    """Die Namen der Beschäftigten am `standort`, wie sie in einem freien Text stünden: „Vorname Nachname“,
    „Nachname, Vorname“ und der Benutzername — für die Prüfung auf Angaben zur Person in Texten über das Team
    (Maßnahmen der Anlage 7). Der Nachname allein nicht: er ist oft ein Wort der Sprache („Neu“, „Mai“)."""
    from django.contrib.auth import get_user_model

    namen: list[str] = []
    for benutzername, vorname, nachname in get_user_model().objects.filter(
            arbeitsplatz__standort=standort).values_list("username", "first_name", "last_name"):
        vorname, nachname = vorname.strip(), nachname.strip()
        if vorname and nachname:
            namen += [f"{vorname} {nachname}", f"{nachname}, {vorname}"]
        namen.append(benutzername)
    return tuple(namen)


def darf_kontakte_fuehren(user: Benutzer) -> bool:
    """Kontakte (Gespräche nach Leitfaden) führt, wer mindestens einen Kanal hat."""
    return bool(kanaele_fuer(user))


def darf_kunden_sehen(user: Benutzer) -> bool:
    """Kundendaten, Kundensuche und Kontakthistorie: Agenten und die Backoffices."""
    return any(r.kundendaten for r in rollen_von(user))


def darf_leitfaden_nutzen(user: Benutzer, leitfaden: Any) -> bool:
    """Ein Leitfaden (katalog.Leitfaden oder dessen id) ist nutzbar, wenn er kein Baustein ist und
    in einem Kanal des Benutzers angeboten wird."""
    if isinstance(leitfaden, str):
        from kundenportal.verdrahtung import katalog

        gefunden = katalog().leitfaeden.get(leitfaden)
        if gefunden is None:
            return False
        leitfaden = gefunden
    kopf = leitfaden.kopf
    if getattr(kopf, "baustein", False):
        return False
    return bool(set(kopf.kanaele) & set(kanaele_fuer(user)))


def darf_kontakt_sehen(user: Benutzer, kontakt: Any) -> bool:
    """Den eigenen Kontakt fortsetzen und lesen; abgeschlossene Kontakte zusätzlich alle, die die
    Kundendaten sehen dürfen (Kontakthistorie) — immer nur im eigenen Rechtskreis: die Familienkasse
    liest keinen SGB-III-Kontakt und umgekehrt (Sozial- und Steuergeheimnis, domain.md 2.12)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not im_rechtskreis(user, rechtskreis.von_kontakt(kontakt)):
        return False
    if kontakt.user_id == user.pk and darf_kontakte_fuehren(user):
        return True
    return bool(kontakt.status == "abgeschlossen" and darf_kunden_sehen(user))


def darf_kontakt_bearbeiten(user: Benutzer, kontakt: Any) -> bool:
    """Antworten, zurückgehen, abschließen: nur wer den Kontakt führt, solange er offen ist."""
    return bool(getattr(user, "is_authenticated", False) and kontakt.user_id == user.pk
                and kontakt.status == "offen" and kontakt.kanal in kanaele_fuer(user))


def postkoerbe_fuer(user: Benutzer) -> list[str]:
    koerbe: list[str] = []
    for rolle in rollen_von(user):
        koerbe.extend(p for p in rolle.postkoerbe if p not in koerbe)
    return koerbe


def darf_postkorb_sehen(user: Benutzer, postkorb: str) -> bool:
    return postkorb in postkoerbe_fuer(user)


def darf_aufgabe_bearbeiten(user: Benutzer, aufgabe: Any) -> bool:
    """Nehmen und schließen: nur im eigenen Postkorb und Rechtskreis."""
    return darf_postkorb_sehen(user, str(aufgabe.an)) and im_rechtskreis(user, rechtskreis.von_aufgabe(aufgabe))


def darf_mail_sehen(user: Benutzer, mail: Any) -> bool:
    """Eine Kundenmail (Warteschlange, Mail, Anhang): wer im Kanal E-Mail arbeitet, im Rechtskreis der Mail."""
    return "emb" in kanaele_fuer(user) and im_rechtskreis(user, rechtskreis.von_mail(mail))


def darf_quarantaene_sehen(user: Benutzer) -> bool:
    """Die Quarantäne der E-Mail-Bearbeitung (Grund, Rohtext, neu zerlegen): die Teamleitung E-Mail."""
    return any(r.quarantaene for r in rollen_von(user))


def darf_warteschlange_steuern(user: Benutzer) -> bool:
    """Die Warteschlange der E-Mail-Bearbeitung steuern: sie sehen (Rückstand, wer welche Mail seit wann hält) und
    gehaltene Mails freigeben — die Teamleitung E-Mail (`Rolle.warteschlange_steuern`). Den Text einer Mail liest
    sie damit nicht (dafür braucht es `darf_mail_sehen`, also den Kanal emb)."""
    return any(r.warteschlange_steuern for r in rollen_von(user))


def darf_warteschlange_sehen(user: Benutzer) -> bool:
    """Die Liste der Warteschlange (nur Mails im eigenen Rechtskreis, emb.zugriff.nur_sichtbare): wer im Kanal
    E-Mail arbeitet und wer die Warteschlange steuert."""
    return "emb" in kanaele_fuer(user) or darf_warteschlange_steuern(user)


def darf_mail_freigeben(user: Benutzer, mail: Any) -> bool:
    """Eine Mail, die jemand anderes hält, zurück in die Warteschlange geben: wer die Warteschlange steuert, im
    Rechtskreis der Mail (Sozial- und Steuergeheimnis, wie `darf_mail_sehen`)."""
    return darf_warteschlange_steuern(user) and im_rechtskreis(user, rechtskreis.von_mail(mail))


def darf_termin_sehen(user: Benutzer, termin: Any) -> bool:
    """Ein Termin eines Kunden: wer Kundendaten sieht, im Rechtskreis des Termins."""
    return darf_kunden_sehen(user) and im_rechtskreis(user, rechtskreis.von_termin(termin))


def darf_protokoll_sehen(user: Benutzer) -> bool:
    return any(r.protokoll for r in rollen_von(user))


def darf_benutzer_verwalten(user: Benutzer) -> bool:
    """Benutzer anlegen, Rollen vergeben, Benutzer deaktivieren (/verwaltung/): die Administration."""
    return any(r.protokoll for r in rollen_von(user))


def darf_kennzahlen_sehen(user: Benutzer) -> bool:
    """Kennzahlen der Kontakte und Postkörbe (nur Zählungen, keine Kundendaten): die Teamleitung."""
    return any(r.kennzahlen for r in rollen_von(user))


def darf_qs(user: Benutzer) -> bool:
    """Qualitätssicherung (Weisung 202003006, Abschnitt 4): Stichproben abgeschlossener Kontakte am
    eigenen Standort ziehen und bewerten — pseudonymisiert, ohne Namen und Kundennummer: die Teamleitung."""
    return any(r.qs for r in rollen_von(user))


def darf_qs_ergebnisse_sehen(user: Benutzer) -> bool:
    """Die freigegebenen QS-Ergebnisse der eigenen Kontakte: wer Kontakte führt (nur die eigenen)."""
    return darf_kontakte_fuehren(user)


def darf_stichprobe_sehen(user: Benutzer, stichprobe: Any) -> bool:
    """Eine QS-Stichprobe (die Liste ihrer Bewertungen): wer QS macht, am Standort der Stichprobe. Den
    einzelnen Kontakt zeigt nur `darf_qs_bewertung_sehen` (zusätzlich der Rechtskreis)."""
    return darf_qs(user) and bool(stichprobe.standort) and stichprobe.standort == standort_fuer(user)


def _gesteuerte_kanaele(user: Benutzer, recht: Callable[[Rolle], bool]) -> list[str]:
    """Die Kanäle der Rollen mit dem `recht`: je Rolle ihre Kennzahl-Kanäle (Teamleitung E-Mail: emb), ohne solche
    alle Kanäle der Rechtskreise des Benutzers — immer nur Kanäle seiner Rechtskreise."""
    eigene = rechtskreis.kanaele(*rechtskreise_fuer(user))
    kanaele: list[str] = []
    for rolle in rollen_von(user):
        if recht(rolle):
            kanaele.extend(k for k in (rolle.kennzahl_kanaele or eigene) if k in eigene and k not in kanaele)
    return kanaele


def kennzahl_kanaele(user: Benutzer) -> list[str]:
    """Die Kanäle, deren Kontakte der Benutzer in Kennzahlen und hinter ihnen sieht (Kennzahlen, Anlagen 5 und 7):
    die seiner Rechtskreise (rechtskreis.KANAL), bei einer Rolle mit eigenen Kennzahl-Kanälen nur diese (Teamleitung
    E-Mail: emb). Ohne das Recht auf die Kennzahlen keiner."""
    if not darf_kennzahlen_sehen(user):
        return []
    return _gesteuerte_kanaele(user, lambda rolle: rolle.kennzahlen)


def teamleitungen_der_kanaele(kanaele: Iterable[str]) -> list[str]:
    """Die Namen der Rollen mit Kennzahlen, die einen der `kanaele` steuern (wie `kennzahl_kanaele`, ohne Benutzer):
    wer Maßnahmen der Anlage 7 zu einer Regel dieser Kanäle festhält — „Teamleitung Familienkasse“ für scfk."""
    gesucht = set(kanaele)
    return [r.anzeige for r in ROLLEN.values() if r.kennzahlen
            and gesucht & set(r.kennzahl_kanaele or rechtskreis.kanaele(*r.rechtskreise))]


def darf_anlage5_sehen(user: Benutzer) -> bool:
    """Die Anlage 5 der Arbeitshilfe operative Führungsprozesse SGB III (Steuerungsübersicht, die Kontakte hinter
    ihren Zahlen): eine Teamleitung mit Kennzahlen eines SGB-III-Kanals. Die Teamleitung Familienkasse nicht — ihre
    Zahlen zeigt „Kennzahlen“, ihre Maßnahmen zu den Regeln der Familienkasse die Anlage 7."""
    return any(rechtskreis.KANAL.get(k) == rechtskreis.SGB_III for k in kennzahl_kanaele(user))


def kennzahl_postkoerbe(user: Benutzer) -> list[str]:
    """Die Postkörbe, deren offene Aufgaben die Kennzahlen des Benutzers zählen: die seiner Rechtskreise, bei einer
    Rolle mit eigenen Kennzahl-Postkörben nur diese (Teamleitung E-Mail: OS AlgPlus, an den ihr Kanal abgibt)."""
    if not darf_kennzahlen_sehen(user):
        return []
    kreise = rechtskreise_fuer(user)
    eigene = [p for p, kreis in rechtskreis.POSTKORB.items() if kreis in kreise]
    gewaehlt = {p for rolle in rollen_von(user) if rolle.kennzahlen for p in (rolle.kennzahl_postkoerbe or eigene)}
    return [p for p in eigene if p in gewaehlt]


def qs_kanaele(user: Benutzer) -> list[str]:
    """Die Kanäle, deren Kontakte der Benutzer für die Qualitätssicherung zieht und bewertet: nur die
    seiner Rechtskreise (rechtskreis.KANAL) — die Teamleitung SGB III zieht keine Kontakte der
    Familienkasse (Sozial- und Steuergeheimnis, domain.md 2.12) —, bei einer Rolle mit eigenen Kennzahl-Kanälen
    nur diese (die Teamleitung E-Mail: emb, Bogen 2.2.3). Ohne QS-Recht keiner."""
    if not darf_qs(user):
        return []
    return sorted(_gesteuerte_kanaele(user, lambda rolle: rolle.qs))


def darf_qs_bewertung_sehen(user: Benutzer, bewertung: Any) -> bool:
    """Eine Bewertung (der pseudonymisierte Kontakt mit Weg und Vermerk, bewerten, kalibrieren,
    freigeben): wer die Stichprobe sehen darf, und nur in den QS-Kanälen (`qs_kanaele`, also im Rechtskreis) des
    Kontakts."""
    return (darf_stichprobe_sehen(user, bewertung.stichprobe)
            and str(getattr(bewertung.kontakt, "kanal", "")) in qs_kanaele(user))


def qs_bewertungen_sichtbar(user: Benutzer) -> Callable[[Any], bool]:
    """`darf_qs_bewertung_sehen` für viele Bewertungen (eine Liste): Recht, Standort und QS-Kanäle des Benutzers
    einmal gelesen statt je Zeile."""
    if not darf_qs(user):
        return lambda _bewertung: False
    standort, kanaele = standort_fuer(user), set(qs_kanaele(user))
    return lambda b: (bool(standort) and b.stichprobe.standort == standort
                      and str(getattr(b.kontakt, "kanal", "")) in kanaele)


def darf_katalog_sehen(user: Benutzer) -> bool:
    """Die Katalogseiten sind für alle Angemeldeten."""
    return bool(getattr(user, "is_authenticated", False))


def darf_katalog_bearbeiten(user: Benutzer) -> bool:
    return any(r.redaktion for r in rollen_von(user))
