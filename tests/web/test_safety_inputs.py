"""Issue 15: bad input that used to get a 500, a traceback or a misleading answer."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("refs, start", [(["M1"], "9999-12-31 23:00"), (["tot-two-day"], "9999-12-31 10:00"),
                                         (["M1"], "1999-12-31 10:00")])
def test_agenda_cli_refuses_a_year_outside_the_range(plain_runner, tmp_path, refs, start):
    out = tmp_path / "agenda.html"
    result = plain_runner.invoke(args=["agenda", *refs, "--start", start, "--format", "html",
                                       "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not isinstance(result.exception, OverflowError)
    assert "error: start" in result.output and "2000-2100" in result.output
    assert not out.exists()


# --- item 11: a user CSV import is capped, and never holds the database for long ------------------

def _users_csv(n: int, sep: str = ",") -> bytes:
    from tests.conftest import VINNYTSIA

    lines = [sep.join(["email", "name", "role", "municipality_code", "stakeholder_type"])]
    lines += [sep.join([f"person{i}@example.org", f"Особа {i}", "participant", VINNYTSIA,
                        "government"]) for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def _import(client, body: bytes, name="users.csv"):
    import io

    return client.post("/admin/users/import", {"file": (io.BytesIO(body), name)},
                       content_type="multipart/form-data")


def _count_users(db) -> int:
    from sqlalchemy import func, select

    from app.auth.models import User

    db.expire_all()
    return db.scalar(select(func.count()).select_from(User))


def test_the_import_page_states_the_row_cap(app, client, make_user):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    page = client.get("/admin/users/import").get_data(as_text=True)
    assert str(app.config["USER_IMPORT_MAX_ROWS"]) in page


def test_a_file_over_the_cap_is_refused_whole_with_a_message(app, client, make_user, db):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    before = _count_users(db)
    limit = app.config["USER_IMPORT_MAX_ROWS"]
    response = _import(client, _users_csv(limit * 20))  # 10,000 rows with the default cap
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"{limit}" in text and "alert-error" in text
    assert _count_users(db) == before


def test_an_import_at_the_cap_holds_the_write_lock_under_a_second(app, client, make_user, db):
    """Others' autosaves wait for the import's write transaction: it must stay short."""
    import time

    from sqlalchemy import event

    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    engine = app.extensions["db_engine"]
    first_write, held = [], []

    def before(conn, cursor, statement, *args):
        if not first_write and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            first_write.append(time.perf_counter())

    def commit(conn):
        if first_write:
            held.append(time.perf_counter() - first_write.pop())

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    try:
        before_count = _count_users(db)
        response = _import(client, _users_csv(app.config["USER_IMPORT_MAX_ROWS"]))
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", commit)
    assert response.status_code == 200 and "alert-error" not in response.get_data(as_text=True)
    assert _count_users(db) == before_count + app.config["USER_IMPORT_MAX_ROWS"]
    assert held
    if engine.dialect.name == "sqlite":  # PostgreSQL's row locks do not stop others' saves
        assert max(held) < 1.0, held


# --- item 12: Excel's semicolons, Ukrainian column names, the interface's labels -------------------

def _stored(db, email):
    from sqlalchemy import select

    from app.auth.models import User

    db.expire_all()
    return db.scalar(select(User).where(User.email_key == email.casefold()))


@pytest.mark.parametrize("body", [
    # Excel under a Ukrainian locale: semicolons, Ukrainian headers, the labels people see
    "Ел. пошта;Ім'я;Роль;Громада (код КАТОТТГ);Тип зацікавленої сторони\r\n"
    "olena@example.org;Олена Коваль;Учасник;{code};Громадянське суспільство\r\n"
    "ivan@example.org;Іван Бондар;учасник;{code};Органи влади\r\n",
    # the same with the English interface's labels and ids, commas, a BOM
    "\ufeffEmail,Name,Role,Hromada (KATOTTG code),Stakeholder type\n"
    "olena@example.org,Олена Коваль,Participant,{code},Civil society\n"
    "ivan@example.org,\"Бондар, Іван\",participant,{code},government\n",
    # ids as headers, semicolons, a name with a semicolon inside quotes
    "email;name;role;municipality_code;stakeholder_type\n"
    "olena@example.org;\"Олена; Коваль\";participant;{code};civil_society\n"
    "ivan@example.org;Іван Бондар;participant;{code};government\n",
], ids=["excel-ukrainian", "english-labels", "ids-semicolons"])
def test_a_spreadsheet_csv_is_understood(client, make_user, db, body):
    from tests.conftest import VINNYTSIA

    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    response = _import(client, body.format(code=VINNYTSIA).encode("utf-8"))
    text = response.get_data(as_text=True)
    assert "alert-error" not in text, text[text.find("alert-error"):][:600]
    olena, ivan = _stored(db, "olena@example.org"), _stored(db, "ivan@example.org")
    assert olena.stakeholder_type == "civil_society" and olena.role == "participant"
    assert ivan.stakeholder_type == "government"
    assert olena.municipality.code == VINNYTSIA


def test_a_header_only_user_csv_says_nothing_was_imported(client, make_user, db):
    make_user("admin", email="a@example.org")
    client.login("a@example.org")
    before = _count_users(db)
    text = _import(client, "Ел. пошта;Ім'я;Роль\r\n".encode()).get_data(as_text=True)
    assert "alert-error" in text and ("nothing was imported" in text or "нічого не імпортовано" in text)
    assert _count_users(db) == before
