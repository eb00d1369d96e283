"""The ``powerlist`` command: ``check``, ``build``, ``serve``, ``new``, ``diff``, ``assess``, ``import``,
``export``, ``rules`` and ``schema``."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .commands import assess as assess_cmd
from .commands import build as build_cmd
from .commands import check as check_cmd
from .commands import chinese
from .commands import diff as diff_cmd
from .commands import export as export_cmd
from .commands import import_ as import_cmd
from .commands import new as new_cmd
from .commands import rules as rules_cmd
from .commands import schema as schema_cmd
from .commands import serve as serve_cmd


def make_parser() -> argparse.ArgumentParser:
    chinese.install()
    parser = argparse.ArgumentParser(
        prog="powerlist",
        description="权力清单与权力运行流程图：检查、生成、发布（power list checker and publisher）",
    )
    parser.add_argument("--version", action="version", version=f"powerlist {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令")
    check_cmd.add_parser(sub)
    build_cmd.add_parser(sub)
    serve_cmd.add_parser(sub)
    new_cmd.add_parser(sub)
    diff_cmd.add_parser(sub)
    assess_cmd.add_parser(sub)
    import_cmd.add_parser(sub)
    export_cmd.add_parser(sub)
    rules_cmd.add_parser(sub)
    schema_cmd.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:  # e.g. `powerlist check | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
