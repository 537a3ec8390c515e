"""Certificates and the read-only API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.orientation.models import ApiToken, Certificate, OrientationCompletion
from app.registry.models import Municipality

# --- certificates and the API ---------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"


def issue_certificate(db: Session, kind: str, *, user_id: int | None = None,
                      municipality_id: int | None = None, module_id: str = "",
                      plan_id: str = "") -> Certificate:
    """The certificate for this achievement, issued once (the same code every time)."""
    existing = db.scalar(select(Certificate).where(
        Certificate.kind == kind, Certificate.user_id.is_(user_id) if user_id is None else
        Certificate.user_id == user_id,
        Certificate.municipality_id.is_(None) if municipality_id is None else
        Certificate.municipality_id == municipality_id,
        Certificate.module_id == module_id, Certificate.plan_id == plan_id))
    if existing is not None:
        return existing
    code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    certificate = Certificate(code=code, kind=kind, user_id=user_id, municipality_id=municipality_id,
                              module_id=module_id, plan_id=plan_id)
    db.add(certificate)
    db.flush()
    return certificate


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(db: Session, name: str) -> str:
    token = secrets.token_urlsafe(32)
    db.add(ApiToken(name=name[:100], token_hash=token_digest(token)))
    db.flush()
    return token


def valid_api_token(db: Session, token: str) -> bool:
    if not token:
        return False
    return db.scalar(select(ApiToken.id).where(ApiToken.token_hash == token_digest(token),
                                               ApiToken.revoked_at.is_(None))) is not None


def orientation_of(db: Session, code: str) -> dict[str, Any] | None:
    municipality = db.scalar(select(Municipality).where(Municipality.code == (code or "").upper()))
    if municipality is None:
        return None
    completion = db.scalar(select(OrientationCompletion).where(
        OrientationCompletion.municipality_id == municipality.id,
        OrientationCompletion.revoked_at.is_(None)))
    return {"code": municipality.code, "name_uk": municipality.name_uk,
            "name_en": municipality.name_en, "oblast": municipality.oblast,
            "orientation_completed": completion is not None,
            "completed_at": completion.completed_at.isoformat() if completion else None,
            "rule_version": completion.rule_version if completion else None,
            "plan": completion.plan_id if completion else None}

