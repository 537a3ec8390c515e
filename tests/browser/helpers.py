"""Shared steps of the browser journeys."""

from __future__ import annotations

from tests.conftest import PASSWORD


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"{base}/")


def log_out(page, base: str) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url(f"{base}/login")
