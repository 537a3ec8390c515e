"""The request's translations object (issue 21): `_()` in templates and `label` look the
catalogue up once per request, yet follow the language of each request and of force_locale."""

from __future__ import annotations

from flask_babel import force_locale, refresh

from app.templating import label, translations


def test_labels_and_template_texts_follow_the_request_language(app):
    page = app.jinja_env.from_string(
        "{{ _('Participant') }}|{{ role|label('role') }}|"
        "{{ ngettext('%(num)d day', '%(num)d days', 2) }}|{{ _('%(n)s < %(m)s', n=1, m='<b>') }}")
    with app.test_request_context("/", headers={"Accept-Language": "en"}), force_locale("uk"):
        # (the msgid's own '<' is trusted, as in Jinja's new-style gettext)
        assert page.render(role="participant") == "Учасник|Учасник|2 дні|1 < &lt;b&gt;"
        with force_locale("en"):  # an e-mail in another language inside the request
            assert page.render(role="participant") == "Participant|Participant|2 days|1 < &lt;b&gt;"
            assert label("trainer", "role") == "Trainer"
        assert label("trainer", "role") == "Тренер"
        assert translations().gettext("Participant") == "Учасник"
    with app.test_request_context("/"), force_locale("en"):  # a new request starts afresh
        assert label("participant", "role") == "Participant"
        assert label(None, "role") == "—" and label("unknown", "role") == "unknown"


def test_a_refreshed_locale_is_seen(app):
    with app.test_request_context("/"), force_locale("uk"):
        assert label("absent", "attendance") == "відсутній"
        refresh()  # Flask-Babel forgets the locale: the next look-up finds it again
        assert label("absent", "attendance") == "відсутній"
