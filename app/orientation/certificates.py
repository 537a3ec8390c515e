"""Certificates as PDF (pure: values in, bytes out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

TEXT = {
    "en": {"title": "Certificate", "module": "has completed the module", "programme":
           "has completed the OGP Local Training-of-Trainers programme", "municipality":
           "has completed the course that prepares for OGP Local orientation and co-creation", "issued": "Issued",
           "verify": "Verify this certificate at", "code": "Verification code",
           "org": "Association of Ukrainian Cities"},
    # the wording fits every holder (no "завершив(-ла)"): "за успішне завершення ..."
    "uk": {"title": "Сертифікат", "module": "за успішне завершення модуля", "programme":
           "за успішне завершення програми навчання тренерів OGP Local", "municipality":
           "за проходження курсу, що готує до орієнтації OGP Local і спільного творення",
           "issued": "Видано", "verify": "Перевірити сертифікат можна на", "code": "Код перевірки",
           "org": "Асоціація міст України"},
}

CSS = """
@page { size: A4 landscape; margin: 0; }
body { margin: 0; font-family: "DejaVu Sans", sans-serif; color: #1b1f24; }
.frame { position: absolute; inset: 12mm; border: 3mm solid #0057b7; outline: 1.2mm solid #ffd700;
  outline-offset: -6mm; padding: 22mm 26mm; text-align: center; }
.org { font-size: 14pt; color: #0057b7; letter-spacing: .08em; text-transform: uppercase; }
h1 { font-size: 40pt; margin: 10mm 0 6mm; color: #003f87; }
.name { font-size: 26pt; font-weight: bold; margin: 6mm 0; }
.what { font-size: 15pt; } .subject { font-size: 19pt; font-weight: bold; margin: 5mm 0 10mm; }
.meta { font-size: 10.5pt; color: #57606a; position: absolute; bottom: 18mm; left: 26mm; right: 26mm; }
"""


@dataclass(frozen=True)
class CertificateView:
    kind: str          # module | programme | municipality
    holder: str        # a person's or a hromada's name
    subject: str       # the module's title, the programme's title, or the hromada's oblast
    issued: datetime
    code: str
    verify_url: str


def certificate_html(view: CertificateView, lang: str = "en") -> str:
    text = TEXT["uk" if lang == "uk" else "en"]
    return (
        f'<!doctype html><html lang="{"uk" if lang == "uk" else "en"}"><head><meta charset="utf-8">'
        f"<title>{escape(text['title'])} {escape(view.code)}</title><style>{CSS}</style></head><body>"
        f'<div class="frame"><p class="org">{escape(text["org"])}</p>'
        f"<h1>{escape(text['title'])}</h1>"
        f'<p class="name">{escape(view.holder)}</p>'
        f'<p class="what">{escape(text[view.kind])}</p>'
        f'<p class="subject">{escape(view.subject)}</p>'
        f'<p class="meta">{escape(text["issued"])}: {view.issued:%d.%m.%Y} · '
        f'{escape(text["code"])}: <strong>{escape(view.code)}</strong><br>'
        f'{escape(text["verify"])} {escape(view.verify_url)}</p></div></body></html>')


def certificate_pdf(view: CertificateView, lang: str = "en") -> bytes:
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"external resources are not loaded: {url}")

    return HTML(string=certificate_html(view, lang), url_fetcher=no_fetch).write_pdf()
