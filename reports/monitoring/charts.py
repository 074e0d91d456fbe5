"""Charts drawn on the server as SVG: no script, no CDN, and they print as they show.

Each series has its own colour, line pattern and marker shape, so it reads without colour too;
the page puts the same figures in a table beside the chart.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reports.monitoring.stats import PeriodPoint

WIDTH, HEIGHT = 640, 330
# Room on the left and below for the slanted period names; the legend sits on top.
LEFT, RIGHT, TOP, BOTTOM = 120, 24, 48, 100
LABEL_CHARS = 20

SERIES = [
    # (attribute, label, colour, dash pattern, marker)
    ("submitted_percent", gettext_noop("Reports submitted"), "#0d6efd", "", "circle"),
    ("on_time_percent", gettext_noop("Submitted on time"), "#198754", "6 4", "square"),
    ("completion_percent", gettext_noop("Tasks completed"), "#a50f15", "2 3", "triangle"),
    # Never added to the completed ones: an ongoing task is not done once and for all.
    ("regular_percent", gettext_noop("Carried out regularly"), "#6f42c1", "8 3 2 3", "diamond"),
]


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> SafeString:
    if shape == "circle":
        body = format_html(
            '<circle cx="{}" cy="{}" r="4" fill="{}">', f"{x:.1f}", f"{y:.1f}", colour
        )
        end = "</circle>"
    elif shape == "square":
        body = format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}">',
            f"{x - 4:.1f}",
            f"{y - 4:.1f}",
            colour,
        )
        end = "</rect>"
    elif shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        body = format_html('<polygon points="{}" fill="{}">', points, colour)
        end = "</polygon>"
    else:
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        body = format_html('<polygon points="{}" fill="{}">', points, colour)
        end = "</polygon>"
    return format_html("{}<title>{}</title>{}", body, title, SafeString(end))


def trend_svg(points: list[PeriodPoint]) -> SafeString:
    """Percentages per period: submitted, on time, tasks completed, carried out regularly. A
    period not yet due is left out: its 0 % would read as a result."""
    points = [point for point in points if point.is_due]
    if not points:
        return SafeString("")
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x_at(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else plot_w / 2)

    def y_at(percent: int) -> float:
        return TOP + plot_h * (1 - percent / 100)

    parts: list[SafeString] = []
    for percent in (0, 25, 50, 75, 100):
        y = y_at(percent)
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dee2e6"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11">{} %</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                LEFT - 6,
                f"{y + 4:.1f}",
                percent,
            )
        )
    for index, point in enumerate(points):
        x = x_at(index)
        name = point.period.name
        short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end" '
                'transform="rotate(-35 {} {})"><title>{}</title>{}</text>',
                f"{x:.1f}",
                HEIGHT - BOTTOM + 16,
                f"{x:.1f}",
                HEIGHT - BOTTOM + 16,
                name,
                short,
            )
        )
    for attribute, label, colour, dash, shape in SERIES:
        label = _(label)
        coords = [(x_at(i), y_at(getattr(point, attribute))) for i, point in enumerate(points)]
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}" '
                'points="{}"/>',
                colour,
                dash or "none",
                " ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
            )
        )
        for (x, y), point in zip(coords, points, strict=True):
            title = f"{point.period.name} – {label}: {getattr(point, attribute)} %"
            parts.append(_marker(shape, x, y, colour, title))
    legend = format_html_join(
        "",
        '<g transform="translate({}, {})"><line x1="0" x2="24" y1="0" y2="0" stroke="{}" '
        'stroke-width="2" stroke-dasharray="{}"/><text x="30" y="4" font-size="12">{}</text></g>',
        (
            # Two series a line: four side by side would not fit the width.
            (LEFT - 60 + (i % 2) * 260, 12 + (i // 2) * 16, colour, dash or "none", _(label))
            for i, (_attr, label, colour, dash, _shape) in enumerate(SERIES)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="trend-title" class="trend-chart"><title id="trend-title">{}</title>'
        "{}{}</svg>",
        WIDTH,
        HEIGHT,
        _("Submission and completion by period, in percent"),
        SafeString("".join(parts)),
        legend,
    )
