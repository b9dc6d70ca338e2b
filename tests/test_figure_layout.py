"""The one-pass figure layout (reporting._style.fit_layout) keeps every text inside
the figure, for the shapes of chart the reports draw."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.patches import Patch
from matplotlib.text import Text

from gcm_analysis.reporting import figure_svg
from gcm_analysis.reporting._style import new_figure

LONG = "Renforcer la coopération internationale et les partenariats mondiaux"


def _bars_long_labels(label_chars: int = 55, legend_chars: int = 30):
    fig = new_figure(8.0, 6.0)
    ax = fig.subplots()
    ax.barh(range(23), np.arange(23), label="need")
    ax.set_yticks(range(23),
                  [f"{i}. {LONG[: label_chars - 20 + i]}" for i in range(23)],
                  fontsize=8)
    ax.set_xlabel("Score de besoin (0-100 ; 50 = médiane des pairs ; plus élevé = "
                  "plus de besoin)")
    ax.set_title("Objectifs du Pacte classés selon les besoins")
    ax.legend(handles=[Patch(label=LONG[:legend_chars])], loc="center left", fontsize=7,
              bbox_to_anchor=(1.0, 0.5))
    return fig


def _heatmap_with_colorbar_and_notes():
    fig = new_figure(11.0, 9.5)
    ax = fig.subplots()
    image = ax.imshow(np.arange(23 * 12).reshape(23, 12), aspect="auto")
    ax.set_xticks(range(12), [f"indicator {i} {LONG[:30]}" for i in range(12)],
                  rotation=60, ha="right")
    ax.set_yticks(range(23), [LONG[: 10 + i] for i in range(23)])
    fig.colorbar(image, ax=ax, shrink=0.6).set_label("score (percentile)")
    fig.legend(handles=[Patch(label="no data")], loc="lower left")
    fig.text(0.01, 0.01, "A note under the chart " + LONG)
    fig.suptitle("What drives each objective's need score")
    return fig


def _grid_of_three():
    fig = new_figure(8.5, 9.0)
    axes = fig.subplots(3, 1)
    for k, ax in enumerate(axes):
        ax.barh(range(5 + k), np.ones(5 + k))
        ax.set_yticks(range(5 + k), [LONG[: 40 + k] for _ in range(5 + k)])
        ax.set_title(f"Panel {k}")
    axes[-1].set_xlabel("Score (0-3)")
    return fig


def _texts_of_every_kind():
    """The same strings with other alignments, rotations and spacings, a multi-line
    title, math text, wrapped text and a boxed annotation."""
    fig = new_figure(8.0, 5.0)
    ax = fig.subplots()
    ax.plot([0, 1, 2], [3, 1, 2])
    ax.set_title("Budget by year\nscenario B", loc="center")
    for k, (ha, va, rotation, mode) in enumerate([
            ("left", "bottom", 0, "default"), ("right", "top", 30, "anchor"),
            ("center", "center", 30, "default"), ("center", "baseline", 90, "anchor"),
            ("right", "center_baseline", 45, "default")]):
        ax.text(0.2 + 0.3 * k, 1.5, "Objective 23\ncooperation", ha=ha, va=va,
                rotation=rotation, rotation_mode=mode, linespacing=1 + 0.5 * k,
                multialignment=("left", "right", "center")[k % 3], fontsize=8 + k)
    ax.text(0.1, 2.5, r"share $\alpha$ of the gap", fontsize=9)
    ax.text(0.1, 2.8, LONG + " " + LONG, wrap=True, fontsize=8)
    ax.annotate("peak", (1, 1), xytext=(1.5, 2.6), bbox={"boxstyle": "round"},
                arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("Year")
    return fig


@pytest.mark.parametrize("build", [_bars_long_labels, _heatmap_with_colorbar_and_notes,
                                   _grid_of_three])
def test_every_text_inside_the_figure(build):
    fig = build()
    figure_svg(fig)  # lays the figure out, as a report does
    width, height = fig.get_size_inches()
    renderer = RendererAgg(int(width * fig.dpi), int(height * fig.dpi), fig.dpi)
    drawn = fig.get_tightbbox(renderer)  # inches: everything that is drawn
    tolerance = 0.01  # inch
    assert drawn.x0 >= -tolerance and drawn.x1 <= width + tolerance, drawn
    assert drawn.y0 >= -tolerance and drawn.y1 <= height + tolerance, drawn
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(texts) > 5


def test_axes_do_not_overlap_in_a_grid():
    fig = _grid_of_three()
    figure_svg(fig)
    boxes = sorted((ax.get_position() for ax in fig.axes), key=lambda b: -b.y0)
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower.y1 < upper.y0


def test_layout_is_applied_once_and_output_is_deterministic():
    first, second = _bars_long_labels(), _bars_long_labels()
    assert figure_svg(first) == figure_svg(second)
    assert figure_svg(first) == figure_svg(first)  # a second render moves nothing


def test_labels_wider_than_the_figure_still_leave_an_axes():
    fig = _bars_long_labels(label_chars=90, legend_chars=90)
    figure_svg(fig)
    box = fig.axes[0].get_position()
    assert box.width >= 0.19 and box.height > 0.5


def _plain_svg(fig) -> str:
    """What figure_svg draws, without the shared text measurements."""
    import io

    import matplotlib

    from gcm_analysis.reporting import SVG_RC
    from gcm_analysis.reporting._style import fit_layout

    fit_layout(fig)
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _plain_png(fig) -> bytes:
    import io

    from gcm_analysis.reporting._style import fit_layout

    fit_layout(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


@pytest.mark.parametrize("build", [_bars_long_labels, _heatmap_with_colorbar_and_notes,
                                   _grid_of_three, _texts_of_every_kind])
def test_shared_text_measurements_change_no_byte(build):
    from matplotlib.backends.backend_agg import RendererAgg as Agg
    from matplotlib.backends.backend_svg import RendererSVG

    from gcm_analysis.reporting import _metrics, figure_png

    methods = (Agg.get_text_width_height_descent,
               RendererSVG.get_text_width_height_descent,
               Text._get_layout)
    _metrics.clear()
    first = figure_svg(build())     # fills the table
    assert _metrics.size() > 20
    assert any(key[0] == "height" for key in _metrics._table)
    assert any(key[0] == "layout" for key in _metrics._table)
    again = figure_svg(build())     # measured from the table
    assert first == again == _plain_svg(build())
    # PNG measurements (Agg, 110 dpi) do not leak into SVG ones, nor back
    png = figure_png(build())
    assert figure_svg(build()) == first
    _metrics.clear()
    assert figure_png(build()) == png == _plain_png(build())
    # the renderers get their own methods back
    assert (Agg.get_text_width_height_descent,
            RendererSVG.get_text_width_height_descent, Text._get_layout) == methods
    assert not hasattr(Agg, "_get_font_height_metrics")
    assert not hasattr(RendererSVG, "_get_font_height_metrics")


def test_shared_text_measurements_follow_font_settings():
    import matplotlib

    from gcm_analysis.reporting import _metrics

    _metrics.clear()
    figure_svg(_grid_of_three())
    plain = figure_svg(_grid_of_three())
    figures = [_grid_of_three(), _grid_of_three()]
    # same font properties ("sans-serif"), another font behind them: the layout is
    # measured in DejaVu Serif
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Serif"]}):
        serif = figure_svg(figures[0])
        _metrics.clear()
        assert figure_svg(figures[1]) == serif != plain


def _pairs_differing_in_one_setting():
    fig = new_figure(8.0, 5.0)
    ax = fig.subplots()
    base = {"ha": "left", "va": "bottom", "rotation": 30, "rotation_mode": "default",
            "linespacing": 1.2, "multialignment": "left", "fontsize": 9}
    changes = [{"ha": "right"}, {"va": "top"}, {"rotation": 60},
               {"rotation_mode": "anchor"}, {"linespacing": 2.0},
               {"multialignment": "right"}, {"fontsize": 12}]
    for k, change in enumerate(changes):
        for j, kwargs in enumerate((base, {**base, **change})):
            ax.text(0.1 + 0.12 * k, 0.2 + 0.4 * j, "Objective 23\nwide cooperation",
                    **kwargs)
    return fig


def test_text_layouts_are_kept_apart_by_every_setting():
    """Two texts that differ in one setting only never share a layout."""
    from gcm_analysis.reporting import _metrics

    _metrics.clear()
    assert figure_svg(_pairs_differing_in_one_setting()) == _plain_svg(
        _pairs_differing_in_one_setting())


def test_tick_labels_are_written_in_the_chart_language():
    from gcm_analysis.reporting._style import style_axes

    def ticks(lang, scale):
        fig = new_figure()
        ax = fig.subplots()
        ax.plot([0, 1.5], [0, 2.5 * scale])
        style_axes(ax, lang)
        figure_svg(fig)
        return ([t.get_text() for t in ax.get_xticklabels()],
                [t.get_text() for t in ax.get_yticklabels()],
                ax.yaxis.get_offset_text().get_text())

    en_x, _, _ = ticks("en", 1)
    fr_x, fr_y, _ = ticks("fr", 1)
    assert "0.4" in en_x and "0,4" in fr_x and not any("." in t for t in fr_x + fr_y)
    fr_x, fr_y, offset = ticks("fr", 1e-7)  # a scale written once, as an offset text
    assert offset == "1e−7" and "0,5" in fr_y
