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

The vertical metrics of a font (ascent, descent and line gap, which
``Text._get_layout`` reads from the font file's tables for every text it lays
out) are kept the same way, through the hook matplotlib's PDF and PostScript
renderers use (``_get_font_height_metrics``), computed as ``Text._get_layout``
computes them. An Agg renderer measures at its own resolution, which is the
figure's; an SVG renderer only exists inside ``savefig``, where the figure is at
72 dpi.

Whole text layouts are kept too. ``Text._get_layout`` (the box of a text and
the offsets of its lines, relative to its anchor) runs several times for every
tick label in each layout and drawing pass; its result depends only on the text,
its font, alignment, rotation and line spacing, the renderer and the figure's
resolution, never on where the text sits, so it is kept under those (a copy of
the box is handed out each time).

Math text, TeX and wrapped text are measured and laid out as before (their result
depends on many more settings).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Largest number of measurements kept (each holds its text and a copy of its
#: font properties; a country run adds a few hundred); the table is emptied when
#: full, which only costs re-measuring.
MAX_ENTRIES = 50_000

_RC_KEYS = ("font.family", "font.sans-serif", "font.serif", "font.monospace",
            "font.cursive", "font.fantasy", "text.hinting", "text.hinting_factor",
            "text.kerning_factor", "text.antialiased")

_table: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_lock = threading.Lock()
_depth = 0
_saved: list[tuple[type, Callable[..., Any], bool]] = []
_saved_layout: list[Callable[..., Any]] = []
_rc_state: list[tuple[Any, ...]] = []


def _renderer_classes() -> list[tuple[type, float | None]]:
    """The renderers that share measurements, with the resolution the figure has
    while each one draws (None: the renderer's own ``dpi``)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_svg import RendererSVG

    return [(RendererAgg, None), (RendererSVG, 72.0)]


def _rc_snapshot() -> tuple[Any, ...]:
    import matplotlib

    values = []
    for key in _RC_KEYS:
        value = matplotlib.rcParams[key]  # type: ignore[index]  # stubs: Literal keys
        values.append(tuple(value) if isinstance(value, list) else value)
    return tuple(values)


def _current_rc() -> tuple[Any, ...]:
    # another thread may still be measuring as the last block ends
    return _rc_state[-1] if _rc_state else _rc_snapshot()


def _remember(key: tuple[Any, ...], measure: Callable[[], Any]) -> Any:
    found = _table.get(key)
    if found is None:
        found = measure()
        if len(_table) >= MAX_ENTRIES:
            _table.clear()
        _table[key] = found
    return found


def _measuring(cls: type, original: Callable[..., Any]) -> Callable[..., Any]:
    def get_text_width_height_descent(self: Any, s: str, prop: Any,
                                      ismath: Any) -> Any:
        if ismath:
            return original(self, s, prop, ismath)
        # FontProperties hash on their current (mutable) state: key on a copy
        key = (cls, getattr(self, "dpi", None), s, prop.copy(), _current_rc())
        return _remember(key, lambda: original(self, s, prop, ismath))

    get_text_width_height_descent.__doc__ = original.__doc__
    return get_text_width_height_descent


def _laying_out(original: Callable[..., Any],
                renderers: tuple[type, ...]) -> Callable[..., Any]:
    from matplotlib.transforms import Bbox

    def _get_layout(self: Any, renderer: Any) -> Any:
        text = self._text
        figure = self.get_figure(root=True)
        # a mixed-mode (SVG) renderer measures with the renderer it wraps
        measuring = getattr(renderer, "_renderer", renderer)
        if (figure is None or self._wrap or self.get_usetex()
                or (self._parse_math and "$" in text)
                or type(measuring) not in renderers):
            return original(self, renderer)
        key = ("layout", type(measuring), getattr(measuring, "dpi", None), figure.dpi,
               text, self._fontproperties.copy(), self._linespacing,
               self._multialignment, self._horizontalalignment,
               self._verticalalignment, self.get_rotation(), self._rotation_mode,
               _current_rc())
        points, lines, box = _remember(
            key, lambda: _kept_layout(original(self, renderer)))
        return Bbox(points.copy()), list(lines), box

    _get_layout.__doc__ = original.__doc__
    return _get_layout


def _kept_layout(layout: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    bbox, lines, box = layout
    return bbox.get_points().copy(), tuple(lines), box


def _font_height_metrics(prop: Any, dpi: float) -> tuple[Any, Any, Any]:
    """Ascent, descent and line gap of ``prop``'s font, as ``Text._get_layout``
    computes them when a renderer has no ``_get_font_height_metrics``."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))  # noqa: SLF001
    for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)  # type: ignore[call-overload]  # stubs
        if table is None:
            continue
        # every TrueType font has a head table; the stubs say it may be None
        scale = (1 / font.get_sfnt_table("head")["unitsPerEm"]  # type: ignore[index]
                 * prop.get_size_in_points() * dpi / 72)
        return (table[ascent_key] * scale, -table[descent_key] * scale,
                table[gap_key] * scale)
    return None, None, None


def _height_metrics(cls: type, fixed_dpi: float | None) -> Callable[..., Any]:
    def _get_font_height_metrics(self: Any, prop: Any) -> tuple[Any, Any, Any]:
        dpi = fixed_dpi or getattr(self, "dpi", None)
        if dpi is None:
            return None, None, None  # matplotlib measures as usual
        key = ("height", cls, dpi, prop.copy(), _current_rc())
        return _remember(key, lambda: _font_height_metrics(prop, dpi))  # type: ignore[no-any-return]

    return _get_font_height_metrics


@contextmanager
def shared_text_metrics() -> Iterator[None]:
    """Let the Agg and SVG renderers share text measurements inside this block.

    Re-entrant; the renderers get their own methods back when the outermost
    block ends. Settings are read when a block starts: change fonts outside it.
    """
    global _depth
    with _lock:
        if _depth == 0:
            for cls, fixed_dpi in _renderer_classes():
                original = cls.__dict__["get_text_width_height_descent"]
                added = not hasattr(cls, "_get_font_height_metrics")
                _saved.append((cls, original, added))
                cls.get_text_width_height_descent = _measuring(cls, original)  # type: ignore[attr-defined]
                if added:
                    cls._get_font_height_metrics = _height_metrics(cls, fixed_dpi)  # type: ignore[attr-defined]
            from matplotlib.text import Text

            _saved_layout.append(Text.__dict__["_get_layout"])
            # _get_layout is private: not in matplotlib's stubs
            Text._get_layout = _laying_out(  # type: ignore[method-assign, attr-defined]
                _saved_layout[-1], tuple(cls for cls, _, _ in _saved))
        _depth += 1
        _rc_state.append(_rc_snapshot())
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                while _saved:
                    cls, original, added = _saved.pop()
                    cls.get_text_width_height_descent = original  # type: ignore[attr-defined]
                    if added:
                        del cls._get_font_height_metrics  # type: ignore[attr-defined]
                from matplotlib.text import Text

                Text._get_layout = (  # type: ignore[method-assign, attr-defined]
                    _saved_layout.pop())
            _rc_state.pop()


def clear() -> None:
    """Forget every measurement (for tests, or after installing fonts)."""
    _table.clear()


def size() -> int:
    """How many measurements are kept."""
    return len(_table)
