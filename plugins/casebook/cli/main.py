"""``casebook``: check, build, serve, start and import customer stories, and report on them."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from casebook.cli.build import BuildFailed, build, load_config
from casebook.cli.check import check_paths, check_site
from casebook.cli.importer import import_submissions, write_template
from casebook.cli.init import add_init_arguments, init
from casebook.cli.scaffold import add_new_arguments, new
from casebook.cli.trouble import unexpected
from casebook.config import ConfigError
from casebook.content.site import load_site
from casebook.content.stats import coverage, format_text

DESCRIPTION = "Write, check, preview and publish your customers' stories."
EPILOG = """\
The usual loop:
  casebook new story      start a story (asks what it needs to know)
  casebook serve          preview the site at http://localhost:8000 while you write
  casebook check          check every file before you send it for review
  casebook stats          which industries and features still need a story

Each command has its own help: casebook new --help. The editor guide is
docs/editor-guide.md."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="casebook", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", "-s", type=Path, default=Path("pelicanconf.py"),
                        help="Pelican settings file (default: pelicanconf.py)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser(
        "check", help="validate content (all, or the files given) and warn about editorial issues")
    check_cmd.add_argument("paths", nargs="*", type=Path, help="files to check (default: all)")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_cmd.add_argument("--quiet-warnings", action="store_true",
                           help="show errors only (warnings are still counted)")
    new_cmd = commands.add_parser("new", help="start a story, interview or FAQ entry")
    add_new_arguments(new_cmd)
    import_cmd = commands.add_parser(
        "import", help="turn story submissions (CSV, or a saved issue-form body) into drafts")
    import_cmd.add_argument("file", type=Path, nargs="?",
                            help="a CSV export, or a saved issue-form body")
    import_cmd.add_argument("--mapping", type=Path, help="CSV column mapping (YAML)")
    import_cmd.add_argument("--template", action="store_true",
                            help="print an empty CSV with the columns import reads "
                                 "(e.g. casebook import --template > survey.csv)")
    commands.add_parser("stats", help="coverage of industries x features, and the UGC count")
    build_cmd = commands.add_parser("build", help="validate and build the site into output/")
    build_cmd.add_argument("--force", action="store_true",
                           help="build even if nothing changed since the last build")
    build_cmd.add_argument("--output", "-o", type=Path, help="output folder")
    init_cmd = commands.add_parser("init", help="create a new site of your own (not the sample)")
    add_init_arguments(init_cmd)
    serve_cmd = commands.add_parser("serve", help="build, serve and rebuild on change")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", "-p", type=int, default=8000)
    serve_cmd.add_argument("--cms", action="store_true", help="also serve the browser editor "
                           "at /admin/, writing to this folder (starts decap-server)")
    serve_cmd.add_argument("--cms-port", type=int, default=8081,
                           help="the browser editor's local backend (default 8081)")
    return parser.parse_args(argv)


def check(config: Path, paths: list[Path], strict: bool, quiet_warnings: bool = False) -> int:
    """Errors first (what stops the build), then the warnings (what to fix before
    publishing), then the count of each."""
    project = load_config(config)
    problems = check_paths(project, paths) if paths else check_site(project)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    for problem in errors:
        print(problem, file=sys.stderr)
    if warnings and not quiet_warnings:
        if errors:
            print("", file=sys.stderr)
        for problem in warnings:
            print(problem, file=sys.stderr)
    checked = f"{len(paths)} file(s)" if paths else "all content"
    notes = []
    if strict and warnings:
        notes.append("--strict: warnings count as errors")
    if quiet_warnings and warnings:
        notes.append("warnings not shown: --quiet-warnings")
    print(f"{checked} checked: {len(errors)} error(s), {len(warnings)} warning(s)"
          + (f" ({'; '.join(notes)})" if notes else ""), file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def stats(config: Path) -> int:
    project = load_config(config)
    site = load_site(project.content)
    for problem in sorted(site.problems, key=lambda p: (p.level != "warning", p)):
        print(problem, file=sys.stderr)
    sys.stdout.write(format_text(coverage(site, project.stale_months)))
    return 1 if site.errors else 0


def not_for_editors(record: logging.LogRecord) -> bool:
    """Pelican warns on every local run that feeds need SITEURL; a local build has none
    on purpose (the publish settings give it)."""
    return not str(record.msg).startswith("Feeds generated without SITEURL")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(not_for_editors)
    if args.command == "init":
        return init(args)
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
        return check(config, args.paths, args.strict, args.quiet_warnings)
    if args.command == "new":
        return new(config, args)
    if args.command == "import":
        if args.template:
            return write_template(config, args.mapping)
        if args.file is None:
            print("casebook import: give the CSV or issue file to import (or --template for "
                  "an empty CSV to fill in)", file=sys.stderr)
            return 2
        return import_submissions(config, args.file, args.mapping)
    if args.command == "stats":
        return stats(config)
    if args.command == "serve":
        from casebook.cli.serve import serve

        return serve(config, args.host, args.port, args.cms_port if args.cms else None)
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
