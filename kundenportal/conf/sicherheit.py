"""Sicherheit im Betrieb: HTTPS hinter dem Proxy, Cookies, HSTS, CSP, Sitzungsdauer, Anmeldung
(Passwortregeln, Drosselung mit django-axes, optional OpenID Connect). Im Betrieb (DJANGO_DEBUG und
KUNDENPORTAL_ENTWICKLUNG aus) besteht `manage.py check --deploy --fail-level WARNING` allein mit den
Pflichtvariablen; jede Variable steht in docs/betrieb.md."""

from __future__ import annotations

import datetime as dt

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from .umgebung import entwicklung, env

_BETRIEB = not entwicklung()

# HTTPS endet am Proxy/Load-Balancer; er setzt X-Forwarded-Proto. Die Prüfpfade des Load-Balancers
# (/healthz, /readyz) und /metrics (Prometheus, mit Token) bleiben auch über HTTP erreichbar.
SECURE_PROXY_SSL_HEADER = (("HTTP_X_FORWARDED_PROTO", "https")
                           if env.bool("KUNDENPORTAL_PROXY_SSL_HEADER", default=_BETRIEB) else None)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_BETRIEB)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if _BETRIEB else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _BETRIEB
SESSION_COOKIE_HTTPONLY = True
# Sitzung mit dem Benutzer als Spalte: Sitzung, Benutzer und Rollen in einer Abfrage (konten/sitzungsspeicher.py).
SESSION_ENGINE = "kundenportal.konten.sitzungsspeicher"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): nur eigene Quellen; Inline-Skripte nur mit Nonce
# (`nonce="{{ request.csp_nonce }}"`), Inline-Stile erlaubt (keine Skriptausführung möglich).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *env.list("KUNDENPORTAL_OIDC_FORM_ACTION", default=[])],
        "frame-ancestors": [NONE],
    },
}

# Sitzung: absolute Höchstdauer und Leerlauf (konten.sitzung.SitzungsDauer prüft beides je Anfrage).
SESSION_COOKIE_AGE = env.int("KUNDENPORTAL_SITZUNG_STUNDEN", default=10) * 3600
KUNDENPORTAL_LEERLAUF_MINUTEN = env.int("KUNDENPORTAL_LEERLAUF_MINUTEN", default=30)
KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE = env.int("KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE", default=15)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("KUNDENPORTAL_PASSWORT_MINDESTLAENGE", default=12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Drosselung der Anmeldung (django-axes, konten/drosselung.py): Beschäftigte je Konto (5) und je Client-Adresse
# über alle Konten (50: hinter dem Proxy/NAT einer Agentur teilen sich alle eine Adresse); Kunden je Adresse (20),
# ihr Konto sperrt der eService selbst.
KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE = env.int("KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE", default=5)
KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE = env.int("KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE", default=50)
KUNDENPORTAL_KUNDE_FEHLVERSUCHE_JE_ADRESSE = env.int("KUNDENPORTAL_KUNDE_FEHLVERSUCHE_JE_ADRESSE", default=20)
AXES_HANDLER = "kundenportal.konten.drosselung.Drosselung"      # axes' Datenbank-Handler + Grenze je Adresse
AXES_FAILURE_LIMIT = "kundenportal.konten.drosselung.fehlversuche_grenze"
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("KUNDENPORTAL_ANMELDUNG_SPERRE_MINUTEN", default=15))
AXES_LOCKOUT_PARAMETERS = "kundenportal.konten.drosselung.sperrmerkmale"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "konten/gesperrt.html"
AXES_VERBOSE = True
AXES_SENSITIVE_PARAMETERS = ["password", "passwort", "kundennummer"]
AXES_CLIENT_IP_CALLABLE = "kundenportal.konten.drosselung.client_adresse"
# Wie viele eigene Proxys vor der App stehen (X-Forwarded-For von rechts gezählt); 0 = REMOTE_ADDR.
KUNDENPORTAL_PROXY_ANZAHL = env.int("KUNDENPORTAL_PROXY_ANZAHL", default=1 if _BETRIEB else 0)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kundenportal.konten.anmeldung.Anmeldung",          # Benutzer mit Rollen in einer Abfrage
    "django.contrib.auth.backends.ModelBackend",         # ältere Sitzungen
]

# Optional: Anmeldung über den Identitätsanbieter der Agentur (OpenID Connect, mozilla-django-oidc).
KUNDENPORTAL_OIDC = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
if KUNDENPORTAL_OIDC:
    AUTHENTICATION_BACKENDS.append("kundenportal.konten.oidc.RollenAusAnspruechen")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    OIDC_ROLLEN_ANSPRUCH = env.str("OIDC_ROLLEN_ANSPRUCH", default="roles")
    OIDC_CREATE_USER = env.bool("OIDC_CREATE_USER", default=True)
