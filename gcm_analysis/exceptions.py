"""The product's own exceptions, in a module that imports nothing of the
package: the lowest layers (``paths``, ``io``) raise them without depending on
:mod:`gcm_analysis.errors`, whose messages are written through the catalogue
(:mod:`gcm_analysis.i18n`). :mod:`gcm_analysis.errors` re-exports both; import
them from there.
"""

from __future__ import annotations

from typing import Any, Protocol


class Renderable(Protocol):
    """A message that can be written in a language
    (:class:`gcm_analysis.errors.Text`)."""

    def render(self, lang: str = "en") -> str: ...


class GcmError(Exception):
    """Base class of every error the product raises on purpose.

    Raised with ``text=`` (a :class:`gcm_analysis.errors.Text`), the error can
    be written in any language (:meth:`render_in`); ``str()`` is the English."""

    # their public home: tracebacks, pickles and ``repr`` name them
    # ``gcm_analysis.errors.GcmError`` as before the move
    __module__ = "gcm_analysis.errors"
    text: Renderable | None = None

    def __init__(self, *args: Any, text: Renderable | None = None):
        if text is not None and not args:
            args = (text.render("en"),)
        super().__init__(*args)
        self.text = text

    def render_in(self, lang: str = "en") -> str:
        """The error's message in ``lang`` (English when it has no key)."""
        return str(self) if self.text is None else self.text.render(lang)


class ParameterError(GcmError):
    """A run parameter is unknown, of the wrong type or out of range."""

    __module__ = "gcm_analysis.errors"
