"""Einstellungen aus der Umgebung (conf/umgebung.py; jede Variable in docs/betrieb.md). Eingebettet:
SQLite unter var/. Skalierung: DATABASE_URL=postgresql://... und N App-Knoten."""

from __future__ import annotations

from pathlib import Path

from .protokoll import protokoll_aus_umgebung
from .umgebung import (
    alte_schluessel,
    anwendungsname,
    datenbank,
    entwicklung,
    env,
    geheimer_schluessel,
    metriken_token,
    stichtag,
    stoerung,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("KUNDENPORTAL_VAR", default=str(BASE_DIR / "var")))
CONTENT_DIR = Path(env.str("KUNDENPORTAL_CONTENT", default=str(BASE_DIR / "content")))

# Betrieb ist der Standard. Entwicklung/Demo/Tests (http://127.0.0.1, öffentlicher Schlüssel, keine
# HTTPS-Pflicht) nur ausdrücklich: DJANGO_DEBUG=1 oder KUNDENPORTAL_ENTWICKLUNG=1 (make run, pytest).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ENTWICKLUNG = entwicklung()
SECRET_KEY = geheimer_schluessel(ENTWICKLUNG)
# Schlüsselwechsel: die alten Schlüssel prüfen noch (Sitzungen, Signaturen), signiert wird mit dem neuen.
SECRET_KEY_FALLBACKS = alte_schluessel()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS",
                         default=["127.0.0.1", "localhost", "testserver"] if ENTWICKLUNG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "kundenportal.betrieb.fehlerseiten.csrf_abgelehnt"   # deutsch, in der Hülle

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",             # Drosselung der Anmeldung (conf/sicherheit.py)
    "ninja",            # nur für die Swagger-Dateien der API-Doku (lokal, kein CDN)
    "kundenportal.fachverfahren.referenz",
    "kundenportal.katalog",
    "kundenportal.termine",
    "kundenportal.eservice",
    "kundenportal.emb.apps.EmbConfig",
    "kundenportal.konten",
    "kundenportal.gespraech",
    "kundenportal.qs",
    "kundenportal.fuehrung",
    "kundenportal.redaktion",
    "kundenportal.betrieb",
    "kundenportal.einrichtung",  # manage.py einrichten: über allen Apps
]

MIDDLEWARE = [
    "kundenportal.betrieb.anfrage.AnfrageKennung",          # X-Request-ID, JSON-Zugriffszeile
    "kundenportal.betrieb.views.Pruefpfade",               # /healthz, /readyz, /metrics vor Host-Prüfung und HTTPS
    "kundenportal.api.fehler.ApiHuelle",                    # /api/: Größe, multipart, NUL; Fehler immer JSON
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",          # statische Dateien: gehasht, lange zwischengespeichert
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kundenportal.konten.sitzung.SitzungsDauer",          # Leerlauf und Höchstdauer der Sitzung
    "kundenportal.betrieb.methode.MethodeNichtErlaubt",   # GET auf eine Formularadresse: Seite 405 statt leer
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kundenportal.betrieb.inhaltsrichtlinie.InhaltsRichtlinie",  # django-csp, Kopfzeile ohne Nonce einmal gebaut
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",                      # gesperrte Anmeldung → 429
]

ROOT_URLCONF = "kundenportal.urls"
WSGI_APPLICATION = "kundenportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kundenportal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {   # nur der Gesprächsbereich (die Antwort jedes Schritts): kundenportal/gespraech/vorlagen.py
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "kundenportal.gespraech.vorlagen.umgebung",
                    "context_processors": ["kundenportal.gespraech.vorlagen.csrf_einmal"]},
    },
]


DATABASES = {"default": datenbank(env.str("DATABASE_URL", default=""), VAR_DIR)}
# Schlanker Schritt: keine neue Verbindung je Anfrage. PostgreSQL: ein Pool je Prozess (psycopg-pool, Djangos
# OPTIONS "pool"; Django verlangt dann CONN_MAX_AGE 0); ohne Pool (DATABASE_POOL=0, etwa hinter PgBouncer)
# und auf SQLite bleiben Verbindungen CONN_MAX_AGE Sekunden offen. Sitzung, Benutzer und Rollen kommen in
# einer Abfrage (konten/sitzungsspeicher.py).
DATABASE_POOL = env.bool("DATABASE_POOL", default=True)      # immer gelesen: ein falscher Wert ist ein Startfehler
if DATABASES["default"]["ENGINE"].endswith("postgresql") and DATABASE_POOL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2), "max_size": env.int("DATABASE_POOL_MAX", default=20),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0)}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _optionen = DATABASES["default"].setdefault("OPTIONS", {})
    # Schnell scheitern statt hängen, wenn der Server nicht antwortet (?connect_timeout= in der URL gewinnt).
    _optionen.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
    # pg_stat_activity zeigt Prozessart und Knoten (?application_name= in der URL gewinnt).
    _optionen.setdefault("application_name", anwendungsname())
# So lange wartet eine Web-Anfrage höchstens auf eine Verbindung aus dem Pool (verdrahtung/server.py setzt es für
# wsgi und asgi): ist die Datenbank weg, antwortet die Seite nach wenigen Sekunden mit 503 (betrieb/datenbankausfall.py), statt die
# Arbeiter zu blockieren. Befehle und Celery warten DATABASE_POOL_TIMEOUT.
KUNDENPORTAL_DB_WARTEN_ANFRAGE = env.float("DATABASE_POOL_TIMEOUT_ANFRAGE", default=3.0)
# Vorbereitete Abfragen (kundenportal/vorbereitet.py: Schritt, Protokoll, Referenz-Fachverfahren) auf dem
# PostgreSQL-Server vorbereitet statt je Aufruf geplant; an mit dem Pool im Prozess, aus ohne (PgBouncer
# vor 1.21 kennt keine vorbereiteten Anweisungen im Transaktionsmodus). Djangos übrige Abfragen bleiben wie sie sind.
KUNDENPORTAL_VORBEREITET_SERVER = env.bool("DATABASE_VORBEREITET", default="pool" in DATABASES["default"].get("OPTIONS", {}))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "de"
# Eine Sprache, darum ohne LocaleMiddleware. Texte, die Djangos deutscher Übersetzung (noch) fehlen, und eigene
# Schreibweisen stehen in konten/locale (gehen allen anderen Übersetzungen vor).
LOCALE_PATHS = [BASE_DIR / "kundenportal" / "konten" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Entwicklung ohne collectstatic: kein STATIC_ROOT (WhiteNoise liest die Quellen über die Finder).
STATIC_ROOT = (Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
               if not ENTWICKLUNG or env.str("DJANGO_STATIC_ROOT", default="") else None)
# Betrieb: `manage.py collectstatic` legt gehashte Namen an (portal.3f2a….css), WhiteNoise liefert sie
# komprimiert mit einem Jahr Cache-Control; Entwicklung liefert direkt aus den Quellen (Finder).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if ENTWICKLUNG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = ENTWICKLUNG
WHITENOISE_MAX_AGE = 31536000 if not ENTWICKLUNG else 0
# Gemeinsame statische Dateien der App-Hülle: KERN UX (vendored, werkzeuge/kern.sh) und portal/.
STATICFILES_DIRS = [BASE_DIR / "kundenportal" / "static"]

LOGIN_URL = "/anmelden/"
LOGIN_REDIRECT_URL = "/"

# Adapter je Fachverfahren (wie EMAIL_BACKEND): ein echter Adapter ersetzt die Referenz hier.
FACHVERFAHREN = {
    name: f"kundenportal.fachverfahren.referenz.adapter.{klasse}"
    for name, klasse in {
        "verbis": "VerbisReferenz", "atv": "AtvReferenz", "colibri": "ColibriReferenz",
        "step": "StepReferenz", "kiwi": "KiwiReferenz", "aufgaben": "AufgabenReferenz",
        "versand": "VersandReferenz", "telefonie": "TelefonieReferenz",
    }.items()
}
# Woher das Referenz-ATV seine Standorte nimmt (Funktion ohne Argumente): content/standorte.yaml.
ATV_STANDORTE = "kundenportal.verdrahtung.standorte.standorte_des_inhalts"
# Störungsmodus für Schulung und Tests: diese Systeme antworten nicht (z. B. "atv,kiwi").
FACHVERFAHREN_STOERUNG = stoerung(env.list("KUNDENPORTAL_STOERUNG", default=[]), FACHVERFAHREN)
# Rechte des Kundenportals in Colibri (domain.md A6): nur "kleines anordnen".
COLIBRI_RECHTE = ["kleines_anordnen"]
# Systemdatum für Schulung und Demo (JJJJ-MM-TT); leer = heute.
KUNDENPORTAL_STICHTAG = stichtag(env.str("KUNDENPORTAL_STICHTAG", default=""))
# Woher der Prozess seinen Katalog liest (kundenportal.verdrahtung): leer = content/; die veröffentlichten
# Fassungen der Datenbank: "kundenportal.redaktion.quelle.DatenbankKatalog".
KUNDENPORTAL_KATALOG_QUELLE = env.str("KUNDENPORTAL_KATALOG_QUELLE", default="")
# Geprüfte Leitfaden-Modelle nach Inhalts-Hash (leitfaden/laden.py): derselbe Inhalt wird beim nächsten Start
# ohne YAML und Schema übernommen. Leer: ohne Cache.
KUNDENPORTAL_KATALOG_CACHE = env.str("KUNDENPORTAL_KATALOG_CACHE", default=str(VAR_DIR / "katalog-cache"))
# Beim Start jedes Server-Prozesses (verdrahtung/server.py aus wsgi.py und asgi.py) Katalog und Gesprächsvorlagen laden, nicht in der ersten Anfrage.
# Tests und Kommandozeile laden wsgi.py und asgi.py nicht und bleiben davon unberührt.
KUNDENPORTAL_VORWAERMEN = env.bool("KUNDENPORTAL_VORWAERMEN", default=True)

# E-Mail-Bearbeitung: Antworten gehen über Djangos E-Mail-Backend an das SMTP-Relay (TLS, Anmeldung).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)          # STARTTLS (Port 587)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)          # TLS von Beginn an (Port 465)
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
EMB_ABSENDER = env.str("EMB_ABSENDER", default="service-center@arbeitsagentur.example")
# Der Name vor der Adresse im Kopf „From“ der Antworten (Rundgang: nur die nackte Adresse stand da).
EMB_ABSENDER_NAME = env.str("EMB_ABSENDER_NAME", default="Agentur für Arbeit – Service Center")
# Höchstens so lange darf der Zerleger an einer Mail arbeiten (tief verschachtelt, riesig); danach kommt
# sie mit Grund in die Quarantäne (emb.zeitgrenze). 0 = ohne Grenze.
EMB_ZERLEGEN_SEKUNDEN = env.float("EMB_ZERLEGEN_SEKUNDEN", default=10.0)
# Das Kundenpostfach, aus dem eingelesen wird (emb.imap.ImapZugang); ohne EMB_IMAP_HOST kein Abholen.
_EMB_IMAP_SSL = env.bool("EMB_IMAP_SSL", default=True)
EMB_IMAP: dict[str, object] = {
    "host": env.str("EMB_IMAP_HOST"),
    "port": env.int("EMB_IMAP_PORT", default=993),
    "benutzer": env.str("EMB_IMAP_BENUTZER", default=""),
    "passwort": env.str("EMB_IMAP_PASSWORT", default=""),
    "postfach": env.str("EMB_IMAP_POSTFACH", default="INBOX"),
    "ssl": _EMB_IMAP_SSL,
} if env.str("EMB_IMAP_HOST", default="") else {}
# Größte Anfrage an die API (Bytes); größere: 413 mit {code, meldung}.
KUNDENPORTAL_API_MAX_BYTES = env.int("KUNDENPORTAL_API_MAX_BYTES", default=1_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(KUNDENPORTAL_API_MAX_BYTES, 2_621_440)
# /metrics (Prometheus, betrieb/metriken.py) nur mit diesem Token (`Authorization: Bearer …`); leer = aus (404).
KUNDENPORTAL_METRIKEN_TOKEN = metriken_token(env.str("KUNDENPORTAL_METRIKEN_TOKEN", default=""))

# Löschfristen in Tagen (betrieb.loeschfristen; täglich durch beat, von Hand `manage.py loeschfristen`).
LOESCHFRISTEN = {
    "kontakte": env.int("KUNDENPORTAL_FRIST_KONTAKTE_TAGE", default=730),
    "mails": env.int("KUNDENPORTAL_FRIST_MAILS_TAGE", default=180),
    "protokoll": env.int("KUNDENPORTAL_FRIST_PROTOKOLL_TAGE", default=730),
    "qs": env.int("KUNDENPORTAL_FRIST_QS_TAGE", default=365),
    "anmeldeversuche": env.int("KUNDENPORTAL_FRIST_ANMELDEVERSUCHE_TAGE", default=30),
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
# `memory://` (make run) heißt: kein Broker, kein Worker — keinen anderen Prozess erreicht diese Warteschlange. Die
# Aufgaben laufen dann in dem Prozess, der sie anstößt: eine freigegebene Antwort geht nach dem Commit in derselben
# Anfrage hinaus (emb/ausgang.py), statt für immer auf einen Worker zu warten.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL.startswith("memory://")

from .sicherheit import *  # noqa: E402, F403  (HTTPS, Sitzung, Anmeldung, CSP — Betrieb gegen Entwicklung)

# JSON-Protokoll mit Anfragekennung, ohne Kundennummern (conf/protokoll.py); Text in der Entwicklung.
LOGGING = protokoll_aus_umgebung(ENTWICKLUNG)

# --- eService der Kunden (/kunde/): Kontaktangaben der Seiten „Hilfe und Kontakt“, „Datenschutz“, „Barrierefreiheit“
# und „Impressum“ (eservice/views/info.py). Die Telefonnummern stehen in domain.md (A1: technische Hotline der
# eServices, 2.3: Service Center SGB III, Mo–Fr 8–18 Uhr); was dort nicht steht, ist ein neutraler Platzhalter in
# eckigen Klammern und muss im Betrieb eingetragen werden.
KUNDENPORTAL_ESERVICE_TELEFON_SERVICE = env.str("KUNDENPORTAL_ESERVICE_TELEFON_SERVICE", default="0800 4 5555 00")
KUNDENPORTAL_ESERVICE_ZEITEN_SERVICE = env.str("KUNDENPORTAL_ESERVICE_ZEITEN_SERVICE",
                                               default="Montag bis Freitag, 8 bis 18 Uhr")
KUNDENPORTAL_ESERVICE_TELEFON_TECHNIK = env.str("KUNDENPORTAL_ESERVICE_TELEFON_TECHNIK", default="0800 4 5555 01")
KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT = env.str("KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT", multiline=True, default=(
    "[Anschrift und E-Mail-Adresse der oder des Datenschutzbeauftragten – im Betrieb einzutragen]"))
KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT = env.str("KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT", multiline=True, default=(
    "[E-Mail-Adresse für Meldungen zur Barrierefreiheit – im Betrieb einzutragen]"))
KUNDENPORTAL_ESERVICE_IMPRESSUM = env.str("KUNDENPORTAL_ESERVICE_IMPRESSUM", multiline=True, default=(
    "Bundesagentur für Arbeit\n[Anschrift, vertretungsberechtigte Person und Kontakt – im Betrieb einzutragen]"))
