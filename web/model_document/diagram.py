"""The network diagram as SVG: steering group → coordinators → points → worker pairs.

Drawn on the server with every name escaped; the page shows the same tree as a nested list
(the text alternative).
"""

from markupsafe import Markup, escape

from network.model_document import Diagram

COLUMNS = (10, 210, 420, 640)  # x of the four columns
BOX_W = (180, 180, 190, 230)
ROW_H, GAP, TOP = 30, 8, 52
MAX_STEERING_NAMES = 14
INK, BRAND, SOFT, WARN = "#1b1b1b", "#00508a", "#eef3f8", "#8a4b00"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, limit: int) -> list[str]:
    """A heading in at most two lines of about `limit` characters."""
    lines = [""]
    for word in text.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > limit and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return [_short(line, limit + 4) for line in lines]


def _box(x: float, y: float, w: float, h: float, lines: list[str], *, full: str,
         missing: bool = False, bold_first: bool = False) -> str:
    stroke = WARN if missing else BRAND
    dash = ' stroke-dasharray="5 3"' if missing else ""
    out = [f'<g><title>{escape(full)}</title>'
           f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="{SOFT}" '
           f'stroke="{stroke}" stroke-width="1.5"{dash}/>']
    for i, line in enumerate(lines):
        weight = ' font-weight="bold"' if bold_first and i == 0 else ""
        out.append(f'<text x="{x + 8}" y="{y + 19 + i * 16}" font-size="12" fill="{INK}"'
                   f"{weight}>{escape(line)}</text>")
    out.append("</g>")
    return "".join(out)


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="1"/>'


def render(diagram: Diagram, *, headings: tuple[str, str, str, str], steering_label: str,
           missing_pair: str, missing_coordinators: str, title: str) -> Markup:
    """The diagram as inline SVG (texts passed in are translated by the caller)."""
    names = diagram.steering[:MAX_STEERING_NAMES]
    more = len(diagram.steering) - len(names)
    steering_lines = [steering_label] + [_short(n, 26) for n in names] + (
        [f"+{more}"] if more > 0 else [])
    steering_h = 12 + 16 * len(steering_lines)
    coordinators = diagram.coordinators or [missing_coordinators]
    points_h = max(len(diagram.points), 1) * (ROW_H + GAP)
    coords_h = len(coordinators) * (ROW_H + GAP)
    height = TOP + max(steering_h, points_h, coords_h) + 20
    width = COLUMNS[3] + BOX_W[3] + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
             f'focusable="false" font-family="DejaVu Sans, Arial, sans-serif">',
             f"<title>{escape(title)}</title>"]
    for x, w, heading in zip(COLUMNS, BOX_W, headings, strict=True):
        for i, line in enumerate(_wrap(heading, int(w / 7.5))):
            parts.append(f'<text x="{x}" y="{18 + i * 15}" font-size="12" font-weight="bold" '
                         f'fill="{INK}">{escape(line)}</text>')
    mid = TOP + max(steering_h, points_h, coords_h) / 2
    steering_y = mid - steering_h / 2
    parts.append(_box(COLUMNS[0], steering_y, BOX_W[0], steering_h, steering_lines,
                      full=", ".join(diagram.steering) or steering_label,
                      missing=not diagram.steering, bold_first=True))
    coord_top = mid - coords_h / 2
    coord_mids = []
    for i, name in enumerate(coordinators):
        y = coord_top + i * (ROW_H + GAP)
        coord_mids.append(y + ROW_H / 2)
        parts.append(_box(COLUMNS[1], y, BOX_W[1], ROW_H, [_short(name, 24)], full=name,
                          missing=not diagram.coordinators))
        parts.append(_line(COLUMNS[0] + BOX_W[0], mid, COLUMNS[1], y + ROW_H / 2))
    bus = COLUMNS[2] - 15
    point_mids = []
    for i, point in enumerate(diagram.points):
        y = TOP + i * (ROW_H + GAP)
        point_mids.append(y + ROW_H / 2)
        parts.append(_box(COLUMNS[2], y, BOX_W[2], ROW_H, [_short(point.name, 26)],
                          full=point.name))
        parts.append(_line(bus, y + ROW_H / 2, COLUMNS[2], y + ROW_H / 2))
        pair = " & ".join(point.pair) if point.pair else missing_pair
        parts.append(_box(COLUMNS[3], y, BOX_W[3], ROW_H, [_short(pair, 32)], full=pair,
                          missing=len(point.pair) < 2))
        parts.append(_line(COLUMNS[2] + BOX_W[2], y + ROW_H / 2, COLUMNS[3], y + ROW_H / 2))
    if point_mids:
        ends = point_mids + coord_mids
        parts.append(_line(bus, min(ends), bus, max(ends)))
        for y in coord_mids:
            parts.append(_line(COLUMNS[1] + BOX_W[1], y, bus, y))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
