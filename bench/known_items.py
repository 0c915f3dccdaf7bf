"""Known-item queries drawn from the corpus, and MRR@10 over them.

A known item is a few distinctive words from one sentence someone said in a
briefing; the right answer is that briefing. The set is generated at bench time
from a fixed seed, so it is reproducible and nothing from the corpus is committed.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from searchbrief.documents.briefing import Briefing, Turn

DEFAULT_SEED = 20260101
PREFERRED_CATEGORIES = frozenset({"press-briefings", "speeches-remarks"})
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\n")
_TRIES_PER_BRIEFING = 20


@dataclass(frozen=True)
class KnownItem:
    """A query, the briefing it should find first, and the sentence it came from."""

    query: str
    target: str
    sentence: str


def letter_words(text: str, min_letters: int = 4) -> list[str]:
    """Lower-cased runs of letters at least ``min_letters`` long, in text order."""
    return [w.lower() for w in _LETTER_WORD.findall(text) if len(w) >= min_letters]


def document_frequencies(briefings: Iterable[Briefing]) -> tuple[Counter[str], int]:
    """How many briefings each word (:func:`letter_words`) occurs in, and the total."""
    frequencies: Counter[str] = Counter()
    total = 0
    for briefing in briefings:
        frequencies.update(set(letter_words(briefing.text)))
        total += 1
    return frequencies, total


def generate_known_items(
    briefings: Sequence[Briefing],
    n: int = 60,
    seed: int = DEFAULT_SEED,
    *,
    max_df: float = 0.05,
    min_turns: int = 10,
) -> list[KnownItem]:
    """``n`` known items (fewer if the corpus runs out), at most one per briefing.

    Briefings are drawn in a seeded random order: press briefings and speeches
    with at least ``min_turns`` turns first, then the rest. From a random
    non-narration turn's random sentence, the 3 to 5 words with the lowest
    document frequency become the query, in sentence order; words shorter than
    4 letters or found in more than ``max_df`` of the briefings never qualify.
    """
    rng = random.Random(seed)
    frequencies, total = document_frequencies(briefings)
    ceiling = max_df * total
    ordered = sorted(briefings, key=lambda b: b.briefing_id)
    preferred = [b for b in ordered if _preferred(b, min_turns)]
    others = [b for b in ordered if not _preferred(b, min_turns)]
    rng.shuffle(preferred)
    rng.shuffle(others)
    items: list[KnownItem] = []
    for briefing in preferred + others:
        if len(items) == n:
            break
        item = _item_from(briefing, rng, frequencies, ceiling)
        if item is not None:
            items.append(item)
    return items


def _preferred(briefing: Briefing, min_turns: int) -> bool:
    return briefing.category in PREFERRED_CATEGORIES and len(briefing.turns) >= min_turns


def _item_from(
    briefing: Briefing, rng: random.Random, frequencies: Counter[str], ceiling: float
) -> KnownItem | None:
    spoken: list[Turn] = [t for t in briefing.turns if t.role != "narration"]
    if not spoken:
        return None
    for _ in range(_TRIES_PER_BRIEFING):
        turn = rng.choice(spoken)
        sentences = [s.strip() for s in _SENTENCE_END.split(turn.text) if s.strip()]
        sentence = rng.choice(sentences)
        candidates = list(dict.fromkeys(letter_words(sentence)))
        rare = [w for w in candidates if frequencies[w] <= ceiling]
        if len(rare) < 3:
            continue
        size = rng.randint(3, 5)
        chosen = set(sorted(rare, key=lambda w: (frequencies[w], w))[:size])
        query = " ".join(w for w in candidates if w in chosen)
        return KnownItem(query, briefing.briefing_id, sentence)
    return None


def write_items(items: Iterable[KnownItem], path: Path) -> None:
    """Write ``items`` to ``path`` as JSON lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")


def read_items(path: Path) -> list[KnownItem]:
    """The items in a JSON lines file written by :func:`write_items`."""
    with path.open(encoding="utf-8") as lines:
        return [KnownItem(**json.loads(line)) for line in lines if line.strip()]


def mrr_at_10(items: Sequence[KnownItem], search: Callable[[str], list[str]]) -> dict[str, float]:
    """Mean reciprocal rank of each target in the top 10, and success at 1 and 10.

    ``search`` maps a query to briefing ids, best first. A target missing from
    the top 10 scores 0. Returns ``mrr@10``, ``success@1``, ``success@10`` and ``n``.
    """
    reciprocal = first = top10 = 0.0
    for item in items:
        ranked = search(item.query)[:10]
        if item.target in ranked:
            rank = ranked.index(item.target) + 1
            reciprocal += 1 / rank
            first += rank == 1
            top10 += 1
    n = len(items)
    if n == 0:
        return {"mrr@10": 0.0, "success@1": 0.0, "success@10": 0.0, "n": 0}
    return {"mrr@10": reciprocal / n, "success@1": first / n, "success@10": top10 / n, "n": n}
