"""Static SVG charts: well-formed, accessible, themed by CSS, numbers also in a table."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from generator.site.charts import Point, Stack, bar_chart, mini_bars, nice_ceiling, step_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 1),
        (1, 1),
        (1.2, 2),
        (2, 2),
        (2.2, 2.5),
        (3, 5),
        (7, 10),
        (10, 10),
        (11, 20),
        (1380, 2000),
    ],
)
def test_nice_ceiling(value: float, expected: float) -> None:
    assert nice_ceiling(value) == expected


def parse(figure: str) -> ET.Element:
    """The figure parses as XML: every tag closed, every attribute quoted, text escaped."""
    return ET.fromstring(figure)


def points() -> list[Point]:
    return [
        Point(datetime(2021, 3, 1, tzinfo=UTC), 800, "800 words"),
        Point(datetime(2022, 7, 1, tzinfo=UTC), 1900, "1,900 words"),
        Point(datetime(2023, 1, 1, tzinfo=UTC), 1000, "1,000 words"),
    ]


def test_step_chart_is_accessible_and_has_a_table() -> None:
    figure = parse(
        step_chart(
            "c1",
            "Length of <Acme>",
            "Grew & shrank",
            points(),
            until=datetime(2024, 1, 1, tzinfo=UTC),
            value_label="Length",
            second_scale=(" min", 250.0),
            legend="words",
        )
    )
    svg = figure.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.findtext(f"{SVG}title") == "Length of <Acme>"
    assert svg.findtext(f"{SVG}desc") == "Grew & shrank"
    cells = [td.text for td in figure.iter("td")]
    assert cells == [
        "2021-03-01",
        "800 words",
        "2022-07-01",
        "1,900 words",
        "2023-01-01",
        "1,000 words",
    ]
    # One dot per observation, each with its own tooltip.
    dots = svg.findall(f"{SVG}circle")
    assert [d.findtext(f"{SVG}title") for d in dots][1] == "2022-07-01: 1,900 words"
    # The right axis shows minutes: 2,000 words at the top = 8 minutes.
    ticks = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2,000" in ticks and "8 min" in ticks
    # Years are marked on the time axis.
    assert {"2022", "2023", "2024"} <= set(ticks)


def test_step_line_holds_each_value_until_the_next_version() -> None:
    svg = parse(
        step_chart("c", "t", "d", points(), until=datetime(2024, 1, 1, tzinfo=UTC), value_label="v")
    ).find(f"{SVG}svg")
    path = svg.find(f"{SVG}path").get("d")  # type: ignore[union-attr]
    assert path.count("H") == 3 and path.count("V") == 2  # type: ignore[union-attr]
    xs = [float(c.get("cx")) for c in svg.findall(f"{SVG}circle")]  # type: ignore[arg-type,union-attr]
    assert xs == sorted(xs)


def test_colours_come_from_css_classes_not_inline_colours() -> None:
    chart = step_chart(
        "c", "t", "d", points(), until=datetime(2024, 1, 1, tzinfo=UTC), value_label="v"
    ) + bar_chart("b", "t", "d", ["2021"], [Stack("substantive", "substantive", (2,))])
    assert "fill=" not in chart and "stroke=" not in chart and "#" not in chart.split("<desc")[0]


def test_bar_chart_stacks_and_totals() -> None:
    stacks = [
        Stack("substantive", "substantive", (1, 0, 3)),
        Stack("editorial", "editorial", (2, 0, 1)),
    ]
    figure = parse(bar_chart("b", "Changes per year", "d", ["2021", "2022", "2023"], stacks))
    rects = list(figure.iter(f"{SVG}rect"))
    assert len(rects) == 4  # zero values draw nothing
    titles = [r.findtext(f"{SVG}title") for r in rects]
    assert titles == [
        "2021: 1 substantive",
        "2021: 2 editorial",
        "2023: 3 substantive",
        "2023: 1 editorial",
    ]
    # Heights are proportional: the 2023 column (4) is the tallest, its stacks touch.
    heights = [float(r.get("height")) for r in rects]  # type: ignore[arg-type]
    assert heights[2] == pytest.approx(3 * heights[0])
    y_sub, h_sub = float(rects[2].get("y")), heights[2]  # type: ignore[arg-type]
    assert float(rects[3].get("y")) + heights[3] == pytest.approx(y_sub)  # type: ignore[arg-type]
    assert h_sub > 0
    rows = [[td.text for td in tr.iter("td")] for tr in figure.iter("tr")][1:]
    assert rows == [["2021", "1", "2", "3"], ["2022", "0", "0", "0"], ["2023", "3", "1", "4"]]


def test_mini_bars_title_lists_the_numbers() -> None:
    cell = mini_bars("Acme <x>: changes per year", ["2021", "2022"], [3, 0])
    svg = ET.fromstring(cell.split(" <span")[0].removeprefix('<span class="pw-minibars__cell">'))
    assert svg.findtext(f"{SVG}title") == "Acme <x>: changes per year (2021: 3, 2022: 0)"
    assert len(svg.findall(f"{SVG}rect")) == 1
    assert cell.endswith('<span class="pw-minibars__total">3</span></span>')
