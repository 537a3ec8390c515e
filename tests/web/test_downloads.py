"""Every response names its character set once (a doubled "charset=utf-8; charset=utf-8"
makes some spreadsheet and calendar programs refuse the file)."""

import pytest

from tests.web import test_role_matrix as matrix

world = matrix.world  # the role matrix's fixture


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Language and headers do not depend on the database: SQLite only (CI time)."""
    import shutil

    path = tmp_path / "one.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.mark.parametrize("role", ("participant", "trainer", "admin"))
def test_content_type_names_the_charset_once(app, world, new_client, role):
    client = new_client()
    client.login(matrix.EMAILS[role])
    doubled = []
    for method, path, expected in matrix.ROUTES.values():
        if method != "GET" or expected[role] != "ok":
            continue
        url = path.format(**world)
        kind = client.get(url).headers.get("Content-Type", "")
        if kind.lower().count("charset") > 1:
            doubled.append(f"{url}: {kind}")
    for url in ("/dashboard/export.csv", "/dashboard/export.csv?sep=semicolon"):
        if role == "admin":
            assert client.get(url).headers["Content-Type"] == "text/csv; charset=utf-8"
    assert doubled == []
