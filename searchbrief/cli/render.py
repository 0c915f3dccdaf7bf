"""Text renderings of searchbrief's results for the command line.

Every function returns text; the caller prints it.  Highlighting goes through a
``mark`` function (bold colour on a terminal, nothing otherwise), and control
characters from the source are never passed through to a terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from searchbrief.search.results import SearchResult

if TYPE_CHECKING:  # for the other commands: a query does not import them
    from searchbrief.documents.briefing import Briefing
    from searchbrief.indexing.report import IndexReport
    from searchbrief.reports.model import Citation, IndexStats, SpeakerRanking, Timeline
    from searchbrief.reports.people import SpeakerEntry

Mark = Callable[[str], str]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CSV_COLUMNS = (
    "briefing_id",
    "date",
    "time",
    "title",
    "category",
    "permalink",
    "score",
    "turn_id",
    "speaker",
    "speaker_name",
    "role",
    "exchange",
    "written",
    "snippet",
)


def safe(text: str) -> str:
    """``text`` without control characters (no escape sequence reaches a terminal)."""
    return _CONTROL.sub("", text)


def plain_mark(text: str) -> str:
    return text


def marked(
    text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]], mark: Mark
) -> str:
    """``text`` with each span passed through ``mark``."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(safe(text[last:start]))
        out.append(mark(safe(text[start:end])))
        last = end
    out.append(safe(text[last:]))
    return "".join(out)


def result_lines(result: SearchResult, mark: Mark = plain_mark) -> Iterator[str]:
    """Each hit: date, title, category and link, then its turns' snippets."""
    for hit in result.hits:
        when = f"{hit.date.isoformat()} {hit.time}" if hit.time else hit.date.isoformat()
        yield f"{when}  {marked(hit.title, hit.title_highlights, mark)}"
        yield f"            {safe(hit.category)} · {safe(hit.permalink or hit.path)}"
        for turn in hit.turns:
            if turn.question is not None:
                yield f"  asked: {_line(turn.question.text)}"
            who = turn.speaker_name or "Narration"
            role = f"{turn.role}, written" if turn.written else turn.role
            yield f"  {safe(who)} ({role}): {marked(turn.snippet, turn.highlights, mark)}"
            yield f"    [{turn.turn_id}]"
            for near in turn.context:
                pointer = "▶" if near.is_hit else "│"
                name = near.speaker_name or "Narration"
                yield f"    {pointer} {safe(name)} ({near.role}): {_line(near.text)}"
        yield ""


def _line(text: str, width: int = 160) -> str:
    """A turn's text on one line, cut at a word near ``width`` characters."""
    flat = safe(" ".join(text.split()))
    if len(flat) <= width:
        return flat
    return flat[:width].rsplit(" ", 1)[0] + "…"


def summary_line(result: SearchResult, shown: int) -> str:
    by_title = f" ({result.title_only} by title alone)" if result.title_only else ""
    return (
        f"{result.total} briefing(s){by_title}, {result.total_turns} turn(s) match; showing {shown}"
    )


def results_csv(result: SearchResult, full_text: bool = False) -> str:
    """One row per (briefing, turn shown); a briefing hit only by its title has one row.

    With ``full_text``, a last column holds each turn's whole text.
    """
    import csv  # only --format csv asks

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "text"] if full_text else CSV_COLUMNS)
    for hit in result.hits:
        head = [
            hit.briefing_id,
            hit.date.isoformat(),
            hit.time,
            hit.title,
            hit.category,
            hit.permalink,
            round(hit.score, 4),
        ]
        for turn in hit.turns or (None,):
            if turn is None:
                writer.writerow([*head, "", "", "", "", "", "", ""] + ([""] if full_text else []))
            else:
                writer.writerow(
                    [
                        *head,
                        turn.turn_id,
                        turn.speaker,
                        turn.speaker_name,
                        turn.role,
                        turn.exchange,
                        "yes" if turn.written else "no",
                        turn.snippet,
                        *([turn.text or ""] if full_text else []),
                    ]
                )
    return buffer.getvalue()


def report_line(report: IndexReport) -> str:
    """The indexer's one-line summary."""
    parts = [
        f"{report.added} added",
        f"{report.updated} updated",
        f"{report.removed} removed",
        f"{report.unchanged} unchanged",
    ]
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} duplicate(s) skipped")
    if report.skipped:
        parts.append(f"{len(report.skipped)} link(s) skipped")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    return (
        f"indexed: {', '.join(parts)}; index holds {plural(report.briefings, 'briefing')}, "
        f"{plural(report.turns, 'turn')} ({report.seconds:.1f} s)"
    )


def failure_lines(report: IndexReport) -> Iterator[str]:
    for path, reason in report.failed:
        yield f"failed: {path}: {reason}"


def skipped_lines(report: IndexReport) -> Iterator[str]:
    for path, reason in report.skipped:
        yield f"skipped: {path}: {reason}"


def _count(value: object) -> int:
    """How many a run record's entry says: a list of what failed, or a number."""
    if isinstance(value, list):
        return len(value)
    return value if isinstance(value, int) else 0


def plural(count: int, singular: str) -> str:
    """``1 briefing``, ``2 briefings``."""
    return f"{count:,} {singular if count == 1 else singular + 's'}"


def stats_lines(stats: IndexStats) -> Iterator[str]:
    yield f"index:      {stats.directory} ({stats.size_bytes / 1e6:.1f} MB)"
    yield f"briefings:  {stats.briefings}"
    yield f"turns:      {stats.turns}"
    if stats.first_date and stats.last_date:
        yield f"dates:      {stats.first_date.isoformat()} to {stats.last_date.isoformat()}"
    if stats.last_run:
        run = stats.last_run
        yield (
            f"last run:   {run.get('finished', '?')}: {run.get('added', 0)} added, "
            f"{run.get('updated', 0)} updated, {run.get('removed', 0)} removed, "
            f"{_count(run.get('failed'))} failed in {run.get('seconds', 0)} s"
            f" (batch {run.get('batch')})"
        )
    yield "categories:"
    for name, count in stats.categories:
        yield f"  {count:>7}  {name}"
    yield "top speakers:"
    for speaker in stats.speakers:
        yield f"  {speaker.turns:>7}  {speaker.name} ({speaker.speaker}, {speaker.role})"


def briefing_lines(briefing: Briefing) -> Iterator[str]:
    """A parsed briefing: metadata, then one line per turn."""
    yield f"id:        {briefing.briefing_id}"
    yield f"title:     {safe(briefing.title)}"
    yield f"date:      {briefing.date.isoformat()}"
    if briefing.time is not None:
        yield f"time:      {briefing.time.strftime('%H:%M')}"
    yield f"category:  {safe(briefing.category)}"
    yield f"permalink: {safe(briefing.permalink)}"
    yield f"path:      {briefing.path}"
    yield f"turns:     {len(briefing.turns)}"
    yield ""
    for turn in briefing.turns:
        extra = (" interpreted" if turn.interpreted else "") + (" written" if turn.written else "")
        who = f"{turn.speaker_name} ({turn.role}{extra})" if turn.speaker_name else f"({turn.role})"
        head = f"{turn.number:>4} [{turn.exchange or '-':>3}] {who}"
        preview = safe(turn.text.replace("\n\n", " ¶ "))
        if len(preview) > 100:
            preview = preview[:99].rstrip() + "…"
        yield f"{head}: {preview}"


# Who, when, how often: timelines, speakers and citations.

BAR_WIDTH = 40
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
TIMELINE_COLUMNS = ("period", "start", "end", "turns", "briefings", "words", "rate")
SPEAKER_COLUMNS = ("speaker", "name", "role", "turns", "briefings", "first", "last")


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``█`` (with an eighth block at its end) ``value / top`` of ``width`` long."""
    if top <= 0 or value <= 0:
        return ""
    full, eighths = divmod(max(1, round(value / top * width * 8)), 8)
    return "█" * full + _EIGHTHS[eighths]


def timeline_lines(timeline: Timeline, width: int = BAR_WIDTH) -> Iterator[str]:
    """A header, then one line per period: turns, briefings, rate and a bar of the rate."""
    top = max((p.rate or 0.0 for p in timeline.periods), default=0.0)
    label = max([len(p.label) for p in timeline.periods] + [len("period")])
    yield f"{'period':<{label}}  {'turns':>6}  {'briefings':>9}  {'per 10k words':>13}"
    for p in timeline.periods:
        rate = "–" if p.rate is None else f"{p.rate:.2f}"
        line = f"{p.label:<{label}}  {p.turns:>6}  {p.briefings:>9}  {rate:>13}"
        yield f"{line}  {bar(p.rate or 0.0, top, width)}".rstrip()


def timeline_summary(timeline: Timeline) -> str:
    return (
        f"{timeline.turns} turn(s) in {timeline.briefings} briefing(s) match; "
        f"bars: matching turns per 10,000 words of {timeline.words_of}, by {timeline.by}"
    )


def timeline_csv(timeline: Timeline) -> str:
    return _csv(TIMELINE_COLUMNS, [list(p.to_dict().values()) for p in timeline.periods])


def speaker_lines(ranking: SpeakerRanking) -> Iterator[str]:
    """One line per speaker: turns, briefings, first and last day, name, key and role."""
    yield f"{'turns':>6}  {'briefings':>9}  {'first':<10}  {'last':<10}  speaker"
    for s in ranking.speakers:
        who = f"{safe(s.name)} ({s.speaker}, {s.role})"
        yield f"{s.turns:>6}  {s.briefings:>9}  {s.first}  {s.last}  {who}"


def speakers_summary(ranking: SpeakerRanking) -> str:
    return (
        f"{ranking.turns} turn(s) in {ranking.briefings} briefing(s) match, said by "
        f"{ranking.speakers_total} speaker(s); showing {len(ranking.speakers)}"
    )


def speakers_csv(ranking: SpeakerRanking) -> str:
    return _csv(SPEAKER_COLUMNS, [list(s.to_dict().values()) for s in ranking.speakers])


def people_lines(entries: Sequence[SpeakerEntry]) -> Iterator[str]:
    """One line per speaker key: key, turns, briefings, name and roles."""
    width = max((len(e.key) for e in entries), default=0)
    for e in entries:
        roles = ", ".join(e.roles)
        yield f"{e.key:<{width}}  {e.turns:>6}  {e.briefings:>5}  {e.name} ({roles})"


def people_csv(entries: Sequence[SpeakerEntry]) -> str:
    rows: list[list[object]] = [
        [e.key, e.name, " ".join(e.roles), e.turns, e.briefings] for e in entries
    ]
    return _csv(("key", "name", "roles", "turns", "briefings"), rows)


def _csv(columns: tuple[str, ...], rows: list[list[object]]) -> str:
    import csv  # only --format csv asks

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def _attribution(citation: Citation, title: str) -> str:
    who = citation.speaker_name or "Narration"
    role = f" ({citation.role})" if citation.role else ""
    return f"{who}{role}, {title}, {citation.date.isoformat()}"


def citation_text(citation: Citation) -> str:
    """The turn's words as they are, then who, where and when, the link and the turn id."""
    attribution = _attribution(citation, citation.title)
    lines = [safe(citation.text), "", f"— {safe(attribution)}"]
    if citation.permalink:
        lines.append(f"  {safe(citation.permalink)}")
    lines.append(f"  [{citation.turn_id}]")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# Line starts Markdown reads as a heading or a list item: `# `, `- `, `+ `, `1. `, `1) `.
_MD_LINE_START = re.compile(r"^(\s*(?:\d+)?)([#.)+-])(?=\s)", re.M)


def _md(text: str) -> str:
    """``text`` with what Markdown would read as markup escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", safe(text))
    return _MD_LINE_START.sub(r"\1\\\2", text)


def citation_markdown(citation: Citation) -> str:
    """A blockquote of the turn's words, then an attribution line linking to the briefing."""
    paragraphs = [p.strip() for p in citation.text.split("\n\n") if p.strip()]
    quote = "\n>\n".join("> " + _md(p).replace("\n", "\n> ") for p in paragraphs)
    title = _md(citation.title)
    if citation.permalink:
        link = re.sub(r"[ ()]", lambda m: f"%{ord(m.group()):02X}", safe(citation.permalink))
        title = f"[{title}]({link})"
    return f"{quote}\n\n— {_attribution(citation, title)}"
