"""Die Fixtures der E-Mail-Tests (tests/email/conftest.py) auch hier: Beschäftigte, SMTP-Server, Celery ohne Broker."""

from tests.email.conftest import anna, bernd, eager, smtp_backend, smtp_port, smtp_server  # noqa: F401
