"""Teaching commands: ``python -m gcm_analysis.teaching <command>``.

    notebooks [--out DIR]                  write the French lesson notebooks
    handouts [--lang en fr] [--copy participant trainer] [--lessons 1 2 3 4]
             [--out DIR] [--no-pdf]        print the lessons (HTML and PDF)
    serve [--port 8000] [--users N] ...    serve the lessons to a room (JupyterHub)

``python3 tasks.py lesson-notebooks``, ``handouts`` and ``serve-lessons`` call
these with the right environment.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .. import paths
from ._format import LANGUAGES, LESSONS

COPIES = ("participant", "trainer")


def _notebooks(args: argparse.Namespace) -> int:
    from .render import write_french_notebooks

    for path in write_french_notebooks(args.out):
        print(path)
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from ..kernels import WarmKernel
    from .render import render_lesson

    out = Path(args.out) if args.out else paths.OUTPUTS_DIR / "teaching" / "handouts"
    kernel = WarmKernel()
    try:
        for lang in args.lang:
            for copy in args.copy:
                for lesson in args.lessons:
                    written = render_lesson(lesson, lang, copy == "trainer", out,
                                            pdf=not args.no_pdf, executor=kernel)
                    print(written.get("pdf", written["html"]), flush=True)
    finally:
        kernel.shutdown()
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(port=args.port, ip=args.ip, workdir=args.workdir,
                 password=args.password)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gcm_analysis.teaching",
                                     description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    notebooks = commands.add_parser("notebooks", help="write the French notebooks")
    notebooks.add_argument("--out", default=None,
                           help="folder (default notebooks/teaching/fr)")
    notebooks.set_defaults(run=_notebooks)
    handouts = commands.add_parser("handouts", help="print participant and trainer "
                                   "copies (HTML and PDF)")
    handouts.add_argument("--lang", nargs="+", choices=LANGUAGES,
                          default=list(LANGUAGES))
    handouts.add_argument("--copy", nargs="+", choices=COPIES, default=list(COPIES))
    handouts.add_argument("--lessons", nargs="+", type=int, choices=LESSONS,
                          default=list(LESSONS))
    handouts.add_argument("--out", default=None,
                          help="folder (default outputs/teaching/handouts)")
    handouts.add_argument("--no-pdf", action="store_true", help="HTML only")
    handouts.set_defaults(run=_handouts)
    serve = commands.add_parser("serve", help="serve the lessons to a room "
                                "(JupyterHub, one copy of the lessons per person)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--ip", default="0.0.0.0",
                       help="address to listen on (0.0.0.0: the whole room)")
    serve.add_argument("--workdir", default=None,
                       help="folder for participants' copies and the hub's state "
                            "(default outputs/teaching/hub)")
    serve.add_argument("--password", default=None,
                       help="the room's shared password (default: one is made up "
                            "and printed)")
    serve.set_defaults(run=_serve)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
