"""Errors that services raise for the user to read (field name + message)."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message for the user; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
