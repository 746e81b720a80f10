"""Command line shared by every chart script and the report: RESULTS.json... -o OUTDIR.

Exit status 0 when done; 2 with one line on stderr (`PROG: FILE: what is wrong`) when an
input file is missing, unreadable, too large or invalid, or an output file cannot be
written. Output files are written whole or not at all (output.py).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import output
import results
import style


def fail(message):
    """The one line a user sees for anything the script cannot do; exit status 2."""
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


def parse_and_load(description, argv=None, add_options=None,
                   outdir_help="directory for the PNG and SVG files (created if missing)"):
    """(args, [Results]); a bad file ends the program with one line on stderr and status 2."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("files", nargs="+", metavar="RESULTS.json", help="results files")
    parser.add_argument("-o", "--outdir", required=True, type=Path, help=outdir_help)
    if add_options:
        add_options(parser)
    args = parser.parse_args(argv)
    try:
        runs = results.load_all(args.files)
    except results.ResultsError as e:
        fail(e)
    problem = prepare_outdir(args.outdir)
    if problem:
        fail(f"-o/--outdir: {args.outdir}: {problem}")
    return args, runs


def prepare_outdir(outdir):
    """Create outdir if missing and check it takes files: None, or what is wrong with it."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "exists and is not a directory; expected a directory"
    except OSError as e:
        return f"cannot create the directory ({e.strerror})"
    try:
        with tempfile.TemporaryFile(dir=outdir):
            pass
    except OSError as e:
        return f"cannot write files there ({e.strerror})"
    return None


def main(draw, description, argv=None, add_options=None):
    """Parse args, load files, call draw(runs, outdir, **options) -> [Chart]; exit 0 or 2.

    add_options(parser) may add script-specific options; their values reach draw by name.
    """
    args, runs = parse_and_load(description, argv, add_options)
    options = {k: v for k, v in vars(args).items() if k not in ("files", "outdir")}
    try:
        charts = drawn(draw(runs, args.outdir, **options))
    except output.OutputError as e:
        fail(e)
    for chart in charts:
        print(chart.png)
        print(chart.svg)
    if not charts:
        style.note("no chart written: the files hold no data for this chart kind")
    return 0


def drawn(items):
    """The charts among draw results (Skipped entries have said why already)."""
    return [c for c in items if isinstance(c, style.Chart)]


def per_run(draw_run):
    """draw(runs, outdir) from draw_run(run, outdir) -> [Chart or Skipped]."""
    def draw(runs, outdir):
        return [chart for run in runs for chart in draw_run(run, outdir) if chart]
    return draw
