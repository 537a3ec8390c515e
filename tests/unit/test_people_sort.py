"""Names of people in Ukrainian alphabetical order (app/text.py), without an app."""

from dataclasses import dataclass

from app.text import people_sorted, person_key


@dataclass
class Person:
    id: int
    name: str


def test_people_in_ukrainian_alphabetical_order():
    names = ["Ярослав", "Їжак", "Мар'яна", "Євген", "Ґудзь", "Ігор", "Андрій", "Юлія", "Марина", "Галина", "Ейсмонт"]
    ordered = [p.name for p in people_sorted(Person(i, n) for i, n in enumerate(names))]
    assert ordered == ["Андрій", "Галина", "Ґудзь", "Ейсмонт", "Євген", "Ігор", "Їжак", "Марина", "Мар'яна",
                       "Юлія", "Ярослав"]
    assert sorted(names)[0] == "Євген"  # what ORDER BY name gives: code point order


def test_same_names_keep_one_order_by_id_and_case_is_ignored():
    people = [Person(3, "олена Коваль"), Person(1, "Олена Коваль"), Person(2, "Олена Коваль")]
    assert [p.id for p in people_sorted(people)] == [3, 1, 2]  # lower case first, then by id
    assert person_key(Person(1, "Олена Коваль")) < person_key(Person(2, "Олена Коваль"))
    assert [p.name for p in people_sorted([Person(1, "ігор"), Person(2, "Ґудзь")])] == ["Ґудзь", "ігор"]
