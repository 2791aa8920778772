"""Command line: ``python -m sciatica_core [--input FILE] [--rules]``.

Reads one input object as JSON on stdin (or from FILE) and writes the result as JSON on
stdout, exit 0. Bad input (bad JSON included): ``{"errors": [...]}`` on stdout, a one-line
message on stderr, exit 2. ``--rules`` prints the rule table instead.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import evaluate_json, rules_as_data
from .validate import one_line

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
        sys.stdout.write(json.dumps(rules_as_data(), indent=2) + "\n")
        return 0

    try:
        if args.input is None:
            raw = sys.stdin.buffer.read()
        else:
            with open(args.input, "rb") as handle:
                raw = handle.read()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        return _fail([{"field": None, "message": f"Cannot read the input: {exc.strerror}."}])
    except UnicodeDecodeError:
        return _fail([{"field": None, "message": "The input is not valid UTF-8 text."}])

    answer = json.loads(evaluate_json(text))
    if "errors" in answer:
        return _fail(answer["errors"])
    sys.stdout.write(json.dumps(answer["result"], indent=2) + "\n")
    return 0


def _fail(errors: list[dict]) -> int:
    sys.stdout.write(json.dumps({"errors": errors}, indent=2) + "\n")
    sys.stderr.write("error: " + one_line(errors).replace("\n", " ") + "\n")
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
