"""The demo action plan (app/demo/vinnytsia_plan.json) that `spilno seed --demo` stores:
it passes `spilno action-plan check`, and every text is written in both languages."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner

from app.plans import vocab
from app.plans.cli import action_plan_group

ROOT = Path(__file__).resolve().parents[2]
PLAN_FILE = ROOT / "app" / "demo" / "vinnytsia_plan.json"
CODE = "UA05020030000031457"   # Vinnytsia city hromada


def test_the_demo_plan_passes_the_action_plan_check():
    result = CliRunner().invoke(action_plan_group, ["check", str(PLAN_FILE)])
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["ok"] is True, [r for r in answer["rules"] if not r["ok"]]
    assert len(answer["commitments"]) == 5
    assert all("criteria" in report for report in answer["commitments"])


def _texts(value, where=""):
    """Every {"en", "uk"} pair in the plan, with where it is."""
    if isinstance(value, dict):
        if set(value) == {"en", "uk"}:
            yield where, value
            return
        for key, item in value.items():
            yield from _texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")


def test_the_demo_plan_is_vinnytsias_and_bilingual_throughout():
    data = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    assert [j["code"] for j in data["jurisdictions"]] == [CODE]
    assert len(data["commitments"]) == 5
    texts = list(_texts(data))
    assert len(texts) > 100
    half = [where for where, text in texts if not (text["en"].strip() and text["uk"].strip())]
    assert half == []
    for c in data["commitments"]:
        for key in vocab.REQUIRED_TEXTS:
            assert set(c[key]) == {"en", "uk"}, (c["number"], key)
        assert 2 <= len(c["milestones"]) <= 4
        assert c["lead_non_government"] and c["other_stakeholders"]
    for key in vocab.VISION_REQUIRED:
        section = data["vision"][key.split(".")[0]]
        assert (section[key] if "." in key else section), key


def test_the_demo_plan_ships_with_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "demo/*.json" in project["tool"]["setuptools"]["package-data"]["app"]
