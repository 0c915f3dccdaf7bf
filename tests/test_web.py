"""The search site and its JSON API, through the framework's test client."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from searchbrief import BriefingIndex
from searchbrief.web.app import create_app
from tests.web_files import HOSTILE_ID, PLAIN_ID, SEED_ID, build, source

PHRASE = '"Strategic Stability Dialogue"'


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BriefingIndex]:
    index = build(tmp_path_factory.mktemp("web"))
    yield index
    index.close()


@pytest.fixture(scope="module", params=[0, 2], ids=["threads", "processes"])
def client(index: BriefingIndex, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The site searching in its own threads, and in two worker processes: same answers."""
    with TestClient(create_app(index, processes=request.param)) as client:
        yield client


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html, re.S)


def test_home_has_the_form_the_syntax_and_the_stats(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<form class="search" method="get" action="/search"' in page.text
    assert 'name="q"' in page.text
    assert "date:[2021-12-01 to 2021-12-31]" in page.text
    assert re.search(r"<dt>Briefings</dt><dd>3</dd>", page.text)
    assert "<dd>2021-12-29</dd>" in page.text and "<dd>2022-03-01</dd>" in page.text


def test_a_phrase_is_marked_as_one_unit_and_links_to_its_turn(client: TestClient) -> None:
    page = client.get("/search", params={"q": PHRASE})
    assert page.status_code == 200
    assert "3 briefings" in page.text
    assert set(marks(page.text)) == {"Strategic Stability Dialogue"}
    assert (
        f'href="/briefings/{SEED_ID}?q=%22Strategic%20Stability%20Dialogue%22#turn-3"' in page.text
    )


def test_filters_are_form_fields_kept_filled(client: TestClient) -> None:
    params = {"q": "dialogue", "speaker": "psaki", "since": "2022-02-15", "sort": "newest"}
    page = client.get("/search", params=params)
    assert 'name="speaker" list="speakers" value="psaki"' in page.text
    assert 'type="date" name="since" value="2022-02-15"' in page.text
    assert "<option selected>newest</option>" in page.text
    assert "1 briefing," in page.text
    assert f"/briefings/{HOSTILE_ID}" in page.text and f"/briefings/{PLAIN_ID}" not in page.text


def test_category_and_role_are_selects_from_the_index(client: TestClient) -> None:
    page = client.get("/search", params={"q": "ports", "category": "statements-releases"})
    assert "<option selected>statements-releases</option>" in page.text
    assert "<option>reporter</option>" in page.text
    assert f"/briefings/{PLAIN_ID}" in page.text


def test_a_malformed_query_shows_the_one_line_error_with_the_form_filled(
    client: TestClient,
) -> None:
    page = client.get("/search", params={"q": '"unclosed'})
    assert page.status_code == 400
    assert "Error: unbalanced &#39;&#34;&#39; at column 1: it is never closed" in page.text
    assert 'value="&#34;unclosed"' in page.text


def test_a_bad_date_is_the_librarys_message(client: TestClient) -> None:
    page = client.get("/search", params={"q": "ports", "since": "March"})
    assert page.status_code == 400
    assert "Error: since &#39;March&#39; is not a date; write it as YYYY-MM-DD" in page.text


def test_did_you_mean_is_a_link(client: TestClient) -> None:
    page = client.get("/search", params={"q": "dialgue"})
    assert re.search(r'Did you mean <a href="/search\?q=dialogue">dialogue</a>', page.text)


def test_explain_on_request(client: TestClient, index: BriefingIndex) -> None:
    page = client.get("/search", params={"q": "ports", "explain": "1"})
    assert '<pre class="explain">' in page.text
    assert "ports" in page.text.split('<pre class="explain">')[1].split("</pre>")[0]


def test_pages_of_results(client: TestClient) -> None:
    first = client.get("/search", params={"q": "the", "sort": "oldest"})
    assert "<strong>1</strong>" not in first.text  # three briefings: one page


def test_briefing_page_turn_by_turn_with_marks_and_cite(client: TestClient) -> None:
    page = client.get(f"/briefings/{SEED_ID}", params={"q": PHRASE, "cite": 3})
    assert page.status_code == 200
    assert page.text.count('id="turn-') == 18
    assert 'class="turn role-anonymous-official match" id="turn-3"' in page.text
    assert set(marks(page.text)) == {"Strategic Stability Dialogue"}
    assert '<section class="exchange">' in page.text and '<section class="statement">' in page.text
    citation = page.text.split('<textarea id="citation" readonly rows="6">')[1].split(
        "</textarea>"
    )[0]
    assert citation.startswith("&gt; Thanks.")
    assert (
        "— Senior Administration Official (anonymous-official), [Background Press Call" in citation
    )


def test_unknown_briefing_is_404(client: TestClient) -> None:
    assert client.get("/briefings/no-such-briefing").status_code == 404
    assert client.get("/api/briefings/no-such-briefing").json() == {
        "error": "no briefing 'no-such-briefing' in the index"
    }


def test_speaker_page_has_an_svg_bar_chart(client: TestClient) -> None:
    page = client.get("/speakers/psaki")
    assert page.status_code == 200
    assert "<h1>Jen Psaki</h1>" in page.text
    assert "<dd>podium</dd>" in page.text
    assert page.text.count("<rect ") == 4  # every month of the index, 2021-12 to 2022-03
    assert "2021-12: 0" in page.text and "2022-02: 2" in page.text and "2022-03: 2" in page.text
    assert client.get("/speakers/nobody-at-all").status_code == 404


def test_timeline_page_is_a_chart_over_a_table(client: TestClient) -> None:
    page = client.get("/timeline", params={"q": "dialogue"})
    assert page.status_code == 200
    assert "<svg" in page.text and "<table" in page.text
    assert "<tr><td>2021-12</td><td>4</td><td>1</td>" in page.text


# -- the JSON API ---------------------------------------------------------------------------


def test_api_search_is_the_librarys_answer(client: TestClient, index: BriefingIndex) -> None:
    body = client.get("/api/search", params={"q": PHRASE, "sort": "newest"}).json()
    assert body == json.loads(json.dumps(index.search(PHRASE, sort="newest").to_dict()))


def test_api_search_suggests_like_the_cli(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "dialgue"}).json()
    assert body["total"] == 0 and body["suggestion"] == "dialogue"


def test_api_errors_are_one_line_json(client: TestClient) -> None:
    bad = client.get("/api/search", params={"q": '"unclosed'})
    assert bad.status_code == 400
    assert bad.json() == {"error": "unbalanced '\"' at column 1: it is never closed"}
    over = client.get("/api/search", params={"q": "ports", "limit": 501})
    assert over.status_code == 400 and "1 to 500" in over.json()["error"]
    assert client.get("/api/search", params={"q": "ports", "sort": "sideways"}).status_code == 400
    assert client.get("/api/search").status_code == 400
    typo = client.get("/api/search", params={"q": "ports", "limit": "ten"})
    assert typo.status_code == 400
    assert typo.json()["error"].startswith("limit: Input should be a valid integer")
    page = client.get("/search", params={"q": "ports", "page": "0"})
    assert page.status_code == 400 and "Error: page: Input should be greater" in page.text
    assert client.get("/api/turns/nope/1").status_code == 404


def test_api_briefing_turn_and_analyses(client: TestClient, index: BriefingIndex) -> None:
    briefing = client.get(f"/api/briefings/{PLAIN_ID}").json()
    assert [t["number"] for t in briefing["turns"]] == [1, 2, 3]
    assert briefing["title"] == "Press Briefing on Supply Chains"
    turn = client.get(f"/api/turns/{PLAIN_ID}/3").json()
    assert turn == json.loads(json.dumps(index.cite(f"{PLAIN_ID}/3").to_dict()))
    timeline = client.get("/api/timeline", params={"q": "dialogue"}).json()
    assert timeline["turns"] == index.timeline("dialogue").turns
    speakers = client.get("/api/speakers", params={"q": "dialogue"}).json()
    assert "psaki" in [s["speaker"] for s in speakers["speakers"]]
    first = client.get("/api/first", params={"q": "dialogue"}).json()
    assert first["results"][0]["briefing_id"] == SEED_ID
    assert client.get("/api/suggest", params={"q": "dialgue"}).json()["suggestion"] == "dialogue"


def test_openapi_and_docs_are_served_locally(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/search", "/api/briefings/{briefing_id}", "/api/suggest"} <= set(schema["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "GET /api/search" in docs.text
    assert "http" not in "".join(re.findall(r"<(?:script|link)[^>]*>", docs.text))


# -- headers and escaping -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=x",
        f"/briefings/{SEED_ID}",
        "/api/search?q=x",
        "/docs",
        "/nope",
        "/static/style.css",
    ],
)
def test_every_response_has_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_no_inline_script_and_nothing_from_elsewhere(client: TestClient) -> None:
    for url in ("/", f"/search?q={PHRASE}", f"/briefings/{SEED_ID}", "/speakers/psaki"):
        html = client.get(url).text
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/cite.js" defer>']
        fetched = re.findall(r"<(?:script|link|img)[^>]*>", html)
        assert not [tag for tag in fetched if "//" in tag]
        assert not re.search(r"\son\w+=", html)


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    for url in (
        f"/search?q={PHRASE}",
        f"/briefings/{HOSTILE_ID}?q=dialogue&cite=2",
        "/speakers/psaki",
    ):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
    briefing = client.get(f"/briefings/{HOSTILE_ID}").text
    assert "&lt;img src=x onerror=alert(7)&gt;" in briefing
    assert "javascript:" not in briefing  # a permalink that is no web address is not a link
    assert "javascript:" not in client.get("/search", params={"q": "dialogue"}).text
    assert "Hostile &lt;script&gt;alert(2)&lt;/script&gt;" in briefing


@pytest.mark.parametrize("processes", [0, 2], ids=["threads", "processes"])
def test_a_reindex_shows_without_a_restart(tmp_path: Path, processes: int) -> None:
    src = source(tmp_path / "source")
    index, _ = BriefingIndex.build(tmp_path / "index", [src])
    with TestClient(create_app(index, processes)) as client:
        assert client.get("/api/search", params={"q": "harbour"}).json()["total"] == 0
        (src / "2022-04-01-new.md").write_text(
            "---\ntitle: New\ndate: '2022-04-01'\ncategory: press-briefings\n"
            "permalink: https://example.org/new/\n---\n\nMS. PSAKI:  The harbour is open.\n",
            encoding="utf-8",
        )
        writer = BriefingIndex.open(tmp_path / "index")
        writer.update([src])
        writer.close()
        assert client.get("/api/search", params={"q": "harbour"}).json()["total"] == 1
    index.close()


@pytest.mark.parametrize("processes", [0, 2], ids=["threads", "processes"])
def test_a_briefing_page_shows_the_index_even_when_its_file_has_changed(
    tmp_path: Path, processes: int
) -> None:
    src = source(tmp_path / "source")
    index, _ = BriefingIndex.build(tmp_path / "index", [src])
    with TestClient(create_app(index, processes)) as client:
        before = client.get(f"/api/briefings/{PLAIN_ID}").json()
        path = src / "2022-02-01-plain.md"
        path.write_text(path.read_text().replace("Ports are busy.", "Edited."), encoding="utf-8")
        assert client.get(f"/api/briefings/{PLAIN_ID}").json() == before  # cited from the index
        path.unlink()
        assert client.get(f"/api/briefings/{PLAIN_ID}").json() == before
        assert before["turns"][2]["text"] == "Ports are busy."
    index.close()
