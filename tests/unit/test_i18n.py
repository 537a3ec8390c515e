"""One way to translate: texts written once in English, Ukrainian from the catalogue."""

from app.exercises.diagrams import TREE_LABELS
from app.i18n import N_, Localised, catalogue


def test_a_localised_structure_is_translated_whole_and_kept_in_english():
    labels = Localised({"title": N_("Problem tree"), "days": (N_("Monday"), N_("Sunday")), "x": ""})
    assert labels["en"] == {"title": "Problem tree", "days": ("Monday", "Sunday"), "x": ""}
    assert labels["uk"] == {"title": "Дерево проблем", "days": ("понеділок", "неділя"), "x": ""}
    assert list(labels) == ["en", "uk"] and labels.get("fr") is None


def test_module_labels_come_from_the_catalogue():
    assert TREE_LABELS["uk"]["core"] == catalogue("uk").gettext("Core problem") == "Основна проблема"
    assert TREE_LABELS["en"]["core"] == "Core problem"
