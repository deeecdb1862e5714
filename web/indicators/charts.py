"""Small bar charts as inline SVG, drawn on the server: no script, printable, and every
text escaped. Each chart is shown next to a table of the same figures (its text
alternative), so the SVG itself is marked as an image with a title."""

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
BAR_GAP = 6
LABEL_WIDTH = 200


@dataclass(frozen=True)
class Bar:
    """One bar: its label and value (None: not shown, e.g. a group under five answers)."""

    label: str
    value: float | None


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def columns(bars: list[Bar], *, title: str, maximum: float | None = None,
            height: int = 220) -> Markup:
    """Vertical bars (e.g. per month), with the value above each bar."""
    top = maximum or max((b.value or 0 for b in bars), default=0) or 1
    plot_h, base = height - 50, height - 30
    step = (WIDTH - 40) / max(len(bars), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-label="{escape(title)}" focusable="false">',
             f"<title>{escape(title)}</title>",
             f'<line x1="20" y1="{base}" x2="{WIDTH - 20}" y2="{base}" stroke="#4a4a4a"/>']
    for i, bar in enumerate(bars):
        x = 20 + i * step + BAR_GAP / 2
        w = max(step - BAR_GAP, 2)
        cx = x + w / 2
        if bar.value is None:
            parts.append(f'<text x="{cx:.1f}" y="{base - 6}" text-anchor="middle" '
                         f'font-size="12" fill="#4a4a4a">–</text>')
        else:
            h = plot_h * (bar.value / top)
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" '
                         f'height="{h:.1f}" fill="#00508a"/>')
            parts.append(f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" '
                         f'font-size="12" fill="#1b1b1b">{escape(_fmt(bar.value))}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="middle" font-size="11" '
                     f'fill="#1b1b1b">{escape(_short(bar.label, 10))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def rows(bars: list[Bar], *, title: str, maximum: float | None = None) -> Markup:
    """Horizontal bars (e.g. per sector or per point), the label at the left."""
    top = maximum or max((b.value or 0 for b in bars), default=0) or 1
    line = 24
    height = max(len(bars), 1) * line + 10
    plot_w = WIDTH - LABEL_WIDTH - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-label="{escape(title)}" focusable="false">',
             f"<title>{escape(title)}</title>"]
    for i, bar in enumerate(bars):
        y = 5 + i * line
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" '
                     f'font-size="12" fill="#1b1b1b">{escape(_short(bar.label))}</text>')
        if bar.value is None:
            parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + 16}" font-size="12" '
                         f'fill="#4a4a4a">–</text>')
            continue
        w = plot_w * (bar.value / top)
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{w:.1f}" height="{line - 8}" '
                     f'fill="#00508a"/>')
        parts.append(f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + 16}" font-size="12" '
                     f'fill="#1b1b1b">{escape(_fmt(bar.value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
