"""Command line: ``python -m sciatica_core [--input FILE] [--rules]``.

Reads one input object as JSON on stdin (or from FILE) and writes the result as JSON on
stdout, exit 0. Bad input (bad JSON included): ``{"errors": [...]}`` on stdout, a one-line
message on stderr, exit 2. ``--rules`` prints the rule table instead.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys

from . import InputError, evaluate_json, rules_as_data
from .model import ErrorData

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sciatica_core",
        description="Evaluate one flare-calculator input (JSON) against the guideline's algorithm.",
    )
    parser.add_argument("--input", metavar="FILE", help="read the input from FILE, not stdin")
    parser.add_argument(
        "--rules", action="store_true", help="print the rule table as JSON and exit"
    )
    args = parser.parse_args(argv)

    if args.rules:
        return _write(json.dumps(rules_as_data(), indent=2))

    try:
        if args.input is not None:
            with open(args.input, "rb") as handle:
                raw = handle.read()
        elif sys.stdin is None:
            raise OSError(0, "standard input is closed")
        else:
            raw = sys.stdin.buffer.read()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _fail([{"field": None, "message": f"Cannot read the input: {reason}."}])
    except UnicodeDecodeError:
        return _fail([{"field": None, "message": "The input is not valid UTF-8 text."}])

    answer = json.loads(evaluate_json(text))
    if "errors" in answer:
        return _fail(answer["errors"])
    return _write(json.dumps(answer["result"], indent=2))


def _fail(errors: list[ErrorData]) -> int:
    _write(json.dumps({"errors": errors}, indent=2))
    try:
        if sys.stderr is not None:
            sys.stderr.write("error: " + str(InputError(errors)) + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return EXIT_BAD_INPUT


def _write(text: str) -> int:
    """Write ``text`` to stdout; a closed or full stdout is a failure (exit 2), not a crash."""
    try:
        if sys.stdout is None:
            raise OSError("standard output is closed")
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        # Keep the interpreter from failing again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.dup2(devnull, sys.stdout.fileno())
        with contextlib.suppress(OSError, AttributeError, ValueError):
            sys.stderr.write("error: cannot write to standard output.\n")
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
