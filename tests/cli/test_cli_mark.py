"""``newsdesk mark``, ``search --saved``/``--save`` and ``saved``: the user's state from
scripts, with one-line failures and nothing half done."""

from __future__ import annotations

import json

from click.testing import CliRunner

from helpers import SAMPLES
from newsdesk import locations
from newsdesk.cli import main
from newsdesk.library import Library


def run(library: Library, *args: str) -> tuple[int, str, str]:
    where = ["--index", str(library.index_dir)]
    result = CliRunner().invoke(main, [*where, *args, "--corpus", str(SAMPLES)])
    return result.exit_code, result.stdout, result.stderr


def ids_of(library: Library, query: str) -> list[str]:
    code, out, _ = run(library, "search", query, "--json", "--limit", "50")
    assert code == 0
    return [hit["id"] for hit in json.loads(out)["results"]]


def test_mark_read_star_and_back(library: Library) -> None:
    first, second = ids_of(library, "Shusha")[:2]
    assert run(library, "mark", "read", first, second)[:2] == (0, "marked read: 2 articles\n")
    assert run(library, "mark", "star", second)[1] == "starred: 1 article\n"
    assert set(ids_of(library, "is:read")) == {first, second}
    assert ids_of(library, "is:starred Shusha") == [second]
    run(library, "mark", "unread", first)
    run(library, "mark", "unstar", second)
    assert ids_of(library, "is:read") == [second]
    assert ids_of(library, "is:starred") == []


def test_an_unknown_id_marks_nothing_in_one_line(library: Library) -> None:
    known = ids_of(library, "Shusha")[0]
    code, out, err = run(library, "mark", "star", known, "0123456789abcdef")
    assert code == 1 and out == ""
    assert err == (
        "newsdesk: not in the index: 0123456789abcdef; nothing was marked "
        "(ids are in search --json)\n"
    )
    assert ids_of(library, "is:starred") == []


def test_a_damaged_state_file_is_one_line(library: Library) -> None:
    locations.user_state_file().parent.mkdir(parents=True, exist_ok=True)
    locations.user_state_file().write_bytes(b"not a database at all " * 50)
    known = ids_of(library, "Shusha")[0]
    code, _, err = run(library, "mark", "read", known)
    assert code == 1
    assert err.startswith("newsdesk: your reading state (") and err.count("\n") == 1
    code, _, err = run(library, "search", "is:unread baku")
    assert code == 2 and "cannot be used" in err and err.count("\n") == 1


def test_save_run_and_list_saved_searches(library: Library) -> None:
    code, out, err = run(library, "search", "person:aliyev", "--save", "Aliyev")
    assert code == 0 and "saved as Aliyev" in err
    total = int(out.split()[0])
    code, out, _ = run(library, "search", "--saved", "aliyev", "--json")
    assert code == 0 and json.loads(out)["query"] == "person:aliyev"
    assert json.loads(out)["total"] == total
    run(library, "mark", "read", *ids_of(library, "person:aliyev")[:3])
    code, out, _ = run(library, "saved", "--json")
    assert json.loads(out) == {
        "saved": [{"name": "Aliyev", "query": "person:aliyev", "total": total, "unread": total - 3}]
    }
    code, out, _ = run(library, "saved")
    assert out == f"Aliyev  person:aliyev  {total} articles, {total - 3} unread\n"


def test_a_saved_search_of_one_says_one_article(library: Library) -> None:
    one = ids_of(library, "shusha")[0]
    run(library, "mark", "star", one)
    run(library, "search", "is:starred", "--save", "star")
    assert run(library, "saved")[1] == "star  is:starred  1 article, 1 unread\n"


def test_search_forms_that_cannot_run(library: Library) -> None:
    assert (
        run(library, "search", "--saved", "nothing")[2] == 'newsdesk: no saved search "nothing"\n'
    )
    code, _, err = run(library, "search")
    assert code == 2 and err == "newsdesk: give a QUERY or --saved NAME (one of them)\n"
    code, _, err = run(library, "search", "is:frobbed", "--save", "x")
    assert code == 2 and "unknown is:frobbed" in err
    assert run(library, "saved")[1].startswith("no saved searches")
