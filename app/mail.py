"""Sending email: SMTP when SMTP_HOST is configured, otherwise the message is logged and
the person who triggered it is shown the link to pass on."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send(to: str, subject: str, body: str,
         attachments: list[tuple[str, str, bytes]] | None = None) -> bool:
    """True when the message went out over SMTP. `attachments`: (file name, MIME type, bytes)."""
    host = current_app.config["SMTP_HOST"]
    if not host:
        current_app.logger.info("email to %s not sent (no SMTP_HOST): %s", to, subject)
        return False
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for filename, mimetype, data in attachments or []:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    try:
        with smtplib.SMTP(host, current_app.config["SMTP_PORT"], timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("email to %s failed", to)
        return False
    return True


def send_invitation(to: str, name: str, url: str, locale: str = "uk") -> bool:
    if locale == "uk":
        subject = "Запрошення до «Спільно»"
        body = (f"Вітаємо, {name}!\n\nВас запрошено до «Спільно», навчальної платформи OGP Local "
                f"Асоціації міст України. Щоб встановити пароль, відкрийте посилання (діє 7 днів):\n\n"
                f"{url}\n")
    else:
        subject = "Your invitation to Spilno"
        body = (f"Hello {name},\n\nYou are invited to Spilno, the OGP Local training platform of "
                f"the Association of Ukrainian Cities. Open this link to set your password "
                f"(valid for 7 days):\n\n{url}\n")
    return send(to, subject, body)
