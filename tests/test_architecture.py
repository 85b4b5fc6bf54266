"""The domain knows nothing of the UI, and start-up stays light."""

from __future__ import annotations

import subprocess
import sys

DOMAIN = ["models", "ingest", "entities", "index", "search", "library", "kwic", "spans", "safety",
          "settings", "locations", "state", "output"]  # fmt: skip


def loaded_after(imports: str) -> set[str]:
    code = f"import sys\n{imports}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_domain_never_imports_textual() -> None:
    modules = loaded_after("\n".join(f"import newsdesk.{m}" for m in DOMAIN))
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_domain_import_does_not_load_spacy() -> None:
    modules = loaded_after("import newsdesk.library, newsdesk.entities")
    assert "spacy" not in modules
