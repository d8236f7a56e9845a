"""Errors the services raise; handlers turn them into polite answers (see handlers/errors.py)."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the errors a user may cause. `key` is a locale message id, `args` its variables."""

    key = "error-generic"

    def __init__(self, key: str | None = None, **kwargs: object) -> None:
        self.key = key or self.key
        self.kwargs = kwargs
        super().__init__(self.key)


class PermissionDenied(ServiceError):
    key = "error-permission"


class NotFound(ServiceError):
    key = "error-not-found"


class ValidationFailed(ServiceError):
    key = "error-validation"


class ConsentRequired(ServiceError):
    key = "error-consent-required"


class Outdated(ServiceError):
    """A button from an old or forged menu: it no longer matches anything."""

    key = "error-outdated"
