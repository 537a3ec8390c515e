"""The Spilno application factory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from config import config_class

if TYPE_CHECKING:  # Flask is imported by create_app: `spilno deck` imports app/ without it
    from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """config -> extensions -> blueprints -> CLI. Nothing else."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_class())
    if overrides:
        app.config.update(overrides)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:  # behind that many reverse proxies: the client's address, scheme and host
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore[method-assign]
                                x_host=proxies)

    from app import db, extensions

    db.init_app(app)
    extensions.init_app(app)

    from app.admin.routes import bp as admin_bp
    from app.auth.routes import bp as auth_bp
    from app.content.routes import bp as content_bp
    from app.decks.routes import bp as decks_bp
    from app.exercises.routes import bp as exercises_bp
    from app.main.routes import bp as main_bp
    from app.orientation.routes import bp as orientation_bp
    from app.pathway.routes import bp as pathway_bp
    from app.quizzes.routes import bp as quizzes_bp
    from app.scheduling.routes import bp as scheduling_bp

    for blueprint in (main_bp, auth_bp, admin_bp, content_bp, scheduling_bp, decks_bp,
                      exercises_bp, quizzes_bp, orientation_bp, pathway_bp):
        app.register_blueprint(blueprint)

    from app.pathway.services import may_lead_municipal_cohort

    # scheduling asks this rule without importing the pathway floor (app/scheduling/policy.py)
    app.extensions["lead_policy"] = may_lead_municipal_cohort

    from app import reactions

    reactions.connect()

    from app.auth.reset_routes import bp as password_bp  # issue 17: people and live sessions
    from app.materials.routes import bp as materials_bp
    from app.scheduling.live.routes import bp as live_bp

    for blueprint in (password_bp, live_bp, materials_bp):
        app.register_blueprint(blueprint)

    from app.plans.routes import bp as plans_bp  # issue 19: from training to an action plan

    app.register_blueprint(plans_bp)

    from app.monitoring.routes import bp as monitoring_bp  # issue 20: the plan kept alive

    app.register_blueprint(monitoring_bp)

    from app.cli import register

    register(app)
    return app
