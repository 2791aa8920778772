"""The authoring kit's command line.

    python -m guideline_site.kit freeze PACKAGE VERSION

keeps version VERSION of core PACKAGE's rule table as data: writes ``versions/VERSION.json``
into the package's folder (:func:`guideline_site.kit.freeze` of its ``rules_as_data()``), for
``kit.release(..., table="versions/VERSION.json")``; the site's changelog then says which
answers the next version changes. Run it from the folder the core is imported from, once the
version's changelog entry records today's digests. Standard library only.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from ._version import freeze, table_digests


def main(argv: list[str] | None = None) -> int:
    top = argparse.ArgumentParser(prog="python -m guideline_site.kit")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    command = commands.add_parser("freeze", help="keep a version's rule table as data")
    command.add_argument("package", help="the core's import name, e.g. example_core")
    command.add_argument("version", help="the changelog version the table is, e.g. 2")
    args = top.parse_args(argv)
    sys.path.insert(0, str(Path.cwd()))
    module = importlib.import_module(args.package)
    rules = module.rules_as_data()
    versions = [entry["version"] for entry in rules.get("changelog") or []]
    if args.version not in versions:
        print(
            f"freeze: version {args.version!r} is not in the changelog {versions}", file=sys.stderr
        )
        return 2
    newest = rules["algorithm_version"].split("+", 1)[0]
    if args.version != newest:
        print(f"freeze: today's table is version {newest}, not {args.version}", file=sys.stderr)
        return 2
    table = freeze(rules, args.version)
    path = Path(module.__file__ or "").parent / "versions" / f"{args.version}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    count = len(table_digests(table)) if table["kind"] == "pathway" else len(table["rules"])
    print(f"wrote {path} ({count} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
