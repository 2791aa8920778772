"""The ``guideline_site`` command line.

    python -m guideline_site new DIR [--name NAME]

writes a new guideline site into DIR (new or empty): mkdocs.yml, a page, a references file
and a placeholder calculator core with its tests (:mod:`guideline_site.new_site`).

    python -m guideline_site assemble [--config-file mkdocs.yml]

after a build by a generator other than MkDocs (``zensical build``), writes what the plugin
writes after an MkDocs build: runtime files, wheels, snapshot, offline file, ``_headers``
(:mod:`guideline_site.assemble`).

    python -m guideline_site headers DIR

writes DIR/_headers for a published tree of versions side by side (mike's branch checked
out: README, "Versions"; :func:`guideline_site.headers.published_rules`).

A problem is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from guideline_site import headers
from guideline_site.new_site import DEFAULT_NAME, NewSiteError, write_site


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m guideline_site", description=__doc__.split("\n\n")[0]
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser("new", help="write a new guideline site with an example calculator")
    new.add_argument("dir", type=Path, metavar="DIR", help="where to write it (new or empty)")
    new.add_argument(
        "--name",
        default=DEFAULT_NAME,
        help=f"the calculator's name, as placed on the page (default: {DEFAULT_NAME})",
    )
    assemble = commands.add_parser(
        "assemble", help="write the site's artifacts after a build (e.g. by zensical build)"
    )
    assemble.add_argument("--config-file", "-f", type=Path, default=Path("mkdocs.yml"))
    published = commands.add_parser(
        "headers", help="write _headers at the root of a published tree of versions (mike)"
    )
    published.add_argument(
        "dir", type=Path, metavar="DIR", help="the tree: VERSION/ folders and versions.json"
    )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "assemble":
        return _assemble(args.config_file)
    if args.command == "headers":
        return write_headers(args.dir)
    try:
        written = write_site(args.dir, name=args.name)
    except (NewSiteError, OSError) as exc:
        print(f"guideline_site new: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote a new guideline site in {written.root}:")
    for relative in written.files:
        print(f"  {relative}")
    folder = shlex.quote(str(written.root))
    print(
        "\nEverything in it is a placeholder; its README.md says what to replace. Next:\n"
        f"  cd {folder}\n"
        "  python -m pytest          # the example core's tests\n"
        "  mkdocs build --strict     # the site, into site/\n"
        "  mkdocs serve              # preview while you edit"
    )
    return 0


def _assemble(config_file: Path) -> int:
    from mkdocs.exceptions import MkDocsException

    from guideline_site.assemble import assemble

    try:
        written = assemble(config_file)
    except (MkDocsException, OSError) as exc:
        print(f"guideline_site assemble: {exc}", file=sys.stderr)
        return 2
    print(f"Assembled the site of {config_file}: {len(written)} files, among them")
    for relative in [w for w in written if not w.startswith("assets/")]:
        print(f"  {relative}")
    return 0


def write_headers(tree: Path) -> int:
    if not (tree / "versions.json").is_file():
        print(
            f"guideline_site headers: {tree} has no versions.json: not a tree of versions "
            "published by mike (check out its branch first)",
            file=sys.stderr,
        )
        return 2
    try:
        path = headers.write_published(tree)
    except (OSError, ValueError, KeyError) as exc:
        print(f"guideline_site headers: {tree}: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
