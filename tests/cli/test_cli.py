"""The CLI contract scripts rely on: commands, --json shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from helpers import SAMPLES, write
from newsdesk.cli import main

SEARCH_KEYS = {"query", "total", "suggestion", "results"}
HIT_KEYS = {"id", "title", "date", "source", "path", "url", "score", "snippet"}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("cli-index")
    result = CliRunner().invoke(main, ["--index", str(index_dir), "index", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return index_dir


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_index_prints_a_summary(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write(
        corpus, "a.txt", "Title: A quiet day\nDate: 2022-02-02\n\nNothing happened in the town.\n"
    )
    write(corpus, "bad.json", "[1, 2")
    code, out, err = run("--index", str(tmp_path / "i"), "index", str(corpus))
    assert code == 0
    assert "added 1" in out and "skipped 1" in out
    assert "bad.json" in err


def test_search_json_shape_and_seed_story(indexed: Path) -> None:
    code, out, _ = run("--index", str(indexed), "search", "Shusha", "--json", "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert set(data) == SEARCH_KEYS
    assert data["total"] >= len(data["results"]) and data["total"] > 3
    assert all(set(hit) == HIT_KEYS for hit in data["results"])
    assert len(data["results"]) == 3


def test_search_bad_query_is_one_line_on_stderr(indexed: Path) -> None:
    code, out, err = run("--index", str(indexed), "search", '"Shusha')
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "unclosed quote" in err


def test_search_sort_by_date(indexed: Path) -> None:
    _, out, _ = run("--index", str(indexed), "search", "Baku", "--sort", "date", "--json")
    dates = [h["date"] for h in json.loads(out)["results"]]
    assert dates == sorted(dates, reverse=True)


def test_entity_json_lists_every_article_that_mentions_him(indexed: Path) -> None:
    code, out, _ = run("--index", str(indexed), "entity", "erdogan", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["name"] == "Recep Tayyip Erdoğan"
    assert data["article_count"] == len(data["articles"]) >= 5
    assert {"key", "name", "label", "aliases", "article_count", "mention_count",
            "articles", "cooccurring", "timeline"} == set(data)  # fmt: skip
    _, found, _ = run(
        "--index", str(indexed), "search", "Erdoğan OR Erdogan", "--json", "--limit", "100"
    )
    searched = {h["id"] for h in json.loads(found)["results"]}
    listed = {a["id"] for a in data["articles"]}
    assert listed == searched


def test_unknown_entity_suggests_closest(indexed: Path) -> None:
    code, out, err = run("--index", str(indexed), "entity", "Aliyevv")
    assert code != 0 and out == ""
    assert "closest" in err and "Aliyev" in err and err.count("\n") == 1


def test_entities_json_offsets_index_the_input(tmp_path: Path) -> None:
    text = "President Ilham Aliyev met Emine Erdoğan in Baku. Aliyev spoke first.\n"
    code, out, _ = run("entities", "--json", input=text)
    assert code == 0
    ents = json.loads(out)["entities"]
    assert all(text[e["start"] : e["end"]] == e["text"] for e in ents)
    aliyev = [e for e in ents if "Aliyev" in e["text"]]
    assert len(aliyev) == 2 and len({e["key"] for e in aliyev}) == 1
    assert {e["name"] for e in aliyev} == {"Ilham Aliyev"}


def test_version_and_help() -> None:
    assert run("--version")[1].startswith("newsdesk, version")
    code, out, _ = run("--help")
    assert code == 0 and "search" in out and "entity" in out


def test_help_does_not_import_spacy_or_textual() -> None:
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom newsdesk.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "print(sorted(m for m in ('spacy', 'textual', 'whoosh') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_model_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_SPACY_MODEL", "en_core_web_nonexistent")
    code, _, err = run("entities", input="Baku is a city.")
    assert code != 0 and err.count("\n") == 1 and "en_core_web_nonexistent" in err


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    evil = (
        "Title: \x1b]0;pwned\x07Evil \x1b[31mred\x1b[0m\nSource: \x9b2J\u202eevil\n\n"
        "Body with \x1b]52;c;ZXZpbA==\x07 clipboard and [bold]markup[/bold].\n"
    )
    write(corpus, "evil.txt", evil)
    index = str(tmp_path / "i")
    run("--index", index, "index", str(corpus))
    for args in (("search", "clipboard"), ("search", "clipboard", "--json")):
        code, out, _ = run("--index", index, *args, "--corpus", str(corpus))
        assert code == 0
        assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")
        assert "[bold]markup" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--index", "/x", "news"], ["--index", "/x", "read", "news"]),
        (["news"], ["read", "news"]),
        ([], ["read"]),
        (["--index", "/x"], ["--index", "/x", "read"]),
        (["search", "q"], ["search", "q"]),
        (["--index=/x", "news"], ["--index=/x", "read", "news"]),
    ],
)
def test_a_path_means_the_reader(args: list[str], expected: list[str]) -> None:
    seen: list[list[str]] = []
    original = click.Group.parse_args

    def spy(self: click.Group, ctx: click.Context, given: list[str]) -> list[str]:
        seen.append(list(given))
        return original(self, ctx, given)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(click.Group, "parse_args", spy)
        main.parse_args(click.Context(main), args)
    assert seen[0] == expected


def test_entities_offsets_survive_carriage_returns() -> None:
    text = "Ilham Aliyev spoke.\r\nThen Emine Erdoğan arrived in Baku.\r\n"
    code, out, _ = run("entities", "--json", input=text)
    assert code == 0
    ents = json.loads(out)["entities"]
    assert ents and all(text[e["start"] : e["end"]] == e["text"] for e in ents)


def test_entities_refuses_input_that_is_not_utf8() -> None:
    result = CliRunner().invoke(main, ["entities"], input=b"Baku \xff\xfe city")
    assert result.exit_code != 0 and "not UTF-8" in result.stderr


def test_entities_list_is_the_librarys_list_by_article_count(indexed: Path) -> None:
    from newsdesk.library import open_library

    code, out, _ = run("--index", str(indexed), "entities", "--list", "--json", "--limit", "8")
    assert code == 0
    rows = json.loads(out)["entities"]
    assert set(rows[0]) == {"key", "name", "label", "aliases", "articles", "mentions"}
    counts = [(r["articles"], r["mentions"]) for r in rows]
    assert len(rows) == 8 and counts == sorted(counts, reverse=True)
    lib = open_library(SAMPLES, index_dir=indexed)
    try:
        assert [r["key"] for r in rows] == [e.key for e in lib.list_entities(None, 8)]
    finally:
        lib.close()


def test_entities_list_by_type_in_plain_lines(indexed: Path) -> None:
    code, out, _ = run("--index", str(indexed), "entities", "--list", "--type", "person")
    lines = out.splitlines()
    assert code == 0 and 1 < len(lines) <= 50
    assert all("  PERSON  " in x and " articles  " in x for x in lines)
    assert any(x.startswith("Recep Tayyip Erdoğan  PERSON") for x in lines)
    code, out, _ = run("--index", str(indexed), "entities", "--list", "--type", "place", "--json")
    assert {r["label"] for r in json.loads(out)["entities"]} <= {"GPE", "LOC", "FAC"}


def test_entities_list_needs_an_index_and_type_needs_list(tmp_path: Path) -> None:
    code, _, err = run("--index", str(tmp_path / "none"), "entities", "--list", "--corpus",
                       str(SAMPLES))  # fmt: skip
    assert code == 1 and err.count("\n") == 1 and "newsdesk index" in err
    code, _, err = run("entities", "--type", "person", "-", input="Ada Quist spoke.")
    assert code == 1 and err.count("\n") == 1 and "--list" in err
