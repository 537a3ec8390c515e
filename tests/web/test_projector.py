"""The projector view: current block with countdown, next block, next/+5/-5, pause freezes
the clock, resume re-times the rest and offers to move it to a new date (kept in history)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.db import utcnow
from app.scheduling.live.models import SessionPause
from app.scheduling.models import SessionChange, TrainingSession


def _running(app, db, make_user, minutes_in=3):
    from app.content.services import library
    from app.scheduling.services import CohortSpec, add_session, create_cohort

    trainer = make_user("trainer", email="t@example.org", name="Тереза Тренерка")
    with app.test_request_context():
        lib = library()
        module = lib.module("M1")
        shown = lib.translated("module", "M1", "uk")[0]  # the page speaks Ukrainian
        cohort = create_cohort(db, CohortSpec(name="Вінниччина", lead_trainer_id=trainer.id), trainer)
        start = (utcnow() - timedelta(minutes=minutes_in)).replace(second=0, microsecond=0)
        session = add_session(db, cohort, module, start, start + timedelta(minutes=module.duration_min),
                              "Europe/Kyiv", [trainer.id], trainer, now=start - timedelta(minutes=1),
                              venue="Вінниця")
        outline = shown.outline
        assert [b.start_min for b in outline] == [b.start_min for b in module.outline]
    db.commit()
    return session, outline


def _page(client, session):
    return client.get(f"/sessions/{session.id}/projector").get_data(as_text=True)


def test_projector_shows_now_next_and_the_controls_work(app, db, client, make_user):
    session, outline = _running(app, db, make_user)
    client.login("t@example.org")
    page = _page(client, session)
    now_block = re.search(r'<h1 class="pj-topic">(.*?)</h1>', page).group(1)
    assert now_block == outline[0].topic
    assert outline[1].topic in page.split('class="pj-next"')[1].split("</section>")[0]
    assert 'id="countdown"' in page and 'http-equiv="refresh"' in page  # works without JavaScript
    assert "Наступний блок" in page and "Пауза" in page

    late_before = db.get(TrainingSession, session.id).late_minutes
    assert client.post(f"/sessions/{session.id}/projector/shift", {"minutes": "5"}).status_code == 302
    db.expire_all()
    assert db.get(TrainingSession, session.id).late_minutes == late_before + 5
    client.post(f"/sessions/{session.id}/projector/shift", {"minutes": "-5"})
    client.post(f"/sessions/{session.id}/projector/next")
    db.expire_all()
    record = db.get(TrainingSession, session.id)
    assert record.blocks_done == [0]
    page = _page(client, session)
    assert re.search(r'<h1 class="pj-topic">(.*?)</h1>', page).group(1) == outline[1].topic
    assert client.post(f"/sessions/{session.id}/projector/shift", {"minutes": "500"}).status_code == 302
    assert client.post(f"/sessions/{session.id}/projector/shift", {"minutes": "x"}).status_code == 400


def test_pause_freezes_the_clock_and_resume_retimes_the_rest(app, db, client, make_user):
    session, outline = _running(app, db, make_user, minutes_in=45)
    client.login("t@example.org")
    client.post(f"/sessions/{session.id}/projector/pause", {"reason": "alert"})
    page = _page(client, session)
    assert "Повітряна тривога" in page and 'http-equiv="refresh"' not in page
    countdown = re.search(r'id="countdown"[^>]*>([\d:]+)<', page).group(1)
    # the alert lasts 40 minutes: move the pause back in time instead of waiting
    pause = db.scalar(select(SessionPause))
    pause.paused_at -= timedelta(minutes=40)
    db.commit()
    frozen = _page(client, session)  # the clock stands at the pause, 5 minutes in
    frozen_topic = re.search(r'<h1 class="pj-topic">(.*?)</h1>', frozen).group(1)
    expected = next(b for b in outline if b.start_min <= 5 < b.end_min)
    assert frozen_topic == expected.topic
    assert client.post(f"/sessions/{session.id}/projector/next").status_code == 302
    db.expire_all()
    assert db.get(TrainingSession, session.id).blocks_done in ([], None)  # refused while paused
    assert countdown
    resumed = client.post(f"/sessions/{session.id}/projector/resume")
    assert resumed.headers["Location"].endswith("?resumed=1")
    db.expire_all()
    record = db.get(TrainingSession, session.id)
    assert record.late_minutes == 40
    assert record.end - record.start == timedelta(minutes=outline[-1].end_min + 40)  # ends later
    assert "Пауза 40 хв (повітряна тривога)" in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    offer = client.get(resumed.headers["Location"]).get_data(as_text=True)
    assert "Перенести решту на іншу дату" in offer
    assert re.search(r'<h1 class="pj-topic">(.*?)</h1>', offer).group(1) == frozen_topic

    # the rest moves to tomorrow: a continuation session, the original ends where it stopped
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    moved = client.post(f"/sessions/{session.id}/projector/move", {"date": tomorrow, "start_time": "10:00"})
    assert moved.status_code == 302, moved.get_data(as_text=True)[:3000]
    db.expire_all()
    sessions = list(db.scalars(select(TrainingSession).order_by(TrainingSession.id)))
    assert len(sessions) == 2
    original, rest = sessions
    assert rest.module_id == original.module_id and rest.start.date().isoformat() == tomorrow
    assert rest.end - rest.start == timedelta(minutes=outline[-1].end_min - expected.start_min)
    assert original.end < original.start + timedelta(minutes=10)  # ends where it stopped
    change = db.scalars(select(SessionChange).where(SessionChange.session_id == original.id)
                        .order_by(SessionChange.id)).all()[-1]
    assert "повітряна тривога" in change.reason and tomorrow[8:10] in change.reason
    history = client.get(f"/sessions/{original.id}").get_data(as_text=True)
    assert "повітряна тривога" in history
    again = client.post(f"/sessions/{session.id}/projector/move", {"date": tomorrow, "start_time": "15:00"})
    assert again.status_code == 422


def test_only_the_cohorts_trainers_run_the_projector(app, db, new_client, make_user):
    session, _outline = _running(app, db, make_user)
    make_user("trainer", email="t2@example.org")
    make_user("participant", email="p@example.org")
    for email in ("t2@example.org", "p@example.org"):
        other = new_client()
        other.login(email)
        assert other.get(f"/sessions/{session.id}/projector").status_code in (403, 404)
        assert other.post(f"/sessions/{session.id}/projector/pause", {"reason": "alert"}).status_code in (403, 404)
