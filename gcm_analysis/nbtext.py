"""The stage notebooks' prose in the run's language.

The stage notebooks are written in English: their Markdown cells are what an
analyst reads and edits in JupyterLab. A run in another language (``lang="fr"``)
executes a copy whose Markdown cells are replaced by their translations from
the gettext catalogue (``locales/<lang>/LC_MESSAGES/gcm.po``, context
``notebook:<notebook>/<cell id>``, msgid the English cell); code cells are never
changed. So the executed notebooks and their HTML come out in the run's language,
like the charts, tables and report.

A translation is used only while its msgid is the cell's English as it is now
and it is not fuzzy. When the English cell changes, ``python3 tasks.py
i18n-update`` marks its translation fuzzy; until it is translated again a run
keeps the English cell (and logs which one) rather than show outdated text, and
the test suite fails (:func:`untranslated` lists what needs doing).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import paths

log = logging.getLogger(__name__)


def source_digest(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of a cell's text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def translations(lang: str) -> dict[str, dict[str, str]]:
    """The Markdown translations for ``lang``: ``{"<notebook>/<cell id>":
    {"source": English, "source_sha256": ..., "text": ...}}``, only translations
    that are current (not fuzzy) in the catalogue (empty for English or a
    language that has none)."""
    if lang == "en":
        return {}
    from .catalogue import NOTEBOOK_PREFIX, entries, po_path

    if not po_path(lang).is_file():
        return {}
    return {key[len(NOTEBOOK_PREFIX):]: {"source": entry.english,
                                         "source_sha256": source_digest(entry.english),
                                         "text": entry.translation}
            for key, entry in entries(lang).items()
            if key.startswith(NOTEBOOK_PREFIX) and entry.translation is not None}


def untranslated(notebook: Any, name: str, lang: str) -> list[str]:
    """Ids of ``notebook``'s Markdown cells without an up-to-date ``lang``
    translation (none for English)."""
    if lang == "en":
        return []
    table = translations(lang)
    missing = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        entry = table.get(f"{name}/{cell.get('id')}")
        if entry is None or entry["source"] != cell.source:
            missing.append(str(cell.get("id")))
    return missing


def localise(notebook: Any, name: str, lang: str) -> list[str]:
    """Replace ``notebook``'s Markdown cells by their ``lang`` translations, in
    place; return the ids of the cells left in English (missing or outdated)."""
    if lang == "en":
        return []
    table = translations(lang)
    left = set(untranslated(notebook, name, lang))
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and str(cell.get("id")) not in left:
            cell.source = table[f"{name}/{cell.get('id')}"]["text"]
    if left:
        log.warning("%s: %d Markdown cell(s) have no up-to-date %s translation and "
                    "stay in English: %s", name, len(left), lang,
                    ", ".join(sorted(left)))
    return sorted(left)


@functools.lru_cache(maxsize=32)
def _notebook_text(path: str, mtime_ns: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def stage_notebook(path: Path, name: str, lang: str = "en") -> Any:
    """Read the stage notebook ``path`` (a new object each call) with its prose in
    ``lang``; its metadata says which notebook and language it is
    (``gcm_workbook``: ``notebook``, ``lang``)."""
    import nbformat

    notebook = nbformat.reads(_notebook_text(str(path), path.stat().st_mtime_ns),
                              as_version=4)
    # a notebook written in ``lang`` already (the generated French lessons record
    # it in their metadata) is run as it is: a trainer's edits to it are kept
    if notebook.metadata.get("gcm_workbook", {}).get("lang") != lang:
        localise(notebook, name, lang)
    notebook.metadata["gcm_workbook"] = {"notebook": path.name, "lang": lang}
    return notebook


# ------------------------------------------------- which notebook a run executes
def notebook_path(name: str) -> Path:
    """Return ``notebooks/<name>.ipynb`` (a name ending in ``.ipynb`` is a path:
    tests use that for fault-injection notebooks)."""
    if name.endswith(".ipynb"):
        return Path(name)
    return paths.NOTEBOOKS_DIR / f"{name}.ipynb"


def stage_name(name: str) -> str:
    """The stage's short name (file stem) used for output files."""
    return Path(name).stem if name.endswith(".ipynb") else name


def stage_source(name: str, lang: str = "en") -> Any:
    """The notebook a run executes: :func:`notebook_path` read, with its Markdown
    prose in ``lang`` (:func:`stage_notebook`)."""
    return stage_notebook(notebook_path(name), stage_name(name), lang)


def run_language(out_path: Path, parameters: Mapping[str, Any]) -> str:
    """The language of a stage's prose: its ``lang`` parameter (notebook 00) or
    the language its run folder was set up with (``settings.json`` beside the
    executed notebook)."""
    if parameters.get("lang"):
        return str(parameters["lang"])
    settings = Path(out_path).parent / "settings.json"
    if settings.exists():
        return str(json.loads(settings.read_text(encoding="utf-8")).get("lang", "en"))
    return "en"



# ------------------------------------------- French stage notebooks for JupyterLab
def french_dir() -> Path:
    """``notebooks/fr/``: the stage notebooks in French, for JupyterLab."""
    return paths.NOTEBOOKS_DIR / "fr"


def french_stage_notebook_text(name: str) -> str:
    """The stage notebook ``name`` in French as written to ``notebooks/fr/``: its
    Markdown from the catalogue (:func:`stage_source`), the parameters cell's
    language ``"fr"`` (notebook 00 sets up the run; the others follow the run's
    language; ``compare_countries`` shows its tables in it), code unchanged."""
    import nbformat

    notebook = stage_source(name, "fr")
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace('lang: str = "en"', 'lang: str = "fr"')
    return str(nbformat.writes(notebook)) + "\n"


def write_french_stage_notebooks(folder: Path | str | None = None) -> list[Path]:
    """Write the six stage notebooks and the comparison notebook in French
    (default ``notebooks/fr/``);
    ``python3 tasks.py french-notebooks``. A test checks that the committed
    copies are what this writes."""
    from .catalogue import translated_notebook_names
    from .io import write_text_atomic

    out = Path(folder) if folder is not None else french_dir()
    out.mkdir(parents=True, exist_ok=True)
    return [write_text_atomic(out / f"{name}.ipynb", french_stage_notebook_text(name))
            for name in translated_notebook_names()]


if __name__ == "__main__":
    for written in write_french_stage_notebooks():
        print(written)
