"""NLTK's Snowball stemmer, imported without the rest of NLTK, stems as NLTK does.

Imports are process-wide, and this test process may have imported NLTK
already: each test runs in a new Python process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import BRIEFINGS, ROOT

# Each prints the stems of the words in the file argv[1], as JSON.
NLTK_STEMS = """
import json, sys

from nltk.stem.snowball import SnowballStemmer

stem = SnowballStemmer("english").stem
print(json.dumps([stem(word) for word in open(sys.argv[1], encoding="utf-8").read().split()]))
"""
OUR_STEMS = """
import json, sys

from searchbrief import stemming

stem = stemming._nltk_stem()
assert not [name for name in sys.modules if name.startswith("nltk")], "NLTK left behind"
print(json.dumps([stem(word) for word in open(sys.argv[1], encoding="utf-8").read().split()]))
"""

#: Words whose stems take the stemmer's less travelled paths.
ODD_WORDS = """
generously generous generate generation dying lying tying news skies sky ski
ugly early only singly howe atlas cosmos bias andes gently innings inning
outing outings canning cannings herring herrings earring earrings proceed
proceeding exceed exceeding succeed succeeding commune communism communist
arsenal gener generic a i y s is as us at be by 's ' '' it's putin's biden's
don't won't o'clock rock'n'roll '90s ’s don’t biden’s café naïve résumé
façade coöperate zürich ångström 2021 1st 2nd 3rds covid19 g20 4x 100km
yes yellow say saying yay ayy bye yyy cry crying crier ties tied tie ying
consign consigned consigning consignment consist consistency knack knackered
knightly kneel kneeling feed feeds agreed agreement eed bled sing sings
hopping hoping hopeful hopefulness triplicate formative formalize
electriciti electrical hopefulness goodness relational conditional
rational valenci hesitanci digitizer conformabli radicalli differentli
vileli analogousli vietnamization predication operator feudalism
decisiveness hopefulness callousness formaliti sensitiviti sensibiliti
INFLATION Inflation inflationz infla mr ms dr vs etc
"""


#: Endings added to the words found, for more of the stemmer's rules.
ENDINGS = ("s", "es", "ed", "ing", "ly", "ness", "ational", "ization", "fulness", "'s", "ies")


def _words(tmp_path: Path) -> Path:
    """A file of words: the odd ones, those of the test briefings, seeds and docs, and more."""
    paths = [path for path in BRIEFINGS.rglob("*") if path.is_file()]
    paths += [*(ROOT / "seeds").iterdir(), ROOT / "README.md", *(ROOT / "tests").glob("*.py")]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    found = sorted({word.lower() for text in texts for word in re.findall(r"[\w'’]+", text)})
    endings = [word + ending for word in found[::5] for ending in ENDINGS]
    words = ODD_WORDS.split() + found + endings
    assert len(words) > 10_000, len(words)
    path = tmp_path / "words.txt"
    path.write_text("\n".join(words), encoding="utf-8")
    return path


def _run(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    command = [sys.executable, "-c", script, *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_stemmer_stems_as_nltk_imported_as_usual(tmp_path: Path) -> None:
    words = _words(tmp_path)
    ours, nltks = (json.loads(_run(script, str(words))) for script in (OUR_STEMS, NLTK_STEMS))
    assert len(ours) == len(nltks) == len(words.read_text(encoding="utf-8").split())
    assert ours == nltks
    assert ours[:4] == ["generous", "generous", "generat", "generat"]


# Imports NLTK after searchbrief imported its stemmer: NLTK as usual, complete.
LATER_IMPORTS = """
import sys

from searchbrief import stemming

stem = stemming._nltk_stem()
assert not [name for name in sys.modules if name.startswith("nltk")]

import nltk
from nltk.corpus import stopwords
from nltk.stem import PorterStemmer, WordNetLemmatizer
from nltk.corpus.util import LazyCorpusLoader

assert sys.modules["nltk.stem"] is nltk.stem and nltk.stem.snowball.__name__ == "nltk.stem.snowball"
assert nltk.redos.compile and nltk.termsec.safe_print
assert nltk.stem.porter is sys.modules["nltk.stem.porter"]
assert isinstance(stopwords, LazyCorpusLoader) and nltk.corpus.stopwords is stopwords
assert nltk.word_tokenize and nltk.translate.bleu_score and WordNetLemmatizer
theirs = nltk.stem.snowball.SnowballStemmer("english").stem
assert type(theirs.__self__) is not type(stem.__self__)  # NLTK's own, loaded anew
print(stem("generously"), theirs("generously"), PorterStemmer().stem("generously"))
# Snowball's stopwords (for ignore_stopwords=True), from the real nltk.corpus:
print(sys.modules[type(stem.__self__).__module__].stopwords.__name__)
"""


def test_a_later_import_of_nltk_gets_nltk_complete() -> None:
    assert _run(LATER_IMPORTS) == "generous generous gener\nstopwords\n"


def test_the_stemmer_of_nltk_imported_before_is_used() -> None:
    script = (
        "import nltk\n"
        "from searchbrief import stemming\n"
        "stem = stemming._nltk_stem()\n"
        "print(type(stem.__self__) is nltk.stem.snowball.EnglishStemmer, stem('dying'))\n"
    )
    assert _run(script) == "True die\n"


def test_another_nltk_whose_stemmer_needs_its_init_is_imported_as_usual(tmp_path: Path) -> None:
    # A stand-in NLTK whose stemmer needs a name that only the package's __init__ makes.
    stem = tmp_path / "nltk" / "stem"
    stem.mkdir(parents=True)
    (tmp_path / "nltk" / "__init__.py").write_text("SUFFIX = '-stem'\n")
    (stem / "__init__.py").write_text("")
    (stem / "snowball.py").write_text(
        "from nltk import SUFFIX\n\n\n"
        "class SnowballStemmer:\n"
        "    def __init__(self, language):\n"
        "        self.stem = lambda word: word + SUFFIX\n"
    )
    script = (
        "import sys\n"
        "from searchbrief import stemming\n"
        "print(stemming._nltk_stem()('news'), sys.modules['nltk'].SUFFIX)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    assert _run(script, env=env) == "news-stem -stem\n"
