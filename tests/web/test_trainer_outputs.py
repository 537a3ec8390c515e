"""The deck and agenda commands and downloads (the builders have unit tests of their own)."""

from io import BytesIO

import pytest
from icalendar import Calendar
from pptx import Presentation
from pypdf import PdfReader

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "content"


def slide_text(prs) -> str:
    return "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                     if shape.has_text_frame)


@pytest.mark.parametrize("module_id", ["M1", "M2", "M3", "M4", "M5"])
def test_deck_command_builds_every_module(plain_runner, tmp_path, module_id):
    out = tmp_path / f"{module_id}.pptx"
    result = plain_runner.invoke(args=["deck", module_id, "-o", str(out), "--lang", "uk"])
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    assert "Асоціація міст України" in slide_text(prs)


def test_deck_command_from_a_file_and_bad_inputs(plain_runner, tmp_path):
    good = plain_runner.invoke(args=["deck", str(FIXTURES / "good.md"), "-o", str(tmp_path / "g.pptx")])
    assert good.exit_code == 0, good.output
    bad = plain_runner.invoke(args=["deck", str(FIXTURES / "bad-gap.md"), "-o", str(tmp_path / "b.pptx")])
    assert bad.exit_code == 1 and "bad-gap.md:16: block starts at 0:15" in bad.output
    unknown = plain_runner.invoke(args=["deck", "M9", "-o", str(tmp_path / "x.pptx")])
    assert unknown.exit_code == 1 and "M9:1: unknown module" in unknown.output
    template = tmp_path / "old.pptx"
    Presentation().save(str(template))  # python-pptx's default is 4:3
    result = plain_runner.invoke(args=["deck", "M1", "-o", str(tmp_path / "t.pptx"), "--template",
                                 str(template)])
    assert result.exit_code == 1 and "16:9" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_agenda_command_pdf_and_ics(plain_runner, tmp_path):
    pdf = tmp_path / "plan.pdf"
    result = plain_runner.invoke(args=["agenda", "tot-two-day", "--start", "2026-10-24 11:00",
                                 "--tz", "Europe/Kiev", "--format", "pdf", "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Europe/Kyiv" in result.output
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "11:00" in text and "09:30" in text and "M5" in text
    ics = tmp_path / "plan.ics"
    plain_runner.invoke(args=["agenda", "tot-two-day", "--start", "2026-10-24 11:00", "--format", "ics",
                        "-o", str(ics)])
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 5
    offsets = {e["DTSTART"].dt.utcoffset().total_seconds() / 3600 for e in events}
    assert offsets == {3.0, 2.0}  # Saturday in summer time, Sunday (25 October) in winter time


@pytest.mark.parametrize("args, message", [
    (["nope", "--start", "2026-05-01 10:00"], "nope:1: unknown module"),
    (["M2", "--start", "2026-05-01 23:00"], "ends after midnight"),
    (["M2", "--start", "2026-05-01 10:00", "--tz", "Mars/Base"], "unknown time zone 'Mars/Base'"),
    (["M2", "--start", "1 May 2026"], "is not YYYY-MM-DD HH:MM"),
])
def test_agenda_command_bad_input(plain_runner, tmp_path, args, message):
    result = plain_runner.invoke(args=["agenda", *args, "--format", "html", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_module_deck_download_for_trainers_only(client, make_user):
    make_user("participant", email="p@example.org")
    make_user("trainer", email="t@example.org")
    client.login("p@example.org")
    assert client.get("/course/modules/M2/deck.pptx").status_code == 403
    client.logout()
    client.login("t@example.org")
    response = client.get("/course/modules/M2/deck.pptx?lang=en")
    assert response.status_code == 200
    prs = Presentation(BytesIO(response.data))
    text = slide_text(prs)
    assert "Phase 1 - Preparing" in text


def test_plan_agenda_download(client, make_user):
    make_user("participant", email="p@example.org")
    client.login("p@example.org")
    response = client.get("/course/plans/tot-two-day/agenda.pdf?start=2027-02-01T10:00&tz=Europe/Kyiv")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    html = client.get("/course/plans/tot-two-day/agenda.html?start=2027-02-01T10:00").get_data(as_text=True)
    assert "<thead>" in html and "10:00" in html and "/agenda.css" in html
    bad = client.get("/course/plans/tot-two-day/agenda.pdf?start=2027-02-01T23:30")
    assert bad.status_code == 302
