#!/usr/bin/env python3
"""Erzeugt den synthetischen E-Mail-Korpus des Service Center SGB III.

Nur Standardbibliothek, deterministisch (fester Seed): ein erneuter Lauf
schreibt alle Dateien Byte für Byte identisch neu.

    python3 content/email-korpus/erzeugen.py

Ausgabe: mails/NNNN.eml und labels.csv neben diesem Skript.
Alle Namen, Adressen, Kunden- und Telefonnummern sind frei erfunden;
E-Mail-Adressen verwenden ausschließlich .example-Domains.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import email.policy
import io
import quopri
import random
import re
import struct
import zlib
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path

SEED = 20200316
N_TERMIN, N_AU, N_SONST = 110, 100, 110
AGENTUR = "service-center@arbeitsagentur.example"

HIER = Path(__file__).resolve().parent
MAILDIR = HIER / "mails"

# ---------------------------------------------------------------------------
# Stammdaten (synthetisch)
# ---------------------------------------------------------------------------
VORNAMEN_W = ["Anna", "Sabine", "Jessica", "Melanie", "Petra", "Sandra", "Nicole", "Jana",
              "Katharina", "Ayşe", "Elif", "Olga", "Monika", "Tanja", "Julia", "Lea",
              "Sophie", "Marta", "Bärbel", "Gülşen", "Anja", "Daniela", "Ramona", "Chantal",
              "Ilse", "Renate", "Svenja", "Yvonne", "Natalia", "Jülide", "Doreen", "Mandy"]
VORNAMEN_M = ["Thomas", "Michael", "Andreas", "Stefan", "Jürgen", "Mehmet", "Dennis", "Kevin",
              "Sebastian", "Tobias", "Uwe", "Ralf", "Sven", "Marco", "Lukas", "Jonas",
              "Björn", "Dariusz", "Ahmet", "Oleksandr", "Klaus", "Günter", "Maik", "René",
              "Patrick", "Hans-Peter", "Jörg", "Nico", "Florian", "Yusuf", "Ronny", "Heiko"]
NACHNAMEN = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
             "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
             "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
             "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler",
             "Özdemir", "Yılmaz", "Kowalski", "Nowak", "Nguyen", "Popescu", "Jäger", "Böhm",
             "Kühn", "Weiß", "Groß", "Fuchs", "Vogel", "Brandt", "Haas", "Sommer", "Graf",
             "Pohl", "Engel", "Dietrich", "Kaiser", "Ludwig", "Kraus", "Seidel", "Ziegler",
             "Lorenz", "Frank", "Berger", "Winkler", "Roth", "Beck", "Baumann", "Franke",
             "Albrecht", "Schuster", "Simon", "Böttcher", "Kuhn", "Petrović", "Demir",
             "Hübner", "Möller", "Günther", "Stöckl", "Huber", "Moser", "Brunner", "Arslan"]
BERATER = [("w", "Schneider"), ("m", "Yilmaz"), ("w", "Hagedorn"), ("m", "Petersen"),
           ("w", "Lindner"), ("m", "Oberhuber"), ("w", "Kaya"), ("m", "Wendt"),
           ("w", "Sauerbrei"), ("m", "Brückner"), ("w", "Adler"), ("m", "Kessler")]
STAEDTE = [("Nürnberg", "904"), ("Fürth", "907"), ("Leipzig", "041"), ("Bochum", "447"),
           ("Kassel", "341"), ("Augsburg", "861"), ("Rostock", "180"), ("Bielefeld", "336"),
           ("Chemnitz", "091"), ("Mainz", "551"), ("Regensburg", "930"), ("Oldenburg", "261"),
           ("Erfurt", "990"), ("Saarbrücken", "661"), ("Würzburg", "970"), ("Kiel", "241")]
STRASSEN = ["Lindenstraße", "Am Mühlbach", "Goethestr.", "Schillerweg", "Hauptstraße",
            "Bahnhofstr.", "Kirchgasse", "Birkenallee", "Gartenstraße", "Rosenweg",
            "Am Anger", "Fürther Str.", "Brückenstraße", "Lerchenfeld", "Schulstraße"]
FIRMEN = ["Holzbau Meier GmbH", "Logistik Nord GmbH & Co. KG", "Bäckerei Sonnenschein",
          "Autohaus Brenner", "Pflegedienst Lebensfreude", "Gebäudereinigung Blitzblank",
          "Metallbau Kerner GmbH", "Hotel Zur Post", "Druckerei Vogt", "Elektro Sauer",
          "Spedition Hansen", "Gartenbau Grünzeug", "Modehaus Lorenz", "Kantinen-Service Süd"]
BERUFE = ["Lagerist", "Verkäuferin", "Berufskraftfahrer", "Pflegehelferin", "Koch",
          "Bürokauffrau", "Elektroniker", "Staplerfahrer", "Erzieherin", "Maler und Lackierer",
          "Fachinformatiker", "Reinigungskraft", "Kommissionierer", "Friseurin"]
DOMAINS = ["mailbox.example", "netzpost.example", "freemail.example", "kabelnet.example",
           "heimnetz.example", "posteingang.example", "webmail.example", "t-mail.example",
           "onlinepost.example", "briefkasten.example"]
MONATE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]
WOCHENTAGE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MAILER = ["Microsoft Outlook 16.0", "Apple Mail (2.3608.60.0.2.5)", "Roundcube Webmail/1.4.3",
          "Mozilla Thunderbird 68.6.0", "iPhone Mail (17D50)", "Android-Mail 8.2",
          "K-9 Mail for Android", "Freemail.example Webmailer 5.1", None, None, None]

# ---------------------------------------------------------------------------
# Textbausteine
# ---------------------------------------------------------------------------
GRUSS_ANFANG = ["Sehr geehrte Damen und Herren,", "Sehr geehrte Damen und Herren,",
                "Hallo,", "Guten Tag,", "Guten Tag", "Moin,", "Moin moin,", "Servus,",
                "Grüß Gott,", "Hallo zusammen,", "Liebes Team der Arbeitsagentur,",
                "Sehr geehrtes Service-Center-Team,", "Werte Damen und Herren,",
                "Guten Morgen,", "Tach,", "Hallöchen,", "Guden,", "Hi,", "Hallo liebe Agentur",
                "Sehr geehrte Damen u. Herren", "S.g. Damen und Herren,", "Hallo Agentur für Arbeit,",
                "Griaß Gott,", "Sehr geehrte Frau {BERATERIN_ODER}", "Guten Abend,", "", ""]
GRUSS_ENDE = ["Mit freundlichen Grüßen", "Mit freundlichen Grüßen", "MfG", "Viele Grüße", "LG",
              "Gruß", "Beste Grüße", "Mit freundlichem Gruß", "Danke und Gruß", "Vielen Dank im Voraus",
              "Servus", "Tschüss", "Freundliche Grüße", "Hochachtungsvoll", "Gruss", "mfg",
              "Liebe Grüße", "Schöne Grüße", "Bleiben Sie gesund!", "Danke!", "Grüße aus {STADT}",
              "Mit besten Grüßen", "Vielen Dank und bleiben Sie gesund", "Beste Grüsse", ""]
SIGNATUREN = [
    "--\nGesendet von meinem iPhone",
    "Von meinem Samsung Galaxy Smartphone gesendet.",
    "Sent from my Huawei phone",
    "Gesendet von Mail für Windows 10",
    "-- \n{VN} {NN}\n{STRASSE} {HNR}\n{PLZ} {STADT}\nTel.: {TEL}",
    "-- \nDiese Nachricht wurde von meinem Android-Mobiltelefon mit Freemail.example gesendet.",
    "__________________________________\nJetzt kostenlos registrieren bei Netzpost.example – "
    "Ihr E-Mail-Postfach mit 2 GB Speicher!",
    "--\nDiese E-Mail wurde auf Viren geprüft.\nhttps://virenschutz.example",
    "Bitte denken Sie an die Umwelt, bevor Sie diese E-Mail ausdrucken.",
    "-- \n{VN} {NN} | Mobil {TEL}\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich "
    "geschützte Informationen. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail "
    "irrtümlich erhalten haben, informieren Sie bitte sofort den Absender und vernichten Sie "
    "diese Mail. Das unerlaubte Kopieren sowie die unbefugte Weitergabe dieser Mail ist nicht "
    "gestattet.",
    "_____\n{FIRMA} | Amtsgericht {STADT} HRB {HRB} | USt-IdNr. DE{UST}\n"
    "Geschäftsführer: Wilhelm Tannhäuser\n\nThis e-mail may contain confidential information. "
    "If you are not the intended recipient, please notify the sender immediately.",
]

# --- terminabsage -----------------------------------------------------------
TERMIN_OEFFNER = [
    "ich kann meinen Termin {T} {U} leider nicht wahrnehmen.",
    "hiermit sage ich meinen Termin {T} ab.",
    "leider muss ich den Termin bei {B} {T} absagen.",
    "ich wollte fragen, ob man meinen Termin {T} verschieben kann.",
    "den Termin {T} schaffe ich leider nicht.",
    "ich muss meinen Beratungstermin {T} leider absagen.",
    "könnten wir den Termin {T} {U} auf einen anderen Tag legen?",
    "ich bitte um Verlegung meines Termins {T}.",
    "ich werde {T} nicht zum Termin erscheinen können.",
    "Termin {T} klappt bei mir leider nicht.",
    "ich habe eine Einladung für {TO} bekommen, kann da aber nicht.",
    "bezüglich meines Termins {T} {U}: ich kann leider nicht kommen.",
    "hiermit möchte ich den vereinbarten Termin {T} absagen.",
    "ich sage hiermit den Termin zur Beratung {T} ab und bitte um einen neuen.",
    "wäre es möglich, meinen Termin {T} um eine Woche zu verschieben?",
    "Termin {T} muss ich leider canceln.",
    "ich schaff das {T} nicht zu Ihnen.",
    "I ko {T} ned zum Termin kemma, des geht si ned aus.",
    "ick kann {T} nich kommen, det wollt ick nur sagen.",
    "ich kann den Termin {T} bei {B} nicht einhalten.",
    "leider kann ich der Einladung {T} nicht folgen.",
    "ich möchte meinen Termin {T} stornieren.",
    "aus wichtigem Grund kann ich den Termin {T} nicht wahrnehmen.",
    "der Termin {T} {U} passt mir leider überhaupt nicht.",
    "ich bitte Sie, meinen Termin {T} abzusagen.",
    "kann ich meinen Termin {T} auf nachmittags verlegen?",
    "ich bin {T} leider verhindert und kann nicht zum Gespräch kommen.",
    "hiermit teile ich Ihnen mit, dass ich den Termin {T} nicht wahrnehmen kann.",
    "muss den termin {T} absagen sorry",
    "wollte nur bescheid geben das ich {T} nicht kommen kann",
    "ich bekomme den Termin {T} leider nicht hin.",
    "der mir zugesandte Termin {T} kollidiert mit einem anderen Termin.",
    "mein Termin {T} {U} muss leider ausfallen.",
    "ich würde gern den Termin {T} tauschen.",
    "gibt es die Möglichkeit, den Termin {T} zu verschieben?",
    "ich melde mich für den Termin {T} ab.",
    "Ihre Einladung zum Termin {T} habe ich erhalten, leider bin ich an dem Tag nicht da.",
    "bitte verschieben Sie meinen Termin {T}.",
    "ich kann zu dem Termin {T} nicht erscheinen.",
    "Termin {T}? Geht leider nicht bei mir.",
    "wir hatten für {TO} einen Termin ausgemacht, den muss ich leider absagen.",
    "ich hätte gerne einen anderen Termin statt {TO}.",
    "leider passt mir der Gesprächstermin {T} nicht.",
    "ich möchte Ihnen mitteilen, dass ich den Termin {T} nicht wahrnehmen kann.",
    "ich muss unser Gespräch {T} leider absagen.",
    "die Einladung für {TO} kann ich nicht wahrnehmen.",
    "ich pack das {T} leider nich, sorry.",
    "könnte man das Beratungsgespräch {T} auch verlegen?",
    "ich bitte höflich um einen Ersatztermin für {TO}.",
    "hiermit storniere ich den Termin {T} {U}.",
    "den vereinbarten Termin {T} muss ich absagen, es tut mir leid.",
    "leider kann ich {T} {U} nicht in die Agentur kommen.",
    "für {TO} habe ich eine Einladung zum Meldetermin, den kann ich leider nicht wahrnehmen.",
    "ich möchte den Meldetermin {T} verlegen lassen.",
    "mir ist {T} etwas dazwischengekommen, deshalb kann ich den Termin nicht wahrnehmen.",
    "ich hab {T} nen Termin bei euch aber kann nicht.",
    "es tut mir leid, aber den Termin {T} muss ich absagen.",
    "leider ist mir der Termin {T} nicht möglich.",
    "ich schreibe Ihnen wegen meines Termins {T}, den ich leider verschieben muss.",
    "ist es möglich den Termin {T} auf später am Tag zu legen?",
    "meinen Termin {T} bei {B} kann ich nicht wahrnehmen.",
    "ich gebe hiermit Bescheid, dass ich {T} verhindert bin.",
    "bitte tragen Sie mich für {TO} aus, ich kann nicht kommen.",
    "statt {TO} würde mir ein Termin in der nächsten Woche besser passen.",
    "ich, {VN} {NN}, sage den Termin {T} ab.",
    "kurze Info: {T} kann ich nicht.",
    "ich kann zum Termin {T} nicht persönlich kommen – geht das auch telefonisch?",
    "mit Bedauern muss ich Ihnen mitteilen, dass ich den Termin {T} nicht einhalten kann.",
    "Sie haben mich für {TO} {U} eingeladen. Den Termin muss ich leider absagen.",
    "da hat sich was überschnitten: {T} kann ich nicht zu Ihnen kommen.",
]
TERMIN_GRUND = [
    "Ich habe an diesem Tag ein Vorstellungsgespräch bei der Firma {FIRMA}.",
    "An dem Tag habe ich Probearbeiten bei {FIRMA}.",
    "Mein Sohn ist krank und ich kann ihn nicht allein lassen.",
    "Die Kita ist wegen Corona geschlossen und ich habe keine Betreuung für meine Kinder.",
    "Ich gehöre zur Risikogruppe und möchte wegen Corona nicht mit Bus und Bahn fahren.",
    "Mein Auto ist in der Werkstatt und ohne komme ich nicht nach {STADT}.",
    "An dem Tag ist die Beerdigung meiner Großmutter.",
    "Ich habe den Brief erst gestern bekommen, da war es schon zu knapp.",
    "Zu dem Zeitpunkt bin ich im Urlaub, die Ortsabwesenheit wurde genehmigt.",
    "Ich muss meine Mutter, die ich pflege, an dem Tag zum Facharzt fahren.",
    "Ich habe seit Montag einen Minijob und muss da arbeiten.",
    "Ich habe an dem Vormittag eine Prüfung bei der IHK.",
    "Da habe ich meine Schulung beim Bildungsträger, die geht bis 16 Uhr.",
    "Die Busse fahren wegen Corona nur eingeschränkt, ich komme da nicht rechtzeitig hin.",
    "Ich ziehe um und an dem Tag ist die Wohnungsübergabe.",
    "[[m:Meine Frau wird an dem Tag operiert und ich muss sie|w:Mein Mann wird an dem Tag operiert und ich muss ihn]] ins Krankenhaus bringen.",
    "Ich habe an dem Tag einen Gerichtstermin (Scheidung).",
    "Ich habe Spätschicht bei meiner Aushilfsstelle.",
    "Ich habe da einen Termin beim Jugendamt, der lässt sich nicht verschieben.",
    "Wir sind in häuslicher Quarantäne, weil meine Tochter positiv getestet wurde (ich selbst habe keine Symptome).",
    "[[m:Meine Frau bekommt in diesen Tagen unser Baby.|w:Meine Schwester bekommt in diesen Tagen ihr Baby und ich passe auf ihre Kinder auf.]]",
    "Ich bin für zwei Wochen bei meinen Eltern in Polen, die brauchen Hilfe.",
    "Ich habe an dem Tag den Termin für meine Führerscheinprüfung.",
    "Mein Kind hat an dem Tag Einschulungsuntersuchung.",
    "Die Schule ist zu und ich muss die Kinder zuhause betreuen.",
    "Ich habe den Termin vergessen in meinen Kalender einzutragen und jetzt doppelt gebucht.",
]
TERMIN_BITTE = [
    "Bitte schicken Sie mir einen neuen Termin zu.",
    "Können Sie mir einen neuen Termin geben?",
    "Ab {D2} hätte ich wieder Zeit.",
    "Vormittags passt es mir generell besser.",
    "Gerne auch telefonisch, meine Nummer ist {TEL}.",
    "Ich bitte um Verständnis.",
    "Bekomme ich deswegen jetzt eine Sperrzeit?",
    "Ich hoffe, das hat keine Auswirkungen auf mein Arbeitslosengeld.",
    "Bitte bestätigen Sie mir kurz die Absage.",
    "Melden Sie sich einfach, wenn es einen neuen Termin gibt.",
    "Wegen Corona ist das Gespräch ja vielleicht sowieso telefonisch möglich?",
    "Jeder andere Tag in der Woche geht, nur nicht dieser.",
    "Einen Nachweis kann ich gerne nachreichen.",
    "Am liebsten wäre mir {D2} {U2}.",
    "Entschuldigen Sie bitte die kurzfristige Absage.",
    "Ich bin unter {TEL} erreichbar.",
    "Danke für Ihr Verständnis!",
    "Die Einladung hänge ich nochmal mit an.",
]

# --- au_meldung ---------------------------------------------------------------
AU_OEFFNER = [
    "hiermit melde ich mich arbeitsunfähig.",
    "ich bin seit {S} krankgeschrieben.",
    "anbei sende ich Ihnen meine AU-Bescheinigung.",
    "ich bin leider krank und voraussichtlich bis {BIS} krankgeschrieben.",
    "mein Arzt hat mich bis einschließlich {BIS} krankgeschrieben.",
    "im Anhang finden Sie meine Arbeitsunfähigkeitsbescheinigung.",
    "ich möchte mich krank melden.",
    "hiermit reiche ich meine Krankmeldung ein.",
    "ich bin seit {S} arbeitsunfähig erkrankt.",
    "leider bin ich krank geworden, die Krankschreibung geht bis {BIS}.",
    "meine Hausärztin hat mich heute telefonisch krankgeschrieben.",
    "ich schicke Ihnen die Krankmeldung vom {S}.",
    "bin krank, AU anbei.",
    "i bin krank gschriebn bis {BIS}, der Dokta hod gsagt i soll dahoam bleibn.",
    "ich liege seit {S} flach und bin bis {BIS} krankgeschrieben.",
    "ich melde mich hiermit ab {S} arbeitsunfähig.",
    "hier die Folgebescheinigung meiner AU bis {BIS}.",
    "meine Krankschreibung wurde bis {BIS} verlängert.",
    "anbei die Folge-AU.",
    "ich teile Ihnen mit, dass ich seit {S} arbeitsunfähig bin.",
    "Krankmeldung: ich bin vom {S} bis {BIS} krankgeschrieben.",
    "ich war gestern beim Arzt und bin jetzt krankgeschrieben.",
    "ich wollte Bescheid geben, dass ich krank bin.",
    "hab mir den Rücken verhoben und bin jetzt krankgeschrieben.",
    "ich bin im Krankenhaus und kann mich daher nur per Mail melden.",
    "die Arbeitsunfähigkeitsbescheinigung für den Zeitraum {S} bis {BIS} hänge ich an.",
    "ich bin erkrankt, der gelbe Schein ist im Anhang.",
    "ich schicke Ihnen meinen gelben Schein als Foto.",
    "hiermit zeige ich meine Arbeitsunfähigkeit ab dem {S} an.",
    "wie telefonisch besprochen sende ich die AU.",
    "mein Sohn {VN2} {NN} ist krank, ich schicke für ihn die Krankmeldung.",
    "ich schreibe für [[m:meine Frau, sie|w:meinen Mann, er]] ist seit {S} krankgeschrieben.",
    "meine AU liegt im Anhang, Original folgt per Post.",
    "ich bin seit {S} krank und habe eine Krankschreibung bis {BIS}.",
    "kurze Info: ich bin krankgeschrieben bis {BIS}.",
    "ich muss mich leider krankmelden.",
    "nach meiner OP am {S} bin ich bis {BIS} arbeitsunfähig.",
    "der Arzt hat mich wegen Verdacht auf Corona krankgeschrieben.",
    "ich habe mich mit Grippe ins Bett gelegt, die AU hab ich telefonisch bekommen.",
    "hiermit übersende ich die ärztliche Bescheinigung über meine Arbeitsunfähigkeit.",
    "ich bin ab heute arbeitsunfähig, Bescheinigung anbei.",
    "anbei meine Arbeitsunfähigkeitsbescheinigung, Erstbescheinigung vom {S}.",
    "ich lasse Ihnen meine Krankmeldung zukommen.",
    "ich bin krank und kann deshalb nicht kommen, die AU reiche ich nach.",
    "seit {S} bin ich krankgeschrieben, das wollte ich Ihnen mitteilen.",
    "ich bin arbeitsunfähig bis einschließlich {BIS}.",
    "im Anhang die Krankmeldung von meinem Arzt.",
    "ich bin seit {S} im Krankenhaus und bis auf Weiteres arbeitsunfähig.",
    "hiermit melde ich meine Arbeitsunfähigkeit vom {S} bis zum {BIS}.",
    "bin seid {S} krank geschrieben.",
    "meine Ärztin hat mich für zwei Wochen krankgeschrieben.",
    "ich hatte einen Unfall und bin bis {BIS} krankgeschrieben.",
    "ich sende die AU per Mail, da die Agentur wegen Corona ja geschlossen ist.",
    "da ich nicht persönlich vorbeikommen kann, schicke ich die Krankmeldung per E-Mail.",
    "leider bin ich seit {S} erkrankt, siehe Anhang.",
    "Krankschreibung bis {BIS}, Foto anbei.",
    "ich habe eine neue AU bekommen, gültig bis {BIS}.",
    "ich melde mich krank, bis vorraussichtlich {BIS}.",
    "ich habe Corona-Symptome und bin vom Arzt krankgeschrieben worden.",
    "ich bin an Covid-19 erkrankt und bis {BIS} krankgeschrieben.",
    "nach einem Bandscheibenvorfall bin ich bis {BIS} arbeitsunfähig.",
    "ich bin seit {S} krank, mein Hausarzt hat mir eine AU ausgestellt.",
    "anbei die AU meiner Tochter {VN2}, sie ist bis {BIS} krankgeschrieben.",
    "ich wurde am {S} krankgeschrieben, die Bescheinigung folgt im Anhang.",
    "es tut mir leid, aber ich bin krank – Krankschreibung bis {BIS}.",
    "ick bin krank, hab vom Doktor 'nen Schein bis {BIS}.",
    "ich bin derzeit arbeitsunfähig erkrankt (Bescheinigung anbei).",
    "hiermit übersende ich Ihnen meine AU, ich bin bis {BIS} nicht vermittlungsfähig.",
    "mich hat's erwischt, Magen-Darm, krankgeschrieben bis {BIS}.",
]
AU_DETAIL = [
    "Ich habe eine schwere Bronchitis.",
    "Es ist eine Grippe, nichts Schlimmes, aber ich soll zu Hause bleiben.",
    "Mein Arzt hat wegen der aktuellen Lage die AU telefonisch ausgestellt.",
    "Ich hatte eine Knie-OP und muss erstmal an Krücken laufen.",
    "Ich habe einen Bandscheibenvorfall und kann kaum sitzen.",
    "Das Ergebnis vom Coronatest steht noch aus.",
    "Ich habe mir beim Fahrradfahren den Arm gebrochen.",
    "Es geht mir psychisch gerade nicht gut, ich bin in Behandlung.",
    "Das Original schicke ich Ihnen per Post.",
    "Die Bescheinigung reiche ich nach, sobald ich sie habe.",
    "Den Termin {T} kann ich deshalb leider nicht wahrnehmen.",
    "Deshalb muss ich auch unseren Termin {T} absagen.",
    "Bitte verschieben Sie deshalb meinen Termin bei {B}.",
    "Ist das ein Problem für mein Arbeitslosengeld?",
    "Wird das Arbeitslosengeld weitergezahlt?",
    "Muss ich wegen Krankengeld noch etwas beachten?",
    "Ich melde mich, sobald ich wieder gesund bin.",
    "Leider geht es mir immer noch nicht besser.",
    "Falls Sie noch etwas brauchen, rufen Sie mich an: {TEL}.",
    "Die Seite mit der Diagnose habe ich natürlich weggelassen.",
    "Ich hoffe, das Foto ist lesbar, mein Drucker geht nicht.",
    "Die Krankenkasse hat die AU auch schon bekommen.",
    "Zum Termin {T} bin ich hoffentlich wieder fit, sonst melde ich mich.",
]

# Neutrale Erzählsätze für sehr lange Mails (verändern die Klasse nicht)
LANG_EXTRA = [
    "Ich bin jetzt {ALTER} Jahre alt und habe über 25 Jahre gearbeitet, arbeitslos war ich noch nie.",
    "Die ganze Situation mit Corona macht mir ziemlich zu schaffen, man weiß ja nicht, wie es weitergeht.",
    "Ich habe auch schon versucht, bei der Hotline anzurufen, aber da kommt man ja nicht durch.",
    "Meine Familie unterstützt mich, aber es ist trotzdem nicht leicht.",
    "Ich hoffe, Sie verstehen meine Lage.",
    "Ich bemühe mich wirklich, schnell wieder Arbeit zu finden, und schreibe jede Woche Bewerbungen.",
    "Früher war ich bei {FIRMA} als {BERUF} beschäftigt, bis der Betrieb wegen der Auftragslage Leute entlassen musste.",
    "Bitte entschuldigen Sie die lange Mail, aber ich wollte alles einmal in Ruhe erklären.",
    "Falls Sie Rückfragen haben, erreichen Sie mich am besten nachmittags unter {TEL}.",
    "Ich weiß nicht, ob ich hier richtig bin, aber auf Ihrer Internetseite stand diese Adresse.",
    "Mein Nachbar meinte, per E-Mail geht das am schnellsten.",
    "Mit dem Computer kenne ich mich nicht so gut aus, meine Enkelin hilft mir beim Schreiben.",
    "Seit dem Lockdown ist hier in {STADT} sowieso alles anders.",
    "Ich wohne jetzt seit elf Jahren in {STADT} und kenne mich mit den Ämtern eigentlich aus.",
]

# --- sonstiges ----------------------------------------------------------------
SONST_OEFFNER = [
    ("zahlung", "wann wird mein Arbeitslosengeld für {MONAT} überwiesen?"),
    ("zahlung", "mein Geld ist noch nicht auf dem Konto, zu welchem Termin wird denn gezahlt?"),
    ("zahlung", "zu welchem Termin kommt die Zahlung vom Arbeitslosengeld?"),
    ("zahlung", "ich habe noch keinen Bescheid über mein Arbeitslosengeld bekommen."),
    ("zahlung", "wie hoch wird mein ALG I ungefähr sein?"),
    ("zahlung", "ich warte immer noch auf das Geld, die Miete ist fällig!"),
    ("zahlung", "Zahltermin? Auf meinem Konto ist nix angekommen."),
    ("zahlung", "in meinem Bescheid steht ein falsches Bemessungsentgelt, ich habe mehr verdient."),
    ("adresse", "ich bin umgezogen und möchte meine neue Adresse mitteilen."),
    ("adresse", "bitte ändern Sie meine Anschrift."),
    ("adresse", "ab dem {S} wohne ich in der {STRASSE} {HNR}, {PLZ} {STADT}."),
    ("adresse", "Adressänderung: neue Anschrift siehe unten."),
    ("adresse", "meine Postadresse hat sich geändert, bitte nicht mehr an die alte schicken."),
    ("bank", "meine Bankverbindung hat sich geändert, neue IBAN: {IBAN}."),
    ("bank", "bitte überweisen Sie das Geld ab sofort auf mein neues Konto."),
    ("insolvenz", "mein Arbeitgeber {FIRMA} hat Insolvenz angemeldet, was muss ich wegen Insolvenzgeld tun?"),
    ("insolvenz", "ich habe seit zwei Monaten keinen Lohn bekommen, die Firma ist pleite."),
    ("insolvenz", "wo kann ich Insolvenzgeld beantragen?"),
    ("insolvenz", "der Insolvenzverwalter hat mir gesagt, ich soll mich wegen Insolvenzgeld bei Ihnen melden."),
    ("kindergeld", "ich wollte fragen, wann das Kindergeld für {MONAT} kommt."),
    ("kindergeld", "meine Tochter hat eine Ausbildung angefangen, muss ich das der Familienkasse melden?"),
    ("kindergeld", "ich habe Post von der Familienkasse bekommen und verstehe sie nicht."),
    ("kurzarbeit", "mein Chef hat Kurzarbeit angemeldet, bekomme ich jetzt weniger Geld?"),
    ("kurzarbeit", "wie wird das Kurzarbeitergeld berechnet?"),
    ("kurzarbeit", "ich bin in Kurzarbeit und will nebenbei einen Minijob annehmen, geht das?"),
    ("stelle", "ich habe ab dem {D2} eine neue Arbeitsstelle und möchte mich abmelden."),
    ("stelle", "ich habe Ihren Vermittlungsvorschlag bekommen und mich schon beworben."),
    ("stelle", "zu dem Stellenangebot als {BERUF} hätte ich eine Frage."),
    ("stelle", "ich habe eine Zusage von {FIRMA} bekommen!"),
    ("stelle", "anbei meine Bewerbungsnachweise für {MONAT}."),
    ("stelle", "ich suche eine Stelle als {BERUF} in Teilzeit, haben Sie was für mich?"),
    ("beschwerde", "ich bin sehr unzufrieden mit der Bearbeitung meines Antrags."),
    ("beschwerde", "seit Wochen erreiche ich telefonisch niemanden bei Ihnen."),
    ("beschwerde", "ich möchte mich über den Umgangston Ihrer Hotline beschweren."),
    ("beschwerde", "zum dritten Mal schicke ich Ihnen jetzt die Unterlagen!"),
    ("beschwerde", "warum dauert das bei Ihnen eigentlich so lange???"),
    ("termin_sonst", "ich bestätige den Termin {T} {U}."),
    ("termin_sonst", "danke für die Einladung, ich komme {T} gerne."),
    ("termin_sonst", "ich hätte gerne einen Termin für ein Beratungsgespräch."),
    ("termin_sonst", "muss ich zum Termin {T} irgendwelche Unterlagen mitbringen?"),
    ("termin_sonst", "findet mein Termin {T} wegen Corona überhaupt statt oder wird telefoniert?"),
    ("termin_sonst", "wo genau ist der Termin {T}, in welchem Zimmer?"),
    ("termin_sonst", "ich war heute beim Termin, vielen Dank für das nette Gespräch."),
    ("termin_sonst", "kann ich zum Termin {T} [[m:meine Frau als Dolmetscherin|w:meinen Mann als Dolmetscher]] mitbringen?"),
    ("dank", "vielen Dank für Ihre schnelle Hilfe!"),
    ("dank", "ich wollte mich einfach mal bei {B} bedanken, die mir sehr geholfen hat."),
    ("dank", "danke, das Geld ist angekommen."),
    ("unterlagen", "anbei die angeforderte Arbeitsbescheinigung."),
    ("unterlagen", "hier mein Lebenslauf wie besprochen."),
    ("unterlagen", "anbei die Kündigung meines Arbeitgebers."),
    ("unterlagen", "ich sende Ihnen den ausgefüllten Fragebogen zurück."),
    ("portal", "ich kann mich im Online-Portal nicht anmelden, das Passwort geht nicht."),
    ("portal", "wie kann ich den Antrag auf Arbeitslosengeld online stellen?"),
    ("portal", "der PIN-Brief für die Online-Services ist nie angekommen."),
    ("gesund", "ich bin seit heute wieder gesund und stehe der Vermittlung zur Verfügung."),
    ("gesund", "hiermit melde ich mich gesund, die Krankschreibung ist vorbei."),
    ("weiterbildung", "ich interessiere mich für eine Umschulung zum {BERUF}."),
    ("weiterbildung", "bekomme ich einen Bildungsgutschein für den Staplerschein?"),
    ("urlaub", "ich möchte Ortsabwesenheit vom {D2} bis {D3} beantragen."),
    ("urlaub", "darf ich eine Woche zu meiner Schwester nach Hamburg fahren?"),
    ("arbeitslos", "ich möchte mich arbeitssuchend melden, mein Vertrag läuft am {D3} aus."),
    ("arbeitslos", "ich wurde gekündigt und weiß nicht, was ich jetzt machen muss."),
    ("arbeitslos", "muss ich mich wirklich drei Monate vorher arbeitssuchend melden?"),
    ("spam", ""), ("spam", ""), ("spam", ""), ("spam", ""), ("spam", ""), ("spam", ""),
    ("abwesend", ""), ("abwesend", ""), ("abwesend", ""), ("abwesend", ""), ("abwesend", ""),
]
SONST_FOLGE = {
    "zahlung": ["Den Antrag habe ich am {S} gestellt.",
                "Der Zahltermin ist doch eigentlich immer am Monatsende?",
                "Meine Miete wird am Ersten abgebucht und ich weiß nicht, wie ich das bezahlen soll.",
                "Bei meiner Kollegin ist das Geld schon da.",
                "Bitte prüfen Sie das schnell."],
    "adresse": ["Neue Anschrift: {STRASSE} {HNR}, {PLZ} {STADT}.",
                "Die Ummeldebescheinigung kann ich Ihnen gerne schicken.",
                "Telefonnummer bleibt gleich."],
    "bank": ["Das alte Konto wird zum Monatsende aufgelöst.",
             "Kontoinhaber bin ich selbst.", "Neue IBAN: {IBAN}"],
    "insolvenz": ["Der Insolvenzantrag wurde am {S} beim Amtsgericht {STADT} gestellt.",
                  "Ich habe drei Kinder und brauche das Geld dringend.",
                  "Welche Unterlagen brauchen Sie von mir?"],
    "kindergeld": ["Meine Kindergeldnummer ist {KGNR}.",
                   "Oder bin ich da bei Ihnen falsch?",
                   "Die Familienkasse ist telefonisch nicht zu erreichen."],
    "kurzarbeit": ["Ich arbeite bei {FIRMA} als {BERUF}.",
                   "Mein Chef weiß es selbst nicht genau.",
                   "Gilt das auch für Minijobber?"],
    "stelle": ["Das Vorstellungsgespräch war am {S}.",
               "Bitte schicken Sie mir keine Vorschläge mehr.",
               "Der Arbeitsvertrag ist unterschrieben.",
               "Ich bin sehr froh, dass es endlich geklappt hat!"],
    "beschwerde": ["Ich habe schon vier Mal angerufen und lande immer in der Warteschleife.",
                   "So kann man mit Menschen nicht umgehen.",
                   "Ich erwarte eine schriftliche Antwort.",
                   "Ich habe meinen Antrag am {S} abgegeben und seitdem nichts gehört.",
                   "Notfalls wende ich mich an die Presse.",
                   "Ihr Mitarbeiter hat mich am Telefon einfach abgewürgt."],
    "termin_sonst": ["Ich werde pünktlich da sein.",
                     "Soll ich den Lebenslauf ausgedruckt mitbringen?",
                     "Wird mein Termin telefonisch gemacht, wenn das Haus wegen Corona zu ist?",
                     "Muss ich eine Maske tragen?"],
    "dank": ["Sie haben mir sehr geholfen.", "Weiter so!", "Bleiben Sie gesund!"],
    "unterlagen": ["Falls etwas fehlt, melden Sie sich bitte.",
                   "Das Original habe ich zusätzlich per Post geschickt."],
    "portal": ["Ich habe es schon mit verschiedenen Browsern probiert.",
               "Die Fehlermeldung lautet: Sitzung abgelaufen.",
               "Können Sie mir das Passwort zurücksetzen?"],
    "gesund": ["Ich kann ab sofort wieder Termine wahrnehmen.",
               "Die letzte AU ging bis {S}."],
    "weiterbildung": ["Ich habe schon einen Bildungsträger in {STADT} gefunden.",
                      "Wer bezahlt die Fahrtkosten?"],
    "urlaub": ["Ich bin in der Zeit per Handy erreichbar: {TEL}.",
               "Ist das ein Problem mit dem Arbeitslosengeld?"],
    "arbeitslos": ["Die Kündigung habe ich am {S} bekommen.",
                   "Ich war 12 Jahre bei {FIRMA} als {BERUF}.",
                   "Reicht es, wenn ich das per Mail mache?"],
}
SONST_BETREFF = {
    "zahlung": ["Zahlung ALG", "Wann kommt das Geld?", "Zahltermin", "Arbeitslosengeld {MONAT}",
                "Termin Auszahlung", "Bescheid", "Geld nicht da!!!"],
    "adresse": ["Adressänderung", "Umzug", "Neue Anschrift", "Änderungsmitteilung"],
    "bank": ["Neue Bankverbindung", "Kontoänderung", "IBAN"],
    "insolvenz": ["Insolvenzgeld", "Frage Insolvenzgeld", "Firma pleite"],
    "kindergeld": ["Kindergeld", "Frage Familienkasse", "Kindergeld {MONAT}"],
    "kurzarbeit": ["Kurzarbeit", "Frage Kurzarbeitergeld", "KuG"],
    "stelle": ["Arbeitsaufnahme", "Neue Stelle", "Vermittlungsvorschlag", "Stellenangebot {BERUF}",
               "Bewerbungsnachweise"],
    "beschwerde": ["Beschwerde", "Unmöglich!", "Keine Antwort", "Bearbeitungsdauer",
                   "Dienstaufsichtsbeschwerde"],
    "termin_sonst": ["Termin {TS}", "Terminbestätigung", "Frage zum Termin", "Termin",
                     "Einladung", "Danke für den Termin"],
    "dank": ["Danke", "Dankeschön", "Vielen Dank!"],
    "unterlagen": ["Unterlagen", "Arbeitsbescheinigung", "Nachreichung", "Scan"],
    "portal": ["Login geht nicht", "Passwort", "Online-Antrag"],
    "gesund": ["Gesundmeldung", "wieder gesund", "Ende Krankschreibung"],
    "weiterbildung": ["Umschulung", "Bildungsgutschein"],
    "urlaub": ["Ortsabwesenheit", "Urlaub"],
    "arbeitslos": ["Arbeitsuchendmeldung", "Kündigung", "Arbeitslos melden"],
}
SPAM = [
    ("Ihr Postfach ist voll", "Sehr geehrter Kunde,\n\nIhr Postfach hat das Speicherlimit von 2 GB "
     "erreicht. Eingehende Nachrichten werden ab sofort abgewiesen.\nKlicken Sie hier, um Ihr "
     "Postfach zu verifizieren: http://postfach-verifizieren.example/login\n\nIhr IT-Support-Team"),
    ("SEO für Behörden – 50% Rabatt", "Guten Tag,\n\nist Ihre Webseite bei Google auf Seite 1? "
     "Wir bringen Ihre Behörde ganz nach oben! Jetzt unverbindliches Angebot anfordern.\n\n"
     "Mit sonnigen Grüßen\nIhr Team von Topranking.example\n\nAbmelden: "
     "http://topranking.example/unsubscribe"),
    ("Congratulations!!! You are our lucky winner", "Dear Sir/Madam,\n\nYour e-mail address has "
     "won 1.500.000,00 EUR in the international e-mail lottery. Please send your full name, "
     "address and bank details to claims@lotto-international.example.\n\nBest regards\n"
     "Dr. James Williams\nClaims Department"),
    ("Zustellung fehlgeschlagen – Ihr Paket", "Hallo,\n\nIhr Paket konnte nicht zugestellt werden. "
     "Bitte bestätigen Sie Ihre Adresse und zahlen Sie die Zollgebühr von 1,99 EUR:\n"
     "https://paket-verfolgung.example/track?id=DE882731\n\nIhr Zustellteam"),
    ("FFP2 Masken sofort lieferbar!!!", "Sehr geehrte Damen und Herren,\n\nwir haben 100.000 "
     "Atemschutzmasken FFP2/KN95 sofort ab Lager lieferbar. Preis auf Anfrage, Mindestabnahme "
     "5.000 Stück. Zertifikate vorhanden.\n\nSchutzausruestung-Handel.example\n"
     "Tel. 0800 000 000"),
    ("Homeoffice-Newsletter April", "Liebe Leserinnen und Leser,\n\nin unserer April-Ausgabe: "
     "Die 10 besten Tipps für das Homeoffice, ergonomische Stühle im Test und Rezepte für die "
     "Mittagspause.\n\nSie erhalten diesen Newsletter, weil Sie sich auf "
     "buero-ratgeber.example angemeldet haben. Abmelden: http://buero-ratgeber.example/abmelden"),
]
ABWESEND = [
    ("Automatische Antwort: {ORIGBETREFF}", "Vielen Dank für Ihre Nachricht.\n\nIch bin bis "
     "einschließlich {D2} nicht im Büro und habe keinen Zugriff auf meine E-Mails. In dringenden "
     "Fällen wenden Sie sich bitte an zentrale@{FIRMADOMAIN}.\n\nMit freundlichen Grüßen\n{VN} {NN}"),
    ("Abwesenheitsnotiz: {ORIGBETREFF}", "Guten Tag,\n\naufgrund der aktuellen Situation arbeite "
     "ich im Homeoffice und bin nur eingeschränkt erreichbar. Ihre Mail wird nicht weitergeleitet."
     "\n\n{VN} {NN}\n{FIRMA}"),
    ("Out of Office: {ORIGBETREFF}", "Ich bin im Urlaub und ab dem {D2} wieder erreichbar. "
     "I am out of office until {D2} with limited access to e-mail.\n\n{VN} {NN}"),
    ("Automatische Antwort: {ORIGBETREFF}", "Diese E-Mail-Adresse wird nicht mehr gelesen. Bitte "
     "verwenden Sie ab sofort {NEUADR}.\n\nDies ist eine automatisch generierte Nachricht."),
    ("Re: {ORIGBETREFF}", "Hallo, das ist eine automatische Antwort. Ich bin bis {D2} in Elternzeit. "
     "Viele Grüße {VN}"),
]
AGENTUR_BETREFFE = ["Einladung zu einem Gespräch", "Ihre Nachricht an die Agentur für Arbeit",
                    "Einladung nach § 309 SGB III", "Ihr Anliegen", "Terminerinnerung"]

# Tippfehler-Varianten (Wort -> mögliche Verschreibungen)
TYPOS = {
    "Termin": ["Temrin", "Termn", "Tremin", "termin", "Termien"],
    "Termins": ["Termines", "Temrins"],
    "krankgeschrieben": ["krank geschrieben", "krankgeschriebn", "krankgeschriben", "Krankgeschrieben"],
    "leider": ["leidr", "leiter", "leieder"],
    "wahrnehmen": ["warnehmen", "wahrnemen", "war nehmen"],
    "Bescheinigung": ["Bescheingung", "Bescheiningung", "Bescheinigun"],
    "Arbeitsunfähigkeitsbescheinigung": ["Arbeitsunfähigkeitsbescheingung",
                                         "Arbeitsunfähigkeits-Bescheinigung",
                                         "Arbeitsunfähigkeitbescheinigung"],
    "Kundennummer": ["Kundennumer", "Kundenummer", "Kunden-Nr.", "Kundennr"],
    "Arbeitslosengeld": ["Arbeitslosengelt", "Arbeitslosen Geld", "Arbeitslosegeld"],
    "Grüßen": ["Grüssen", "Grüsen"],
    "Damen": ["Dammen"],
    "vereinbaren": ["vereinbahren"],
    "wieder": ["wider"],
    "seit": ["seid"],
    "verschieben": ["verschiben", "verschiebn"],
    "absagen": ["absagn", "absgen"],
    "bitte": ["bite", "biite"],
    "freundlichen": ["freundlichn", "fruendlichen", "freundlichem"],
    "Anhang": ["Anhnag", "Anhag"],
    "voraussichtlich": ["vorraussichtlich", "vorausichtlich"],
    "dass": ["das"],
    "Vorstellungsgespräch": ["Vorstellungsgespräh", "Vorstelungsgespräch"],
    "Krankmeldung": ["Krankmeldnug", "Krankmeldug"],
    "Einladung": ["Einladnug", "Einlladung"],
    "nicht": ["nich", "nciht"],
    "Arbeitsagentur": ["Arbeitsamt", "Arbeitsargentur"],
    "krank": ["krnak"],
    "Krankschreibung": ["Krankschreibng", "Krankschreibug"],
    "Agentur": ["Argentur", "Agentuhr"],
}
_TYPO_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, TYPOS), key=len, reverse=True)) + r")\b")


# ---------------------------------------------------------------------------
# Anhänge: minimal gültiges PDF, JPEG und PNG (selbst erzeugt)
# ---------------------------------------------------------------------------
def mini_pdf(titel: str) -> bytes:
    """Ein-Seiten-PDF mit korrekter xref-Tabelle (wenige hundert Byte)."""
    text = fold_umlaute(titel).encode("ascii", "replace").replace(b"(", b"").replace(b")", b"")
    stream = b"BT /F1 12 Tf 40 760 Td (" + text + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += str(i).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objs) + 1).encode() + b"\n0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size " + str(len(objs) + 1).encode() + b" /Root 1 0 R >>\n"
            b"startxref\n" + str(xref).encode() + b"\n%%EOF\n")
    return bytes(out)


def mini_jpeg() -> bytes:
    """8x8-Pixel-Graustufen-JPEG (baseline), ein Block mit DC=0, nur EOB."""
    seg = lambda marker, payload: b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload
    counts = bytes([1] + [0] * 15)
    return (b"\xff\xd8"
            + seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + seg(0xDB, b"\x00" + bytes([1] * 64))
            + seg(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
            + seg(0xC4, b"\x00" + counts + b"\x00")
            + seg(0xC4, b"\x10" + counts + b"\x00")
            + seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
            + b"\x3f" + b"\xff\xd9")


def mini_png(grau: int = 240) -> bytes:
    """4x4-Pixel-Graustufen-PNG."""
    def chunk(typ: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + typ + data + struct.pack(">I", zlib.crc32(typ + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes([grau]) * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------
# Hilfsfunktionen
# ---------------------------------------------------------------------------
class SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


_GESCHLECHT_RE = re.compile(r"\[\[m:(.*?)\|w:(.*?)\]\]")


def fill(text: str, ctx: dict) -> str:
    """Platzhalter {XY} füllen; [[m:...|w:...]] nach Geschlecht des Absenders wählen."""
    text = _GESCHLECHT_RE.sub(lambda m: m.group(2) if ctx.get("weiblich") else m.group(1), text)
    return text.format_map(SafeDict(ctx))


def fold_umlaute(text: str, hart: bool = False) -> str:
    if hart:  # Umlaute einfach ohne Punkte
        tab = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss"}
    else:
        tab = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    return "".join(tab.get(c, c) for c in text)


def ascii_local(text: str) -> str:
    t = fold_umlaute(text).lower()
    t = t.replace("ş", "s").replace("ı", "i").replace("ć", "c").replace("ğ", "g")
    return re.sub(r"[^a-z0-9]", "", t)


def upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def werktag_nach(rng, d: dt.date, lo: int, hi: int) -> dt.date:
    d = d + dt.timedelta(days=rng.randint(lo, hi))
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def datum_phrase(rng, d: dt.date, ref: dt.date, mit_am: bool = True) -> str:
    am = "am " if mit_am else ""
    opts = [f"{am}{d:%d.%m.%Y}", f"{am}{d:%d.%m.}", f"{am}{d.day}.{d.month}.",
            f"{am}{WOCHENTAGE[d.weekday()]}, den {d:%d.%m.%Y}", f"{am}{d.day}. {MONATE[d.month - 1]}",
            f"{am}{WOCHENTAGE[d.weekday()]} ({d.day}.{d.month}.)", f"{am}{d.day}.{d.month}.{d:%y}"]
    if (d - ref).days == 1:
        opts += ["morgen", "morgen früh" if mit_am else "morgen"]
    if 0 < (d - ref).days < 7:
        opts.append(f"{am}{WOCHENTAGE[d.weekday()]}" if mit_am else WOCHENTAGE[d.weekday()])
    return rng.choice(opts)


def uhrzeit_phrase(rng) -> str:
    h = rng.choice([8, 9, 9, 10, 10, 11, 13, 14, 15])
    m = rng.choice([0, 0, 15, 30, 30, 45])
    opts = [f"um {h:02d}:{m:02d} Uhr", f"um {h}.{m:02d} Uhr", f"um {h}:{m:02d}",
            f"({h}:{m:02d} Uhr)", f"um {h} Uhr {m}" if m else f"um {h} Uhr"]
    if m == 30:
        opts.append(f"um halb {['', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'eins', 'zwei', 'drei', 'vier'][h + 1]}")
    return rng.choice(opts)


def knr_schreibweise(rng, knr: str) -> str:
    return rng.choice([knr, knr, knr, knr, f"{knr[:3]} {knr[3]} {knr[4:]}", knr.lower(),
                       f"{knr[:4]} {knr[4:]}", f"{knr[:3]}{knr[3]}{knr[4:7]} {knr[7:]}"])


def knr_satz(rng, k: str) -> str:
    return rng.choice([f"Meine Kundennummer ist {k}.", f"Kundennummer: {k}", f"(Kd.-Nr. {k})",
                       f"Kundennr.: {k}", f"Meine Kundennummer lautet {k}.", f"KdNr {k}",
                       f"Kunden-Nr. {k}", f"Kundennummer {k}", f"meine kundennummer: {k}",
                       f"Zur Zuordnung: Kundennummer {k}."])


def tippfehler(rng, text: str, p: float) -> str:
    if p <= 0:
        return text
    return _TYPO_RE.sub(lambda m: rng.choice(TYPOS[m.group(1)]) if rng.random() < p else m.group(1), text)


# ---------------------------------------------------------------------------
# Kontext pro Mail
# ---------------------------------------------------------------------------
START = dt.datetime(2020, 3, 1, 0, 0)
DST = dt.datetime(2020, 3, 29, 2, 0)


def neuer_kontext(rng, idx: int) -> dict:
    weiblich = rng.random() < 0.5
    vn = rng.choice(VORNAMEN_W if weiblich else VORNAMEN_M)
    nn = rng.choice(NACHNAMEN)
    stadt, plzpre = rng.choice(STAEDTE)
    # Datum: 1. März .. 31. Mai 2020, werktags häufiger
    while True:
        t = START + dt.timedelta(days=rng.randint(0, 91), hours=rng.choice(
            [6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 2]),
            minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        if t.weekday() < 5 or rng.random() < 0.35:
            break
    tz = dt.timezone(dt.timedelta(hours=1 if t < DST else 2))
    datum = t.replace(tzinfo=tz)
    if rng.random() < 0.12:
        datum = datum.astimezone(dt.timezone.utc)
    heute = t.date()
    termin = werktag_nach(rng, heute, 1, 14)
    seit = heute - dt.timedelta(days=rng.randint(0, 6))
    bis = werktag_nach(rng, heute, 3, 21)
    d2 = werktag_nach(rng, heute, 5, 25)
    d3 = d2 + dt.timedelta(days=rng.randint(7, 40))
    bg, bn = rng.choice(BERATER)
    berater_dat = ("Frau " if bg == "w" else "Herrn ") + bn
    knr = f"{rng.randint(100, 999)}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(0, 999999):06d}"
    localpart = rng.choice([
        f"{ascii_local(vn)}.{ascii_local(nn)}", f"{ascii_local(vn)[0]}.{ascii_local(nn)}",
        f"{ascii_local(nn)}{rng.randint(60, 99)}", f"{ascii_local(vn)}{ascii_local(nn)}",
        f"{ascii_local(vn)}_{rng.randint(1, 999)}",
        rng.choice(["schnecke", "bayernfan", "sonnenschein", "wolfi", "mausi", "fcn-fan", "biker",
                    "gamer", "katzenliebe", "hexe", "rocker", "schalke04fan"]) + str(rng.randint(70, 2005)),
        f"{ascii_local(nn)}.{ascii_local(vn)}", f"{ascii_local(vn)}-{ascii_local(nn)}"])
    firma = rng.choice(FIRMEN)
    return {
        "idx": idx, "VN": vn, "NN": nn, "weiblich": weiblich,
        "VN2": rng.choice(VORNAMEN_M + VORNAMEN_W),
        "STADT": stadt, "PLZ": f"{plzpre}{rng.randint(0, 99):02d}",
        "STRASSE": rng.choice(STRASSEN), "HNR": str(rng.randint(1, 120)) + rng.choice(["", "", "", "a", "b"]),
        "TEL": rng.choice(["0151", "0152", "0160", "0170", "0171", "0176", "0911", "0341"]) + " "
               + str(rng.randint(1000000, 99999999)),
        "IBAN": "DE{:02d} {:04d} {:04d} {:04d} {:04d} {:02d}".format(
            rng.randint(10, 99), rng.randint(1000, 9999), rng.randint(0, 9999), rng.randint(0, 9999),
            rng.randint(0, 9999), rng.randint(0, 99)),
        "KGNR": f"{rng.randint(100, 999)}FK{rng.randint(0, 999999):06d}",
        "HRB": str(rng.randint(1000, 39999)), "UST": str(rng.randint(100000000, 999999999)),
        "FIRMA": firma, "FIRMADOMAIN": ascii_local(firma.split()[0]) + ".example",
        "BERUF": rng.choice(BERUFE), "MONAT": MONATE[rng.choice([t.month - 1, t.month])],
        "datum": datum, "heute": heute,
        "T": (tp := datum_phrase(rng, termin, heute)), "TO": tp[3:] if tp.startswith("am ") else tp, "TS": f"{termin:%d.%m.}", "termin": termin,
        "U": uhrzeit_phrase(rng), "U2": uhrzeit_phrase(rng),
        "S": datum_phrase(rng, seit, heute, mit_am=False).replace("morgen früh", "heute"),
        "BIS": datum_phrase(rng, bis, heute, mit_am=False), "BISS": f"{bis:%d.%m.}",
        "D2": datum_phrase(rng, d2, heute, mit_am=False), "D3": f"{d3:%d.%m.%Y}",
        "B": berater_dat, "berater": (bg, bn), "Z": str(rng.randint(1, 3)) + f"{rng.randint(1, 40):02d}",
        "knr": knr, "ALTER": str(rng.randint(38, 63)),
        "von_adr": f"{localpart}@{rng.choice(DOMAINS)}",
    }


# ---------------------------------------------------------------------------
# Texterzeugung
# ---------------------------------------------------------------------------
def anrede(rng, ctx) -> str:
    g = rng.choice(GRUSS_ANFANG)
    if "{BERATERIN_ODER}" in g:
        bg, bn = ctx["berater"]
        g = ("Sehr geehrte Frau " if bg == "w" else "Sehr geehrter Herr ") + bn + ","
    return g


def unterschrift(rng, ctx) -> list[str]:
    vn, nn = ctx["VN"], ctx["NN"]
    return [rng.choice([f"{vn} {nn}", f"{vn} {nn}", vn, f"{nn}, {vn}", f"{vn[0]}. {nn}",
                        f"{vn} {nn}\n{ctx['STRASSE']} {ctx['HNR']}\n{ctx['PLZ']} {ctx['STADT']}",
                        f"{vn} {nn}\nTel. {ctx['TEL']}", f"{vn.lower()}", f"{'Frau' if ctx['weiblich'] else 'Herr'} {nn}"])]


def satzbau(rng, saetze: list[str]) -> str:
    """Sätze zu Absätzen zusammenfügen – mal ein Block, mal jede Zeile einzeln."""
    stil = rng.random()
    if stil < 0.35:
        return " ".join(saetze)
    if stil < 0.6:
        return "\n".join(saetze)
    out, cur = [], []
    for s in saetze:
        cur.append(s)
        if rng.random() < 0.5:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return "\n\n".join(out)


def koerper(rng, ctx, cls: str, oeffner: str, topic: str | None) -> tuple[str, list[str]]:
    """Liefert (Kundentext, Liste der Stellen, an denen die Kundennummer steht)."""
    saetze = [upper_first(fill(oeffner, ctx))]
    lang = rng.random() < 0.12
    kurz = rng.random() < 0.15
    if cls == "terminabsage":
        if rng.random() < 0.75:
            saetze.append(fill(rng.choice(TERMIN_GRUND), ctx))
        for s in rng.sample(TERMIN_BITTE, 6 if lang else rng.randint(0, 2)):
            saetze.append(fill(s, ctx))
    elif cls == "au_meldung":
        for s in rng.sample(AU_DETAIL, 7 if lang else rng.randint(0, 3)):
            saetze.append(fill(s, ctx))
    else:
        folge = SONST_FOLGE.get(topic, [])
        n = len(folge) if lang else rng.randint(0, min(2, len(folge)))
        for s in rng.sample(folge, n):
            saetze.append(fill(s, ctx))
        if lang:
            saetze.append(fill(rng.choice(["Ich bin jetzt seit {S} arbeitslos und das ist alles sehr belastend. "
                                           "Früher war ich bei {FIRMA} und hatte nie Probleme.",
                                           "Ich verstehe ja, dass wegen Corona gerade alles anders ist, "
                                           "aber irgendwer muss doch zuständig sein.",
                                           "Meine Nachbarin hat gesagt, ich soll Ihnen einfach schreiben."]), ctx))
    if kurz:
        saetze = saetze[:1]
    elif rng.random() < 0.06:  # sehr lange Mail
        for s in rng.sample(LANG_EXTRA, rng.randint(6, 10)):
            saetze.insert(rng.randint(1, len(saetze)), fill(s, ctx))
    stellen = []
    mode = ctx["knr_mode"]
    if mode in ("body", "subject+body"):
        ks = knr_satz(rng, knr_schreibweise(rng, ctx["knr"]))
        pos = rng.choice([1, len(saetze)]) if len(saetze) > 1 else 1
        saetze.insert(pos, ks)
        stellen.append("body")
    text = satzbau(rng, saetze)
    teile = []
    a = anrede(rng, ctx)
    if a and not kurz or (a and rng.random() < 0.5):
        teile.append(a)
    teile.append(text)
    ende = fill(rng.choice(GRUSS_ENDE), ctx)
    sig_name = unterschrift(rng, ctx)[0]
    if mode == "signature":
        sig_name += "\n" + rng.choice(["Kd.-Nr. ", "Kundennummer: ", "Kundennr. ", "KNr. "]) + knr_schreibweise(rng, ctx["knr"])
        stellen.append("signature")
    schluss = (ende + "\n" if ende else "") + sig_name
    teile.append(schluss)
    body = "\n\n".join(teile) if rng.random() < 0.7 else "\n".join(teile)
    return body, stellen


def rauschen(rng, text: str) -> str:
    p = rng.choice([0, 0, 0, 0.1, 0.2, 0.35, 0.6])
    text = tippfehler(rng, text, p)
    r = rng.random()
    if r < 0.16:
        text = fold_umlaute(text)
    elif r < 0.21:
        text = fold_umlaute(text, hart=True)
    r = rng.random()
    if r < 0.06:
        text = text.lower()
    elif r < 0.10:
        text = text.replace(",", "")
    elif r < 0.13:
        text = re.sub(r"([.?!])(\s)", lambda m: {".": "...", "?": "??", "!": "!!"}[m.group(1)] + m.group(2), text)
    if rng.random() < 0.05:
        text = text.replace(". ", ".  ")
    return text


def agentur_einladung(rng, ctx, mit_knr: bool) -> str:
    bg = "Sehr geehrte Frau" if ctx["weiblich"] else "Sehr geehrter Herr"
    t = ctx["termin"]
    zeilen = [f"{bg} {ctx['NN']},", "",
              f"bitte kommen Sie am {WOCHENTAGE[t.weekday()]}, {t:%d.%m.%Y} um {ctx['U2'].replace('um ', '').strip('()')} "
              f"in die Agentur für Arbeit {ctx['STADT']}, Zimmer {ctx['Z']}.",
              "Ich möchte mit Ihnen über Ihr Bewerberangebot bzw. Ihre berufliche Situation sprechen."]
    if mit_knr:
        zeilen += ["", f"Ihre Kundennummer: {ctx['knr']}"]
    zeilen += ["", "Bitte bringen Sie diese Einladung, Ihren Personalausweis und Ihre Bewerbungsunterlagen mit.",
               "", "Rechtsfolgenbelehrung: Wenn Sie ohne wichtigen Grund nicht erscheinen, tritt eine "
               "Sperrzeit von einer Woche ein (§ 159 SGB III).", "", "Mit freundlichen Grüßen",
               ("Frau " if ctx["berater"][0] == "w" else "Herr ") + ctx["berater"][1], "Agentur für Arbeit " + ctx["STADT"]]
    return "\n".join(zeilen)


def zitiere(text: str) -> str:
    return "\n".join(("> " + z) if z else ">" for z in text.split("\n"))


def dtfmt(d: dt.datetime) -> str:
    return f"{d:%d.%m.%Y} um {d:%H:%M}"


# ---------------------------------------------------------------------------
# MIME-Aufbau (von Hand, damit auch kaputte Varianten möglich sind)
# ---------------------------------------------------------------------------
ERSATZ_LATIN1 = {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-",
                 "…": "...", "€": "EUR", "ş": "s", "ı": "i", "ğ": "g", "ć": "c", "Ş": "S", "ł": "l"}
ERSATZ_CP1252 = {"ş": "s", "ı": "i", "ğ": "g", "ć": "c", "Ş": "S", "ł": "l"}


def kodiere(text: str, charset: str) -> bytes:
    cs = charset.lower()
    if cs in ("iso-8859-1", "latin-1", "iso-8859-15"):
        text = "".join(ERSATZ_LATIN1.get(c, c) for c in text)
    elif cs == "windows-1252":
        text = "".join(ERSATZ_CP1252.get(c, c) for c in text)
    elif cs == "us-ascii":
        text = fold_umlaute(text)
    return text.encode({"windows-1252": "cp1252"}.get(cs, cs), "replace")


def transfer(raw: bytes, cte: str) -> bytes:
    if cte == "quoted-printable":
        return quopri.encodestring(raw)
    if cte == "base64":
        return base64.encodebytes(raw.replace(b"\n", b"\r\n"))
    return raw


def textteil(text: str, subtype: str, charset: str, cte: str, extra_ct: str = "") -> bytes:
    raw = kodiere(text, charset)
    if cte in ("8bit", "7bit"):
        cte = "7bit" if all(b < 128 for b in raw) else "8bit"
    hdr = f'Content-Type: text/{subtype}; charset="{charset}"{extra_ct}\nContent-Transfer-Encoding: {cte}\n\n'
    body = transfer(raw, cte)
    if not body.endswith(b"\n"):
        body += b"\n"
    return hdr.encode() + body


def html_aus_text(rng, text: str) -> str:
    import html as _h
    entities = rng.random() < 0.4
    absaetze = text.split("\n\n")
    def conv(p):
        s = _h.escape(p, quote=False)
        if entities:
            for k, v in {"ä": "&auml;", "ö": "&ouml;", "ü": "&uuml;", "Ä": "&Auml;", "Ö": "&Ouml;",
                         "Ü": "&Uuml;", "ß": "&szlig;", "–": "&ndash;", "„": "&bdquo;", "“": "&ldquo;"}.items():
                s = s.replace(k, v)
        return s.replace("\n", "<br>\n")
    stil = rng.randint(0, 2)
    if stil == 0:  # Outlook-artig
        inner = "\n".join(f'<p class="MsoNormal">{conv(p)}<o:p></o:p></p>' for p in absaetze)
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>\n'
                '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}</style>\n'
                f'</head><body lang="DE"><div class="WordSection1">\n{inner}\n</div></body></html>')
    if stil == 1:  # Webmailer
        inner = "<br>\n<br>\n".join(conv(p) for p in absaetze)
        return f'<div dir="ltr">{inner}</div>'
    inner = "\n".join(f"<div>{conv(p)}</div><div><br></div>" for p in absaetze)
    return ('<!DOCTYPE html><html><head><meta charset="UTF-8"></head>'
            f'<body style="font-family: Arial; font-size: 12pt">\n{inner}\n</body></html>')


def grenze(rng) -> str:
    return rng.choice([
        "----=_Part_{}_{}.{}".format(rng.randint(10000, 99999), rng.randint(100000000, 999999999), rng.randint(10 ** 12, 10 ** 13 - 1)),
        "Apple-Mail=_{:08X}-{:04X}-{:04X}-{:04X}-{:012X}".format(rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48)),
        "_000_{:032x}_".format(rng.getrandbits(128)),
        "=_{:024x}".format(rng.getrandbits(96)),
        "000000000000{:016x}".format(rng.getrandbits(64)),
    ])


def anhang(name: str, data: bytes, kaputt: bool = False) -> bytes:
    ext = name.rsplit(".", 1)[-1].lower()
    ctype = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}[ext]
    if all(ord(c) < 128 for c in name):
        disp = f'Content-Disposition: attachment; filename="{name}"'
        nm = f'; name="{name}"'
    else:
        from urllib.parse import quote
        enc = quote(name.encode("utf-8"))
        disp = f"Content-Disposition: attachment;\n filename*=utf-8''{enc}"
        nm = f"; name*=utf-8''{enc}"
    b64 = base64.encodebytes(data)
    if kaputt:  # abgeschnitten, mit unzulässigen Zeichen und ohne korrektes Padding
        b64 = b64[: len(b64) // 2].rstrip(b"\n") + b"!!#%*\nJVBERi0xLjQK@@@=\n=x\n"
    return f"Content-Type: {ctype}{nm}\n{disp}\nContent-Transfer-Encoding: base64\n\n".encode() + b64


_POLICY = email.policy.default.clone(linesep="\n", max_line_length=78)


def header_wert(text: str, charset: str = "utf-8") -> str:
    if all(ord(c) < 128 for c in text):
        return text
    if charset.lower() == "utf-8":  # nur Nicht-ASCII-Wörter kodieren ("Re: ... =?utf-8?q?...?=")
        return _POLICY.header_factory("Subject", text).fold(policy=_POLICY)[len("Subject: "):].rstrip("\n")
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    return Header(text, charset).encode(linesep="\n")


# ---------------------------------------------------------------------------
# Hauptgenerator
# ---------------------------------------------------------------------------
def plane(rng) -> list[dict]:
    plan = []
    for cls, n, oeffner in (("terminabsage", N_TERMIN, TERMIN_OEFFNER), ("au_meldung", N_AU, AU_OEFFNER),
                            ("sonstiges", N_SONST, SONST_OEFFNER)):
        reihe = list(oeffner)
        rng.shuffle(reihe)
        extra = [rng.choice(oeffner) for _ in range(n - len(reihe))]
        for o in (reihe + extra)[:n]:
            plan.append({"cls": cls, "oeffner": o})
    rng.shuffle(plan)
    # Sonderfälle fest zuordnen (deterministisch über die Position)
    def erste(cls, cond=lambda p: True, skip=()):
        kandidaten = [i for i, p in enumerate(plan)
                      if p["cls"] == cls and i not in skip and "spezial" not in p and cond(p)]
        return rng.choice(kandidaten)
    spezial = [("terminabsage", "utf8_latin1_qp"), ("au_meldung", "utf8_latin1_8bit"),
               ("sonstiges", "unbekannter_zeichensatz"), ("au_meldung", "unbekannter_zeichensatz_unknown8bit"),
               ("au_meldung", "base64_anhang_kaputt"), ("sonstiges", "base64_text_kaputt"),
               ("terminabsage", "latin1_deklariert_utf8_bytes"), ("terminabsage", "betreff_kaputt"),
               ("sonstiges", "grenze_fehlt"),
               ("au_meldung", "nur_anhang"), ("au_meldung", "nur_anhang"), ("au_meldung", "nur_anhang"),
               ("au_meldung", "nur_anhang"), ("au_meldung", "nur_anhang"), ("au_meldung", "nur_anhang"),
               ("au_meldung", "nur_anhang"), ("terminabsage", "leer_nur_betreff"),
               ("terminabsage", "leer_nur_betreff"), ("sonstiges", "nur_anhang_sonst"),
               ("sonstiges", "nur_anhang_sonst")]
    for cls, art in spezial:
        cond = (lambda p: p["oeffner"][0] not in ("spam", "abwesend")) if cls == "sonstiges" else (lambda p: True)
        plan[erste(cls, cond)]["spezial"] = art
    return plan


def baue_mail(rng, nr: int, p: dict) -> tuple[bytes, str]:
    cls, spezial = p["cls"], p.get("spezial")
    ctx = neuer_kontext(rng, nr)
    topic = None
    oeffner = p["oeffner"]
    if cls == "sonstiges":
        topic, oeffner = oeffner
    # Kundennummer: wo steht sie?
    r = rng.random()
    if topic in ("spam", "abwesend"):
        mode = "none"
    else:
        mode = ("subject" if r < 0.17 else "body" if r < 0.41 else "signature" if r < 0.5
                else "subject+body" if r < 0.55 else "quoted" if r < 0.6 else "none")
    if spezial in ("nur_anhang", "nur_anhang_sonst", "leer_nur_betreff"):
        mode = rng.choice(["subject", "none"]) if spezial != "leer_nur_betreff" else "subject"
    ctx["knr_mode"] = mode

    # --- Betreff ---------------------------------------------------------
    if cls == "terminabsage":
        betreff = fill(rng.choice(["Terminabsage", "Absage Termin {TS}", "Termin am {TS}", "Temrin",
                                   "Termin verschieben", "Terminverschiebung", "Bitte um neuen Termin",
                                   "Einladung {TS}", "Absage", "Kann nicht kommen", "Mein Termin",
                                   "Frage zu meinem Termin", "WICHTIG: Termin", "Verlegung Beratungstermin",
                                   "Ihr Schreiben", "", "Gesprächstermin", "Meldetermin {TS}", "termin",
                                   "Nachricht von {VN} {NN}", "Anfrage", "Terminabsage!!", "absage"]), ctx)
    elif cls == "au_meldung":
        betreff = fill(rng.choice(["Krankmeldung", "AU", "AU-Bescheinigung", "Arbeitsunfähigkeit",
                                   "Krankschreibung {VN} {NN}", "Krank", "Arbeitsunfähigkeitsbescheinigung",
                                   "Folgebescheinigung", "gelber Schein", "Krankmeldung {NN}", "Scan",
                                   "Dokument", "Foto", "IMG_{idx}0417", "Mitteilung", "AU bis {BISS}",
                                   "Krankmeldung + Termin", "krankgeschrieben", "Neue Nachricht", "",
                                   "Arbeitsunfaehigkeit", "AU Bescheinigung Folge"]), ctx)
    elif topic == "spam":
        betreff = ""
    elif topic == "abwesend":
        betreff = ""
    else:
        betreff = fill(rng.choice(SONST_BETREFF[topic]), ctx)
    if rng.random() < 0.08 and betreff:
        betreff = betreff.upper()
    if mode in ("subject", "subject+body"):
        k = knr_schreibweise(rng, ctx["knr"])
        betreff = rng.choice([f"{betreff} - Kd.-Nr. {k}", f"{betreff} Kundennummer {k}", f"{k} {betreff}",
                              f"KdNr: {k} / {betreff}", f"{betreff} ({k})", f"{k}"]).strip(" -/")

    # --- Text ------------------------------------------------------------
    zusatz_header = []
    anhaenge: list[tuple[str, bytes, bool]] = []
    if topic == "spam":
        betreff, text = rng.choice(SPAM)
        ctx["von_adr"] = rng.choice(["info", "noreply", "service", "support", "gewinn"]) + "@" + rng.choice(
            ["topranking.example", "lotto-international.example", "paket-verfolgung.example",
             "schutzausruestung-handel.example", "buero-ratgeber.example", "it-support-mail.example"])
        ctx["VN"], ctx["NN"] = rng.choice([("", ""), ("Info", "Service"), ("Support", "Team")])
        if rng.random() < 0.5:
            zusatz_header.append("Precedence: bulk")
    elif topic == "abwesend":
        vorlage_b, vorlage_t = rng.choice(ABWESEND)
        ctx["ORIGBETREFF"] = rng.choice(AGENTUR_BETREFFE)
        ctx["NEUADR"] = f"{ascii_local(ctx['VN'])}.{ascii_local(ctx['NN'])}@{rng.choice(DOMAINS)}"
        betreff = fill(vorlage_b, ctx)
        text = fill(vorlage_t, ctx)
        zusatz_header += ["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"]
        if rng.random() < 0.5:
            ctx["von_adr"] = f"{ascii_local(ctx['VN'])}.{ascii_local(ctx['NN'])}@{ctx['FIRMADOMAIN']}"
    else:
        text, _ = koerper(rng, ctx, cls, oeffner, topic)
        text = rauschen(rng, text)
        if rng.random() < 0.35:
            sig = fill(rng.choice(SIGNATUREN), ctx)
            text += "\n\n" + sig

    # --- Antwort / Weiterleitung ------------------------------------------
    antwort_auf = None
    if topic not in ("spam", "abwesend") and spezial not in ("nur_anhang", "nur_anhang_sonst", "leer_nur_betreff"):
        w = rng.random()
        quote_ok = cls == "terminabsage" or cls == "au_meldung" or topic in ("termin_sonst", "dank", "gesund")
        if mode == "quoted" or (quote_ok and w < 0.22):
            einl = agentur_einladung(rng, ctx, mit_knr=(mode == "quoted"))
            ad = ctx["datum"] - dt.timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 5))
            absender = "Agentur für Arbeit " + ctx["STADT"] + " <noreply@arbeitsagentur.example>"
            if rng.random() < 0.6:
                text = text + "\n\n" + f"Am {dtfmt(ad)} schrieb {absender}:\n" + zitiere(einl)
            else:
                text = (text + "\n\n-----Ursprüngliche Nachricht-----\n"
                        f"Von: {absender}\nGesendet: {WOCHENTAGE[ad.weekday()]}, {ad.day}. {MONATE[ad.month - 1]} {ad.year} {ad:%H:%M}\n"
                        f"An: {ctx['VN']} {ctx['NN']} <{ctx['von_adr']}>\nBetreff: {AGENTUR_BETREFFE[0]}\n\n" + einl)
            if mode not in ("subject", "subject+body") and (not betreff or rng.random() < 0.7):
                betreff = AGENTUR_BETREFFE[0]
            betreff = rng.choice(["Re: ", "AW: ", "RE: ", "Aw: "]) + betreff
            antwort_auf = f"<{rng.getrandbits(64):016x}.einladung@arbeitsagentur.example>"
            if mode == "quoted":
                ctx["knr_mode"] = mode = "quoted"
        elif w < 0.34:
            fd = ctx["datum"] - dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
            art = rng.random()
            if cls == "au_meldung" and art < 0.35:
                praxis = f"Praxis Dr. {rng.choice(NACHNAMEN)}"
                kopf = rng.choice(["", "Siehe unten.", "zur Info", "Anbei die AU, die mir die Praxis geschickt hat."])
                vonzeile = f"{praxis} <praxis@{ascii_local(praxis)}.example>"
            elif art < 0.7:
                kopf = rng.choice(["Ich hatte Ihnen das schon am {} geschickt, bisher keine Antwort!".format(f"{fd:%d.%m.}"),
                                   "nochmal", "Hallo, haben Sie meine Mail bekommen?", "",
                                   "Erneut, bitte um Rückmeldung."])
                vonzeile = f"{ctx['VN']} {ctx['NN']} <{ctx['von_adr']}>"
            else:
                kopf = rng.choice(["Von meiner Frau weitergeleitet, sie hat kein Internet.",
                                   "Ich leite Ihnen die Mail von meinem Mann weiter.", "FYI", ""])
                vonzeile = f"{ctx['VN']} {ctx['NN']} <{ascii_local(ctx['VN'])}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}>"
                ctx["von_adr"] = f"{ascii_local(rng.choice(VORNAMEN_M + VORNAMEN_W))}.{ascii_local(ctx['NN'])}@{rng.choice(DOMAINS)}"
            text = ((kopf + "\n\n" if kopf else "") + "---------- Weitergeleitete Nachricht ----------\n"
                    f"Von: {vonzeile}\nDatum: {WOCHENTAGE[fd.weekday()][:2]}., {fd.day}. {MONATE[fd.month - 1][:3]}. {fd.year} um {fd:%H:%M} Uhr\n"
                    f"Betreff: {betreff}\nAn: <{AGENTUR}>\n\n" + text)
            betreff = rng.choice(["WG: ", "Fwd: ", "FW: ", "Fw: "]) + betreff

    # --- Anhänge ------------------------------------------------------------
    vn_a, nn_a = ascii_local(ctx["VN"]).capitalize(), ascii_local(ctx["NN"]).capitalize()
    if cls == "au_meldung":
        if spezial in ("nur_anhang", "base64_anhang_kaputt") or rng.random() < 0.45:
            name = rng.choice(["AU-Bescheinigung.pdf", f"AU_Bescheinigung_{nn_a}.pdf", "Krankmeldung.pdf",
                               f"IMG_2020{ctx['heute']:%m%d}_{rng.randint(80000, 215959):06d}.jpg",
                               f"Scan_{ctx['heute']:%Y-%m-%d}.pdf", "AU.jpeg", "gelber_Schein.png",
                               "Arbeitsunfähigkeitsbescheinigung.pdf", "AU-Bescheinigung.jpg", "Folgebescheinigung.pdf",
                               "Krankschreibung.png", f"{nn_a}_AU.pdf"])
            anhaenge.append((name, None, spezial == "base64_anhang_kaputt"))
    elif cls == "sonstiges" and (spezial == "nur_anhang_sonst" or topic in ("unterlagen",) or
                                 (topic in ("stelle", "adresse", "beschwerde", "portal") and rng.random() < 0.3)):
        name = {"unterlagen": rng.choice(["Arbeitsbescheinigung.pdf", "Lebenslauf.pdf", "Kündigung.pdf", "Fragebogen.pdf"]),
                "stelle": rng.choice(["Bewerbungsnachweise.pdf", "Arbeitsvertrag.pdf"]),
                "adresse": "Meldebescheinigung.pdf", "beschwerde": "Schreiben.pdf",
                "portal": "Screenshot.png"}.get(topic, rng.choice(["Lebenslauf.pdf", "Arbeitsbescheinigung.pdf"]))
        if spezial == "nur_anhang_sonst":
            name = rng.choice(["Lebenslauf.pdf", "Arbeitsbescheinigung.pdf", "Bewerbungsnachweise.pdf"])
        anhaenge.append((name, None, False))
    elif cls == "terminabsage" and rng.random() < 0.07:
        anhaenge.append((rng.choice(["Einladung_Vorstellungsgespraech.pdf", "Einladung.jpg", "Bestätigung_Probearbeit.pdf"]), None, False))
    anhaenge = [(n, (mini_pdf(n.rsplit(".", 1)[0] + f" - {ctx['NN']}") if n.endswith(".pdf")
                     else mini_png(rng.randint(180, 250)) if n.endswith(".png") else mini_jpeg()), k)
                for n, _, k in anhaenge]

    if spezial == "grenze_fehlt":
        anhaenge = []
    if spezial in ("nur_anhang", "nur_anhang_sonst"):
        text = rng.choice(["", "", "", "\n", "Gesendet von meinem iPhone"])
        if spezial == "nur_anhang_sonst":
            betreff = rng.choice(["Unterlagen", "Lebenslauf", "", "Nachweis"])
            if mode != "none":
                betreff = (betreff + " " + knr_schreibweise(rng, ctx["knr"])).strip()
        elif mode == "none" and rng.random() < 0.5:
            betreff = rng.choice(["", "Scan", "IMG_" + str(rng.randint(1000, 9999))])
    if spezial == "leer_nur_betreff":
        text = rng.choice(["", "\n", "Gesendet von meinem iPhone"])
        betreff = rng.choice([f"Terminabsage {ctx['knr']}", f"Absage Termin {ctx['TS']} Kd.-Nr. {ctx['knr']}",
                              f"{ctx['knr']} kann morgen nicht kommen"])

    # --- Format wählen --------------------------------------------------------
    charset, cte = rng.choice([("utf-8", "8bit"), ("utf-8", "8bit"), ("UTF-8", "quoted-printable"),
                               ("utf-8", "quoted-printable"), ("utf-8", "base64"), ("iso-8859-1", "quoted-printable"),
                               ("iso-8859-1", "8bit"), ("windows-1252", "quoted-printable"), ("windows-1252", "8bit"),
                               ("iso-8859-15", "8bit")])
    form = rng.choices(["plain", "alternative", "html"], weights=[70, 20, 10])[0]
    flowed = '; format=flowed' if (form == "plain" and rng.random() < 0.15) else ""
    if spezial in ("utf8_latin1_qp", "utf8_latin1_8bit", "unbekannter_zeichensatz",
                   "unbekannter_zeichensatz_unknown8bit", "base64_text_kaputt", "latin1_deklariert_utf8_bytes"):
        form = "plain"
        if "ä" not in text and "ü" not in text and "ö" not in text:
            text = text + "\n\nMit freundlichen Grüßen aus dem schönen " + ctx["STADT"]

    teile: list[bytes] = []
    if spezial == "utf8_latin1_qp":
        raw = text.encode("latin-1", "replace")
        teile.append(b'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n' + quopri.encodestring(raw))
    elif spezial == "utf8_latin1_8bit":
        raw = text.encode("latin-1", "replace")
        teile.append(b'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' + raw + b"\n")
    elif spezial == "unbekannter_zeichensatz":
        raw = text.encode("cp1252", "replace")
        teile.append(b'Content-Type: text/plain; charset="x-winlatin-de"\nContent-Transfer-Encoding: 8bit\n\n' + raw + b"\n")
    elif spezial == "unbekannter_zeichensatz_unknown8bit":
        raw = text.encode("latin-1", "replace")
        teile.append(b'Content-Type: text/plain; charset=unknown-8bit\nContent-Transfer-Encoding: quoted-printable\n\n' + quopri.encodestring(raw))
    elif spezial == "base64_text_kaputt":
        b = base64.encodebytes(text.encode("utf-8"))
        zeilen = b.split(b"\n")
        zeilen.insert(len(zeilen) // 2, "Ã¼Ã¤?!".encode("utf-8"))
        b = b"\n".join(zeilen).rstrip(b"\n").rstrip(b"=")[:-3] + b"=\n"  # falsche Länge/Padding
        teile.append(b'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: base64\n\n' + b)
    elif spezial == "latin1_deklariert_utf8_bytes":
        teile.append(b'Content-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: 8bit\n\n' + text.encode("utf-8") + b"\n")
    elif form == "plain":
        teile.append(textteil(text, "plain", charset, cte, flowed))
    elif form == "html":
        teile.append(textteil(html_aus_text(rng, text), "html", "utf-8" if charset.lower() == "utf-8" else charset,
                              "quoted-printable" if cte == "8bit" and rng.random() < 0.6 else cte))
    else:
        g = grenze(rng)
        alt = [textteil(text, "plain", charset, cte), textteil(html_aus_text(rng, text), "html", charset,
                                                                  rng.choice(["quoted-printable", "base64", cte]))]
        teile.append(f'Content-Type: multipart/alternative;\n boundary="{g}"\n\n'.encode()
                     + b"".join(f"--{g}\n".encode() + t + b"\n" for t in alt) + f"--{g}--\n".encode())

    if anhaenge:
        g = grenze(rng)
        inner = []
        if text.strip() or rng.random() < 0.5:
            inner.append(teile[0])
        for n, data, kaputt in anhaenge:
            inner.append(anhang(n, data, kaputt))
        koerper_bytes = (b"This is a multi-part message in MIME format.\n\n" if rng.random() < 0.4 else b"") + \
            b"".join(f"--{g}\n".encode() + t + b"\n" for t in inner) + f"--{g}--\n".encode()
        ct = f'Content-Type: multipart/mixed;\n boundary="{g}"\n'.encode()
        mime = ct + b"\n" + koerper_bytes
    elif spezial == "grenze_fehlt":
        g = grenze(rng)
        alt = [textteil(text, "plain", "utf-8", "quoted-printable"), textteil(html_aus_text(rng, text), "html", "utf-8", "quoted-printable")]
        # schließende Grenze fehlt, zweite Grenze leicht falsch geschrieben
        mime = (f'Content-Type: multipart/alternative; boundary="{g}"\n\n'.encode()
                + f"--{g}\n".encode() + alt[0] + b"\n" + f"--{g}x\n".encode() + alt[1])
    else:
        mime = teile[0]

    # --- Kopfzeilen ------------------------------------------------------------
    hcs = "iso-8859-1" if charset.lower().startswith("iso") and rng.random() < 0.7 else "utf-8"
    anzeigename = f"{ctx['VN']} {ctx['NN']}".strip()
    if anzeigename and rng.random() < 0.15:
        anzeigename = anzeigename.upper() if rng.random() < 0.3 else f"{ctx['NN']}, {ctx['VN']}"
    roh8 = rng.random() < 0.04  # nicht kodierte 8-Bit-Kopfzeilen (RFC-widrig, kommt aber vor)
    if anzeigename and not roh8:
        try:
            anzeigename.encode(hcs)
        except UnicodeEncodeError:
            hcs = "utf-8"
        von = formataddr((anzeigename, ctx["von_adr"]), charset=hcs)
    elif anzeigename:
        von = f'"{anzeigename}" <{ctx["von_adr"]}>'
    else:
        von = ctx["von_adr"]
    an_name = rng.choice(["", "", "", "Agentur für Arbeit", "Service Center SGB III", "Arbeitsagentur Kundenservice"])
    an_adr = AGENTUR.upper() if rng.random() < 0.05 else AGENTUR
    if not an_name:
        an = rng.choice([an_adr, f"<{an_adr}>"])
    elif roh8:
        an = f'"{an_name}" <{an_adr}>'
    else:
        an = formataddr((an_name, an_adr), charset="utf-8")
    if spezial == "betreff_kaputt":
        subj_hdr = f"=?utf-8?Q?Absage_Termin_f=FCr_{ctx['TS']}?="  # Latin-1-Byte in UTF-8-Encoded-Word
        if mode in ("subject", "subject+body"):
            subj_hdr += f" Kd.-Nr. {ctx['knr']}"
    elif roh8:
        subj_hdr = betreff
    else:
        subj_hdr = header_wert(betreff, hcs)
    msgid = "<{:%Y%m%d%H%M%S}.{:x}.{:04d}@{}>".format(ctx["datum"], rng.getrandbits(40), nr, ctx["von_adr"].split("@")[1])
    kopf = [f"Return-Path: <{ctx['von_adr']}>",
            f"Received: from mx{rng.randint(1, 4)}.{ctx['von_adr'].split('@')[1]} (mx.{ctx['von_adr'].split('@')[1]} "
            f"[192.0.2.{rng.randint(1, 254)}])\n\tby mail.arbeitsagentur.example with ESMTPS id {rng.getrandbits(48):012x}\n"
            f"\tfor <{AGENTUR}>; {format_datetime(ctx['datum'] + dt.timedelta(seconds=rng.randint(1, 40)))}",
            f"From: {von}", f"To: {an}", f"Subject: {subj_hdr}", f"Date: {format_datetime(ctx['datum'])}",
            f"Message-ID: {msgid}"]
    if antwort_auf:
        kopf += [f"In-Reply-To: {antwort_auf}", f"References: {antwort_auf}"]
    mailer = rng.choice(MAILER)
    if mailer and topic not in ("spam",):
        kopf.append(("User-Agent: " if "Thunderbird" in mailer or "Roundcube" in mailer else "X-Mailer: ") + mailer)
    kopf += zusatz_header
    kopf.append("MIME-Version: 1.0")
    if rng.random() < 0.1:
        kopf.append("Content-Language: de-DE")
    if rng.random() < 0.04:
        kopf.append("X-Priority: 1 (Highest)")
    kopfbytes = "\n".join(kopf).encode("utf-8") + b"\n"
    nachricht = kopfbytes + mime
    nachricht = nachricht.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    label_knr = ctx["knr"] if mode != "none" else ""
    return nachricht, label_knr


def main() -> None:
    rng = random.Random(SEED)
    plan = plane(rng)
    MAILDIR.mkdir(parents=True, exist_ok=True)
    zeilen = []
    erwartet = set()
    for i, p in enumerate(plan, 1):
        data, knr = baue_mail(rng, i, p)
        name = f"{i:04d}.eml"
        erwartet.add(name)
        (MAILDIR / name).write_bytes(data)
        zeilen.append((name, p["cls"], knr, p.get("spezial", "")))
    for alt in MAILDIR.glob("*.eml"):
        if alt.name not in erwartet:
            alt.unlink()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["datei", "klasse", "kundennummer"])
    for name, cls, knr, _ in zeilen:
        w.writerow([name, cls, knr])
    (HIER / "labels.csv").write_text(buf.getvalue(), encoding="utf-8")
    sonder = [(n, s) for n, _, _, s in zeilen if s]
    print(f"{len(zeilen)} Mails geschrieben nach {MAILDIR}")
    for n, s in sonder:
        print(f"  Sonderfall {n}: {s}")


if __name__ == "__main__":
    main()
