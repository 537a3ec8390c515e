"""Reading spreadsheet CSVs (issue 15.12): delimiters, names, labels, the row cap."""

import pytest

from app.csvtable import TooManyRows, choose, read_csv, sniff_delimiter

NAMES = {"email": ("ел. пошта",), "status": ("статус",)}


@pytest.mark.parametrize("text, delimiter", [
    ("email;status\na@b;present\n", ";"), ("email,status\n", ","), ("email\tstatus\n", "\t"),
    ("\n\nЕл. пошта;Статус\n", ";"), ("email\n", ","),
])
def test_the_delimiter_is_found_on_the_header(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_ukrainian_names_with_odd_spacing_and_apostrophes():
    table = read_csv(" Ел.  пошта* ; СТАТУС \n a@b.org ; присутній \n\n", NAMES)
    assert table.columns == {"email", "status"}
    assert [r.values for r in table.rows] == [{"email": "a@b.org", "status": "присутній"}]
    assert table.rows[0].line == 2


def test_unknown_columns_are_reported_and_missing_ones_named():
    table = read_csv("email,колір\n", NAMES)
    assert table.unknown == ("колір",) and table.missing(["email", "status"]) == ["status"]
    assert table.rows == ()


def test_more_rows_than_the_cap_are_refused_before_reading_on():
    with pytest.raises(TooManyRows):
        read_csv("email\n" + "a@b\n" * 3, NAMES, max_rows=2)
    assert len(read_csv("email\n" + "a@b\n" * 2, NAMES, max_rows=2).rows) == 2


def test_choose_matches_ids_and_labels():
    options = {"civil_society": {"Civil society", "Громадянське суспільство"}}
    assert choose("громадянське  суспільство", options) == "civil_society"
    assert choose("civil society", options) == "civil_society"  # the id with a space
    assert choose("CIVIL_SOCIETY", options) == "civil_society"
    assert choose("влада", options) is None
