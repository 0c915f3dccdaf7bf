"""Small briefing files written on the fly for indexer tests (one edge case each)."""

from __future__ import annotations

from pathlib import Path


def briefing(
    folder: Path,
    name: str,
    words: str,
    *,
    date: str = "2021-06-01",
    slug: str | None = None,
    category: str = "press-briefings",
) -> Path:
    """A valid briefing file whose press secretary says ``words``."""
    slug = slug or Path(name).stem
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n"
        f"title: Briefing {slug}\n"
        f"date: '{date}'\n"
        f"category: {category}\n"
        f"permalink: https://www.whitehouse.gov/briefing-room/{category}/x/{slug}/\n"
        "---\n\n"
        f"MS. PSAKI:\u00a0 {words}\n\n"
        "Q\u00a0\u00a0\u00a0 A question about it?\n",
        encoding="utf-8",
    )
    return path


def many(folder: Path, count: int, word: str) -> list[Path]:
    """``count`` briefings that all say ``word``."""
    return [
        briefing(folder, f"b{i:04d}.md", f"Today {word} number {i} was discussed.")
        for i in range(count)
    ]
