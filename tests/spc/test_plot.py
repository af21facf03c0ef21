"""coqi.spc.plot and coqi.spc.icons: charts as accessible SVG and PNG, icons as standalone SVG."""

from __future__ import annotations

import types
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from coqi.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS, icon_svg
from coqi.spc.mdc import ShortGroupWarning, xmr
from coqi.spc.plot import describe, plot, save, to_svg

SVG = "{http://www.w3.org/2000/svg}"


def ae_like(facets=("RAS",), n=24, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for facet in facets:
        values = rng.normal(2000, 150, n).round()
        values[-1] = 4000  # last point above the upper limit
        frames.append(
            pd.DataFrame({"org": facet, "month": pd.date_range("2020-01-01", periods=n, freq="MS"), "breaches": values})
        )
    return pd.concat(frames, ignore_index=True)


def test_svg_is_well_formed_with_title_and_desc_in_words():
    result = xmr(ae_like(), value="breaches", date="month", improvement_direction="decrease", target=1000)
    svg = to_svg(result, title="A&E breaches")
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "A&E breaches"
    assert desc is not None
    text = desc.text
    assert "breaches" in text
    assert "4,000" in text  # the latest value
    assert "concern" in text  # last point above the limit, and lower is better
    assert "consistently be missed" in text  # the target is below the lower limit: fail
    assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}


def test_svg_is_deterministic():
    result = xmr(ae_like(), value="breaches", date="month")
    assert to_svg(result) == to_svg(result)


def test_description_without_target_or_limits():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortGroupWarning)
        result = xmr(ae_like(n=1), value="breaches", date="month")
    _, desc = describe(result)
    assert "no process limits" in desc
    assert "no target" in desc


def test_png_is_written(tmp_path):
    result = xmr(ae_like(), value="breaches", date="month")
    path = save(result, tmp_path / "chart.png", annotations={"2020-06-01": "PDSA 1"})
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 5000


def test_unknown_suffix_is_refused(tmp_path):
    result = xmr(ae_like(), value="breaches", date="month")
    with pytest.raises(ValueError, match=".gif"):
        save(result, tmp_path / "chart.gif")


def test_facets_become_small_multiples():
    result = xmr(ae_like(facets=("A", "B", "C")), value="breaches", date="month", facet="org")
    fig = plot(result)
    titled = [ax for ax in fig.axes if ax.get_title(loc="left") in {"A", "B", "C"}]
    assert len(titled) == 3
    icon_axes = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("coqi-icon-")]
    assert {ax.get_gid() for ax in icon_axes} == {"coqi-icon-improvement_high"}
    assert len(icon_axes) == 3


def test_special_cause_points_are_coloured():
    result = xmr(ae_like(), value="breaches", date="month", improvement_direction="decrease")
    fig = plot(result, show_icons=False)
    colours = {tuple(np.round(c[:3], 3)) for s in fig.axes[0].collections for c in s.get_facecolors()}
    orange = (round(0xED / 255, 3), round(0x8B / 255, 3), 0.0)
    grey = (round(0x7F / 255, 3),) * 3
    assert orange in colours and grey in colours


def test_each_kind_of_point_has_its_own_shape_so_colour_is_not_needed():
    result = xmr(ae_like(), value="breaches", date="month", improvement_direction="decrease")
    fig = plot(result, show_icons=False)
    by_colour = {}
    for scatter in fig.axes[0].collections:
        colour = tuple(np.round(scatter.get_facecolors()[0][:3], 3)) if len(scatter.get_facecolors()) else None
        by_colour[colour] = scatter.get_paths()[0].vertices.round(3).tobytes()
    grey, orange = (round(0x7F / 255, 3),) * 3, (round(0xED / 255, 3), round(0x8B / 255, 3), 0.0)
    assert by_colour[grey] != by_colour[orange]


def test_no_text_is_smaller_than_min_font_size_and_phases_are_named():
    from matplotlib.text import Text

    result = xmr(ae_like(), value="breaches", date="month", rebase=["2020-07-01"])
    fig = plot(result, annotations={"2020-06-01": "1"}, group_names=["Phase 1", "Phase 2"], min_font_size=12)
    fig.canvas.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    assert sizes and min(sizes) >= 12
    assert "Phase 2" in [t.get_text() for t in fig.axes[0].texts]


def test_annotations_are_labelled_markers():
    result = xmr(ae_like(), value="breaches", date="month")
    fig = plot(result, annotations={"2020-06-01": "PDSA cycle 1"})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "PDSA cycle 1" in texts


def test_drawing_into_a_given_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    result = xmr(ae_like(), value="breaches", date="month")
    assert plot(result, ax=ax, title="mine") is fig
    assert ax.get_title() == "mine"
    multi = xmr(ae_like(facets=("A", "B")), value="breaches", date="month", facet="org")
    with pytest.raises(ValueError, match="2 facets"):
        plot(multi, ax=fig.add_subplot(2, 1, 2))


def qic_like() -> types.SimpleNamespace:
    """A result shaped like coqi.spc.qic's (qicharts2 columns), to check the qic drawing path on its own."""
    n = 20
    y = np.r_[np.full(n - 1, 10.0) + np.sin(np.arange(n - 1)), 25.0]
    points = pd.DataFrame(
        {
            "facet1": 1,
            "facet2": 1,
            "part": 1,
            "x": pd.date_range("2021-01-01", periods=n, freq="MS"),
            "y": y,
            "cl": 10.0,
            "lcl": 5.0,
            "ucl": 15.0,
            "sigma.signal": y > 15,
            "runs.signal": False,
            "notes": [None] * 5 + ["new protocol"] + [None] * (n - 6),
            "target": np.nan,
        }
    )
    return types.SimpleNamespace(points=points, summary=pd.DataFrame())


def test_qic_result_is_drawn_with_notes_and_described():
    result = qic_like()
    fig = plot(result, improvement="increase")
    assert "new protocol" in [t.get_text() for t in fig.axes[0].texts]
    svg = to_svg(result, measure="infections")
    desc = ET.fromstring(svg.encode()).find(f"{SVG}desc").text
    assert "1 point outside the control limits" in desc
    assert "infections" in desc


def test_plot_refuses_something_else():
    with pytest.raises(TypeError):
        plot(types.SimpleNamespace(points=pd.DataFrame({"a": [1]})))


@pytest.mark.parametrize("name", [*VARIATION_ICONS, *ASSURANCE_ICONS])
def test_icons_are_standalone_accessible_svg(name):
    root = ET.fromstring(icon_svg(name).encode())
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text
    assert root.findall(f"{SVG}circle")


def test_icons_differ_by_meaning():
    assert len({icon_svg(name) for name in [*VARIATION_ICONS, *ASSURANCE_ICONS]}) == 10
    assert ">H<" in icon_svg("improvement_high") and ">L<" in icon_svg("concern_low")
    assert "#00a9e0" in icon_svg("improvement_high") and "#ed8b00" in icon_svg("concern_high")


def test_unknown_icon():
    with pytest.raises(ValueError, match="unknown icon"):
        icon_svg("sparkly")


def test_excluded_qic_points_are_hollow():
    result = qic_like()
    result.points["include"] = True
    result.points.loc[3, "include"] = False
    fig = plot(result)
    hollow = [
        c
        for c in fig.axes[0].collections
        if len(c.get_offsets()) == 1 and len(c.get_facecolors()) and tuple(c.get_facecolors()[0][:3]) == (1.0, 1.0, 1.0)
    ]
    assert len(hollow) == 1
    assert hollow[0].get_offsets()[0][1] == pytest.approx(result.points["y"].iloc[3])


def test_many_facets_get_a_square_grid_with_icons():
    names = [f"T{i:02d}" for i in range(15)]
    result = xmr(ae_like(facets=names), value="breaches", date="month", facet="org")
    fig = plot(result)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left") in names]
    assert len(panels) == 15
    assert len({round(ax.get_position().x0, 3) for ax in panels}) == 4  # 4 columns for 15 panels
    assert sum((ax.get_gid() or "").startswith("coqi-icon-") for ax in fig.axes) == 15
