"""The `gcm` command line: argument parsing only; the work is in other modules.

Exit codes: 0 success; 1 a run or batch failed; 2 bad usage or parameters
(refused before any kernel starts); 3 an input file has problems (validate);
130 and 143 when SIGINT (Ctrl-C) or SIGTERM stopped a run or a batch.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from . import __version__
from .errors import GcmError, InputError, ParameterError, Text, as_errors
from .parameters import SCHEMA, default_run_id
from .termtext import (
    argparse_language,
    counted,
    help_in,
    option_lang,
    say,
    terminal_lang,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3

_ALIASES = {"plan_file": ["--plan"], "lang": ["--language"]}


class _NameValues(argparse.Action):
    """``--indicator-weights NAME=X [NAME=X ...]`` (repeatable) into a dict."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        found = dict(getattr(namespace, self.dest, None) or {})
        for item in values:
            name, sep, number = item.partition("=")
            try:
                found[name.strip()] = float(number)
            except ValueError:
                sep = ""
            if not sep or not name.strip():
                parser.error(f"{option_string}: {item!r} is not NAME=NUMBER "
                             "(e.g. remittance_cost_pct=2)")
        setattr(namespace, self.dest, found)


def _add_schema_options(parser: argparse.ArgumentParser, skip: set[str],
                        lang: str = "en") -> None:
    group = parser.add_argument_group(help_in(
        "run_parameters", "run parameters (same names as the notebooks)", lang))
    group.add_argument(
        "--params", metavar="FILE", default=None,
        help=help_in("params", "a parameters file (TOML, as the notebooks' explorers "
                     "save it): its values are the run's, except those given as "
                     "options here", lang))
    for spec in SCHEMA:
        if not spec.cli or spec.name in skip:
            continue
        flags = ["--" + spec.name.replace("_", "-"), *_ALIASES.get(spec.name, [])]
        default = say("help.timestamp", lang) if spec.name == "run_id" \
            else repr(spec.default)
        help_text = say("help.param", lang, help=help_in(f"param.{spec.name}",
                                                          spec.help, lang),
                        default=default, allowed=spec.allowed_in(lang)
                        ).replace("%", "%%")
        kwargs: dict[str, Any] = {"dest": spec.name, "default": argparse.SUPPRESS,
                                  "help": help_text}
        if spec.type is dict:
            kwargs.update(nargs="+", action=_NameValues, metavar="NAME=X")
        elif spec.type is list:
            kwargs.update(nargs="*", type=spec.item_type,
                          metavar="ID" if spec.item_type is int else "CODE")
        elif spec.type is bool:
            kwargs.update(action=argparse.BooleanOptionalAction)
        else:
            kwargs.update(type=spec.type, metavar=spec.type.__name__.upper())
            if spec.choices:
                kwargs["choices"] = spec.choices
        group.add_argument(*flags, **kwargs)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """Return the argument parser (one sub-command per task); the help of ``gcm``
    and ``gcm run`` in ``lang`` (argparse's own words too inside
    :func:`~gcm_analysis.termtext.argparse_language`); the other commands' options
    are explained in English."""
    def h(key: str, english: str) -> str:
        return help_in(key, english, lang)

    parser = argparse.ArgumentParser(
        prog="gcm",
        description=h("gcm", "GCM Workbook: needs assessment, objective selection, "
                      "costing, resource mobilisation and country reports for the "
                      "Global Compact for Migration."),
    )
    parser.add_argument("--version", action="version", version=f"gcm {__version__}",
                        help=h("version", "show program's version number and exit"))
    parser.add_argument("-v", "--verbose", action="store_true",
                        help=h("verbose", "log progress"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser(
        "run", help=h("run", "run the chain for one country and export its report"),
        description=h("run.description", "Run the stage notebooks for one country "
                      "with papermill and export the report into "
                      "outputs/<ISO3>/<run_id>/ (executed notebooks, report.html, "
                      "run.json). Parameters are checked before any kernel starts."),
    )
    run.add_argument("country", help=h("run.country", "ISO3 code, e.g. PRT"))
    run.add_argument("--output", metavar="DIR", default=None,
                     help=h("run.output", "root folder for outputs (default: the "
                            "project's outputs/)"))
    run.add_argument("--no-pdf", dest="pdf", action="store_false",
                     help=h("run.no_pdf", "skip the PDF (HTML only)"))
    run.add_argument("--cell-timeout", type=int, default=600, metavar="SECONDS",
                     help=h("run.cell_timeout",
                            "seconds a single cell may run (default 600)"))
    run.add_argument("--force", action="store_true",
                     help=h("run.force",
                            "replace the run folder if this run id exists already"))
    _add_schema_options(run, skip={"country"}, lang=lang)

    batch = sub.add_parser(
        "batch", help=h("batch", "run the chain for many countries in parallel"),
        description="Run the chain for many countries in parallel (warm kernels, one "
        "per worker), continue past failures, and write outputs/batch/<batch_id>/ "
        "with manifest.csv, manifest.json and index.html (updated as countries "
        "finish). Exits 1 if any country failed. Ctrl-C or SIGTERM stops the batch "
        "within seconds (exit 130 or 143), records unfinished countries as "
        "'interrupted', and --resume BATCH_ID runs what is left.",
    )
    batch.add_argument("--countries", nargs="+", default=None, metavar="SPEC",
                       help="'all', ISO3 codes (PRT KEN or PRT,KEN), "
                       "'region:Sub-Saharan Africa', 'income:Low income', "
                       "'un:members' or @file with one code per line (default: all)")
    batch.add_argument("--resume", metavar="BATCH_ID", default=None,
                       help="run again, with the batch's own countries and "
                       "parameters, the countries of BATCH_ID that are not ok "
                       "(missing, failed or interrupted); takes only --jobs, "
                       "--scheduler and --output besides")
    batch.add_argument("--jobs", type=int, default=None,
                       help="parallel workers (default: one per core)")
    batch.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="seconds one country's run may take (default 900)")
    batch.add_argument("--plans", metavar="DIR", default=None,
                       help="folder with one plan per country: ISO3.xlsx or ISO3/")
    batch.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run on Dask: 'local' for a local cluster, or a "
                       "scheduler address such as tcp://host:8786 (every worker is "
                       "checked first: same package version and data, Chromium "
                       "for PDF; run folders come back to --output)")
    batch.add_argument("--batch-id", default=None,
                       help="folder name of the batch, also the run id of each "
                       "country (default: batch-<UTC time>)")
    batch.add_argument("--force", action="store_true",
                       help="run even if the batch, or a run of its countries with "
                       "this id, exists already (replacing them)")
    batch.add_argument("--output", metavar="DIR|URL", default=None,
                       help="root folder for outputs (default: the project's "
                       "outputs/), or an fsspec URL such as s3://bucket/prefix")
    batch.add_argument("--no-pdf", dest="pdf", action="store_false", default=None,
                       help="skip PDFs (HTML only)")
    batch.add_argument("--fresh-kernels", dest="warm", action="store_false",
                       default=None,
                       help="start a new kernel for every notebook (slower)")
    _add_schema_options(batch, skip={"country", "run_id", "plan_file"})

    data = sub.add_parser("data", help=h("data",
                                         "build the processed data from data/raw"))
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    build = data_sub.add_parser(
        "build", help="rebuild data/processed/*.csv from data/raw (deterministic)")
    build.add_argument("--check", action="store_true",
                       help="do not write; exit 1 if the committed files differ")

    template = sub.add_parser("template", help=h(
        "template", "write a blank plan workbook (.xlsx)"))
    template.add_argument("path", help="where to write the .xlsx template")
    template.add_argument("--country", default=None,
                          help="ISO3: the country written into the settings")
    template.add_argument("--starter", action="store_true",
                          help="pre-fill an illustrative starter plan for --country "
                          "from the menu of costed actions (objectives: --objectives, "
                          "else the documented default set)")
    template.add_argument("--objectives", nargs="*", type=int, metavar="ID",
                          help="objective ids for --starter")
    template.add_argument("--base-year", type=int, default=2025)
    template.add_argument("--horizon-years", type=int, default=3)
    template.add_argument("--lang", choices=("en", "fr", "es"), default=None,
                          help="language of the template's instructions, notes and "
                          "drop-downs (default en; es: objective titles only) and "
                          "of the messages")
    template.add_argument("--force", action="store_true",
                          help="overwrite an existing file")

    teach = sub.add_parser(
        "teach", help=h("teach", "print a teaching lesson (HTML, optionally PDF), "
                        "with or without solutions"),
        description="Execute a lesson of notebooks/teaching/ on the fictional "
        "Republic of Lumeria and export it for printing: the participant copy "
        "(exercises unanswered, with hints) or the trainer copy (--solutions).")
    teach.add_argument("lessons", nargs="+", metavar="LESSON",
                       help="1-4, lesson2, or 'all'")
    teach.add_argument("--lang", choices=("en", "fr"), default=None,
                       help="language of the lesson and the messages (default en)")
    teach.add_argument("--solutions", action="store_true",
                       help="trainer copy with the solutions filled in")
    teach.add_argument("--pdf", action="store_true", help="also print a PDF")
    teach.add_argument("--output", metavar="DIR", default=None,
                       help="output folder (default outputs/teaching/)")

    validate = sub.add_parser(
        "validate", help=h("validate", "check a plan file and list every problem "
                           "with its location"))
    validate.add_argument("path", help="plan .xlsx or folder of CSV files")
    validate.add_argument("--lang", choices=("en", "fr"), default=None,
                          help="language of the problems listed (default: GCM_LANG, "
                          "else LANGUAGE, LC_ALL, LC_MESSAGES, LANG; fr... is French)")
    validate.add_argument("--strict", action="store_true",
                          help="treat warnings (unused columns or sheets, hidden "
                          "rows or columns, far-away dates) as errors (exit 3)")
    return parser


def _output_root(args: argparse.Namespace) -> Any:
    from . import paths
    from .remote import is_url, local_path

    if is_url(args.output):  # a batch's remote output root (fsspec)
        return args.output
    return local_path(args.output) if args.output else paths.OUTPUTS_DIR


def _clean_leftovers(root: Any, lang: str) -> None:
    """Remove what killed runs left (their staging and kernel folders)."""
    from .cleanup import remove_leftovers

    removed = remove_leftovers(root)
    if removed:
        print(counted("leftovers", len(removed), lang,
                      names=", ".join(p.name for p in removed)), file=sys.stderr)


def _existing_run(values: dict[str, Any], root: Any) -> Any:
    """The run folder ``values`` would write if it exists already, else None."""
    from . import paths

    try:
        target = paths.run_dir(str(values.get("country", "")).upper(),
                               values["run_id"], root)
    except ValueError:  # refused with its own message by the run
        return None
    return target if target.exists() or target.is_symlink() else None


def _print_plan_warnings(values: dict[str, Any], lang: str) -> None:
    """Print the warnings of the run's plan file (the run goes on; with
    ``--strict`` the parameter check refuses them instead)."""
    from .stages import load_plan

    path = values.get("plan_file")
    if not path or values.get("strict"):
        return
    try:
        warnings = load_plan(path).warnings  # read once: the run reuses it
    except (GcmError, OSError, ValueError):
        return  # refused, with its problems, by the run's own check
    if warnings:
        print(counted("plan_warnings", len(warnings), lang, path=path),
              file=sys.stderr)
        for problem in warnings:
            print(f"  - {problem.render(lang)}", file=sys.stderr)


def _cmd_run(args: argparse.Namespace, lang: str) -> int:
    from . import cleanup
    from .paramfile import with_file
    from .runner import run_country

    values = {k: v for k, v in vars(args).items()
              if k not in {"command", "verbose", "output", "cell_timeout", "pdf",
                           "force", "params"}}
    values = with_file(values, args.params)
    values.setdefault("run_id", default_run_id())
    root = _output_root(args)
    if isinstance(root, str):
        raise ParameterError(text=Text("cli.output_url", {"root": root}))
    existing = _existing_run(values, root)
    if existing is not None and not args.force:
        print(say("run_exists", lang, run_id=values["run_id"], path=existing),
              file=sys.stderr)
        return EXIT_USAGE
    _clean_leftovers(root, lang)
    _print_plan_warnings(values, lang)
    with cleanup.mark_processes() as token, \
            cleanup.StopOnSignals(raise_first=True) as stop:
        try:
            result = run_country(values, output_root=root, pdf=args.pdf,
                                 cell_timeout=args.cell_timeout)
        except KeyboardInterrupt as exc:  # cleanup.Interrupted included
            stop.request(getattr(exc, "signum", 2))
            cleanup.kill_marked(token)
            cleanup.remove_leftovers(root, own=True)
            name = "SIGTERM" if stop.exit_code == 143 else "SIGINT"
            print(say("run_interrupted", lang, signal=name, run_id=values["run_id"]),
                  file=sys.stderr)
            return stop.exit_code
    where = result.run_dir
    if result.status == "ok":
        from .numbers import number

        print(say("run_ok", lang, country=result.country, run_id=result.run_id,
                  seconds=number(result.seconds, lang, 1), path=where))
        for name in sorted(result.outputs):
            print(f"  {name}")
        for note in result.notes:
            print(say("note", lang, note=note))
        return EXIT_OK
    print(say("run_failed", lang, country=result.country, run_id=result.run_id,
              error=result.error, path=where), file=sys.stderr)
    return EXIT_FAILED


_BATCH_OPTIONS = {"command", "verbose", "countries", "jobs", "timeout", "plans",
                  "scheduler", "batch_id", "output", "pdf", "warm", "force",
                  "resume", "params"}


def _cmd_batch(args: argparse.Namespace, lang: str) -> int:
    from .batch import resolve_countries, resume_batch, run_batch
    from .cleanup import StopOnSignals
    from .reference import countries

    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(text=Text("cli.jobs_at_least_one"))
    base = {k: v for k, v in vars(args).items() if k not in _BATCH_OPTIONS}
    root = _output_root(args)
    if args.resume:
        given = [f"--{k.replace('_', '-')}" for k in
                 ("countries", "timeout", "plans", "batch_id", "params")
                 if getattr(args, k)
                 is not None] + [f"--{k.replace('_', '-')}" for k in base]
        given += ["--no-pdf"] * (args.pdf is False) \
            + ["--fresh-kernels"] * (args.warm is False) + ["--force"] * args.force
        if given:
            raise ParameterError(text=Text("cli.resume_drop",
                                           {"options": ", ".join(given)}))
    if not args.resume:
        from .paramfile import PER_COUNTRY, with_file

        base = with_file(base, args.params, refuse=PER_COUNTRY)
    _clean_leftovers(None if isinstance(root, str) else root, lang)
    with StopOnSignals() as stop:
        if args.resume:
            result = resume_batch(args.resume, output_root=root, jobs=args.jobs,
                                  scheduler=args.scheduler, stop=stop)
        else:
            codes = resolve_countries(args.countries or ["all"], countries())
            result = run_batch(codes, base, jobs=args.jobs,
                               timeout=900 if args.timeout is None else args.timeout,
                               plans_dir=args.plans, scheduler=args.scheduler,
                               output_root=root, batch_id=args.batch_id,
                               pdf=args.pdf is not False, warm=args.warm is not False,
                               force=args.force, stop=stop)
    _print_batch(result, args, lang)
    return result.exit_code


def _print_batch(result: Any, args: argparse.Namespace, lang: str) -> None:
    from .numbers import number

    statuses = [r.status for r in result.records]
    ok = statuses.count("ok")
    stopped = statuses.count("interrupted")
    failed = len(statuses) - ok - stopped
    print(say("batch_summary_interrupted" if stopped else "batch_summary", lang,
              batch_id=result.batch_id, ok=number(ok, lang),
              failed=number(failed, lang), interrupted=number(stopped, lang),
              seconds=number(result.seconds, lang), location=result.location))
    for record in result.failed:
        if record.status != "interrupted":
            print(f"  {record.country}: {record.status}: {record.error}",
                  file=sys.stderr)
    if result.interrupted:
        import signal

        again = f"gcm batch --resume {result.batch_id}" + (
            f" --output {args.output}" if args.output else "")
        print(say("batch_stopped", lang, signal=signal.Signals(result.interrupted).name,
                  command=again), file=sys.stderr)


def _cmd_data(args: argparse.Namespace, lang: str) -> int:
    from . import databuild

    tables = databuild.build_processed()
    if args.check:
        from . import io

        stale = [name for name, df in tables.items()
                 if not databuild.built_table_path(name).exists()
                 or databuild.built_table_path(name).read_text(encoding="utf-8")
                 != io.csv_text(df)]
        if stale:
            print(say("data_differ", lang, names=", ".join(stale)), file=sys.stderr)
            return EXIT_FAILED
        print(say("data_match", lang))
        return EXIT_OK
    for path in databuild.write_processed_tables(tables):
        print(say("wrote", lang, path=path))
    return EXIT_OK


def _cmd_template(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    from . import plan

    target = Path(args.path)
    if target.exists() and not args.force:
        print(say("template_exists", lang, path=target), file=sys.stderr)
        return EXIT_USAGE
    if target.suffix.lower() != ".xlsx":
        raise ParameterError(text=Text("cli.template_suffix", {"path": str(target)}))
    language = args.lang or "en"
    starter = None
    if args.country is not None:
        from .reference import check_iso3

        check_iso3(args.country)
    if args.starter:
        if args.country is None:
            raise ParameterError(text=Text("cli.starter_needs_country"))
        from . import io
        from .costing import choose_starter_objectives
        from .costing_io import build_starter_plan

        objective_ids = args.objectives or choose_starter_objectives(None)[0]
        from .reference import check_objective_ids

        starter = build_starter_plan(args.country, check_objective_ids(objective_ids),
                                     io.read_processed("country_indicators"),
                                     args.base_year, args.horizon_years,
                                     lang=language)
    plan.write_template(target, country=args.country, plan=starter, lang=language)
    print(say("wrote_starter" if starter is not None else "wrote_template", lang,
              path=target))
    return EXIT_OK


def _cmd_teach(args: argparse.Namespace, lang: str) -> int:
    from .kernels import WarmKernel
    from .teaching import render_lesson

    lessons: list[str] = []
    for item in args.lessons:
        lessons += ["1", "2", "3", "4"] if item == "all" else [item]
    kernel = WarmKernel()
    try:
        for lesson in lessons:
            try:
                written = render_lesson(lesson, args.lang or "en", args.solutions,
                                        args.output, pdf=args.pdf, executor=kernel)
            except (ValueError, KeyError) as exc:
                raise ParameterError(f"lesson {lesson!r}: {exc}") from exc
            for kind in ("html", "pdf"):
                if kind in written:
                    print(say("wrote", lang, path=written[kind]))
    finally:
        kernel.shutdown()
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, lang: str) -> int:
    from . import plan

    errors, warnings = plan.check_plan_file(args.path)
    if args.strict:
        errors, warnings = errors + as_errors(warnings), []
    if warnings:
        print(counted("validate_warnings", len(warnings), lang, path=args.path),
              file=sys.stderr)
        for problem in warnings:
            print(f"  - {problem.render(lang)}", file=sys.stderr)
    if errors:
        print(counted("validate_problems", len(errors), lang, path=args.path),
              file=sys.stderr)
        for problem in errors:
            print(f"  - {problem.render(lang)}", file=sys.stderr)
        return EXIT_INPUT
    if warnings:
        print(counted("validate_ok_warnings", len(warnings), lang, path=args.path))
    else:
        print(say("validate_ok", lang, path=args.path))
    return EXIT_OK


_COMMANDS = {"run": _cmd_run, "batch": _cmd_batch, "data": _cmd_data,
             "template": _cmd_template,
             "validate": _cmd_validate, "teach": _cmd_teach}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``gcm``; returns the exit code."""
    words = terminal_lang(option_lang(sys.argv[1:] if argv is None else argv))
    with argparse_language(words):
        args = build_parser(words).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    lang = terminal_lang(getattr(args, "lang", None))
    try:
        return _COMMANDS[args.command](args, lang)
    except ParameterError as exc:
        print(say("error", lang, message=exc.render_in(lang)), file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(say("error", lang, message=exc.render_in(lang)), file=sys.stderr)
        return EXIT_INPUT
    except GcmError as exc:
        print(say("error", lang, message=exc.render_in(lang)), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(say("interrupted", lang), file=sys.stderr)
        return 130
