"""The step-tool exercises of the second edition open, save and export like the others."""

from tests.web.test_exercises import open_work, setup  # noqa: F401

NEW = ("team-roles-skills", "communications-plan", "validation-endorsement",
       "progress-meeting-record", "end-of-commitment-assessment", "engagement-plan")


def test_new_exercises_open_save_and_export(client, setup):  # noqa: F811
    cohort, _people = setup
    client.login("gov@example.org")
    for exercise_id in NEW:
        work_id = open_work(client, cohort, exercise_id)
        page = client.get(f"/works/{work_id}")
        assert page.status_code == 200, exercise_id
        assert client.post(f"/works/{work_id}", {"version": "1"}).status_code in (302, 422), exercise_id
        assert client.get(f"/works/{work_id}/export.md").status_code == 200, exercise_id
