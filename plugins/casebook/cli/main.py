"""``casebook``: check, build, serve, start and import customer stories, and report on them."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from casebook.cli.build import BuildFailed, build, load_config
from casebook.cli.check import check_paths, check_site
from casebook.cli.importer import import_submissions
from casebook.cli.scaffold import add_new_arguments, new
from casebook.cli.trouble import unexpected
from casebook.config import ConfigError
from casebook.content.site import load_site
from casebook.content.stats import coverage, format_text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__)
    parser.add_argument("--config", "-s", type=Path, default=Path("pelicanconf.py"),
                        help="Pelican settings file (default: pelicanconf.py)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser(
        "check", help="validate content (all, or the files given) and warn about editorial issues")
    check_cmd.add_argument("paths", nargs="*", type=Path, help="files to check (default: all)")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    new_cmd = commands.add_parser("new", help="start a story, interview or FAQ entry")
    add_new_arguments(new_cmd)
    import_cmd = commands.add_parser(
        "import", help="turn story submissions (CSV, or a saved issue-form body) into drafts")
    import_cmd.add_argument("file", type=Path)
    import_cmd.add_argument("--mapping", type=Path, help="CSV column mapping (YAML)")
    commands.add_parser("stats", help="coverage of industries x features, and the UGC count")
    build_cmd = commands.add_parser("build", help="validate and build the site into output/")
    build_cmd.add_argument("--force", action="store_true",
                           help="build even if nothing changed since the last build")
    build_cmd.add_argument("--output", "-o", type=Path, help="output folder")
    serve_cmd = commands.add_parser("serve", help="build, serve and rebuild on change")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", "-p", type=int, default=8000)
    return parser.parse_args(argv)


def check(config: Path, paths: list[Path], strict: bool) -> int:
    project = load_config(config)
    problems = check_paths(project, paths) if paths else check_site(project)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    checked = f"{len(paths)} file(s)" if paths else "all content"
    print(f"{checked} checked: {len(errors)} error(s), {len(warnings)} warning(s)"
          + (" (--strict: warnings count as errors)" if strict and warnings else ""),
          file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def stats(config: Path) -> int:
    project = load_config(config)
    site = load_site(project.content)
    for problem in sorted(site.problems, key=lambda p: (p.level != "warning", p)):
        print(problem, file=sys.stderr)
    sys.stdout.write(format_text(coverage(site, project.stale_months)))
    return 1 if site.errors else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    config = args.config.resolve()
    if not config.exists():
        print(f"{args.config}: settings file not found; run casebook from the project folder",
              file=sys.stderr)
        return 2
    try:
        return run(args, config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - an editor never sees a traceback
        print(unexpected(exc, config.parent), file=sys.stderr)
        return 70


def run(args: argparse.Namespace, config: Path) -> int:
    if args.command == "check":
        return check(config, args.paths, args.strict)
    if args.command == "new":
        return new(config, args)
    if args.command == "import":
        return import_submissions(config, args.file, args.mapping)
    if args.command == "stats":
        return stats(config)
    if args.command == "serve":
        from casebook.cli.serve import serve

        return serve(config, args.host, args.port)
    overrides = {"OUTPUT_PATH": str(args.output.resolve())} if args.output else {}
    try:
        output = build(config, overrides, force=args.force)
    except BuildFailed as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"site built in {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
