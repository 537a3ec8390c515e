"""The WSGI entry for gunicorn with --preload: `gunicorn --preload 'app.wsgi:app'`.

The master builds the app, the course (parsed Markdown and YAML), the compiled templates and the
translation catalogues once, before it forks: every worker starts warm and shares those pages
of memory with the others (copy-on-write) instead of building its own copy on its first
request. No database connection is opened here (the engine's pool stays empty until a worker
serves a request), so no connection is shared across the fork.
"""

from __future__ import annotations

import gc

from app import create_app


def warm(application) -> None:
    """Build what every worker would otherwise build on its first pages."""
    from flask_babel import force_locale, get_translations

    from app.content.services import library

    with application.app_context():
        library()
        env = application.jinja_env
        for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".txt"))):
            env.get_template(name)
    with application.test_request_context("/"):
        for lang in ("uk", "en"):
            with force_locale(lang):
                get_translations()
    application.extensions["db_engine"].dispose()  # nothing opened, nothing to share


app = create_app()
warm(app)
# what the master built stays put: the collector no longer writes into those objects, so the
# workers keep sharing their pages instead of copying them (copy-on-write)
gc.freeze()
