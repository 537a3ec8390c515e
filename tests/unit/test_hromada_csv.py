from pathlib import Path

import pytest

from app.registry.hromada_csv import CsvError, parse_hromadas

CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "hromadas.csv"
HEADER = "name_uk,name_en_if_any,oblast,type,population,code,oblast_en,raion\n"
GOOD = "Агрономічна сільська громада,Ahronomichna,Вінницька,сільська,9361,UA05020010000053508,Vinnytsia,Вінницький\n"


def test_the_real_file_parses_with_its_quirks():
    rows = parse_hromadas(CSV.read_text(encoding="utf-8"))
    assert len(rows) == 1469
    assert {r.type for r in rows} == {"city", "settlement", "village"}
    assert sum(r.type == "city" for r in rows) == 409
    names = {r.name_uk for r in rows}
    assert any(n.startswith("Вiйтовецька") for n in names)  # the Latin "i" stays as it is
    assert any(n.startswith("Новоград-Волинська") for n in names)


@pytest.mark.parametrize("bad_line, message", [
    ("Х,X,Вінницька,сільська,10,UA123,Vinnytsia,Р\n", "code 'UA123' is not a KATOTTG code"),
    ("Х,X,Вінницька,районна,10,UA05020010000053509,Vinnytsia,Р\n", "type 'районна' is not one of"),
    ("Х,X,Вінницька,сільська,багато,UA05020010000053509,Vinnytsia,Р\n", "population 'багато' is not a whole number"),
    (",X,Вінницька,сільська,10,UA05020010000053509,Vinnytsia,Р\n", "name_uk is empty"),
    ("Х,X,,сільська,10,UA05020010000053509,Vinnytsia,Р\n", "oblast is empty"),
    ("Х,X,Вінницька,сільська,10,UA05020010000053509,Vinnytsia,Р,extra\n", "more fields than columns"),
])
def test_a_malformed_row_names_its_line(bad_line, message):
    with pytest.raises(CsvError) as error:
        parse_hromadas(HEADER + GOOD + bad_line)
    assert error.value.line == 3
    assert message in error.value.message


def test_a_repeated_code_is_refused():
    with pytest.raises(CsvError) as error:
        parse_hromadas(HEADER + GOOD + GOOD)
    assert error.value.line == 3 and "repeats line 2" in error.value.message


def test_a_missing_column_is_reported_on_line_one():
    with pytest.raises(CsvError) as error:
        parse_hromadas("name_uk,oblast\nX,Y\n")
    assert error.value.line == 1 and "code" in error.value.message
