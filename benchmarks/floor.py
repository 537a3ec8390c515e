"""The floor: the least a page behind a login costs on this stack (issue 21). A Flask app
with Flask-Login over the same session cookie format, the user loaded by primary key, one
ORM query and a ~19 KB Jinja page, served by the same gunicorn (2 sync workers) on the same
database. Every figure of the web benchmark is a multiple of this page's cost in the same run.

`gunicorn 'benchmarks.floor:app'` with DATABASE_URL and SPILNO_SECRET_KEY set; `cookie(uid)`
makes the signed session cookie of a user.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, g, render_template
from flask_login import LoginManager, current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from app.auth.models import User
from app.db import make_engine
from app.registry.models import Municipality


def create_floor_app() -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).with_name("floor_templates")))
    app.config["SECRET_KEY"] = os.environ.get("SPILNO_SECRET_KEY", "bench")
    engine = make_engine(os.environ.get("DATABASE_URL", "sqlite://"))
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    login = LoginManager(app)

    def db():
        if "db" not in g:
            g.db = sessions()
        return g.db

    @app.teardown_appcontext
    def close(_error):
        session = g.pop("db", None)
        if session is not None:
            session.close()

    @login.user_loader
    def load(user_id: str):
        return db().get(User, int(user_id))  # by primary key

    @app.get("/floor")
    @login_required
    def floor():
        rows = db().scalars(select(Municipality)
                            .where(Municipality.oblast == (current_user.municipality.oblast
                                   if current_user.municipality_id else "Київська"))
                            .order_by(Municipality.id).limit(40)).all()
        return render_template("floor.html", user=current_user, rows=rows)

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app


def cookie(secret: str, user_id: int) -> str:
    """The floor's session cookie for `user_id` (Flask-Login's _user_id, signed)."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret
    value = app.session_interface.get_signing_serializer(app).dumps(
        {"_user_id": str(user_id), "_fresh": True})
    return f"session={value}"


if os.environ.get("DATABASE_URL"):
    app = create_floor_app()
