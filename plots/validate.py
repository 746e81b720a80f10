#!/usr/bin/python3
"""Validate results files against schema/results.schema.json.

Exit status 0 when every file is valid; otherwise 2, with one line per bad file
on stderr: `FILE: <what is wrong>`. Used by the C++ tests on the tool's output.
"""

import argparse
import sys

import results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", metavar="FILE", help="results files to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    args = parser.parse_args(argv)
    status = 0
    for name in args.files:
        try:
            results.load(name)
        except results.ResultsError as e:
            print(e, file=sys.stderr)
            status = 2
        else:
            if not args.quiet:
                print(f"{name}: ok")
    return status


if __name__ == "__main__":
    sys.exit(main())
