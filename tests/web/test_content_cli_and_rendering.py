import json

from app.content.markdown import render_html
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "content"


def test_content_check_passes_on_everything_shipped(plain_runner):
    result = plain_runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "5 modules, 19 exercises, 2 session plans: 0 errors" in result.output


def test_content_check_json_lists_modules_exercises_and_plans(plain_runner):
    result = plain_runner.invoke(args=["content", "check", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [m["duration_min"] for m in data["modules"]] == [60, 150, 150, 60, 60]
    assert all({"id", "title", "duration_min", "path"} <= set(m) for m in data["modules"])
    assert data["modules"][0]["path"] == "modules/01-basic-concepts.md"
    assert len(data["exercises"]) >= 13 and {"tot-two-day", "online-five-week"} == \
        {p["id"] for p in data["session_plans"]}


def test_content_check_of_a_faulty_file_prints_file_line_and_exits_1(plain_runner):
    path = FIXTURES / "bad-gap.md"
    result = plain_runner.invoke(args=["content", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:16: block starts at 0:15 but the previous one ends at 0:10" in result.output


def test_content_check_warnings_exit_0(plain_runner):
    path = FIXTURES / "warn-long-bullet.md"
    result = plain_runner.invoke(args=["content", "check", str(path)])
    assert result.exit_code == 0
    assert f"{path}:10: warning: bullet of 100 characters" in result.output


def test_content_check_of_a_missing_file(plain_runner):
    result = plain_runner.invoke(args=["content", "check", "nope.md"])
    assert result.exit_code == 1 and "nope.md:1: file not found" in result.output


def test_raw_html_and_scripts_come_out_inert():
    html = render_html('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
                       'Text <b onclick="x()">bold</b>')
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_http_https_and_mailto_links():
    html = render_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) "
                       "[d](https://opengovpartnership.org) [e](mailto:info@example.org) "
                       "[f](JaVaScRiPt:alert(1))")
    assert 'href="javascript' not in html.lower() and "data:text" not in html.split("[b]")[0]
    assert html.count("<a ") == 2
    assert 'href="https://opengovpartnership.org"' in html and 'href="mailto:info@example.org"' in html


def test_cyrillic_text_is_intact_and_notes_are_hidden_unless_asked():
    text = "## Спільне творення\n\nГромада та мешканці — разом. Мар’яна й Мар'яна.\n\n::: notes\nДля тренерів\n:::\n"
    hidden = render_html(text)
    assert "Спільне творення" in hidden and "Мар’яна й Мар'яна" in hidden
    assert "Для тренерів" not in hidden
    shown = render_html(text, show_notes=True, notes_label="Нотатки")
    assert '<aside class="notes" data-label="Нотатки">' in shown and "Для тренерів" in shown


def test_notes_blocks_keep_every_line():
    from app.content.markdown import sections

    blocks = sections("## A\n\n::: notes\nline one\nline two\n:::\n\nafter\n")[1].blocks
    assert blocks[0].text == "line one\nline two"
    assert blocks[1].text == "after"
