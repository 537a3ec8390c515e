import pytest

from app.auth.access import is_safe_next
from app.text import email_key, has_control_chars, search_key


@pytest.mark.parametrize("target", ["/", "/admin/users?page=2", "/profile"])
def test_local_paths_are_safe(target):
    assert is_safe_next(target)


@pytest.mark.parametrize("target", [
    None, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "/\x00x", "evil.example/path", "\\\\evil.example",
])
def test_off_site_and_odd_targets_are_refused(target):
    assert not is_safe_next(target)


def test_search_key_folds_cyrillic_case_and_apostrophes():
    assert search_key("КИЇВ") == search_key("київ") == "київ"
    assert search_key("Мар’янівська") == search_key("мар'янівська")
    assert search_key("  Львівська   міська ") == "львівська міська"


def test_email_key_is_casefolded():
    assert email_key("  Olena@Example.COM ") == "olena@example.com"


def test_control_characters_are_detected_but_newlines_are_fine():
    assert has_control_chars("a\x00b")
    assert has_control_chars("\x1b[31m")
    assert not has_control_chars("рядок 1\nрядок 2\tтаб")


def test_ukrainian_alphabetical_order():
    from app.text import uk_sort_key

    oblasts = ["Івано-Франківська", "Волинська", "Вінницька", "Житомирська", "Чернігівська", "Єрусалим"]
    assert sorted(oblasts, key=uk_sort_key) == [
        "Вінницька", "Волинська", "Єрусалим", "Житомирська", "Івано-Франківська", "Чернігівська"]


def test_markdown_export_shows_choice_labels_in_tables():
    from pathlib import Path

    from app.content.services import load_library
    from app.exercises.schema import to_markdown

    library = load_library(Path(__file__).resolve().parents[2])
    exercise = library.translated("exercise", "stakeholder-map", "uk")[0]
    column = next(c for c in next(f for f in exercise.fields if f.id == "stakeholders").columns
                  if c.id == "type")
    value, label = column.options[0]
    text = to_markdown(exercise, {"stakeholders": [{"name": "Рада", "type": value}]})
    assert label != value and "| Рада | " in text and label in text and f"| {value} |" not in text
