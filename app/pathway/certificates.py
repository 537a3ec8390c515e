"""The trainer certificate and the cohort report as PDF (pure: values or HTML in, bytes out).

The certificate has the look of the orientation certificates (their stylesheet is reused);
the trainer wording lives here because app.orientation's certificate text knows only its own
kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from app.i18n import N_, Localised
from app.orientation.certificates import CSS

TEXT = Localised(
    {
        "title": N_("Certificate"),
        "what": N_("is certified as a trainer of the OGP Local Training-of-Trainers course "
                   "and may lead its delivery to hromadas"),
        "issued": N_("Issued"),
        "verify": N_("Verify this certificate at"),
        "code": N_("Verification code"),
        "org": N_("Association of Ukrainian Cities"),
    }
)


@dataclass(frozen=True)
class TrainerCertificateView:
    holder: str
    programme: str     # the ToT plan's title
    issued: datetime
    code: str
    verify_url: str


def certificate_html(view: TrainerCertificateView, lang: str = "en") -> str:
    lang = "uk" if lang == "uk" else "en"
    text = TEXT[lang]
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(text['title'])} {escape(view.code)}</title><style>{CSS}</style></head><body>"
        f'<div class="frame"><p class="org">{escape(text["org"])}</p>'
        f"<h1>{escape(text['title'])}</h1>"
        f'<p class="name">{escape(view.holder)}</p>'
        f'<p class="what">{escape(text["what"])}</p>'
        f'<p class="subject">{escape(view.programme)}</p>'
        f'<p class="meta">{escape(text["issued"])}: {view.issued:%d.%m.%Y} · '
        f'{escape(text["code"])}: <strong>{escape(view.code)}</strong><br>'
        f'{escape(text["verify"])} {escape(view.verify_url)}</p></div></body></html>')


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with nothing fetched from outside (DejaVu Sans is a local font)."""
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"external resources are not loaded: {url}")

    return HTML(string=html, url_fetcher=no_fetch).write_pdf()


def certificate_pdf(view: TrainerCertificateView, lang: str = "en") -> bytes:
    return html_to_pdf(certificate_html(view, lang))
