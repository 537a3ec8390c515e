"""The stakeholder map SVG and the prioritisation matrix: pure functions, no app."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.exercises.prioritization import (
    CRITERIA,
    RANKING_LABELS,
    default_criteria,
    rank,
    ranking_chart_svg,
    weights,
)
from app.exercises.stakeholders import (
    STAKEHOLDER_LABELS,
    cell_of,
    labels_for,
    quadrant,
    stakeholder_map_svg,
)

NS = {"s": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find("s:title", NS) is not None and root.find("s:title", NS).text
    return root


def assert_safe(svg: str, root: ET.Element) -> None:
    assert "<script" not in svg.lower() and "style=" not in svg and "href" not in svg
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.attrib


def all_text(element: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in element.iterfind(".//s:text", NS))


def quadrant_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    boxes = {}
    for rect in root.iterfind(".//s:rect", NS):
        classes = rect.get("class", "").split()
        if classes[:1] == ["quadrant"]:
            boxes[classes[1].replace("-", "_")] = tuple(float(rect.get(a)) for a in ("x", "y", "width", "height"))
    return boxes


def dots(root: ET.Element) -> list[dict]:
    out = []
    for group in root.iterfind(".//s:g", NS):
        classes = group.get("class", "").split()
        if classes[:1] != ["stakeholder"]:
            continue
        circle = group.find("s:circle", NS)
        out.append({"quadrant": classes[1].replace("-", "_"), "title": group.find("s:title", NS).text,
                    "cx": float(circle.get("cx")), "cy": float(circle.get("cy")), "r": float(circle.get("r")),
                    "fill": circle.get("fill"), "power": int(group.get("data-power")),
                    "interest": int(group.get("data-interest")), "text": all_text(group)})
    return out


def inside(dot: dict, box: tuple[float, float, float, float]) -> bool:
    x, y, w, h = box
    return (x <= dot["cx"] - dot["r"] and dot["cx"] + dot["r"] <= x + w
            and y <= dot["cy"] - dot["r"] and dot["cy"] + dot["r"] <= y + h)


def cell_box(root: ET.Element, power: int, interest: int) -> tuple[float, float, float, float]:
    rect = next(r for r in root.iterfind(".//s:rect", NS)
                if r.get("class") == "cell" and r.get("data-power") == str(power)
                and r.get("data-interest") == str(interest))
    return tuple(float(rect.get(a)) for a in ("x", "y", "width", "height"))


# --- stakeholder map ------------------------------------------------------------------------

@pytest.mark.parametrize("power, interest, expected", [
    (5, 5, "manage_closely"), (4, 1, "keep_satisfied"), (1, 5, "keep_informed"), (1, 1, "monitor"),
    (3, 3, "manage_closely"), (2, 3, "keep_informed"), (3, 2, "keep_satisfied"), (2, 2, "monitor"),
])
def test_each_dot_lies_in_its_quadrant_and_cell(power, interest, expected):
    svg = stakeholder_map_svg([{"name": "Рада", "type": "government", "power": power, "interest": interest}],
                              STAKEHOLDER_LABELS["uk"])
    root = parse(svg)
    assert_safe(svg, root)
    boxes = quadrant_boxes(root)
    assert set(boxes) == {"manage_closely", "keep_satisfied", "keep_informed", "monitor"}
    [dot] = dots(root)
    assert quadrant(power, interest) == expected == dot["quadrant"]
    assert inside(dot, boxes[expected])
    assert not any(inside(dot, box) for key, box in boxes.items() if key != expected)
    assert inside(dot, cell_box(root, power, interest))


def test_quadrants_are_labelled_in_the_given_language():
    root = parse(stakeholder_map_svg([], STAKEHOLDER_LABELS["uk"]))
    text = all_text(root)
    for key in ("Тісно співпрацювати", "Підтримувати задоволеність", "Тримати в курсі", "Спостерігати",
                "Вплив", "Інтерес"):
        assert key in text
    english = all_text(parse(stakeholder_map_svg([], STAKEHOLDER_LABELS["en"])))
    assert "Manage closely" in english and "Keep satisfied" in english and "Monitor" in english


def test_high_and_low_scores_put_dots_where_expected_on_the_axes():
    rows = [{"name": "A", "power": 5, "interest": 1}, {"name": "B", "power": 1, "interest": 5}]
    placed = {d["title"].split(" ·")[0]: d for d in dots(parse(stakeholder_map_svg(rows)))}
    a, b = placed["A"], placed["B"]
    assert a["cy"] < b["cy"]  # more power: higher on the page
    assert a["cx"] < b["cx"]  # more interest: further right


def test_stakeholders_in_one_cell_are_spread_without_overlap():
    rows = [{"name": f"Група {i}", "type": "civil_society", "power": 4, "interest": 4} for i in range(7)]
    root = parse(stakeholder_map_svg(rows))
    placed = dots(root)
    assert len(placed) == 7
    cell = cell_box(root, 4, 4)
    for dot in placed:
        assert inside(dot, cell)
    for one, two in [(p, q) for i, p in enumerate(placed) for q in placed[i + 1:]]:
        distance = ((one["cx"] - two["cx"]) ** 2 + (one["cy"] - two["cy"]) ** 2) ** 0.5
        assert distance >= one["r"] + two["r"]


def test_many_stakeholders_in_one_cell_still_fit():
    rows = [{"name": f"N{i}", "power": 1, "interest": 1} for i in range(100)]
    root = parse(stakeholder_map_svg(rows))
    cell = cell_box(root, 1, 1)
    assert all(inside(dot, cell) for dot in dots(root))


def test_names_are_escaped_and_wrapped():
    name = 'ГО "Прозора громада" <script>alert(1)</script> & партнери з дуже довгою назвою'
    svg = stakeholder_map_svg([{"name": name, "organisation": "<b>", "type": "civil_society",
                                "power": 2, "interest": 4}])
    root = parse(svg)
    assert_safe(svg, root)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg
    [dot] = dots(root)
    assert "<script>alert(1)</script>" in dot["title"]  # the parser gives back the original text
    lines = [t for t in root.iterfind(".//s:g/s:text", NS)]
    assert len(lines) >= 2  # wrapped onto more than one line


def test_dots_are_coloured_by_type_and_the_legend_names_the_types():
    rows = [{"name": "Рада", "type": "government", "power": 5, "interest": 5},
            {"name": "ГО", "type": "civil_society", "power": 5, "interest": 5},
            {"name": "Хтось", "type": "", "power": 5, "interest": 5}]
    uk = labels_for("uk", [("government", "органи влади"), ("civil_society", "громадянське суспільство")])
    root = parse(stakeholder_map_svg(rows, uk))
    assert len({d["fill"] for d in dots(root)}) == 3
    text = all_text(root)
    assert "органи влади" in text and "громадянське суспільство" in text and "тип не вказано" in text


def test_rows_without_scores_are_listed_not_drawn_and_odd_values_are_clamped():
    rows = [{"name": "Без оцінок", "power": "", "interest": 3},
            {"name": "Завеликий", "power": 9, "interest": "4,6"},
            {"name": "", "organisation": "", "power": "", "interest": ""}]
    root = parse(stakeholder_map_svg(rows, STAKEHOLDER_LABELS["uk"]))
    [dot] = dots(root)
    assert (dot["power"], dot["interest"]) == (5, 5)
    unplaced = root.find(".//s:text[@class='unplaced']", NS)
    assert unplaced is not None and "Без оцінок" in unplaced.text
    assert cell_of("abc") is None and cell_of(None) is None and cell_of(2.5) == 3 and cell_of(0) == 1


def test_empty_map_says_what_to_do():
    root = parse(stakeholder_map_svg([], STAKEHOLDER_LABELS["en"]))
    assert "Add stakeholders" in all_text(root)
    assert dots(root) == []


# --- prioritisation ---------------------------------------------------------------------------

EXAMPLE_CRITERIA = [{"name": "Impact", "weight": 3}, {"name": "Feasibility", "weight": 2},
                    {"name": "Urgency", "weight": 2}, {"name": "Political will", "weight": 1}]
EXAMPLE_PROBLEMS = [
    {"problem": "Unclear order of reconstruction repairs", "impact": 5, "feasibility": 4, "urgency": 5, "political_will": 4},
    {"problem": "Residents cannot follow school meal procurement", "impact": 3, "feasibility": 5, "urgency": 2, "political_will": 2},
    {"problem": "Low turnout in the participatory budget", "impact": 3, "feasibility": 4, "urgency": 2, "political_will": 5},
    {"problem": "Opaque allocation of land plots", "impact": 4, "feasibility": 2, "urgency": 3, "political_will": 1},
]


def test_the_handbook_example_is_ranked_with_its_weights():
    ranked = rank(EXAMPLE_CRITERIA, EXAMPLE_PROBLEMS)
    assert [(r.rank, r.total) for r in ranked] == [(1, 37), (2, 26), (3, 25), (4, 23)]
    assert ranked[0].problem == "Unclear order of reconstruction repairs"
    assert ranked[0].scores == {"impact": 5, "feasibility": 4, "urgency": 5, "political_will": 4}


def test_weights_match_names_in_any_order_and_language_then_position():
    assert weights([{"name": "Політична воля", "weight": 4}, {"name": "ВПЛИВ", "weight": "2"}]) == {
        "impact": 2, "feasibility": 1, "urgency": 1, "political_will": 4}
    assert weights([{"name": "political_will", "weight": 5}, {"name": "Urgency (1-5)", "weight": 2}])[
        "political_will"] == 5
    # names the matrix does not know take the column at their position
    assert weights([{"name": "Значення для людей", "weight": 3}, {"name": "Ресурси", "weight": 2}]) == {
        "impact": 3, "feasibility": 2, "urgency": 1, "political_will": 1}
    # a missing or broken weight counts 1, a negative one 0
    assert weights([{"name": "Impact", "weight": ""}, {"name": "Feasibility", "weight": "abc"},
                    {"name": "Urgency", "weight": -2}]) == {
        "impact": 1, "feasibility": 1, "urgency": 0, "political_will": 1}
    assert weights([]) == dict.fromkeys(CRITERIA, 1)


def test_ties_share_a_rank_and_keep_the_table_order():
    problems = [{"problem": "A", "impact": 2, "feasibility": 2}, {"problem": "B", "impact": 5, "feasibility": 5},
                {"problem": "C", "impact": 3, "feasibility": 1}, {"problem": "D", "impact": 1}]
    ranked = rank([], problems)
    assert [(r.problem, r.rank, r.total) for r in ranked] == [("B", 1, 10), ("A", 2, 4), ("C", 2, 4), ("D", 4, 1)]


def test_missing_scores_count_zero_and_scores_are_clamped():
    ranked = rank(default_criteria("uk"), [
        {"problem": "Без оцінок"}, {"problem": "Частково", "impact": "4", "urgency": ""},
        {"problem": "Забагато", "impact": 9, "feasibility": 0, "urgency": "2,5", "political_will": "x"},
        {"problem": "", "impact": "", "notes": "лише примітка"}])
    by_name = {r.problem: r for r in ranked}
    assert set(by_name) == {"Без оцінок", "Частково", "Забагато"}
    assert by_name["Без оцінок"].total == 0 and by_name["Без оцінок"].missing == CRITERIA
    assert by_name["Частково"].total == 4 and by_name["Частково"].scores["urgency"] is None
    assert by_name["Забагато"].scores == {"impact": 5, "feasibility": 1, "urgency": 2.5, "political_will": None}
    assert by_name["Забагато"].total == 8.5 and by_name["Забагато"].rank == 1


def test_default_criteria_in_both_languages():
    assert [c["name"] for c in default_criteria("en")] == ["Impact", "Feasibility", "Urgency", "Political will"]
    assert [c["name"] for c in default_criteria("uk")] == ["Вплив", "Здійсненність", "Терміновість", "Політична воля"]
    assert all(c["weight"] == 1 for c in default_criteria("uk"))
    assert weights(default_criteria("uk")) == dict.fromkeys(CRITERIA, 1)


def test_chart_bars_are_ordered_highest_first_and_proportional():
    ranked = rank(EXAMPLE_CRITERIA, list(reversed(EXAMPLE_PROBLEMS)))
    svg = ranking_chart_svg(ranked, RANKING_LABELS["en"])
    root = parse(svg)
    assert_safe(svg, root)
    groups = [g for g in root.iterfind(".//s:g", NS) if g.get("class") == "ranked"]
    bars = [g.find("s:rect[@class='bar']", NS) for g in groups]
    ys = [float(b.get("y")) for b in bars]
    widths = [float(b.get("width")) for b in bars]
    assert ys == sorted(ys)  # top to bottom
    assert [g.get("data-total") for g in groups] == ["37", "26", "25", "23"]
    assert widths == sorted(widths, reverse=True)
    assert abs(widths[1] / widths[0] - 26 / 37) < 0.01
    assert "Unclear order of reconstruction repairs" in all_text(groups[0])


def test_chart_escapes_labels_and_handles_empty_and_zero():
    ranked = rank([], [{"problem": "<img src=x onerror=alert(1)> & «лапки»", "impact": 1},
                       {"problem": "Нуль"}])
    svg = ranking_chart_svg(ranked, RANKING_LABELS["uk"])
    root = parse(svg)
    assert_safe(svg, root)
    assert "<img" not in svg and "&lt;img" in svg
    empty = ranking_chart_svg([], RANKING_LABELS["uk"])
    assert "Оцініть проблеми" in all_text(parse(empty))
    zero = parse(ranking_chart_svg(rank([], [{"problem": "Нуль"}])))
    assert float(zero.find(".//s:rect[@class='bar']", NS).get("width")) == 0
