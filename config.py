"""Configuration. Environment variables are read here and nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number, not {value!r}")
    return int(value)


class Config:
    """Safe defaults for the embedded (SQLite) setup."""

    SECRET_KEY = os.environ.get("SPILNO_SECRET_KEY", "dev-only-not-secret")
    DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'spilno.db'}")
    REDIS_URL = os.environ.get("REDIS_URL", "")
    CONTENT_DIR = os.environ.get("SPILNO_CONTENT_DIR", str(ROOT))
    CONTENT_RECHECK_SECONDS = 1.0  # how often content files are looked at again for changes
    HROMADAS_CSV = os.environ.get(
        "SPILNO_HROMADAS_CSV", str(ROOT.parent / "shared" / "data" / "hromadas.csv")
    )
    BASE_URL = os.environ.get("SPILNO_BASE_URL", "http://127.0.0.1:5000")
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "spilno@localhost")

    # Forms and uploads: Flask's form limits do not cover urlencoded bodies.
    MAX_CONTENT_LENGTH = int(os.environ.get("SPILNO_MAX_CONTENT_LENGTH", str(4 * 1024 * 1024)))
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH

    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SPILNO_SECURE_COOKIES", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Login rate limits: failures counted in a sliding window.
    LOGIN_WINDOW_SECONDS = int(os.environ.get("SPILNO_LOGIN_WINDOW", "900"))
    LOGIN_MAX_PER_ACCOUNT = int(os.environ.get("SPILNO_LOGIN_MAX_PER_ACCOUNT", "5"))
    LOGIN_MAX_PER_ADDRESS = int(os.environ.get("SPILNO_LOGIN_MAX_PER_ADDRESS", "20"))

    # Wrong guesses of a session's check-in code or a cohort's join code, per account and
    # per address, in the same shared store as the login failures.
    GUESS_WINDOW_SECONDS = int(os.environ.get("SPILNO_GUESS_WINDOW", "900"))
    GUESS_MAX_PER_ACCOUNT = int(os.environ.get("SPILNO_GUESS_MAX_PER_ACCOUNT", "10"))
    GUESS_MAX_PER_ADDRESS = int(os.environ.get("SPILNO_GUESS_MAX_PER_ADDRESS", "50"))
    # Wrong tokens of public links (a report's comment link, a hromada's calendar feed) count
    # as guesses too, per address. Comments through one comment link: at most this many per
    # address and per link in the window (the link is shared widely; it must not carry spam).
    COMMENT_WINDOW_SECONDS = int(os.environ.get("SPILNO_COMMENT_WINDOW", "3600"))
    COMMENT_MAX_PER_ADDRESS = int(os.environ.get("SPILNO_COMMENT_MAX_PER_ADDRESS", "10"))
    COMMENT_MAX_PER_LINK = int(os.environ.get("SPILNO_COMMENT_MAX_PER_LINK", "200"))
    # How many reverse proxies stand in front of the app (X-Forwarded-For/-Proto/-Host are
    # trusted from that many hops; 0 trusts none, so a client cannot fake its address).
    TRUSTED_PROXIES = _int("SPILNO_TRUSTED_PROXIES", 0)
    # Session feedback: no group smaller than this is shown, nor derivable from what is shown.
    FEEDBACK_MIN_RESPONSES = _int("SPILNO_FEEDBACK_MIN_RESPONSES", 3)

    # Rows of one user CSV import: a longer file is refused (stated on the import page).
    USER_IMPORT_MAX_ROWS = _int("SPILNO_USER_IMPORT_MAX_ROWS", 500)

    INVITATION_DAYS = 7
    PASSWORD_RESET_MINUTES = 60  # an emailed reset link works this long, once
    QUIZ_PASS_MARK = int(os.environ.get("SPILNO_QUIZ_PASS_MARK", "60"))  # percent
    # The quiz policy (app/quizzes/policy.py): attempts until passed (0: no limit), minutes
    # to wait after an attempt that fails, questions and options in a new order each time.
    QUIZ_MAX_ATTEMPTS = _int("SPILNO_QUIZ_MAX_ATTEMPTS", 3)
    QUIZ_COOL_DOWN_MINUTES = _int("SPILNO_QUIZ_COOL_DOWN_MINUTES", 10)
    QUIZ_SHUFFLE = True
    # Only certified trainers (or admins) may lead a municipal (non-ToT) cohort.
    REQUIRE_CERTIFIED_LEADS = _flag("SPILNO_REQUIRE_CERTIFIED_LEADS", True)
    BABEL_DEFAULT_LOCALE = "uk"
    LANGUAGES = ("uk", "en")
    BABEL_DEFAULT_TIMEZONE = "Europe/Kyiv"
    DEFAULT_TIMEZONE = "Europe/Kyiv"
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"
    TESTING = False


class ProductionConfig(Config):
    # On by default; SPILNO_SECURE_COOKIES=0 turns it off (only for a plain-HTTP trial).
    SESSION_COOKIE_SECURE = _flag("SPILNO_SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    CONTENT_DIR = str(ROOT)


CONFIGS = {"development": Config, "production": ProductionConfig, "test": TestConfig}


def config_class() -> type[Config]:
    """The config chosen by SPILNO_CONFIG (development, production or test)."""
    name = os.environ.get("SPILNO_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"SPILNO_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}")
    cls = CONFIGS[name]
    if cls is ProductionConfig and cls.SECRET_KEY == "dev-only-not-secret":
        raise RuntimeError("SPILNO_SECRET_KEY must be set in production")
    return cls
