"""Ukrainian alphabetical order, with real names from the hromada registry."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.text import UKRAINIAN_ALPHABET, uk_sort_key, uk_sorted

CSV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hromadas.csv"


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    with CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_oblasts_follow_the_alphabet_not_code_points(registry):
    oblasts = uk_sorted({row["oblast"] for row in registry})
    assert oblasts[:3] == ["Вінницька", "Волинська", "Дніпропетровська"]
    # І comes after З and before Й/К; code points put "Івано-Франківська" first
    assert oblasts.index("Запорізька") < oblasts.index("Івано-Франківська") < oblasts.index("Київська")
    # і before о in the middle of a word too: Кіровоградська after Київська (и < і)
    assert oblasts.index("Київська") < oblasts.index("Кіровоградська")
    assert oblasts[-3:] == ["Черкаська", "Чернівецька", "Чернігівська"]


def test_ye_and_i_hromadas_stand_in_their_places(registry):
    names = uk_sorted(row["name_uk"] for row in registry)
    first_letters = [name[0] for name in names]
    # the first letters never go back in the alphabet
    ranks = [UKRAINIAN_ALPHABET.index(letter.lower()) for letter in first_letters]
    assert ranks == sorted(ranks)
    assert names[0].startswith("А")
    ye = [n for n in names if n.startswith("Є")]
    assert ye and names.index(ye[0]) > max(i for i, n in enumerate(names) if n.startswith(("Е", "Д")))
    assert names.index(ye[-1]) < min(i for i, n in enumerate(names) if n.startswith("Ж"))
    i_names = [n for n in names if n.startswith("І")]
    assert names.index(i_names[0]) > max(i for i, n in enumerate(names) if n.startswith(("И", "З")))


def test_yi_and_ge_inside_words():
    # и < і < ї < й, and г < ґ < д
    assert uk_sorted(["Кйо", "Кіпті", "Кийки", "Київ"]) == ["Київ", "Кийки", "Кіпті", "Кйо"]
    assert uk_sorted(["Дунаєвецька", "Ґорґани", "Городок"]) == ["Городок", "Ґорґани", "Дунаєвецька"]
    assert uk_sorted(["Яготинська", "Їжаківка", "Юр’ївська"]) == ["Їжаківка", "Юр’ївська", "Яготинська"]


def test_apostrophes_are_skipped_whatever_their_form(registry):
    names = [row["name_uk"] for row in registry]
    assert "Мар’янівська селищна громада" in names and "Мар’їнська міська громада" in names
    # ї < я, so Мар’їнська before Мар’янівська; Маріупольська (і) before both
    assert uk_sorted(["Мар’янівська селищна громада", "Мар’їнська міська громада",
                      "Маріупольська міська громада"]) == [
        "Маріупольська міська громада", "Мар’їнська міська громада", "Мар’янівська селищна громада"]
    # typed with U+2019, U+02BC or ASCII: the same place
    forms = ["Кам’янська", "Камʼянська", "Кам'янська"]
    assert len({uk_sort_key(f)[0] for f in forms}) == 1
    assert uk_sorted(["Камінь-Каширська", "Кам'янська", "Кагарлицька"]) == [
        "Кагарлицька", "Камінь-Каширська", "Кам'янська"]


def test_words_and_hyphens_end_a_word(registry):
    names = [row["name_uk"] for row in registry]
    assert "Могилів-Подільська міська громада" in names
    # a word ends before any letter: "Біла Церква" before "Білгород"
    assert uk_sorted(["Білгород-Дністровська", "Біла Церква", "Біляївська"]) == [
        "Біла Церква", "Білгород-Дністровська", "Біляївська"]
    # case does not matter for the order
    assert uk_sorted(["вінницька", "Волинська", "ВІННИЦЬКА"])[:2] == ["вінницька", "ВІННИЦЬКА"]


def test_the_order_is_total_and_stable():
    assert uk_sort_key("Іллінці") != uk_sort_key("іллінці")
    assert uk_sort_key("") < uk_sort_key("А")
    assert uk_sorted(["Lviv", "Львів", "2-га"]) == ["2-га", "Львів", "Lviv"]
