import json

from tests.web.test_exercises import autosave, open_work, setup  # noqa: F401  (fixture)

STRONG = {
    "title": "Publish reconstruction spending as open data every month",
    "problem": "Residents cannot see how reconstruction money is spent; 68% say they lack information.",
    "status_quo": "Reports are published twice a year as scanned PDF files; 0 datasets exist.",
    "action": "The finance department will publish every reconstruction payment on the open data portal.",
    "expected_results": "12 monthly datasets published; 500 downloads; residents report fewer complaints.",
    "long_term_goal": "Public trust in how the hromada spends reconstruction funds.",
    "ogp_values": ["Transparency / access to information", "Public accountability"],
    "lead_agency": "Finance Department of the City Council",
    "start_date": "2027-01-01", "end_date": "2027-12-31",
    "milestones": [{"output": "Publish the first dataset", "start_date": "2027-01-01",
                    "end_date": "2027-02-28", "responsible": "Finance Department"}],
}
SHORT = {**STRONG, "end_date": "2027-06-30",
         "milestones": [{"output": "Publish the data", "start_date": "2027-01-01",
                         "end_date": "2027-02-28", "responsible": ""}]}


def test_smart_check_cli_object_and_array(plain_runner, tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps(STRONG), encoding="utf-8")
    result = plain_runner.invoke(args=["smart-check", str(single)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data["criteria"]) == ["specific", "measurable", "answerable", "relevant", "time_bound",
                                      "verifiable", "actionable", "realistic"]
    assert {r["rule"] for r in data["rules"]} >= {"min_duration_one_year"}
    many = tmp_path / "many.json"
    many.write_text(json.dumps([STRONG, SHORT, {"text": "Відділ цифрової трансформації оприлюднить "
                                                        "дані про закупівлі до 31.12.2027"}]),
                    encoding="utf-8")
    results = json.loads(plain_runner.invoke(args=["smart-check", str(many)]).output)
    assert len(results) == 3 and results[0]["score"] > results[1]["score"]
    short_rule = next(r for r in results[1]["rules"] if r["rule"] == "min_duration_one_year")
    assert not short_rule["ok"] and "6 months" in short_rule["message"]


def test_smart_check_cli_answers_a_bad_item_in_its_place(plain_runner, tmp_path):
    row = {"organisation": "Pryrichna City Council", "branch": "Finance Department",
           "contact": "Olena Koval", "title": "Head of department", "email": "finance@example.org",
           "role": "lead"}
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{**STRONG, "lead_agency": row}, {"title": ["not", "text"]},
                                {**STRONG, "lead_agency": {"organisation": 5}}]), encoding="utf-8")
    result = plain_runner.invoke(args=["smart-check", str(many)])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert len(answers) == 3 and answers[0]["criteria"]["answerable"]["verdict"] == "met"
    assert "Finance Department" in " ".join(answers[0]["criteria"]["answerable"]["evidence"])
    assert answers[1] == {"index": 1, "error": "invalid",
                          "message": "'title' must be text or {\"en\": ..., \"uk\": ...}"}
    assert answers[2]["error"] == "invalid" and "'lead_agency.organisation'" in answers[2]["message"]
    assert f"{many}: item 1: 'title' must be text" in result.stderr


def test_smart_check_cli_bad_input(plain_runner, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x",\n "oops"}', encoding="utf-8")
    result = plain_runner.invoke(args=["smart-check", str(broken)])
    assert result.exit_code == 1 and f"{broken}:2: invalid JSON" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text("42", encoding="utf-8")
    assert plain_runner.invoke(args=["smart-check", str(wrong)]).exit_code == 1


def test_smart_check_json_route(client, make_user):
    make_user("participant", email="p@example.org")
    client.login("p@example.org")
    token = client.csrf()
    response = client.raw.post("/api/smart-check?lang=uk", json=SHORT, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    messages = " ".join(r["message"] for r in response.json["rules"])
    assert "6" in messages and "місяц" in messages
    batch = client.raw.post("/api/smart-check?lang=uk", json=[SHORT, {"lead_agency": 7}],
                            headers={"X-CSRFToken": token})
    assert batch.status_code == 200 and batch.json[0]["score"] == response.json["score"]
    assert batch.json[1] == {"index": 1, "error": "invalid", "message":
                             "'lead_agency' must be text or an object with organisation, branch, "
                             "contact, title, email, role"}
    assert client.raw.post("/api/smart-check", json=SHORT).status_code == 400  # no CSRF token
    bad = client.raw.post("/api/smart-check", data="[1,", headers={"X-CSRFToken": token,
                                                               "Content-Type": "application/json"})
    assert bad.status_code == 400


def test_commitment_page_shows_the_check_live_and_the_score_across_versions(client, setup):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "commitment-template")
    weak = autosave(client, work_id, 1, title="Website", action="Make a website")
    assert weak.status_code == 200
    smart = next(c for c in weak.json["checks"] if c["name"] == "smart")
    fields = {k: v for k, v in STRONG.items() if isinstance(v, str)}
    fields.update({"ogp_values": "0", "milestones-0-output": "Publish the first dataset",
                   "milestones-0-start_date": "2027-01-01", "milestones-0-end_date": "2027-02-28",
                   "milestones-0-responsible": "Finance Department"})
    strong = autosave(client, work_id, 2, **fields)
    better = next(c for c in strong.json["checks"] if c["name"] == "smart")
    assert better["score"] > smart["score"]
    page = client.get(f"/works/{work_id}").get_data(as_text=True)
    assert "v2" in page and "v3" in page and f'value="{better["score"]}"' in page


def test_the_page_names_each_criterion_in_the_reader_s_language(client, setup):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    work_id = open_work(client, cohort, "commitment-template")
    saved = autosave(client, work_id, 1, title="Website", action="Make a website")
    smart = next(c for c in saved.json["checks"] if c["name"] == "smart")
    labels = [f["message"].split(":")[0] for f in smart["findings"][:8]]
    assert labels == ["Конкретність", "Вимірюваність", "Відповідальність", "Доречність",
                      "Визначеність у часі", "Перевірюваність", "Дієвість", "Реалістичність"]
    page = client.get(f"/works/{work_id}").get_data(as_text=True)
    assert "Визначеність у часі:" in page and "time_bound:" not in page and "specific:" not in page
