"""Seiten der E-Mail-Bearbeitung: parsen, Dienst rufen, darstellen (house style, habit 4)."""

from __future__ import annotations

from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from kundenportal.gespraech import terminfilter
from kundenportal.gespraech.ansicht import Ansicht
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.konten.services import zugriff_protokollieren
from kundenportal.konten.zugriff import darf_kontakt_bearbeiten
from kundenportal.zeit import jetzt

from . import queries, services, sicherheitsmerkmale, weiterleitung
from .antwortdaten import kundendaten_gesperrt, mit_kundendaten
from .anzeige import betreff_kurz, ohne_steuerzeichen
from .models import Anhang, Antwort, Mail
from .services.bearbeitung import OHNE_KUNDENNUMMER
from .services.kundennummer import KUNDENNUMMER_LAENGSTENS
from .services.zuordnung import zuordnung_sperre
from .versand import empfaenger_fehler
from .vorlagen import OHNE_KUNDENDATEN, VORLAGEN
from .zugriff import darf_mails_bearbeiten, mail_pruefen
from .zuordnung import KLASSEN, KLASSEN_TEXTE

INLINE = {"application/pdf", "image/jpeg", "image/png", "image/gif", "text/plain"}


# Die Teamleitung E-Mail sieht die Warteschlange (views_warteschlange), öffnet aber keine Mail: die Meldung sagt das
MAILS_NUR_EMB = "Mails selbst öffnen und bearbeiten nur Beschäftigte der E-Mail-Bearbeitung."


def _emb(view: Any) -> Any:
    @login_required
    @wraps(view)
    def innen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not darf_mails_bearbeiten(request.user):
            raise PermissionDenied(MAILS_NUR_EMB)
        mail_pruefen(request.user, **kwargs)           # Rechtskreis der Mail (403)
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]
    return innen


FOKUS = "emb_fokus"                  # Sitzung: das Feld, das die Mailseite nach dieser Aktion fokussiert
FOKUS_ZUORDNUNG = "zuordnung"        # … nach „Zuordnung bestätigen“: Bestätigung und der nächste Schritt


def _protokollieren(request: HttpRequest, aktion: str, mail: Mail | None = None) -> None:
    """Zugriffsprotokoll (Sozialdatenschutz): wer, welcher Kunde, welcher Kontakt, wozu (`aktion`) — der Kontakt
    der Arbeitshilfe oder, ohne sie erledigt, der Kontakt der Historie (die Seite zeigt seinen Vermerk)."""
    zugriff_protokollieren(request.user, aktion, kundennummer=mail.kundennummer if mail else "",
                           kontakt=(mail.kontakt_id or mail.kontakt_ohne_arbeitshilfe_id) if mail else None)


@_emb
def mail(request: HttpRequest, mail_id: int) -> HttpResponse:
    if request.htmx and request.GET.get("teil") == "antwort":  # type: ignore[attr-defined]
        return _antwort_bereich(request, mail_id)
    return _mail_seite(request, mail_id)


def _mail_seite(request: HttpRequest, mail_id: int, status: int = 200, **extra: Any) -> HttpResponse:
    m = get_object_or_404(Mail.objects.defer("roh").select_related("kontakt", "kontakt_ohne_arbeitshilfe"),
                          id=mail_id, status__in=(Mail.Status.OFFEN, Mail.Status.IN_BEARBEITUNG, Mail.Status.ERLEDIGT))
    meine = m.bearbeiter == request.user.get_username() and m.status == Mail.Status.IN_BEARBEITUNG
    antworten = list(m.antworten.order_by("erstellt"))
    hinaus = [a for a in antworten if a.status in services.ANTWORT_HINAUS]
    ansicht = None
    if m.kontakt is not None and (meine or m.kontakt.status == m.kontakt.ABGESCHLOSSEN):
        try:
            ansicht = services.bearbeitung_stand(request.user, m)
        except GespraechFehler as fehler:
            messages.error(request, fehler.meldung)
    if ansicht is not None and ansicht.terminfilter is not None and m.kontakt is not None and request.GET:
        terminfilter.filter_anwenden(m.kontakt, ansicht, request.GET)    # Filter der freien Termine (?agentur=, ?tag=)
    bearbeitbar = meine and m.kontakt is not None and darf_kontakt_bearbeiten(request.user, m.kontakt)
    entwurf = next((a for a in reversed(antworten) if a.status == Antwort.Status.ENTWURF), None)
    # Ein Entwurf beruht auf den Antworten der Arbeitshilfe (services.bearbeitung_zurueck): erst verwerfen
    erst_verwerfen = bearbeitbar and entwurf is not None and ansicht is not None and bool(ansicht.aenderbar)
    _ohne_zurueck(ansicht, bearbeitbar and not hinaus and entwurf is None)
    fokus = request.session.pop(FOKUS, "") if meine else ""
    _protokollieren(request, "emb_mail_lesen", m)
    merkmale = _merkmale(request, m) if bearbeitbar else None
    # Am Ende der Arbeitshilfe lädt die ganze Seite neu (gespraech.views_schritt: HX-Redirect auf die Mail): Der
    # nächste Schritt ist die Antwort. Ohne eigenes Ziel (Fehler am Feld, Fokus nach einer Aktion) bekommt ihr Titel
    # den Fokus (emb/meldung-fokus.js) — vorher stand er auf der Überschrift der Mail, und erst etwa 20× Tab durch
    # Mail, Zuordnung und Weiterleiten führten zu „Antwort aus Vorlage entwerfen“.
    ende_fokus = (bearbeitbar and ansicht is not None and ansicht.art == "ende" and entwurf is None and not hinaus
                  and not fokus and status == 200 and not extra)
    # Nach „Zuordnung bestätigen“ (views.zuordnung): die Bestätigung steht unter der Zuordnung, und derselbe
    # Mechanismus (data-ende-fokus) führt den Fokus zum nächsten Schritt — zur Arbeitshilfe („Arbeitshilfe starten“
    # einen Tab weiter) oder, ohne Arbeitshilfe, zur Antwort. Ihre Überschrift nennt die Bestätigung
    # (aria-describedby). Vorher stand der Fokus auf der Überschrift der Mail, ohne ein Wort der Bestätigung.
    zuordnung_fokus = ("arbeitshilfe" if m.leitfaden else "antwort") if (
        meine and fokus == FOKUS_ZUORDNUNG and status == 200 and not extra) else ""
    return render(request, "emb/mail.html", {
        "mail": m, "a": ansicht, "k": m.kontakt, "klassen": [(k, KLASSEN_TEXTE[k]) for k in KLASSEN],
        "filter_ziel": reverse("emb:mail", args=[m.id]),
        "meine": meine, "bearbeitbar": bearbeitbar, "anhaenge": m.anhaenge.defer("daten"), "antworten": antworten,
        "erst_verwerfen": erst_verwerfen, "fokus": fokus, "kundennummer_laengstens": KUNDENNUMMER_LAENGSTENS,
        "merkmale": merkmale, "ende_fokus": ende_fokus, "zuordnung_fokus": zuordnung_fokus,
        **weiterleitung.fuer_die_seite(request.user, m, meine),
        **(_bearbeitung(m, ansicht, entwurf, hinaus[-1] if hinaus else None) if meine else {}),
        **extra}, status=status)


def _merkmale(request: HttpRequest, m: Mail) -> sicherheitsmerkmale.Merkmale | None:
    """Die Sicherheitsmerkmale neben der Identitätsfrage, solange die Arbeitshilfe läuft (nur für die Person, die
    sie führt): Absenderadresse und Namen gegen VerBIS. Das Lesen aus VerBIS steht eigens im Zugriffsprotokoll, mit
    dem Zweck „Kundin oder Kunden finden“ (Identität prüfen)."""
    if m.kontakt is None or m.kontakt.status != m.kontakt.OFFEN or not m.kundennummer:
        return None
    zugriff_protokollieren(request.user, "emb_sicherheitsmerkmale_lesen", kundennummer=m.kundennummer,
                           kontakt=m.kontakt_id)
    return sicherheitsmerkmale.merkmale(m.absender, m.absender_name, m.text, m.kundennummer)


WEITERGELEITET = ("Die Mail ist weitergeleitet: Bestätigen Sie dem Kunden die Weitergabe. Ohne Arbeitshilfe (allgemeine "
                  "Warteschlange) wird die Identität nicht bestätigt — die Antwort enthält keine Kundendaten.")


def _bearbeitung(m: Mail, ansicht: Ansicht | None, entwurf: Antwort | None, hinaus: Antwort | None) -> dict[str, Any]:
    """Was die Seitenleiste für die Person braucht, die die Mail bearbeitet: Zuordnung (oder warum sie feststeht),
    der nächste Schritt zur Arbeitshilfe, der Antwortbereich und der Vermerk (mit dem, was sie schon getippt hat)."""
    sperre, ohne_kundendaten = kundendaten_gesperrt(m)
    zur_wahl, erst_weiterleiten = weiterleitung.vorlagen_zur_wahl(m, OHNE_KUNDENDATEN)
    if sperre and not m.leitfaden and zur_wahl and VORLAGEN[zur_wahl[0][0]].weitergabe is not None:
        # Weitergeleitet: die nächste Antwort bestätigt dem Kunden die Weitergabe — nicht die Bitte um Angaben zur
        # Person (die Zuordnung ist bestätigt, die Kundennummer steht in der Aufgabe der Stelle).
        ohne_kundendaten = zur_wahl[0][0]
        sperre = WEITERGELEITET
    andere = [(n, t) for n, t in zur_wahl if n != ohne_kundendaten]
    vorschlag = ansicht.vermerk if ansicht is not None and m.kontakt is not None \
        and m.kontakt.status == m.kontakt.OFFEN else ""
    return {
        "hinaus": hinaus, "kein_empfaenger": empfaenger_fehler(m.absender), "entwurf": entwurf,
        "kundendaten_sperre": sperre, "ohne_kundendaten": ohne_kundendaten,
        "ohne_kundendaten_titel": VORLAGEN[ohne_kundendaten].titel,
        # ohne Arbeitshilfe („Sonstiges“): die anderen Vorlagen ohne Kundendaten zur Wahl, und ob die Mail eine
        # Abwesenheitsnotiz ist (keine Antwort nötig; queries.vermerk_vorbelegung bereitet den Vermerk vor); die
        # Vorlagen, die eine Weitergabe bestätigen, erst nach dem Weiterleiten (weiterleitung.vorlagen_zur_wahl)
        "andere_vorlagen": andere if sperre and not m.leitfaden else [], "erst_weiterleiten": erst_weiterleiten,
        "abwesenheitsnotiz": not m.leitfaden and queries.ist_abwesenheitsnotiz(m),
        # A3: Ein Entwurf mit Kundendaten (etwa nach „Zurück“ vor die Identitätsfrage) wird vor der Bestätigung
        # nicht gezeigt, nur verworfen; die Freigabe lehnte ihn ohnehin ab (queries.antwort_fehler).
        "entwurf_gesperrt": entwurf is not None and bool(sperre) and mit_kundendaten(entwurf),
        "zuordnung_sperre": zuordnung_sperre(m), "ohne_kundennummer": OHNE_KUNDENNUMMER,
        "vermerk_vorschlag": vorschlag, "vermerk": queries.vermerk_vorbelegung(m, vorschlag),
        # wo der Vermerk landet: mit Kundennummer in einem Kontakt der Kontakthistorie (der Arbeitshilfe oder, ohne
        # sie, services.historie), ohne Kundennummer bei der Mail
        "vermerk_in_historie": m.kontakt is not None or bool(m.kundennummer),
    }


def _antwort_bereich(request: HttpRequest, mail_id: int) -> HttpResponse:
    """Der Antwortbereich der Seitenleiste allein (htmx, nach jedem Schritt der Arbeitshilfe): Was er sagt („Erst
    die Identität bestätigen …“) und welche Vorlage er anbietet, folgt dem Stand. Liegt ein Entwurf, bleibt der
    Editor, wie er ist (204: nichts Getipptes geht verloren). Hat die Person die Mail nicht mehr (zweiter Tab), lädt
    die ganze Seite neu und sagt das."""
    m = get_object_or_404(Mail.objects.defer("roh").select_related("kontakt"), id=mail_id)
    if m.bearbeiter != request.user.get_username() or m.status != Mail.Status.IN_BEARBEITUNG:
        _nicht_uebernommen(request, mail_id)
        return HttpResponseClientRedirect(reverse("emb:mail", args=[mail_id]))
    antworten = list(m.antworten.order_by("erstellt"))
    entwurf = next((a for a in reversed(antworten) if a.status == Antwort.Status.ENTWURF), None)
    if entwurf is not None:
        return HttpResponse(status=204)
    hinaus = [a for a in antworten if a.status in services.ANTWORT_HINAUS]
    try:
        ansicht = services.bearbeitung_stand(request.user, m)
    except GespraechFehler:
        ansicht = None
    _protokollieren(request, "emb_mail_lesen", m)
    return render(request, "emb/_antwort.html", {"mail": m, "a": ansicht, "meine": True,
                                                 **_bearbeitung(m, ansicht, None, hinaus[-1] if hinaus else None)})


def _nicht_uebernommen(request: HttpRequest, mail_id: int, text: str = "") -> None:
    """Die Meldung, wenn jemand an einer Mail handelt, die er nicht (mehr) hat — mit dem Weg zur Warteschlange;
    hat die Teamleitung sie ihm freigegeben, sagt sie das (services.nicht_uebernommen)."""
    messages.error(request, format_html('{} <a href="{}">Zur Warteschlange</a>',
                                        text or services.nicht_uebernommen(request.user, mail_id),
                                        reverse("emb:warteschlange")))


def _fehler_melden(request: HttpRequest, fehler: Exception) -> None:
    if isinstance(fehler, services.NichtBeansprucht):
        _nicht_uebernommen(request, 0, str(fehler))
    else:
        messages.error(request, str(fehler))


def _ohne_zurueck(ansicht: Ansicht | None, aenderbar: bool) -> None:
    """Auf einer erledigten Mail, ohne Bearbeitungsrecht, neben einem Antwortentwurf oder wenn die Antwort schon
    hinausgeht, bietet der Gesprächsbereich kein „Zurück: vorige Antwort ändern“ an (die Antwort an den Kunden
    beruht auf dem Weg)."""
    if ansicht is not None and (not aenderbar or ansicht.kontakt.status != ansicht.kontakt.OFFEN):
        ansicht.aenderbar = set()


@_emb
@require_POST
def beanspruchen(request: HttpRequest, mail_id: int) -> HttpResponse:
    if not services.mail_beanspruchen(request.user, mail_id, jetzt()):
        m = get_object_or_404(Mail.objects.only("status", "bearbeiter"), id=mail_id)
        messages.error(request, "Diese Mail bearbeitet bereits jemand anderes." if m.bearbeiter else
                       f"{m.stand_satz} Übernehmen lässt sich nur eine offene Mail der Warteschlange.")
        return redirect("emb:warteschlange")
    return redirect("emb:mail", mail_id=mail_id)


@_emb
@require_POST
def freigeben(request: HttpRequest, mail_id: int) -> HttpResponse:
    entwurf = Antwort.objects.filter(mail_id=mail_id, status=Antwort.Status.ENTWURF).exists()
    if not services.mail_freigeben(request.user, mail_id, jetzt()):
        _nicht_uebernommen(request, mail_id)
        return redirect("emb:mail", mail_id=mail_id)
    betreff = Mail.objects.filter(id=mail_id).values_list("betreff", flat=True).first() or ""
    text = f"Die Mail „{betreff_kurz(betreff)}“ ist zurück in der Warteschlange."
    if entwurf:
        messages.warning(request, f"{text} Der Antwortentwurf ist verworfen (er beruhte auf der abgebrochenen "
                         "Arbeitshilfe). Wer die Mail übernimmt, entwirft die Antwort neu.")
    else:
        messages.success(request, text)      # die Meldung bekommt den Fokus (portal/fokus.js)
    return redirect("emb:warteschlange")


@_emb
@require_POST
def zuordnung(request: HttpRequest, mail_id: int) -> HttpResponse:
    eingabe = request.POST.get("kundennummer")       # fehlt das Feld: bleibt; leer: keine Kundennummer
    entwurf = Antwort.objects.filter(mail_id=mail_id, status=Antwort.Status.ENTWURF).first()
    try:
        services.zuordnung_bestaetigen(request.user, mail_id, request.POST.get("klasse", ""),
                                       jetzt(), kundennummer=eingabe)
        request.session[FOKUS] = FOKUS_ZUORDNUNG      # die Mailseite bestätigt und führt zum nächsten Schritt
        if entwurf is not None and not Antwort.objects.filter(id=entwurf.id).exists():
            messages.warning(request, "Die Zuordnung ist geändert; der Antwortentwurf „" + entwurf.betreff + "“ "
                             "passte zur bisherigen Zuordnung (Kunde, Kundennummer, Termin) und ist verworfen. "
                             "Entwerfen Sie die Antwort neu, wenn die Arbeitshilfe durchlaufen ist.")
    except services.KundennummerUngueltig as fehler:     # die Meldung steht am Feld, die Eingabe bleibt darin
        return _mail_seite(request, mail_id, status=400, kundennummer_fehler=str(fehler),
                           kundennummer_eingabe=(eingabe or "")[:KUNDENNUMMER_LAENGSTENS],
                           klasse_eingabe=request.POST.get("klasse", ""))
    except (ValueError, services.NichtBeansprucht) as fehler:     # auch ZuordnungGesperrt
        _fehler_melden(request, fehler)
    return redirect("emb:mail", mail_id=mail_id)


def _vermerk_merken(request: HttpRequest, mail_id: int) -> None:
    """Schickt ein Formular der Mailseite den Vermerk mit („Prüfen“, „Entwerfen“, „Arbeitshilfe starten“ …), merkt
    die Mail ihn sich, bevor die Aktion läuft: Was im Feld steht, ist auf der nächsten Seite wieder da."""
    if "vermerk" in request.POST:
        services.vermerk_merken(request.user, mail_id, request.POST["vermerk"],
                                request.POST.get("vermerk_grundlage", ""))


@_emb
@require_POST
def arbeitshilfe(request: HttpRequest, mail_id: int) -> HttpResponse:
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    if "vermerk_merken" in request.POST:         # das Feld „Kontaktvermerk“ beim Tippen (htmx)
        try:
            _vermerk_merken(request, mail_id)
        except services.NichtBeansprucht as fehler:
            _nicht_uebernommen(request, mail_id, str(fehler))
            return HttpResponseClientRedirect(reverse("emb:mail", args=[mail_id]))
        return HttpResponse(status=204)
    try:
        _vermerk_merken(request, mail_id)
        if "zurueck" in request.POST:
            services.bearbeitung_zurueck(request.user, mail_id, request.POST["zurueck"])
        elif "bestaetigen" in request.POST:     # Bestätigungsschritt vor einer ändernden Aktion
            services.bearbeitung_bestaetigen(request.user, mail_id, request.POST.get("zeichen", ""))
        elif "fakt" in request.POST:
            services.bearbeitung_beantworten(request.user, mail_id, request.POST["fakt"],
                                             request.POST.get("wert", ""))
        else:
            services.bearbeitung_starten(request.user, mail_id, jetzt())
    except services.NichtBeansprucht as fehler:
        _nicht_uebernommen(request, mail_id, str(fehler))     # die ganze Seite neu: Seitenleiste und Arbeitshilfe zeigen den Stand
        return HttpResponseClientRedirect(reverse("emb:mail", args=[mail_id])) if htmx else redirect(
            "emb:mail", mail_id=mail_id)
    except GespraechFehler as fehler:     # str() ist die deutsche Meldung
        if not htmx:
            messages.error(request, str(fehler))
        meldung = str(fehler)
    else:
        meldung = ""
    if not htmx:
        return redirect("emb:mail", mail_id=mail_id)
    m = get_object_or_404(Mail.objects.defer("roh").select_related("kontakt"), id=mail_id)
    ansicht = services.bearbeitung_stand(request.user, m)
    if ansicht is not None and meldung:
        ansicht.meldung = meldung
    if ansicht is None or ansicht.art == "ende":
        if ansicht is None and meldung:
            messages.error(request, meldung)
        return HttpResponseClientRefresh()      # Ende: die ganze Seite (Vermerk, Antwort, Anweisung) neu
    _ohne_zurueck(ansicht, not m.antworten.filter(status__in=(Antwort.Status.ENTWURF, *services.ANTWORT_HINAUS)).exists())
    # derselbe Gesprächsbereich wie am Telefon (auch der Einstieg über die Mail-Seite nutzt ihn)
    return render(request, "gespraech/_gespraech.html", {"mail": m, "a": ansicht, "k": m.kontakt,
                                                         "ohne_abbruch": True,
                                                         "filter_ziel": reverse("emb:mail", args=[m.id]),
                                                         "bearbeitbar": m.kontakt is not None
                                                         and darf_kontakt_bearbeiten(request.user, m.kontakt)},
                  using="jinja2")


@_emb
@require_POST
def erledigen(request: HttpRequest, mail_id: int) -> HttpResponse:
    try:
        m = services.mail_erledigen(request.user, mail_id, jetzt(), request.POST.get("vermerk"))
    except services.VermerkFehlt as fehler:     # die Meldung am Feld, das Getippte bleibt (auch gemerkt)
        _vermerk_merken(request, mail_id)
        return _mail_seite(request, mail_id, status=400, vermerk_fehler=str(fehler))
    except (GespraechFehler, services.NichtBeansprucht, services.OffenerEntwurf) as fehler:
        _fehler_melden(request, fehler)
        return redirect("emb:mail", mail_id=mail_id)
    messages.success(request, f"Die Mail „{betreff_kurz(m.betreff)}“ ist erledigt.")
    return redirect("emb:warteschlange")


@_emb
def anhang(request: HttpRequest, mail_id: int, nummer: int) -> HttpResponse:
    a = get_object_or_404(Anhang.objects.select_related("mail"), mail_id=mail_id, nummer=nummer)
    _protokollieren(request, "emb_anhang_lesen", a.mail)
    art = a.content_type if a.content_type in INLINE else "application/octet-stream"
    antwort = HttpResponse(bytes(a.daten), content_type=art)
    weise = "inline" if art in INLINE else "attachment"
    antwort["Content-Disposition"] = f"{weise}; filename*=UTF-8''{quote(ohne_steuerzeichen(a.dateiname), safe='')}"
    antwort["X-Content-Type-Options"] = "nosniff"
    antwort["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; plugin-types application/pdf"
    return antwort
