"""Plain-text and Markdown tables, and the number formats they use."""

from __future__ import annotations

from collections.abc import Sequence

Row = Sequence[str]


def format_table(headers: Row, rows: Sequence[Row]) -> str:
    """An aligned plain-text table: the first column left-aligned, the others right.

    Every row must have as many cells as ``headers``. A rule of dashes separates
    the header from the rows; lines carry no trailing spaces.
    """
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {list(row)} has {len(row)} cells, not {len(headers)}")
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Row) -> str:
        parts = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def markdown_table(headers: Row, rows: Sequence[Row]) -> str:
    """The same table in GitHub Markdown, numbers right-aligned."""
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {list(row)} has {len(row)} cells, not {len(headers)}")
    align = ["---"] + ["---:"] * (len(headers) - 1)
    lines = [headers, align, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def fmt_number(value: float | None, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and thousands separators; ``-`` when missing."""
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def fmt_ratio(value: float | None) -> str:
    """A ratio as ``2.35×`` (two significant decimals below 10); ``-`` when missing."""
    if value is None:
        return "-"
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def fmt_mb(size: float | None) -> str:
    """Bytes as megabytes (10^6), one decimal; ``-`` when missing."""
    return "-" if size is None else f"{size / 1e6:,.1f} MB"


def fmt_ms(seconds: float | None) -> str:
    """Seconds as milliseconds: two decimals below 10 ms, one above; ``-`` when missing."""
    if seconds is None:
        return "-"
    ms = seconds * 1000
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:,.1f} ms"


def fmt_s(seconds: float | None) -> str:
    """Seconds: two decimals below 10 s, one above; ``-`` when missing."""
    if seconds is None:
        return "-"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:,.1f} s"
