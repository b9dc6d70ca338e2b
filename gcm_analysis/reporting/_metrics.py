"""Text measurements shared by every figure a process renders.

matplotlib measures each text (its width, height and descent, by shaping it with
FreeType) once per renderer, and every ``savefig`` makes a new renderer: the 19
figures of a country run re-measure the same objective titles, tick labels and
legend entries, and a batch re-measures them for every country. Shaping is most
of the cost of laying out and drawing text. While :func:`shared_text_metrics` is
active, the Agg (PNG) and SVG renderers look a measurement up in one table kept
for the life of the process, keyed on everything the result depends on: the
renderer type and resolution, the text, its font properties and the font and
hinting settings. The numbers are the ones matplotlib computes, so figures are
the same bytes with or without the table (a test checks).

Math text and TeX are measured as before (their result depends on many more
settings).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Largest number of measurements kept (about 200 bytes each); the table is
#: emptied when full, which only costs re-measuring.
MAX_ENTRIES = 50_000

_RC_KEYS = ("font.family", "font.sans-serif", "font.serif", "font.monospace",
            "font.cursive", "font.fantasy", "text.hinting", "text.hinting_factor",
            "text.kerning_factor", "text.antialiased")

_table: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_lock = threading.Lock()
_depth = 0
_saved: list[tuple[type, Callable[..., Any]]] = []
_rc_state: list[tuple[Any, ...]] = []


def _renderer_classes() -> list[type]:
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_svg import RendererSVG

    return [RendererAgg, RendererSVG]


def _rc_snapshot() -> tuple[Any, ...]:
    import matplotlib

    values = []
    for key in _RC_KEYS:
        value = matplotlib.rcParams[key]
        values.append(tuple(value) if isinstance(value, list) else value)
    return tuple(values)


def _measuring(cls: type, original: Callable[..., Any]) -> Callable[..., Any]:
    def get_text_width_height_descent(self: Any, s: str, prop: Any,
                                      ismath: Any) -> Any:
        if ismath:
            return original(self, s, prop, ismath)
        # FontProperties hash on their current (mutable) state: key on a copy
        key = (cls, getattr(self, "dpi", None), s, prop.copy(), _rc_state[-1])
        found = _table.get(key)
        if found is None:
            found = original(self, s, prop, ismath)
            if len(_table) >= MAX_ENTRIES:
                _table.clear()
            _table[key] = found
        return found

    get_text_width_height_descent.__doc__ = original.__doc__
    return get_text_width_height_descent


@contextmanager
def shared_text_metrics() -> Iterator[None]:
    """Let the Agg and SVG renderers share text measurements inside this block.

    Re-entrant; the renderers get their own methods back when the outermost
    block ends. Settings are read when a block starts: change fonts outside it.
    """
    global _depth
    with _lock:
        if _depth == 0:
            for cls in _renderer_classes():
                original = cls.__dict__["get_text_width_height_descent"]
                _saved.append((cls, original))
                cls.get_text_width_height_descent = _measuring(cls, original)  # type: ignore[attr-defined]
        _depth += 1
        _rc_state.append(_rc_snapshot())
    try:
        yield
    finally:
        with _lock:
            _rc_state.pop()
            _depth -= 1
            if _depth == 0:
                while _saved:
                    cls, original = _saved.pop()
                    cls.get_text_width_height_descent = original  # type: ignore[attr-defined]


def clear() -> None:
    """Forget every measurement (for tests, or after installing fonts)."""
    _table.clear()


def size() -> int:
    """How many measurements are kept."""
    return len(_table)
