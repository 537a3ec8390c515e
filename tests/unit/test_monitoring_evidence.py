"""Tracker vocabulary and upload checks (pure)."""

from datetime import date

import pytest

from app.monitoring.evidence import (
    COMPLETION_KEYS,
    EVIDENCE_TYPES,
    MAX_UPLOAD_BYTES,
    check_link,
    check_upload,
    content_disposition,
    is_progress,
    label_of,
    meetings_per_year,
    sanitise_name,
)

PDF = b"%PDF-1.4\n%..."


def test_irm_scale_and_progress():
    assert COMPLETION_KEYS == ("not_started", "limited", "substantial", "complete", "no_evidence")
    assert is_progress(None, "limited")
    assert is_progress("limited", "substantial")
    assert not is_progress("substantial", "substantial")
    assert not is_progress("substantial", "limited")
    assert not is_progress(None, "not_started")
    assert not is_progress("limited", "no_evidence")
    assert is_progress("complete", "complete")


def test_every_annex_5_type_has_both_languages():
    assert len(EVIDENCE_TYPES) >= 10
    for label in EVIDENCE_TYPES:
        assert label.en and label.uk and label.en != label.uk
    assert label_of(EVIDENCE_TYPES, "legal_act", "uk").startswith("Проєкт")
    assert label_of(EVIDENCE_TYPES, "unknown", "uk") == "unknown"


@pytest.mark.parametrize("raw, safe", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("Протокол засідання №3.pdf", "Протокол засідання_3.pdf"),
    (".htaccess", "htaccess"),
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ("", "evidence"),
    ("/", "evidence"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_names_are_sanitised(raw, safe):
    assert sanitise_name(raw) == safe


def test_upload_type_size_and_content():
    assert check_upload("звіт.pdf", PDF).ok
    assert check_upload("звіт.pdf", PDF).mimetype == "application/pdf"
    assert check_upload("data.csv", "назва;число\nа;1\n".encode()).ok
    assert check_upload("page.html", b"<script>").code == "bad_type"
    assert check_upload("image.svg", b"<svg/>").code == "bad_type"
    assert check_upload("noext", PDF).code == "bad_type"
    assert check_upload("fake.pdf", b"<html><script>alert(1)</script>").code == "content_mismatch"
    assert check_upload("fake.png", PDF).code == "content_mismatch"
    assert check_upload("bin.txt", b"\xff\xfe\x00\x00").code == "content_mismatch"
    assert check_upload("empty.pdf", b"").code == "empty_file"
    big = check_upload("big.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    assert big.code == "too_large" and dict(big.params)["limit_mb"] == 3


def test_content_disposition_is_an_attachment_with_a_utf8_name():
    header = content_disposition('Протокол "1".pdf')
    assert header.startswith("attachment; filename=")
    assert "filename*=UTF-8''" in header and "\n" not in header
    assert '"1"' not in header


def test_links_are_http_or_https_only():
    assert check_link("https://rada.gov.ua/рішення/1")
    assert check_link("http://example.org")
    assert not check_link("javascript:alert(1)")
    assert not check_link("ftp://example.org/file")
    assert not check_link("https://exa mple.org")
    assert not check_link("https://")


def test_meetings_are_counted_per_implementation_year():
    years = meetings_per_year([date(2026, 10, 1), date(2027, 3, 1), date(2027, 9, 30)],
                              date(2026, 9, 1), date(2028, 2, 29))
    assert years == [(date(2026, 9, 1), date(2027, 8, 31), 2),
                     (date(2027, 9, 1), date(2028, 2, 29), 1)]
