"""Entry point of the ``casebook`` command."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from casebook.stats import DEFAULT_STALE_MONTHS, coverage, format_text

from .build import BuildFailed, build, load_settings, validate


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__)
    parser.add_argument("--config", "-s", type=Path, default=Path("pelicanconf.py"),
                        help="Pelican settings file (default: pelicanconf.py)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate all content without building")
    commands.add_parser("stats", help="coverage of industries x features, and the UGC count")
    build_cmd = commands.add_parser("build", help="validate and build the site into output/")
    build_cmd.add_argument("--output", "-o", type=Path, help="output folder")
    serve_cmd = commands.add_parser("serve", help="build, serve and rebuild on change")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", "-p", type=int, default=8000)
    return parser.parse_args(argv)


def check(config: Path) -> int:
    site = validate(load_settings(config))
    if site.errors:
        print(f"{len(site.errors)} error(s) in content", file=sys.stderr)
        return 1
    print(f"{len(site.items)} files checked, no errors", file=sys.stderr)
    return 0


def stats(config: Path) -> int:
    settings = load_settings(config)
    site = validate(settings)
    months = int(settings.get("CASEBOOK_STALE_MONTHS", DEFAULT_STALE_MONTHS))
    sys.stdout.write(format_text(coverage(site, months)))
    return 1 if site.errors else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    config = args.config.resolve()
    if not config.exists():
        print(f"{args.config}: settings file not found; run casebook from the project folder",
              file=sys.stderr)
        return 2
    if args.command == "check":
        return check(config)
    if args.command == "stats":
        return stats(config)
    if args.command == "serve":
        from .serve import serve

        return serve(config, args.host, args.port)
    overrides = {"OUTPUT_PATH": str(args.output.resolve())} if args.output else {}
    try:
        output = build(config, overrides)
    except BuildFailed as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"site built in {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
