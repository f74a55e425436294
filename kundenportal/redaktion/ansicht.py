"""Was die Seiten eines Entwurfs zeigen: Befunde je Schritt, Schrittgraph, Unterschied zur Basis und
die Formulare des strukturierten Editors (aus dem YAML-Text, auch wenn das Schema noch Befunde hat).
Nur Lesen; aufgerufen von views und API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from kundenportal.katalog.schrittgraph import Zeichnung, zeichnen
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.leitfaden.auftraege import ABFRAGEN, QUELLEN, SYSTEM_NAMEN
from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Geltungsbereich, Kanal
from kundenportal.leitfaden.vokabular import Vokabular
from kundenportal.leitfaden.wortlaut import eigener_wortlaut, frage_text

from . import queries
from .befundort import datei_in_worten, feld_in_worten, feldzeile
from .einfuegen import stellen_zur_wahl
from .models import Entwurf
from .pruefung import Pruefung, entwurf_pruefen
from .struktur import ARTEN, MIT_AUSGANG, ZEILEN_REICHE, Block, anker_von, bloecke, schritt_daten
from .yamlfeld import FeldFehler, felder

# Formularfelder des Schritts, die ihre Meldung selbst zeigen (_struktur.html); die übrigen stehen über dem Schritt.
AM_FELD = frozenset({"id", "fakt", "frage", "abfrage", "aktion", "leitfaden", "ergebnis", "text", "regel", "vermerk", "annahme",
                     "gueltig_wenn", "ablehnung", "optionen_quelle", "nach"})


@dataclass(frozen=True)
class Fragetitel:
    """Die Überschrift einer Frage, wie die Beschäftigten sie im Gespräch sehen; `kanaele`: in welchen Kanälen
    („Eingangszone, E-Mail-Bearbeitung“), "" wenn sie in allen Kanälen des Leitfadens gleich ist."""

    titel: str
    kanaele: str = ""


def fragetitel(vokabular: Vokabular, schritt: Mapping[str, Any], kanaele: Sequence[str]) -> list[Fragetitel]:
    """Die Überschrift der Frage `schritt` (seine Felder) je Kanal des Leitfadens — wie im Gespräch
    (leitfaden.wortlaut.frage_text: der Wortlaut der Fassung, sonst die Beschriftung des Fakts im Kanal); gleiche
    Überschriften in mehreren Kanälen einmal. Ein Leitfaden ohne Kanäle (Baustein) läuft in jedem Kanal. Ohne
    Wortlaut und ohne bekannten Fakt: keine (der Befund sagt es)."""
    if not eigener_wortlaut(schritt) and str(schritt.get("fakt")) not in vokabular.fakten:
        return []
    je_titel: dict[str, list[str]] = {}
    for kanal in kanaele or get_args(Kanal):
        je_titel.setdefault(frage_text(vokabular, schritt, kanal), []).append(kanal)
    if len(je_titel) == 1:
        return [Fragetitel(next(iter(je_titel)))]
    return [Fragetitel(titel, ", ".join(KANAL_NAMEN.get(k, k) for k in ks)) for titel, ks in je_titel.items()]


@dataclass
class Editorschritt:
    """Ein Schritt im strukturierten Editor: seine Felder und die Zeilen seiner Listen (mit Leerzeilen)."""

    id: str
    art: str
    daten: dict[str, Any]
    zeile: int
    befunde: list[dict[str, Any]]
    ausgang: str = "nach"
    parameter: list[tuple[str, str]] = field(default_factory=list)
    zweige: list[tuple[str, str]] = field(default_factory=list)
    antworten: list[tuple[str, str]] = field(default_factory=list)
    optionen_parameter: list[tuple[str, str]] = field(default_factory=list)
    erster: bool = False
    letzter: bool = False
    fehler: dict[str, str] = field(default_factory=dict)        # Formularfeld → Meldung (Eingabe abgelehnt)
    eingegeben: dict[str, str] = field(default_factory=dict)    # Formularfeld → Wert, wie eingegeben
    im_gespraech: list[Fragetitel] = field(default_factory=list)  # Frage: die Überschrift(en) im Gespräch
    beschriftungen: list[Fragetitel] = field(default_factory=list)  # Frage: ohne eigenen Wortlaut (Vokabular)
    mehrere_kanaele: bool = False                                 # der Leitfaden läuft in mehr als einem Kanal
    anker: str = ""                     # eindeutig auf der Seite (anker_vergeben): schritt-…, kopf-…, s-…-feld
    nummer: int = 0                     # Stelle in der Liste `schritte` (0-basiert) — mit `vorkommen` die struktur.Stelle,
    vorkommen: int = 1                  # die das Formular sendet: der wievielte Schritt mit dieser Kennung

    @property
    def frage_vorgabe(self) -> str:
        """Was ohne eigenen Wortlaut als Frage dasteht (Platzhalter des Felds): die Beschriftung des Fakts."""
        return self.beschriftungen[0].titel if len(self.beschriftungen) == 1 else ""

    @property
    def frage_hinweis(self) -> str:
        """Der Hinweis am Feld „Frage (Wortlaut in dieser Fassung)“: was leer gilt, und dass ein Wortlaut in allen
        Kanälen des Leitfadens gilt (er ersetzt jede Beschriftung je Kanal aus dem Vokabular)."""
        if len(self.beschriftungen) == 1:
            leer = f"Leer: „{self.beschriftungen[0].titel}“ aus dem Vokabular."
        elif self.beschriftungen:
            leer = "Leer: je Kanal die Beschriftung aus dem Vokabular — " + "; ".join(
                f"„{b.titel}“ ({b.kanaele})" for b in self.beschriftungen) + "."
        else:
            leer = "Leer: die Beschriftung des Fakts aus dem Vokabular."
        alle = " Ein Wortlaut hier gilt in allen Kanälen des Leitfadens." if self.mehrere_kanaele else ""
        return f"{leer}{alle} Eine Zeile, ohne Platzhalter."

    @property
    def gespraech_text(self) -> str:
        """Der Text der Frage unter der Überschrift — wie im Gespräch nur, wenn er etwas anderes sagt als sie
        (gespraech/_frage.html); Platzhalter wie {sicherheitsstufe} füllt erst das Gespräch."""
        text = self.daten.get("text")
        if not isinstance(text, str) or not text or any(text == t.titel for t in self.im_gespraech):
            return ""
        return text

    @property
    def art_name(self) -> str:
        return ARTEN.get(self.art, self.art)

    @property
    def mit_ausgang(self) -> bool:
        return self.art in MIT_AUSGANG

    @property
    def parameter_titel(self) -> str:
        if self.art == "pruefung":
            return "Parameter der Abfrage"
        return "Parameter der Aktion (Namen aus der Aktions-Registry vorgeschlagen)"

    @property
    def aktion(self) -> str:
        if "aktion" in self.eingegeben:
            return self.eingegeben["aktion"]
        return f"{self.daten.get('system', '')}/{self.daten.get('vorgang', '')}"

    @property
    def fehler_allgemein(self) -> str:
        """Meldungen, die zu keinem einzelnen Eingabefeld gehören (der ganze Schritt, eine Liste)."""
        return " ".join(m for f, m in self.fehler.items() if f not in AM_FELD)

    @property
    def kennung(self) -> str:
        """Der Wert des Felds „Kennung“: eingegeben (auch leer) oder die Kennung im Text."""
        return self.eingegeben.get("id", self.id)

    @property
    def optionen_quelle(self) -> str:
        oq = self.daten.get("optionen_aus")
        return str(oq.get("quelle", "")) if isinstance(oq, dict) else ""


@dataclass
class Schritteingabe:
    """Die abgelehnte Eingabe eines Schritts: sie bleibt im Formular stehen, die Meldungen an ihren Feldern."""

    schritt_id: str                      # der Schritt im Text (vor einer Umbenennung)
    daten: dict[str, Any]                # der Schritt, wie aus_formular ihn aus der Eingabe liest
    fehler: dict[str, str]               # Formularfeld → Meldung ("" = der ganze Schritt)
    eingegeben: dict[str, str] = field(default_factory=dict)   # Felder, deren Wert anders aussah (Kennung, Aktion)
    nummer: int | None = None            # die Stelle in der Liste (struktur.Stelle); None: der erste mit der Kennung


@dataclass
class Auswahl:
    """Die Auswahllisten des Editors: Schritte, Fakten, Abfragen, Quellen, Aktionen, Leitfäden, Ergebnisse."""

    schritte: list[str]
    hinter: list[tuple[str, str]]        # „Einfügen hinter Schritt“: je Stelle (einfuegen.stellen_zur_wahl)
    arten: list[tuple[str, str]]
    fakten: list[tuple[str, str]]
    abfragen: list[tuple[str, str]]
    quellen: list[str]
    aktionen: list[tuple[str, str]]
    leitfaeden: list[tuple[str, str]]
    ergebnisse: list[tuple[str, str]]


@dataclass
class Entwurfsansicht:
    entwurf: Entwurf
    text: str
    pruefung: Pruefung
    zeichnung: Zeichnung | None
    diff: Diff | None
    schritte: list[tuple[Any, int, list[tuple[str, str]], list[dict[str, Any]]]]  # (Schritt, Zeile, Felder, Befunde)
    allgemein: list[dict[str, Any]]                                               # Befunde ohne Schritt
    editor: list[Editorschritt]
    auswahl: Auswahl | None
    alle_befunde: list[dict[str, Any]]

    @property
    def mit_befund(self) -> set[str]:
        return {s.id for s in self.editor if s.befunde}

    @property
    def graphknoten(self) -> list[tuple[Any, str, bool]]:
        """Die Knoten des Schrittgraphs mit dem Anker ihres eigenen Schritts im Editor und ob er einen Befund hat:
        tragen zwei Schritte dieselbe Kennung, führt jeder Knoten zu seinem Schritt (schritt-x, schritt-x-2), nicht
        beide zum ersten. Knoten und Editor lesen denselben Text: die n-te Schrittart ist der n-te Block."""
        if self.zeichnung is None or self.pruefung.fassung is None:
            return []
        schritte = self.pruefung.fassung.daten.schritte
        stelle = {id(s): i for i, s in enumerate(schritte)}
        gleich = [s.id for s in schritte] == [s.id for s in self.editor]
        ergebnis: list[tuple[Any, str, bool]] = []
        for k in self.zeichnung.knoten:
            i = stelle.get(id(k.schritt))
            if gleich and i is not None:
                ergebnis.append((k, self.editor[i].anker, bool(self.editor[i].befunde)))
            else:
                ergebnis.append((k, k.schritt.id, k.schritt.id in self.mit_befund))
        return ergebnis


def _reihen(werte: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return werte + [("", "")] * ZEILEN_REICHE


def _schritt_von(befund: Any, bl: list[Block], p: Pruefung) -> str:
    teile = befund.feld.split(".")
    if teile[0] == "schritte" and len(teile) > 1:
        if teile[1].isdigit():
            i = int(teile[1])
            return bl[i].schritt_id if i < len(bl) else ""
        return str(teile[1])
    for b in bl:
        if b.anfang < befund.zeile <= b.ende:
            return b.schritt_id
    return p.schritt_von(befund) if bl == [] else ""


def _je_block(befunde: list[dict[str, Any]], bl: list[Block]) -> list[list[dict[str, Any]]]:
    """Die Befunde je Schritt des Editors, jeder genau einmal: tragen mehrere Schritte dieselbe id (ein Befund
    für sich), steht er bei dem, in dessen Zeilen er liegt (sonst beim ersten mit der id)."""
    je: list[list[dict[str, Any]]] = [[] for _ in bl]
    for x in befunde:
        gleich = [i for i, b in enumerate(bl) if b.schritt_id == x["schritt"]]
        drin = [i for i in gleich if bl[i].anfang < x["zeile"] <= bl[i].ende]
        if gleich:
            je[(drin or gleich)[0]].append(x)
    return je


def _editorschritt(roh: Any, b: Block, befunde: list[dict[str, Any]], katalog: Katalog | None,
                   kanaele: Sequence[str] = ()) -> Editorschritt:
    daten = schritt_daten(roh) if isinstance(roh, dict) else {}
    art = str(daten.get("art", ""))
    s = Editorschritt(id=b.schritt_id, art=art, daten=daten, zeile=b.anfang + 1, befunde=befunde)
    if art == "frage" and katalog is not None:
        s.im_gespraech = fragetitel(katalog.vokabular, daten, kanaele)
        s.beschriftungen = fragetitel(katalog.vokabular, {"fakt": daten.get("fakt")}, kanaele)
        s.mehrere_kanaele = len(kanaele) != 1
    parameter = daten.get("parameter") if isinstance(daten.get("parameter"), dict) else {}
    reihe = [(str(k), "" if v is None else str(v)) for k, v in (parameter or {}).items()]
    if art in ("aktion", "abgabe") and katalog is not None:
        aa = katalog.vokabular.aktionen.get((str(daten.get("system")), str(daten.get("vorgang"))))
        reihe += [(p, "") for p in (aa.parameter if aa else ()) if p not in (parameter or {})]
    s.parameter = _reihen(reihe)
    if isinstance(daten.get("je_antwort"), dict):
        s.ausgang = "je_antwort"
    elif isinstance(daten.get("weiter"), list):
        s.ausgang = "weiter"
    antworten = [(str(k), str(v)) for k, v in (daten.get("je_antwort") or {}).items()] \
        if isinstance(daten.get("je_antwort"), dict) else []
    if art == "frage" and katalog is not None:
        fakt = katalog.vokabular.fakten.get(str(daten.get("fakt")))
        antworten += [(o, "") for o in (fakt.optionen if fakt else ()) if o not in dict(antworten)]
    s.antworten = _reihen(antworten)
    zweige: list[tuple[str, str]] = []
    for z in daten.get("weiter") or [] if isinstance(daten.get("weiter"), list) else []:
        if isinstance(z, dict):
            zweige.append(("", str(z["sonst"])) if "sonst" in z else (str(z.get("wenn", "")), str(z.get("nach", ""))))
    s.zweige = _reihen(zweige)
    oq = daten.get("optionen_aus")
    opar = oq.get("parameter") if isinstance(oq, dict) and isinstance(oq.get("parameter"), dict) else {}
    s.optionen_parameter = _reihen([(str(k), str(v)) for k, v in (opar or {}).items()])
    return s


def auswahl(katalog: Katalog, schritte: list[str], mit_leitfaeden: bool = True) -> Auswahl:
    """Die Vorschläge; die Liste der Leitfäden (bei 1.000 Leitfäden lang) nur, wenn ein Schritt einbindet."""
    vok = katalog.vokabular
    return Auswahl(
        schritte=schritte, hinter=stellen_zur_wahl(schritte), arten=list(ARTEN.items()),
        fakten=sorted(((n, f"{f.label} ({n})") for n, f in vok.fakten.items()), key=lambda x: x[1].lower()),
        abfragen=sorted((n, f"{a.beschreibung} ({n})") for n, a in ABFRAGEN.items()),
        quellen=sorted(QUELLEN),
        # Angezeigt wird der Wert (system/vorgang) und daneben in Worten, ohne Doppelpunkt: der Wert ist das Format.
        aktionen=sorted((f"{s}/{v}", f"{SYSTEM_NAMEN.get(s, s)}, Vorgang „{v.replace('_', ' ')}“")
                        for s, v in vok.aktionen),
        leitfaeden=sorted((k, f"{k}: {lf.kopf.titel}") for k, lf in katalog.leitfaeden.items()) if mit_leitfaeden else [],
        ergebnisse=sorted(((k, f"{t} ({k})") for k, t in vok.ergebnisse.items()), key=lambda x: x[1].lower()),
    )


def anker_vergeben(editor: list[Editorschritt]) -> None:
    """Jedem Schritt einen Anker, der auf der Seite nur einmal vorkommt: die Kennung; trägt ein weiterer Schritt
    dieselbe (ein Befund der Prüfung), bekommt er -2, -3 … dazu; ist sie keine gültige Kennung, die Nummer des
    Schritts. Kennungen beginnen mit einem Buchstaben und haben keinen Bindestrich: keiner der Anker fällt mit
    einem anderen zusammen, und der erste Schritt einer Kennung behält „schritt-<id>“ (Weiterleitungen, Links)."""
    ids = [s.id for s in editor]
    for i, s in enumerate(editor):
        s.nummer, s.vorkommen, s.anker = i, ids[:i + 1].count(s.id), anker_von(ids, i)


def _eingabe_zeigen(editor: list[Editorschritt], eingabe: Schritteingabe, katalog: Katalog,
                    kanaele: Sequence[str]) -> None:
    """Ersetzt im Editor den Schritt der abgelehnten Eingabe durch die Eingabe selbst (mit ihren Meldungen)."""
    for i, s in enumerate(editor):
        if s.id == eingabe.schritt_id and eingabe.nummer in (None, i):
            neu = _editorschritt(eingabe.daten, Block(s.id, s.zeile - 1, s.zeile), s.befunde, katalog, kanaele)
            neu.fehler, neu.eingegeben = eingabe.fehler, eingabe.eingegeben
            neu.erster, neu.letzter, neu.anker = s.erster, s.letzter, s.anker
            neu.nummer, neu.vorkommen = s.nummer, s.vorkommen
            editor[i] = neu
            return          # der Schritt an der Stelle der Eingabe (ohne Stelle der erste mit der Kennung: struktur.finden)


def entwurf_ansehen(entwurf: Entwurf, katalog: Katalog | None = None, text: str | None = None,
                    pruefung: Pruefung | None = None, eingabe: Schritteingabe | None = None) -> Entwurfsansicht:
    """Die Ansicht des Entwurfs — mit `text` die eines ungespeicherten Stands (Vorschau); `pruefung`:
    die Prüfung dieses Texts, wenn die Speicherung sie schon gemacht hat (nicht zweimal prüfen);
    `eingabe`: eine abgelehnte Eingabe, die im Formular ihres Schritts stehen bleibt."""
    katalog = katalog or queries.katalog_aus_datenbank()
    text = entwurf.text if text is None else text
    p = pruefung or entwurf_pruefen(katalog, entwurf.leitfaden_id, entwurf.ordner, text, entwurf.kopf_text)
    try:
        roh, bl, _ = bloecke(text)
    except FeldFehler:
        roh, bl = None, []
    befunde = [{"datei": b.datei, "zeile": feldzeile(b.feld, b.zeile, roh, bl, b.meldung) if b.datei == p.datei
                else b.zeile,
                "feld": b.feld, "meldung": b.meldung,
                "schritt": _schritt_von(b, bl, p), "text": str(b), "feld_worte": feld_in_worten(b.feld),
                "ort": datei_in_worten(b.datei, p.datei)} for b in p.befunde]
    schritte = []
    d = None
    if p.fassung is not None:
        for s in p.fassung.daten.schritte:
            schritte.append((s, p.fassung.zeile(s.id), felder(s.model_dump(exclude_defaults=True, mode="json")),
                             [b for b in befunde if b["schritt"] == s.id]))
        if entwurf.basis is not None and entwurf.basis.stand is not None:
            lf = katalog.leitfaeden.get(entwurf.leitfaden_id)
            alt = lf.fassung(entwurf.basis.stand) if lf else None
            if alt is not None:
                d = diff(alt, p.fassung)
    mit = p.katalog or katalog
    lf_mit = mit.leitfaeden.get(entwurf.leitfaden_id)          # mit dem Kopf des Entwurfs, wenn er lesbar ist
    kanaele = list(lf_mit.kopf.kanaele) if lf_mit is not None else []
    editor = [_editorschritt(roh["schritte"][i] if roh is not None else None, b, je_block, mit, kanaele)
              for i, (b, je_block) in enumerate(zip(bl, _je_block(befunde, bl), strict=True))]
    if editor:
        editor[0].erster, editor[-1].letzter = True, True
    anker_vergeben(editor)
    if eingabe is not None:
        _eingabe_zeigen(editor, eingabe, mit, kanaele)
    ids = {b.schritt_id for b in bl}
    return Entwurfsansicht(entwurf=entwurf, text=text, pruefung=p,
                           zeichnung=zeichnen(p.fassung) if p.fassung else None, diff=d, schritte=schritte,
                           allgemein=[b for b in befunde if b["schritt"] not in ids], editor=editor,
                           auswahl=auswahl(mit, [b.schritt_id for b in bl], any(s.art == "einbinden" for s in editor))
                           if bl else None, alle_befunde=befunde)


def geltungsbereich_text(bereich: dict[str, Any] | None, standorte: Any) -> str:
    """Die Standortregeln in Worten: „Verbund Nürnberg; Agentur Fürth“ ("" = gilt überall) —
    `Geltungsbereich.in_worten`, dieselben Worte wie in der Änderungsübersicht einer Fassung."""
    if not bereich:
        return ""
    return Geltungsbereich(verbuende=list(bereich.get("verbuende") or []),
                           agenturen=list(bereich.get("agenturen") or [])).in_worten(standorte.verbuende)
