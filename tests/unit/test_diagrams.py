"""The problem tree SVG: layout without overlaps, wrapping, escaping, safe markup."""

from __future__ import annotations

import itertools
import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from app.exercises.diagrams import ELLIPSIS, WRAP_CHARS, problem_tree_svg, wrap_text

NS = {"s": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
CYRILLIC_200 = ("Мешканці пошкоджених багатоквартирних будинків не знають, коли і на якій "
                "підставі буде відремонтовано їхній будинок, тому звертаються до ради, "
                "ЦНАПу та гарячої лінії десятки разів щомісяця, а відповіді не отримують")[:200]


@dataclass(frozen=True)
class Box:
    kind: str
    depth: int
    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> float:
        return self.x + self.w / 2

    def overlaps(self, other: Box) -> bool:
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.bottom and other.y < self.bottom)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def boxes(root: ET.Element) -> list[Box]:
    out = []
    for group in root.iterfind(".//s:g", NS):
        classes = group.get("class", "").split()
        if "node" not in classes:
            continue
        rect = group.find("s:rect", NS)
        depth = int(next(c for c in classes if c.startswith("depth-")).split("-")[1])
        out.append(Box(classes[1], depth, *(float(rect.get(a)) for a in ("x", "y", "width",
                                                                          "height"))))
    return out


def random_tree(rng: random.Random, levels: int, prefix: str) -> list[dict]:
    if levels == 0:
        return []
    words = ["budget", "council", "residents", "data", "рада", "бюджет", "прозорість",
             "accountability", "procurement", "хто", "why"]
    return [{"text": f"{prefix}{i} " + " ".join(rng.choices(words, k=rng.randint(1, 12))),
             "children": random_tree(rng, levels - 1, f"{prefix}{i}.")}
            for i in range(rng.randint(1 if levels < 3 else 2, 4))]


def sample_svg(seed: int = 7) -> str:
    rng = random.Random(seed)
    return problem_tree_svg("Residents cannot see how reconstruction money is allocated",
                            random_tree(rng, 3, "c"), random_tree(rng, 2, "e"))


@pytest.mark.parametrize("seed", range(12))
def test_boxes_never_overlap_and_fit_the_canvas(seed: int) -> None:
    root = parse(sample_svg(seed))
    found = boxes(root)
    assert {b.kind for b in found} == {"core", "cause", "effect"}
    assert max(b.depth for b in found if b.kind == "cause") == 3
    assert max(b.depth for b in found if b.kind == "effect") == 2
    for a, b in itertools.combinations(found, 2):
        assert not a.overlaps(b), (a, b)
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    for b in found:
        assert b.x >= 0 and b.x + b.w <= width and b.y >= 0 and b.bottom <= height


def test_causes_below_and_effects_above_the_core() -> None:
    found = boxes(parse(sample_svg()))
    core = next(b for b in found if b.kind == "core")
    causes = [b for b in found if b.kind == "cause"]
    effects = [b for b in found if b.kind == "effect"]
    assert causes and effects
    assert all(b.y > core.bottom for b in causes)
    assert all(b.bottom < core.y for b in effects)
    # deeper roots further down, further consequences further up
    for kind, sign in (("cause", 1), ("effect", -1)):
        rows = {d: [b.y * sign for b in found if b.kind == kind and b.depth == d] for d in (1, 2)}
        assert max(rows[1]) < min(rows[2])


def test_parents_are_centred_over_their_children() -> None:
    causes = [{"text": "A", "children": [{"text": "A1"}, {"text": "A2"}, {"text": "A3"}]},
              {"text": "B", "children": [{"text": "B1"}]}]
    found = boxes(parse(problem_tree_svg("Core", causes, [])))
    by_depth = {d: sorted((b for b in found if b.kind == "cause" and b.depth == d),
                          key=lambda b: b.x) for d in (1, 2)}
    a, b = by_depth[1]
    a1, _a2, a3, b1 = by_depth[2]
    assert a.centre == pytest.approx((a1.centre + a3.centre) / 2)
    assert b.centre == pytest.approx(b1.centre)


def test_long_cyrillic_label_wraps_inside_its_box() -> None:
    assert len(CYRILLIC_200) == 200
    root = parse(problem_tree_svg("Core", [{"text": CYRILLIC_200}], []))
    group = next(g for g in root.iterfind(".//s:g", NS) if "cause" in g.get("class", ""))
    rect, text = group.find("s:rect", NS), group.find("s:text", NS)
    x, y, w, h = (float(rect.get(a)) for a in ("x", "y", "width", "height"))
    spans = text.findall("s:tspan", NS)
    assert len(spans) >= 4
    for element in [text, *spans]:
        assert x < float(element.get("x")) < x + w
        assert y < float(element.get("y")) < y + h
    for span in spans:
        assert 0 < len(span.text) <= WRAP_CHARS
    assert " ".join(s.text for s in spans).replace(ELLIPSIS, "") in CYRILLIC_200


def test_box_height_grows_with_the_number_of_lines() -> None:
    found = boxes(parse(problem_tree_svg("Core", [{"text": "Short"}, {"text": CYRILLIC_200}],
                                         [])))
    short, long = sorted((b for b in found if b.kind == "cause"), key=lambda b: b.h)
    assert long.h > short.h * 2


def test_wrap_text_breaks_words_and_caps_lines() -> None:
    assert wrap_text("one two three four five six seven") == ["one two three four",
                                                               "five six seven"]
    assert wrap_text("x" * 50) == ["x" * 22, "x" * 22, "x" * 6]
    capped = wrap_text("слово " * 100)
    assert len(capped) == 6 and capped[-1].endswith(ELLIPSIS)
    assert all(len(line) <= WRAP_CHARS for line in capped)
    assert wrap_text("   ") == []


def test_text_is_escaped_and_the_svg_stays_valid_xml() -> None:
    evil = '<script>alert("x")</script> & "quotes" \x00\x07'
    svg = problem_tree_svg(evil, [{"text": evil, "children": [{"text": "<b>&amp;"}]}],
                           [{"text": evil}])
    assert "<script" not in svg and "<b>" not in svg
    root = parse(svg)
    assert all(not el.tag.endswith(("script", "foreignObject")) for el in root.iter())
    texts = "".join(root.itertext())
    assert "<script>" in texts and "<b>&amp;" in texts
    assert "<script>" in root.get("aria-label")


def test_markup_is_safe_under_a_strict_csp() -> None:
    root = parse(sample_svg())
    assert root.get("role") == "img" and root.get("aria-label").startswith("Core problem: ")
    assert root.find("s:title", NS).text.startswith("Core problem: Residents")
    for element in root.iter():
        for name, value in element.attrib.items():
            assert name != "style" and not name.lower().startswith("on")
            assert "href" not in name
            if "url(" in value:
                assert value.startswith("url(#")
    fonts = {t.get("font-family") for t in root.iter(f"{SVG}text")}
    assert fonts == {"DejaVu Sans, Arial, sans-serif"}


def test_colours_mark_the_kind_of_box() -> None:
    fills = {b.get("class").split()[1]: b.find("s:rect", NS).get("fill")
             for b in parse(sample_svg()).iterfind(".//s:g", NS)}
    assert fills["core"] == "#8b1a1a"
    assert len(set(fills.values())) == 3


def test_empty_tree_shows_a_translatable_hint() -> None:
    root = parse(problem_tree_svg("  ", [{"text": "orphan"}], []))
    assert "Write the core problem" in "".join(root.itertext())
    assert float(root.get("width")) < 400 and float(root.get("height")) < 120
    root = parse(problem_tree_svg("", [], [], {"empty": "Напишіть <проблему>"}))
    assert "Напишіть <проблему>" in "".join(root.itertext())
    assert root.get("role") == "img"


def test_labels_are_translatable_and_blank_nodes_dropped() -> None:
    labels = {"core": "Основна проблема", "causes": "Причини", "effects": "Наслідки"}
    svg = problem_tree_svg("Проблема", [{"text": "", "children": []}, {"text": "Причина"}],
                           [{"text": "Наслідок"}, "not a node"], labels)  # type: ignore[list-item]
    root = parse(svg)
    texts = "".join(root.itertext())
    assert all(word in texts for word in ("Причини", "Наслідки", "Основна проблема"))
    assert [b.kind for b in boxes(root)].count("cause") == 1
