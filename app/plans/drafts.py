"""Drafts from the training: what a team's exercises give a commitment and the vision.

Pure: exercise data (the dicts ExerciseWork stores, by exercise id) in, the contract's
commitment JSON fields out, with the exercise each came from. The person then edits what was
pulled; nothing here is final.

- problem-tree           -> 7 problem (core problem, who is affected, root causes), 8 status quo (evidence)
- solutions-mapping      -> 9 action (the chosen solution, or the best-fitting one)
- commitment-support-network -> 6 other stakeholders (each contact and what is needed from them)
- cocreation-roadmap     -> 3 dates (and the plan period)
- strategic-vision       -> 11 long-term goal (medium-term goals); the whole vision A-I
- commitment-template    -> every field it has (the SMART exercise follows Annex 2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.plans import vocab

SOURCES = ("commitment-template", "problem-tree", "solutions-mapping",
           "commitment-support-network", "cocreation-roadmap", "strategic-vision")
VISION_FIELDS = {
    "foreword": "C", "intro_letter": "D", "long_term_vision": "E.1", "achievements": "E.2",
    "challenges": "E.3", "medium_term_goals": "E.4", "plan_contribution": "E.5",
    "policy_alignment": "E.6", "lead_institutions": "F.1", "coordination_arrangements": "F.2",
    "collaboration_spaces": "F.3", "diversity_measures": "F.4", "participant_groups": "F.5",
    "groups_count": "F.6", "meetings_count": "F.7", "continued_collaboration": "F.8",
    "monitoring_body": "G.1", "progress_discussions": "G.2", "agency_checkins": "G.3",
    "public_reporting": "G.4", "endorsements": "H", "documents": "I"}
TEMPLATE_TEXTS = ("title", "problem", "status_quo", "action", "expected_results",
                  "long_term_goal", "resources", "additional_info")


@dataclass
class Draft:
    """Commitment fields (contract JSON) and where each came from (field -> exercise id)."""

    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    period: tuple[str, str] | None = None     # the roadmap's plan period (ISO dates)

    def put(self, key: str, value: Any, source: str) -> None:
        if value in (None, "", [], {}):
            return
        self.fields[key] = value
        self.sources[key] = source


def _s(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _tree_lines(nodes: Any, depth: int = 0, limit: int = 2) -> list[str]:
    lines: list[str] = []
    if not isinstance(nodes, list) or depth >= limit:
        return lines
    for node in nodes:
        if isinstance(node, Mapping) and _s(node.get("text")):
            lines.append(f"{'  ' * depth}- {_s(node.get('text'))}")
            lines += _tree_lines(node.get("children"), depth + 1, limit)
    return lines


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def from_problem_tree(data: Mapping[str, Any], draft: Draft) -> None:
    parts = [_s(data.get("core_problem")), _s(data.get("affected_groups"))]
    causes = _tree_lines(data.get("causes"))
    if causes:
        parts.append("\n".join(causes))
    draft.put("problem", "\n\n".join(p for p in parts if p), "problem-tree")
    draft.put("status_quo", _s(data.get("evidence")), "problem-tree")


def from_solutions(data: Mapping[str, Any], draft: Draft) -> None:
    chosen = _s(data.get("chosen_solution"))
    if not chosen:
        rows = _rows(data.get("solutions"))
        good = [r for r in rows if r.get("fit") == "good"] or rows
        if good:
            chosen = _s(good[0].get("solution"))
    draft.put("action", chosen, "solutions-mapping")


def from_support_network(data: Mapping[str, Any], draft: Draft) -> None:
    rows = []
    for row in _rows(data.get("network")):
        name = _s(row.get("name"))
        if not name or row.get("contact_status") == "declined":
            continue
        rows.append({"organisation": name, "role": _s(row.get("need"))})
    draft.put("other_stakeholders", rows, "commitment-support-network")


def from_roadmap(data: Mapping[str, Any], draft: Draft) -> None:
    start, end = _s(data.get("plan_start")), _s(data.get("plan_end"))
    if start and end:
        draft.period = (start, end)
        draft.put("start_date", start, "cocreation-roadmap")
        draft.put("end_date", end, "cocreation-roadmap")


def from_vision(data: Mapping[str, Any], draft: Draft) -> None:
    goal = _s(data.get("medium_term_goals")) or _s(data.get("long_term_vision"))
    draft.put("long_term_goal", goal, "strategic-vision")


def _checked(value: Any, items: Sequence[str], labels: dict[str, vocab.Label]) -> list[str]:
    keys: list[str] = []
    for index in value if isinstance(value, list) else []:
        if isinstance(index, int) and 0 <= index < len(items):
            label = vocab.lookup(labels, items[index])
            if label and label.key not in keys:
                keys.append(label.key)
    return keys


def from_template(data: Mapping[str, Any], draft: Draft,
                  items: Mapping[str, Sequence[str]]) -> None:
    source = "commitment-template"
    for key in TEMPLATE_TEXTS:
        draft.put(key, _s(data.get(key)), source)
    for key in ("start_date", "end_date"):
        draft.put(key, _s(data.get(key)), source)
    if _s(data.get("lead_agency")):
        draft.put("lead_agency", {"organisation": _s(data.get("lead_agency")),
                                  "role": _s(data.get("lead_agency_contact"))}, source)
    if _s(data.get("lead_non_government")):
        draft.put("lead_non_government", {"organisation": _s(data.get("lead_non_government"))},
                  source)
    draft.put("other_stakeholders", [
        {"organisation": _s(r.get("organisation")), "contact": _s(r.get("contact_name")),
         "title": _s(r.get("position")), "email": _s(r.get("email")), "role": _s(r.get("role"))}
        for r in _rows(data.get("other_stakeholders")) if _s(r.get("organisation"))], source)
    draft.put("policy_areas", _checked(data.get("policy_areas"), items.get("policy_areas", ()),
                                       vocab.POLICY_AREA), source)
    draft.put("sectors", _checked(data.get("sectors"), items.get("sectors", ()), vocab.SECTOR),
              source)
    draft.put("ogp_values", _checked(data.get("ogp_values"), items.get("ogp_values", ()),
                                     vocab.OGP_VALUE), source)
    if data.get("resources_secured") in vocab.SECURED:
        draft.put("resources_secured", data["resources_secured"], source)
    draft.put("milestones", [
        {"output": _s(r.get("output")), "start_date": _s(r.get("start_date")),
         "end_date": _s(r.get("end_date")), "responsible": _s(r.get("responsible")),
         "contact": _s(r.get("contact_person"))}
        for r in _rows(data.get("milestones")) if _s(r.get("output"))], source)


def commitment_draft(works: Mapping[str, Mapping[str, Any]],
                     items: Mapping[str, Sequence[str]] | None = None) -> Draft:
    """The training's exercises as a commitment draft. The dedicated exercises (problem tree,
    solutions, network, roadmap, vision) win over the commitment exercise for their fields."""
    draft = Draft()
    if "commitment-template" in works:
        from_template(works["commitment-template"], draft, items or {})
    steps = (("cocreation-roadmap", from_roadmap), ("strategic-vision", from_vision),
             ("problem-tree", from_problem_tree), ("solutions-mapping", from_solutions),
             ("commitment-support-network", from_support_network))
    for exercise_id, step in steps:
        if exercise_id in works and not (exercise_id == "cocreation-roadmap"
                                         and "start_date" in draft.fields):
            step(works[exercise_id], draft)
    return draft


def vision_draft(data: Mapping[str, Any]) -> dict[str, Any]:
    """The strategic-vision exercise as the plan's Annex 1 items (texts, F.6 and F.7 counts)."""
    out: dict[str, Any] = {}
    for source, key in VISION_FIELDS.items():
        value = data.get(source)
        if key in vocab.VISION_NUMBERS:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out[key] = int(value)
        elif isinstance(value, list):
            text = "\n".join(_s(v) for v in value if _s(v))
            if text:
                out[key] = text
        elif _s(value):
            out[key] = _s(value)
    return out
