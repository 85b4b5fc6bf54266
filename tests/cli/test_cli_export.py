"""``--format csv|json|md`` on ``search``, ``entity`` and ``entities --list``, over the
real sample index; ``--json`` stays what it was, an alias of ``--format json``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from helpers import SAMPLES
from newsdesk.cli import main
from newsdesk.export import ARTICLE_COLUMNS, ENTITY_COLUMNS
from newsdesk.library import Library


def run(library: Library, *args: str) -> tuple[int, str, str]:
    base = ["--index", str(library.index_dir)]
    result = CliRunner().invoke(main, [*base, *args, "--corpus", str(SAMPLES)])
    return result.exit_code, result.stdout, result.stderr


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ")]


def test_search_as_csv_lists_the_hits_with_their_urls_and_paths(library: Library):
    code, out, _ = run(library, "search", "Shusha", "--format", "csv", "--limit", "5")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    hits = library.search("Shusha", limit=5).hits
    assert [r["id"] for r in rows] == [h.summary.id for h in hits]
    assert tuple(rows[0]) == ARTICLE_COLUMNS
    assert rows[0]["path"] == hits[0].summary.path and rows[0]["path"].startswith(str(SAMPLES))
    assert rows[0]["title"] == hits[0].summary.title


def test_search_as_markdown_is_a_titled_table(library: Library):
    code, out, _ = run(library, "search", "Shusha", "--format", "md", "--limit", "3")
    assert code == 0
    assert out.startswith('## search "Shusha"\n')
    assert len(table_rows(out)) == 1 + 3


@pytest.mark.parametrize("form", [["--json"], ["--format", "json"], ["--json", "--format", "json"]])
def test_format_json_is_the_json_scripts_already_read(library: Library, form: list[str]):
    code, out, _ = run(library, "search", "Shusha", "--limit", "3", *form)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "suggestion", "results"}
    assert set(data["results"][0]) == {*ARTICLE_COLUMNS, "score", "snippet"}


def test_json_and_another_format_at_once_is_one_line(library: Library):
    code, out, err = run(library, "search", "Shusha", "--json", "--format", "csv")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--json" in err


def test_entity_as_csv_lists_every_article_with_its_mentions(library: Library):
    code, out, _ = run(library, "entity", "erdogan", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    info = library.resolve_entity("erdogan")
    assert info is not None and len(rows) == info.article_count
    assert tuple(rows[0]) == (*ARTICLE_COLUMNS, "mentions")
    assert sum(int(r["mentions"]) for r in rows) == info.mention_count


def test_entity_as_markdown_and_json(library: Library):
    _, md, _ = run(library, "entity", "erdogan", "--format", "md")
    assert md.startswith("## entity Recep Tayyip Erdoğan\n")
    _, out, _ = run(library, "entity", "erdogan", "--format", "json")
    articles = json.loads(out)["articles"]
    assert set(articles[0]) == {*ARTICLE_COLUMNS, "mentions"}


@pytest.mark.parametrize("fmt", ["csv", "md", "json"])
def test_entities_list_in_each_format_is_the_librarys_list(library: Library, fmt: str):
    code, out, _ = run(library, "entities", "--list", "--limit", "6", "--format", fmt)
    assert code == 0
    names = [e.name for e in library.list_entities(None, 6)]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert tuple(rows[0]) == ENTITY_COLUMNS
        assert [r["name"] for r in rows] == names
    elif fmt == "json":
        assert [e["name"] for e in json.loads(out)["entities"]] == names
    else:
        assert out.startswith("## entities\n") and len(table_rows(out)) == 1 + 6


def test_a_texts_entities_as_a_table_is_refused_in_one_line():
    result = CliRunner().invoke(main, ["entities", "--format", "csv"], input="Baku.\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "--list" in result.stderr
