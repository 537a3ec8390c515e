"""Pictures a trainer would draw, made of native shapes (editable in PowerPoint and Impress):
the co-creation cycle's five phases and 18 steps, the shape of a problem tree, and the OGP
Local calendar of a plan's reports and deadlines. Every shape is named "Diagram: ...";
text is sized by the same estimates as the rest of the deck so that it stays in its box."""

from __future__ import annotations

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn

from app.content.course import Phase
from app.decks.builder.metrics import EMU_PER_INCH, INSET_X, INSET_Y, Box, _fit_size
from app.decks.builder.text import A_P, A_PPR, _fill_lines, _paragraphs, _write

BLUE, DARK_BLUE, YELLOW, INK, WHITE = "0057B7", "003D82", "FFD700", "1F2937", "FFFFFF"
PALE_BLUE, PALE_YELLOW, GREY = "E6EEF8", "FFF4BF", "6B7280"
SHAPE_SIZES = (16, 15, 14, 13, 12, 11)
SMALL_SIZES = (16, 15, 14, 13, 12, 11, 10, 9)


def inches(value: float) -> int:
    return int(value * EMU_PER_INCH)


def _box(shapes, name: str, kind, box: Box, fill: str, text: str, colour: str = INK,
         line: str = "", bold: bool = False, sizes: tuple[float, ...] = SHAPE_SIZES,
         align: str = "ctr"):
    shape = shapes.add_shape(kind, box.left, box.top, box.width, box.height)
    shape.name = f"Diagram: {name}"
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)
    else:
        shape.fill.background()
    if line:
        shape.line.color.rgb = RGBColor.from_string(line)
        shape.line.width = 12700
    else:
        shape.line.fill.background()
    _no_theme_style(shape)
    if text:
        _text(shape, text, box, colour, bold, sizes, align)
    return shape


def _no_theme_style(shape) -> None:
    """No theme effects (Office's default shape style adds a shadow and a gradient): the
    fill, line and text colours are set on the shape itself."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _text(shape, text: str, box: Box, colour: str, bold: bool, sizes: tuple[float, ...],
          align: str) -> None:
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = INSET_X
    frame.margin_top = frame.margin_bottom = INSET_Y
    size, fitted = _fitted(shape.auto_shape_type, box, text, sizes, bold)
    tx_body = frame._txBody
    _fill_lines(tx_body, [(fitted, size)], bold=bold, colour=colour)
    for p in tx_body.iter(A_P):
        p.insert(0, etree.Element(A_PPR, algn=align))


def _fitted(kind, box: Box, text: str, sizes: tuple[float, ...], bold: bool) -> tuple[float, str]:
    """The largest size (and the text, shortened only as a last resort) that fits the part of
    a shape that holds its text: a chevron's points and a rounded corner take some room, and
    bold glyphs run about a tenth wider than the average the estimate uses."""
    width, height = box.width, box.height
    if kind in (MSO_SHAPE.CHEVRON, MSO_SHAPE.PENTAGON):
        width -= box.height // 2 * (2 if kind == MSO_SHAPE.CHEVRON else 1)
    elif kind == MSO_SHAPE.ROUNDED_RECTANGLE:
        trim = min(box.width, box.height) // 8
        width, height = width - trim, height - trim
    if bold:
        width = width * 9 // 10
    return _fit_size(text, Box(box.left, box.top, width, height), sizes)


def _line(shapes, name: str, x1: int, y1: int, x2: int, y2: int, colour: str = GREY,
          width: int = 19050):
    connector = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x1, y1, x2, y2)
    connector.name = f"Diagram: {name}"
    connector.line.color.rgb = RGBColor.from_string(colour)
    connector.line.width = width
    _no_theme_style(connector)
    return connector


# --- the co-creation cycle ------------------------------------------------------------------


def draw_cycle(shapes, area: Box, phases: tuple[Phase, ...], lang: str) -> None:
    """Five phase chevrons across the slide, each with its steps stacked below."""
    columns = max(1, len(phases))
    gap = inches(0.12)
    width = (area.width - gap * (columns - 1)) // columns
    head = inches(0.9)
    most = max((len(p.steps) for p in phases), default=1)
    step_gap = inches(0.1)
    top = area.top + head + inches(0.2)
    step_height = min(inches(1.0), (area.top + area.height - top - step_gap * (most - 1)) // most)
    uk = lang == "uk"
    heads, steps = [], []
    for n, phase in enumerate(phases):
        left = area.left + n * (width + gap)
        title = phase.title_uk if uk and phase.title_uk else phase.title
        heads.append((phase, MSO_SHAPE.PENTAGON if n == 0 else MSO_SHAPE.CHEVRON,
                      Box(left, area.top, width + gap, head), f"{phase.number}. {title}"))
        for k, step in enumerate(phase.steps):
            name = step.title_uk if uk and step.title_uk else step.title
            steps.append((step, Box(left, top + k * (step_height + step_gap),
                                    width - inches(0.1), step_height), f"{step.id} {name}"))
    # one size for all the phases and one for all the steps, as a trainer would draw them
    head_size = min(_fitted(kind, box, text, (15, 14, 13, 12, 11), True)[0]
                    for _, kind, box, text in heads)
    step_size = max(12, min(_fitted(MSO_SHAPE.ROUNDED_RECTANGLE, box, text, SHAPE_SIZES,
                                    False)[0] for _, box, text in steps))
    for n, (phase, kind, box, text) in enumerate(heads):
        _box(shapes, f"phase {phase.number}", kind, box, BLUE if n % 2 == 0 else DARK_BLUE,
             text, WHITE, bold=True, sizes=(head_size,))
    for step, box, text in steps:
        _box(shapes, f"step {step.id}", MSO_SHAPE.ROUNDED_RECTANGLE, box, PALE_BLUE, text, INK,
             line=BLUE, sizes=tuple(z for z in SMALL_SIZES if z <= step_size) or SMALL_SIZES)


# --- the problem tree -----------------------------------------------------------------------


def draw_tree(shapes, area: Box, words: dict[str, str]) -> None:
    """Effects as branches on top, the core problem as the trunk, causes and their root
    causes below, joined by lines; a label column on the left names each level."""
    label_width = inches(2.3)
    left = area.left + label_width
    width = area.width - label_width
    row = area.height // 4
    box_height = row - inches(0.35)
    levels = (("effects", words["effects"]), ("problem", words["problem"]),
              ("causes", words["causes"]), ("roots", words["roots"]))
    for n, (key, label) in enumerate(levels):
        _box(shapes, f"label {key}", MSO_SHAPE.RECTANGLE,
             Box(area.left, area.top + n * row, label_width - inches(0.2), box_height), "",
             label, BLUE, bold=True, sizes=(16, 14, 13, 12), align="l")
    third = width // 3
    effects, causes, roots = [], [], []
    for k in range(3):
        box = Box(left + k * third + inches(0.25), area.top, third - inches(0.5), box_height)
        effects.append(_box(shapes, f"effect {k + 1}", MSO_SHAPE.ROUNDED_RECTANGLE, box,
                            PALE_YELLOW, words["effect"], INK, line="B8860B"))
    trunk = Box(left + width // 4, area.top + row, width // 2, box_height)
    _box(shapes, "core problem", MSO_SHAPE.RECTANGLE, trunk, BLUE, words["problem_box"], WHITE,
         bold=True)
    for k in range(3):
        box = Box(left + k * third + inches(0.25), area.top + 2 * row, third - inches(0.5),
                  box_height)
        causes.append((_box(shapes, f"cause {k + 1}", MSO_SHAPE.ROUNDED_RECTANGLE, box,
                            PALE_BLUE, words["cause"], INK, line=BLUE), box))
        half = (third - inches(0.3)) // 2
        for j in range(2):
            root = Box(left + k * third + inches(0.15) + j * (half + inches(0.05)),
                       area.top + 3 * row, half - inches(0.05), box_height)
            roots.append((_box(shapes, f"root {k + 1}.{j + 1}", MSO_SHAPE.ROUNDED_RECTANGLE,
                               root, WHITE, words["root"], INK, line=BLUE,
                               sizes=SMALL_SIZES), root, box))
    trunk_mid = trunk.left + trunk.width // 2
    for k, shape in enumerate(effects):
        _line(shapes, f"link effect {k + 1}", shape.left + shape.width // 2, shape.top + shape.height,
              trunk_mid, trunk.top)
    for k, (_, box) in enumerate(causes):
        _line(shapes, f"link cause {k + 1}", trunk_mid, trunk.top + trunk.height,
              box.left + box.width // 2, box.top)
    for k, (_, root, cause) in enumerate(roots):
        _line(shapes, f"link root {k + 1}", cause.left + cause.width // 2,
              cause.top + cause.height, root.left + root.width // 2, root.top)


# --- the OGP Local calendar -----------------------------------------------------------------


def draw_calendar(shapes, area: Box, words: dict[str, str]) -> None:
    """A time line in months: the plan's start, its inception assessment (+2 months), the
    quarterly tracker updates, a commitment's end and its assessment (+1 month), the plan's
    end, the final learning exercise (+2 months) and the next plan (within 4 months)."""
    month = (area.width - inches(0.6)) // 19  # the plan drawn as 12 months, then 4 after it
    x0 = area.left + inches(0.3)
    axis_y = area.top + inches(2.2)
    callout_w, callout_h = inches(2.0), inches(1.2)

    def at(months: float) -> int:
        return x0 + int(months * month)

    plan_end = 13
    bar = Box(at(0), axis_y - inches(0.22), at(plan_end) - at(0), inches(0.44))
    _box(shapes, "action plan", MSO_SHAPE.RECTANGLE, bar, BLUE, "")
    _box(shapes, "action plan label", MSO_SHAPE.RECTANGLE,  # between the marks, on the bar
         Box(at(2.4), bar.top, at(8.6) - at(2.4), bar.height), "", words["plan_bar"], WHITE,
         bold=True, sizes=(15, 14, 13, 12, 11))
    after = Box(at(plan_end), axis_y - inches(0.1), at(plan_end + 4.6) - at(plan_end),
                inches(0.2))
    _box(shapes, "after the plan", MSO_SHAPE.RIGHT_ARROW, after, "C7D2E0", "")
    for q in range(1, 5):  # quarterly tracker ticks under the plan bar
        x = at(q * 3)
        _line(shapes, f"quarter {q}", x, bar.top + bar.height, x, bar.top + bar.height
              + inches(0.25), YELLOW, 38100)
    tracker = Box(area.left, area.top + area.height - inches(0.5), area.width, inches(0.5))
    _box(shapes, "quarterly tracker", MSO_SHAPE.RECTANGLE, tracker, "", words["quarterly"],
         INK, sizes=(16, 15, 14, 13, 12))
    events = (  # (months, above the line?, key)
        (0, True, "start"), (2, False, "inception"), (9, True, "commitment_end"),
        (10, False, "end_assessment"), (plan_end, True, "plan_end"),
        (plan_end + 2, False, "final_learning"), (plan_end + 4, True, "next_plan"))
    for months, above, key in events:
        x = at(months)
        top = axis_y - inches(0.5) - callout_h if above else bar.top + bar.height + inches(0.45)
        left = min(max(x - callout_w // 2, area.left), area.left + area.width - callout_w)
        _line(shapes, f"link {key}", x, top + callout_h if above else axis_y + inches(0.09),
              x, axis_y - inches(0.09) if above else top, DARK_BLUE, 12700)
        _box(shapes, key, MSO_SHAPE.ROUNDED_RECTANGLE, Box(left, top, callout_w, callout_h),
             PALE_YELLOW if key in ("inception", "end_assessment", "final_learning")
             else PALE_BLUE, words[key], INK, line=DARK_BLUE, sizes=(14, 13, 12, 11, 10))
        dot = Box(x - inches(0.09), axis_y - inches(0.09), inches(0.18), inches(0.18))
        _box(shapes, f"{key} mark", MSO_SHAPE.OVAL, dot, YELLOW, "", line=DARK_BLUE)


# --- an exercise's card ---------------------------------------------------------------------

LABEL_PT = 18
TILE_FILLS = {"task": PALE_BLUE, "time": PALE_YELLOW, "grouping": "EEF2F7", "output": "EEF2F7"}


def draw_card(shapes, area: Box, fields: list[tuple[str, str, str]]) -> None:
    """An exercise as a trainer's slide: the task across the top, then tiles for the time
    (large), the grouping and the output; each tile a label above its text."""
    gap = inches(0.25)
    top = area.top
    rest = list(fields)
    if rest and rest[0][0] == "task":
        key, label, text = rest.pop(0)
        height = inches(2.1)
        _tile(shapes, key, Box(area.left, top, area.width, height), label, text,
              (26, 24, 22, 20, 18))
        top += height + gap
    if not rest:
        return
    width = (area.width - gap * (len(rest) - 1)) // len(rest)
    height = area.top + area.height - top
    for n, (key, label, text) in enumerate(rest):
        sizes = (40, 36, 32, 28, 24, 20) if key == "time" else (24, 22, 20, 18, 16)
        _tile(shapes, key, Box(area.left + n * (width + gap), top, width, height), label, text,
              sizes)


def _tile(shapes, key: str, box: Box, label: str, text: str, sizes: tuple[float, ...]) -> None:
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, box.left, box.top, box.width, box.height)
    shape.name = f"Exercise: {key}"
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(TILE_FILLS.get(key, PALE_BLUE))
    shape.line.fill.background()
    _no_theme_style(shape)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    inset = inches(0.2)
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
    label_height = int(LABEL_PT * 1.22 * 12700) + inches(0.12)
    inner = Box(box.left + inset - INSET_X, box.top + inset - INSET_Y + label_height,
                box.width - 2 * inset + 2 * INSET_X, box.height - 2 * inset + 2 * INSET_Y
                - label_height)
    size, fitted = _fit_size(text, inner, sizes)
    head, body = _paragraphs(frame._txBody, 2)
    head.append(etree.Element(A_PPR))
    _write(head, label.rstrip(":"), LABEL_PT, bold=True, colour=BLUE)
    ppr = etree.SubElement(body, A_PPR)
    etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts"), val="600")
    _write(body, fitted, size, bold=key == "time", colour=DARK_BLUE if key == "time" else INK)
