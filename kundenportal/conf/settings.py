"""Einstellungen. Eingebettet: SQLite unter var/. Skalierung: DATABASE_URL=postgresql://..."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KUNDENPORTAL_VAR", BASE_DIR / "var"))
CONTENT_DIR = Path(os.environ.get("KUNDENPORTAL_CONTENT", BASE_DIR / "content"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "nur-fuer-entwicklung-und-demo-nicht-produktiv")
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", *filter(None, os.environ.get("ALLOWED_HOSTS", "").split(","))]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
]


def _datenbank(url: str | None) -> dict[str, object]:
    if not url:
        name = os.environ.get("KUNDENPORTAL_SQLITE") or VAR_DIR / "kundenportal.sqlite3"
        # WAL + BEGIN IMMEDIATE: gleichzeitige Schreiber warten (timeout) statt "database is locked".
        # Tests laufen auf einer Datei (je Prozess), nicht im Speicher: Threads brauchen echte Sperren.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name,
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"},
                "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"kundenportal-test-{os.getpid()}.sqlite3")}}
    teile = urlparse(url)
    if teile.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL: nur postgresql:// wird unterstützt, nicht {teile.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": teile.path.lstrip("/") or "kundenportal",
        "USER": unquote(teile.username or "postgres"),
        "PASSWORD": unquote(teile.password or ""),
        "HOST": teile.hostname or "127.0.0.1",
        "PORT": str(teile.port or 5432),
    }


DATABASES = {"default": _datenbank(os.environ.get("DATABASE_URL"))}
# Schlanker Schritt: Verbindungen bleiben offen (keine neue je Anfrage); der Benutzer kommt mit seinen
# Rollen in einer Abfrage (konten/anmeldung.py; ModelBackend nur für ältere Sitzungen).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("KUNDENPORTAL_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
AUTHENTICATION_BACKENDS = ["kundenportal.konten.anmeldung.Anmeldung", "django.contrib.auth.backends.ModelBackend"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
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
# Störungsmodus für Schulung und Tests: diese Systeme antworten nicht (z. B. "atv,kiwi").
FACHVERFAHREN_STOERUNG = [s.strip() for s in os.environ.get("KUNDENPORTAL_STOERUNG", "").split(",") if s.strip()]
# Rechte des Kundenportals in Colibri (domain.md A6): nur "kleines anordnen".
COLIBRI_RECHTE = ["kleines_anordnen"]
# Systemdatum für Schulung und Demo (JJJJ-MM-TT); leer = heute.
KUNDENPORTAL_STICHTAG = os.environ.get("KUNDENPORTAL_STICHTAG", "")
# Woher der Prozess seinen Katalog liest (kundenportal.verdrahtung): leer = content/; die veröffentlichten
# Fassungen der Datenbank: "kundenportal.redaktion.quelle.DatenbankKatalog".
KUNDENPORTAL_KATALOG_QUELLE = os.environ.get("KUNDENPORTAL_KATALOG_QUELLE", "")

# E-Mail-Bearbeitung: Antworten gehen über Djangos E-Mail-Backend an das SMTP-Relay (TLS, Anmeldung).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"          # STARTTLS (Port 587)
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"          # TLS von Beginn an (Port 465)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
EMB_ABSENDER = os.environ.get("EMB_ABSENDER", "service-center@arbeitsagentur.example")
# Das Kundenpostfach, aus dem eingelesen wird (emb.imap.ImapZugang); ohne EMB_IMAP_HOST kein Abholen.
EMB_IMAP: dict[str, object] = {
    "host": os.environ["EMB_IMAP_HOST"],
    "port": int(os.environ.get("EMB_IMAP_PORT", "993")),
    "benutzer": os.environ.get("EMB_IMAP_BENUTZER", ""),
    "passwort": os.environ.get("EMB_IMAP_PASSWORT", ""),
    "postfach": os.environ.get("EMB_IMAP_POSTFACH", "INBOX"),
    "ssl": os.environ.get("EMB_IMAP_SSL", "1") == "1",
} if os.environ.get("EMB_IMAP_HOST") else {}

# Keine Kundennummern in Server-Protokollen: die Logger mit Pfaden maskieren sie (conf/protokollfilter.py).
# django.server wird dafür neu beschrieben (sonst wie in Djangos DEFAULT_LOGGING).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"kundennummern": {"()": "kundenportal.conf.protokollfilter.KundennummernMaskieren"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter",
                                     "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler"},
                 "django.server": {"level": "INFO", "class": "logging.StreamHandler", "formatter": "django.server"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"filters": ["kundennummern"]},
        "django.security": {"filters": ["kundennummern"]},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False,
                          "filters": ["kundennummern"]},
    },
}
