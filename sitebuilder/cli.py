"""The command line: `build`, `serve`, `check`. Parses arguments, calls the pipeline; no logic."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from . import freshness
from .errors import BuildFailed
from .options import DEFAULT_THEME, BuildOptions, BuildResult

# The pipeline (pydantic, Jinja2, markdown-it) is imported only when there is work to do:
# "nothing changed" is answered from the build cache's manifest alone.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build or preview the municipality's website."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def content(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            metavar="DIR",
            help="content folder (default: content)",
        )

    def common(cmd: argparse.ArgumentParser) -> None:
        content(cmd)
        cmd.add_argument(
            "--out",
            type=Path,
            default=Path("public"),
            metavar="DIR",
            help="output folder, replaced whole on success (default: public)",
        )
        cmd.add_argument(
            "--theme",
            type=Path,
            default=DEFAULT_THEME,
            metavar="DIR",
            help="theme folder (default: the bundled theme/)",
        )
        cmd.add_argument("--drafts", action="store_true", help="include pages marked draft: true")
        cmd.add_argument(
            "--clean",
            action="store_true",
            help="rebuild everything, ignoring the build cache (.cache/build/ beside --out)",
        )

    b = commands.add_parser("build", help="build the site once")
    common(b)
    b.add_argument("--base-url", metavar="URL", help="override base_url from site.yml")
    s = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change")
    common(s)
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.set_defaults(base_url=None)
    c = commands.add_parser(
        "check", help="check the content for errors and warnings without building"
    )
    content(c)
    c.add_argument("--drafts", action="store_true", help="also check pages marked draft: true")
    c.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one `path:line: level: message` line each (default); json: for tools",
    )
    return parser


def usage_problem(args: argparse.Namespace) -> str | None:
    """Options that parse but cannot work; reported as usage errors (exit 2)."""
    if not args.content.is_dir():
        return f"content folder {args.content} does not exist"
    if args.command == "check":
        return None
    if not (args.theme / "layouts").is_dir():
        return f"theme folder {args.theme} has no layouts/"
    out, content, theme = args.out.resolve(), args.content.resolve(), args.theme.resolve()
    if out in (content, theme, Path.home()) or out in content.parents or out in theme.parents:
        return f"--out {args.out} would replace your content or theme; choose another folder"
    if content in out.parents or theme in out.parents:
        return f"--out {args.out} is inside the content or theme folder; choose a folder outside it"
    if args.base_url is not None and not args.base_url.startswith(("http://", "https://")):
        return "--base-url must start with http:// or https://"
    return None


def options_from(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        content=args.content,
        out=args.out,
        theme=args.theme,
        base_url=args.base_url,
        drafts=args.drafts,
        clean=getattr(args, "clean", False),
    )


def run_build(options: BuildOptions) -> BuildResult | None:
    """Build once, printing every content error or a one-line summary."""
    started = time.perf_counter()
    pages = freshness.unchanged(options)
    if pages is not None:
        result = BuildResult(pages, 0, time.perf_counter() - started, options.out, "unchanged")
        _summary(result, options)
        return result
    from .pipeline import build

    try:
        result = build(options, notice=lambda text: print(text, file=sys.stderr))
    except BuildFailed as failed:
        for error in failed.errors:
            print(error.format(), file=sys.stderr)
        count = len(failed.errors)
        print(
            f"build failed: {count} error{'s' * (count != 1)}; {options.out} was not changed",
            file=sys.stderr,
        )
        return None
    _summary(result, options)
    return result


def _summary(result: BuildResult, options: BuildOptions) -> None:
    how = {"clean": "", "incremental": ", incremental", "unchanged": ", nothing changed"}
    print(
        f"built {result.pages} pages ({result.files} files written{how[result.mode]}) "
        f"into {options.out} in {result.seconds:.2f} s"
    )


def run_check(options: BuildOptions, fmt: str) -> int:
    """Print every finding on stdout; exit 1 if any is an error."""
    from .checks import check_site

    report = check_site(options)
    sys.stdout.write(report.json() if fmt == "json" else report.text())
    return EXIT_CONTENT if report.errors else EXIT_OK


def main(argv: list[str] | None = None, api_factory: Any = None) -> int:
    """``api_factory(content_dir)`` returns a WSGI app that `serve` mounts at /api/."""
    parser = _parser()
    args = parser.parse_args(argv)
    problem = usage_problem(args)
    if problem:
        parser.error(problem)  # exits 2
    if args.command == "check":
        return run_check(BuildOptions(content=args.content, drafts=args.drafts), args.format)
    options = options_from(args)
    if args.command == "serve":
        from .serve import serve

        return serve(options, port=args.port, api_factory=api_factory)
    return EXIT_OK if run_build(options) else EXIT_CONTENT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
