import html
import io

import pytest
from sqlalchemy import func, select

from app.auth.models import Invitation, User
from tests.conftest import load_hromadas


@pytest.fixture
def admin(client, make_user):
    make_user("admin", email="admin@example.org")
    client.login("admin@example.org")
    return client


@pytest.fixture
def registry(db):
    load_hromadas(db)


@pytest.mark.parametrize("query, expected", [
    ("БУЧАНСЬКА", "Бучанська міська громада"),  # SQLite's lower() would not fold this
    ("ВІННИЦЬКА", "Вінницька міська громада"),
    ("вінницька", "Вінницька міська громада"),
    ("Vinnytska", "Вінницька міська громада"),
    ("vinnytska", "Вінницька міська громада"),
    ("Вiйтовецька", "Вiйтовецька"),  # the Latin "i" of the source, as it is
    ("UA05020030000031457", "Вінницька міська громада"),
])
def test_search_by_ukrainian_or_english_name_ignores_case(admin, registry, query, expected):
    page = admin.get(f"/admin/municipalities?q={query}").get_data(as_text=True)
    assert expected in page


def test_apostrophe_variants_find_the_same_hromada(admin, registry):
    plain = admin.get("/admin/municipalities?q=Мар'янівська").get_data(as_text=True)
    curly = admin.get("/admin/municipalities?q=Мар’янівська").get_data(as_text=True)
    assert "Мар" in plain and plain.count("/admin/municipalities/UA") == curly.count("/admin/municipalities/UA") > 0


def test_filters_and_pagination(admin, registry, db):
    page = admin.get("/admin/municipalities?oblast=Львівська&type=city").get_data(as_text=True)
    assert "Львівська міська громада" in page and "Вінницька міська" not in page
    first = admin.get("/admin/municipalities").get_data(as_text=True)
    second = admin.get("/admin/municipalities?page=2").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert first.count("/admin/municipalities/UA") == 50
    assert admin.get("/admin/municipalities?page=999999999999").status_code == 200
    detail = admin.get("/admin/municipalities/UA46060250000025047").get_data(as_text=True)
    assert "Львівська міська громада" in detail and "Lvivska" in detail
    assert admin.get("/admin/municipalities/UA00000000000000000").status_code == 404


def test_admin_creates_users_and_imports_a_csv_all_or_nothing(admin, registry, db):
    response = admin.post("/admin/users/new", {"email": "Trainer@Example.org", "name": "Нова Тренерка",
                                               "role": "trainer", "stakeholder_type": ""})
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "/invitation/" in page
    again = admin.post("/admin/users/new", {"email": "trainer@example.org", "name": "X", "role": "trainer"})
    assert again.status_code == 200 and db.scalar(select(func.count()).select_from(User)
                                                 .where(User.email_key == "trainer@example.org")) == 1
    bad = ("email,name,role,municipality_code,stakeholder_type\n"
           "a@example.org,Андрій,participant,UA05020030000031457,government\n"
           "b@example.org,Богдана,participant,,civil_society\n")
    page = admin.post("/admin/users/import", {"file": (io.BytesIO(bad.encode()), "u.csv")},
                      content_type="multipart/form-data").get_data(as_text=True)
    assert "3" in page and db.scalar(select(User).where(User.email_key == "a@example.org")) is None
    good = bad.replace(",,civil_society", ",UA46060250000025047,civil_society")
    page = admin.post("/admin/users/import", {"file": (io.BytesIO(good.encode("utf-8-sig")), "u.csv")},
                      content_type="multipart/form-data").get_data(as_text=True)
    assert page.count("/invitation/") == 2
    assert db.scalar(select(func.count()).select_from(Invitation)) == 3


def test_admin_edits_roles_and_deactivates_with_audit(admin, make_user, new_client, db):
    person = make_user("participant", email="p@example.org")
    other = new_client()
    other.login("p@example.org")
    admin.post(f"/admin/users/{person.id}", {"name": "Тарас", "role": "participant",
                                            "municipality_code": "UA05020030000031457",
                                            "stakeholder_type": "government", "active": ""})
    db.expire_all()
    assert db.get(User, person.id).active is False
    assert other.get("/profile").status_code == 302  # deactivated: logged out everywhere
    audit = admin.get("/admin/audit").get_data(as_text=True)
    assert "user.update" in audit


def test_admin_cannot_remove_their_own_admin_role(admin, db):
    me = db.scalar(select(User).where(User.email_key == "admin@example.org"))
    page = admin.post(f"/admin/users/{me.id}", {"name": "Me", "role": "trainer", "active": "y"})
    assert page.status_code == 200
    db.expire_all()
    assert db.get(User, me.id).role == "admin"


@pytest.mark.parametrize("changes, field, message", [
    ({"municipality_code": "", "stakeholder_type": "government"}, "municipality_code",
     "Учасник належить до громади"),
    ({"municipality_code": "UA05020030000031457", "stakeholder_type": ""}, "stakeholder_type",
     "Оберіть тип"),
    ({"municipality_code": "UA99999999999999999", "stakeholder_type": "government"},
     "municipality_code", "Громади з таким кодом КАТОТТГ немає"),
])
def test_admin_edit_keeps_the_rules_of_creation(admin, make_user, db, changes, field, message):
    """The edit form once saved a participant with no hromada and no stakeholder type."""
    person = make_user("participant", email="p@example.org")
    page = admin.post(f"/admin/users/{person.id}", {"name": "Тарас", "role": "participant",
                                                    "active": "y", **changes})
    assert page.status_code == 200  # the form again, nothing saved
    html = page.get_data(as_text=True)
    field_at = html.index(f'id="{field}"')
    assert message in html[field_at - 1500:field_at + 1500], "the message sits next to its field"
    db.expire_all()
    saved = db.get(User, person.id)
    assert saved.municipality_id is not None and saved.stakeholder_type is not None
    assert saved.name != "Тарас"


def test_the_paginated_users_list_is_in_ukrainian_alphabetical_order(admin, make_user):
    """Code-point order puts Є, І, Ї before А and Ґ after Я; the list pages in SQL by a
    stored key, so the order holds across pages too."""
    names = ["Ярослав Ян", "Їжак Іван", "Ігор Ігнатенко", "Євген Ель", "Ґудзь Галина",
             "Андрій Бабич", "Юлія Юрченко", "Мар'яна Маркевич", "Марина Мазур"]
    for number, name in enumerate(names):
        make_user("observer", email=f"order{number}@example.org", name=name)
    page = html.unescape(admin.get("/admin/users?role=observer").get_data(as_text=True))
    shown = sorted(names, key=page.index)
    assert shown == ["Андрій Бабич", "Ґудзь Галина", "Євген Ель", "Ігор Ігнатенко",
                     "Їжак Іван", "Марина Мазур", "Мар'яна Маркевич", "Юлія Юрченко",
                     "Ярослав Ян"]
