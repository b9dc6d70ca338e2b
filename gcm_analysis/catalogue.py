"""The gettext catalogues: reading them for :mod:`gcm_analysis.i18n`, keeping
them up to date (``python3 tasks.py i18n-update``) and folding in the legacy JSON
catalogues of older branches (``python3 tasks.py i18n-import-json``).

Layout (``gcm_analysis/locales/``):

- ``gcm.pot``: the English source of every user-facing text. Each entry has
  ``msgctxt`` = the key code passes to :func:`gcm_analysis.i18n.t`
  (``profile.title``; ``funding.<label>`` for the stage-04 labels;
  ``notebook:<notebook>/<cell id>`` for a notebook's Markdown cell) and
  ``msgid`` = the English text (pgettext style). Keyed texts are edited here;
  notebook cells are extracted from the notebooks themselves by ``i18n-update``.
- ``fr/LC_MESSAGES/gcm.po``: the French catalogue, same contexts, ``msgstr`` the
  French text. When an English text changes, its msgid no longer matches and
  ``i18n-update`` marks the French entry ``#, fuzzy`` with the old English as
  ``#| msgid`` (what ``msgmerge`` does); an entry whose key left the template
  becomes obsolete (``#~``). Poedit, Weblate or Lokalize read both files.

The ``.po`` files are read directly with Babel (:func:`babel.messages.pofile.read_po`)
and cached per process: no compiled ``.mo`` to build or keep in step (reading
both catalogues takes about 0.1 s).

Matching is by context only: Babel's ``Catalog.update`` falls back on difflib
similarity of the English, which can pair a changed text with another key's
translation; here a changed English keeps its own key's French, marked fuzzy.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths

DOMAIN = "gcm"
NOTEBOOK_PREFIX = "notebook:"
FUNDING_PREFIX = "funding."
#: the last commit whose catalogues were JSON (``en.json``, ``fr.json``,
#: ``notebooks.fr.json``): what another branch's JSON is compared with, so that
#: only what that branch changed is folded in
LEGACY_BASE = "5f97cd2"
_FIXED_DATE = datetime(2026, 12, 6, tzinfo=UTC)


def template_path(root: Path | None = None) -> Path:
    """``locales/gcm.pot`` (under ``root``, a package directory, if given)."""
    return (root or paths.LOCALES_DIR) / f"{DOMAIN}.pot"


def po_path(lang: str, root: Path | None = None) -> Path:
    """``locales/<lang>/LC_MESSAGES/gcm.po``."""
    return (root or paths.LOCALES_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path) -> Any:
    """Read a ``.po``/``.pot`` file into a :class:`babel.messages.Catalog`."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=True)


def write(catalog: Any, path: Path) -> bool:
    """Write ``catalog`` to ``path`` atomically, lines unwrapped, dates fixed so
    that writing the same entries twice gives the same bytes. Return whether the
    file changed."""
    from babel.messages.pofile import write_po

    from .io import write_text_atomic

    catalog.creation_date = _FIXED_DATE
    catalog.revision_date = _FIXED_DATE
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, sort_output=False)
    text = buffer.getvalue().decode("utf-8")
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return True


def new_catalog(locale: str | None) -> Any:
    from babel.messages.catalog import Catalog

    return Catalog(locale=locale, domain=DOMAIN, project="GCM Workbook",
                   version="0.1", copyright_holder="GCM Workbook",
                   msgid_bugs_address="", creation_date=_FIXED_DATE,
                   revision_date=_FIXED_DATE, fuzzy=False)


# ------------------------------------------------------------------ run time
@dataclass(frozen=True)
class Entry:
    """One text: its English and, when translated and current, its translation."""

    english: str
    translation: str | None = None
    fuzzy: bool = False


@functools.cache
def entries(lang: str) -> dict[str, Entry]:
    """Every context of the template with its ``lang`` text (cached).

    ``translation`` is None when the entry is missing, empty or fuzzy (an outdated
    translation is not shown)."""
    english = {m.context: m.id for m in read(template_path()) if m.id and m.context}
    if lang == "en":
        return {key: Entry(text, text) for key, text in english.items()}
    path = po_path(lang)
    translated: dict[str, Any] = {}
    if path.is_file():
        translated = {m.context: m for m in read(path) if m.id and m.context}
    table = {}
    for key, text in english.items():
        message = translated.get(key)
        if message is None:
            table[key] = Entry(text)
            continue
        current = bool(message.string) and not message.fuzzy and message.id == text
        table[key] = Entry(text, str(message.string) if current else None,
                           fuzzy=bool(message.fuzzy))
    return table


# ------------------------------------------------------------- maintenance
def stage_notebook_names() -> list[str]:
    """The stage notebooks (``notebooks/NN_*.ipynb``), in order."""
    return sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


#: notebooks of ``notebooks/`` that are not stages but are translated like them
#: (their Markdown in the catalogue, a French copy in ``notebooks/fr/``)
OTHER_NOTEBOOKS = ("compare_countries",)


def translated_notebook_names() -> list[str]:
    """The notebooks of ``notebooks/`` whose prose is in the catalogue and that
    ``notebooks/fr/`` holds in French: the stages, then :data:`OTHER_NOTEBOOKS`."""
    others = [name for name in OTHER_NOTEBOOKS
              if (paths.NOTEBOOKS_DIR / f"{name}.ipynb").is_file()]
    return stage_notebook_names() + others


def notebook_cells() -> list[tuple[str, str]]:
    """``(context, English text)`` of every Markdown cell of the stage notebooks,
    the comparison notebook (:func:`translated_notebook_names`) and the lesson
    notebooks (``notebooks/teaching/lesson*.ipynb``), in notebook order."""
    import nbformat

    sources = [(name, paths.NOTEBOOKS_DIR / f"{name}.ipynb")
               for name in translated_notebook_names()]
    sources += [(p.stem, p) for p in
                sorted((paths.NOTEBOOKS_DIR / "teaching").glob("lesson*.ipynb"))]
    found = []
    for name, path in sources:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "markdown" and cell.source.strip():
                found.append((f"{NOTEBOOK_PREFIX}{name}/{cell.get('id')}",
                              cell.source))
    return found


def merge(template: Any, old: Any, locale: str) -> tuple[Any, dict[str, list[str]]]:
    """The ``locale`` catalogue for ``template`` from the ``old`` one, matched by
    context: same English, same entry; changed English, old translation kept and
    marked fuzzy with the old English as previous msgid; a context not in the
    template becomes obsolete. Returns the catalogue and what happened."""
    by_context = {m.context: m for m in old if m.id and m.context}
    result = new_catalog(locale)
    report: dict[str, list[str]] = {"new": [], "fuzzy": [], "obsolete": []}
    for message in template:
        if not message.id:
            continue
        previous = by_context.pop(message.context, None)
        string, flags, previous_id = "", set(), []
        if previous is not None:
            string, flags = previous.string, set(previous.flags)
            if previous.id != message.id:
                if string:
                    flags.add("fuzzy")
                    report["fuzzy"].append(message.context)
                previous_id = [previous.id]
            elif previous.fuzzy:
                previous_id = list(previous.previous_id)
        else:
            report["new"].append(message.context)
        result.add(message.id, string, context=message.context,
                   flags=flags, previous_id=previous_id or (),
                   auto_comments=message.auto_comments,
                   user_comments=previous.user_comments if previous else ())
    for context, message in by_context.items():
        result.obsolete[(message.id, context)] = message
        report["obsolete"].append(str(context))
    return result, report


def update(root: Path | None = None) -> dict[str, Any]:
    """Re-extract the notebooks' Markdown into the template and merge every
    language's catalogue with it (``python3 tasks.py i18n-update``)."""
    template = read(template_path(root))
    fresh = new_catalog(None)
    for message in template:
        if message.id and not str(message.context).startswith(NOTEBOOK_PREFIX):
            fresh.add(message.id, context=message.context,
                      auto_comments=message.auto_comments)
    for context, text in notebook_cells():
        fresh.add(text, context=context)
    changed = {"gcm.pot": write(fresh, template_path(root))}
    reports: dict[str, Any] = {}
    for lang in ("fr",):
        merged, report = merge(fresh, read(po_path(lang, root)), lang)
        changed[f"{lang}.po"] = write(merged, po_path(lang, root))
        reports[lang] = report
    return {"changed": changed, **reports}


def problems(lang: str, root: Path | None = None) -> list[str]:
    """What keeps ``lang``'s catalogue from being complete and current: missing,
    empty, fuzzy or obsolete entries, English in the template twice under one key,
    placeholders of the English missing from the translation."""
    import string as _string

    template = [m for m in read(template_path(root)) if m.id]
    catalog = read(po_path(lang, root))
    found = []
    contexts = [m.context for m in template]
    found += [f"{c}: no msgctxt" for c in contexts if not c]
    found += [f"{c}: twice in the template" for c in sorted(set(contexts))
              if contexts.count(c) > 1]
    translated = {m.context: m for m in catalog if m.id}
    for message in template:
        other = translated.get(message.context)
        if other is None:
            found.append(f"{message.context}: missing from {lang}")
        elif other.id != message.id:
            found.append(f"{message.context}: its English changed (run "
                         "python3 tasks.py i18n-update, then translate)")
        elif not other.string:
            found.append(f"{message.context}: not translated")
        elif other.fuzzy:
            found.append(f"{message.context}: fuzzy (outdated translation)")
        elif not str(message.context).startswith(NOTEBOOK_PREFIX):
            def fields(text: str) -> set[str]:
                # the forms of a country's name stand for country_name
                return {"country_name" if f.startswith("country_") and f[8:] in
                        ("le", "Le", "du", "au") else f
                        for _, f, _, _ in _string.Formatter().parse(text) if f}
            lost = fields(message.id) - fields(str(other.string))
            if lost:
                found.append(f"{message.context}: placeholders {sorted(lost)} "
                             "missing from the translation")
    found += [f"{context}: obsolete" for (_, context) in catalog.obsolete]
    return found


# ----------------------------------------------------- folding in legacy JSON
@dataclass
class ImportReport:
    """What :func:`import_json` did, per kind of change (contexts)."""

    added: list[str] = field(default_factory=list)
    english_changed: list[str] = field(default_factory=list)
    french_changed: list[str] = field(default_factory=list)
    marked_fuzzy: list[str] = field(default_factory=list)
    notebook_cells: list[str] = field(default_factory=list)
    removed_upstream: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for name, items in vars(self).items():
            out.append(f"{name.replace('_', ' ')}: {len(items)}")
            out += [f"  {item}" for item in items]
        return out


def _git_show(path: str, ref: str = LEGACY_BASE) -> str:
    return subprocess.run(["git", "show", f"{ref}:{path}"], check=True,
                          capture_output=True, text=True,
                          cwd=paths.PACKAGE_DIR.parent).stdout


def legacy_json(name: str, ref: str = LEGACY_BASE) -> dict[str, Any]:
    """A legacy catalogue (``en.json``...) as it was at ``ref`` (git)."""
    table: dict[str, Any] = json.loads(_git_show(f"gcm_analysis/locales/{name}", ref))
    return table


def legacy_labels(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """The legacy ``funding_labels.csv`` (``label_key, text_en, text_fr``) as
    English and French catalogue entries ``funding.<label_key>``."""
    import csv

    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return ({FUNDING_PREFIX + r["label_key"]: r["text_en"] for r in rows},
            {FUNDING_PREFIX + r["label_key"]: r["text_fr"] for r in rows})


def import_json(en: Mapping[str, str], fr: Mapping[str, str],
                notebooks_fr: Mapping[str, Mapping[str, str]] | None = None,
                base: tuple[Mapping[str, str], Mapping[str, str],
                            Mapping[str, Any]] | None = None,
                root: Path | None = None) -> ImportReport:
    """Fold another branch's legacy ``en.json``/``fr.json`` (and
    ``notebooks.fr.json``) into the catalogues, idempotently.

    Only what that branch changed relative to ``base`` (the JSON at
    :data:`LEGACY_BASE`, read from git when None) is applied, so texts edited
    here since are not reverted: a new key is added in both languages; a key
    whose English changed takes the new English, and its French either the
    branch's new French or, if the branch left the French as it was, the current
    French marked fuzzy. A notebook cell translation is taken when its
    ``source_sha256`` matches the cell's English now, else added fuzzy. Then
    :func:`update` runs.
    """
    if base is None:
        base = (legacy_json("en.json"), legacy_json("fr.json"),
                legacy_json("notebooks.fr.json"))
    base_en, base_fr, base_nb = base
    report = ImportReport()
    template = read(template_path(root))
    french = read(po_path("fr", root))
    _import_keys(template, french, en, fr, base_en, base_fr, report)
    report.removed_upstream = sorted(set(base_en) - set(en))
    _import_cells(french, notebooks_fr or {}, base_nb, report)
    write(template, template_path(root))
    write(french, po_path("fr", root))
    update(root)
    return report


def _import_keys(template: Any, french: Any, en: Mapping[str, str],
                 fr: Mapping[str, str], base_en: Mapping[str, str],
                 base_fr: Mapping[str, str], report: ImportReport) -> None:
    t_by = {m.context: m for m in template if m.id}
    f_by = {m.context: m for m in french if m.id}
    for key, english in en.items():
        new_fr = fr.get(key, "")
        if key not in t_by:
            template.add(english, context=key)
            french.add(english, new_fr, context=key,
                       flags=() if new_fr else ("fuzzy",))
            report.added.append(key)
            continue
        english_changed = english != base_en.get(key) and english != t_by[key].id
        french_changed = (new_fr and new_fr != base_fr.get(key)
                          and new_fr != (f_by[key].string if key in f_by else None))
        if english_changed:
            _set_id(template, t_by[key], english)
            report.english_changed.append(key)
        if key not in f_by:
            continue
        message = f_by[key]
        if english_changed:
            _set_id(french, message, english, previous=message.id)
        if french_changed:
            message.string = new_fr
            message.flags.discard("fuzzy")
            report.french_changed.append(key)
        elif english_changed:
            message.flags.add("fuzzy")
            report.marked_fuzzy.append(key)


def _import_cells(french: Any, notebooks_fr: Mapping[str, Mapping[str, str]],
                  base_nb: Mapping[str, Any], report: ImportReport) -> None:
    import hashlib

    def source_digest(text: str) -> str:  # nbtext.source_digest, the legacy hash
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    f_by = {m.context: m for m in french if m.id}
    cells = dict(notebook_cells())
    for key, entry in notebooks_fr.items():
        context = NOTEBOOK_PREFIX + key
        english = cells.get(context)
        if base_nb.get(key) == entry or english is None:
            continue
        current = f_by.get(context)
        if current is not None and current.string == entry["text"] and (
                current.id == english):
            continue
        stale = entry.get("source_sha256") != source_digest(english)
        if current is not None:
            french.delete(current.id, context=context)
        french.add(english, entry["text"], context=context,
                   flags=("fuzzy",) if stale else ())
        report.notebook_cells.append(context + (" (fuzzy)" if stale else ""))


def _set_id(catalog: Any, message: Any, new_id: str, previous: str | None = None
            ) -> None:
    """Give ``message`` a new msgid (Babel keys messages by msgid and context)."""
    catalog.delete(message.id, context=message.context)
    message.id = new_id
    if previous is not None:
        message.previous_id = [previous]
    catalog[new_id] = message


def read_json_files(files: Iterable[str]) -> list[Any]:
    """Read the JSON files named on the command line."""
    return [json.loads(Path(name).read_text(encoding="utf-8")) for name in files]


def main(argv: list[str]) -> int:
    """``update`` | ``check`` | ``import-json EN FR [NOTEBOOKS_FR]``."""
    command, rest = (argv[0], argv[1:]) if argv else ("update", [])
    if command == "update":
        result = update()
        for lang in ("fr",):
            for kind, items in result[lang].items():
                print(f"{lang}: {len(items)} {kind}")
                for item in items:
                    print(f"  {item}")
        print("changed: " + (", ".join(k for k, v in result["changed"].items() if v)
                             or "nothing"))
        return 0
    if command == "check":
        found = problems("fr")
        print("\n".join(found) or "fr: complete and current")
        return 1 if found else 0
    labels = None
    if "--funding-labels" in rest:
        at = rest.index("--funding-labels")
        labels, rest = rest[at + 1], rest[:at] + rest[at + 2:]
    if command == "import-json" and len(rest) in (2, 3):
        tables = read_json_files(rest)
        base = (legacy_json("en.json"), legacy_json("fr.json"),
                legacy_json("notebooks.fr.json"))
        if labels is not None:  # the legacy data/reference/funding_labels.csv
            base_en, base_fr = legacy_labels(_git_show(
                "data/reference/funding_labels.csv"))
            en, fr = legacy_labels(Path(labels).read_text(encoding="utf-8"))
            tables[0], tables[1] = {**tables[0], **en}, {**tables[1], **fr}
            base = ({**base[0], **base_en}, {**base[1], **base_fr}, base[2])
        report = import_json(tables[0], tables[1],
                             tables[2] if len(tables) == 3 else None, base=base)
        print("\n".join(report.lines()))
        entries.cache_clear()
        return 0
    print("usage: python -m gcm_analysis.catalogue update | check | "
          "import-json EN.json FR.json [NOTEBOOKS.fr.json] "
          "[--funding-labels funding_labels.csv]")
    return 2


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
