"""A session that starts late in the evening (an online session moved after a power cut) runs
past midnight: its agenda still downloads. Before 9453a57 the agenda refused to cross midnight,
the route failed, and the trainer browser journey (which schedules its session "now") waited in
vain for the PDF whenever it ran in the evening, Kyiv time."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from app.scheduling.models import TrainingSession
from tests.factories import gen_cohort

KYIV = ZoneInfo("Europe/Kyiv")


def test_an_evening_session_has_its_agenda_in_every_format(client, make_user, db):
    trainer = make_user("trainer", email="lead@example.org", name="Ірина Бондаренко")
    cohort = gen_cohort(db, lead=trainer)
    start = datetime(2027, 3, 10, 23, 30, tzinfo=KYIV)
    session = TrainingSession(cohort_id=cohort.id, module_id="M1", content_version="x", start=start,
                              end=start.replace(day=11, hour=1), checkin_code="ABCD2345")
    db.add(session)
    db.commit()
    client.login("lead@example.org")
    pdf = client.get(f"/sessions/{session.id}/agenda.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "23:30" in text
    for fmt in ("html", "ics"):
        assert client.get(f"/sessions/{session.id}/agenda.{fmt}").status_code == 200
    assert client.get(f"/sessions/{session.id}").status_code == 200
