"""``powerlist serve [DIR]``: build the site, serve it on localhost, and rebuild when an input changes.

A preview for the people who edit the catalogue: save a YAML file, reload the page. The watcher polls
the inputs' sizes and modification times once a second (no extra dependency, works on every file
system); a rebuild goes through the same cached, atomic ``build`` as ``powerlist build``, in two steps:
the pages, charts and posters first (``Options.defer``: the search index and data/ kept from the last
build), then the full build. A preview is
a draft (``build --draft``): a catalogue with errors is shown with the 草稿 banner and its findings, so
that an imported list can be looked at before its flows exist; ``--no-draft`` previews exactly what
``build`` would publish, and then a catalogue with errors leaves the last good site in place.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import multiprocessing
import os
import signal
import sys
import threading
import time
from pathlib import Path

from ..build import Options
from ..files import os_reason
from ..layout import inputs, is_project, not_a_project
from ..render.templates import TEMPLATES
from . import usage_error
from .build import build_and_report


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="本地预览网站，修改后自动重新生成（preview the site）",
                       description="生成网站并在本机提供预览；catalog/、flows/ 或 powerlist.yaml 修改后自动重新生成。")
    p.add_argument("dir", nargs="?", default=".", help="项目目录（默认当前目录）")
    p.add_argument("--out", "-o", help="输出目录（默认 DIR/site）")
    p.add_argument("--port", "-p", type=_port, default=8000, help="端口（默认 8000；0 表示任选一个空闲端口）")
    p.add_argument("--bind", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只允许本机访问）")
    p.add_argument("--no-documents", action="store_true", help="不生成文档，预览更快")
    p.add_argument("--no-draft", action="store_true",
                   help="按正式发布生成（清单有错误时不生成）；默认按草稿预览，有错误也生成并标明“草稿”")
    p.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)  # seconds between polls
    p.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 0-65535 的整数，而不是 {text!r}")
    return port


def snapshot(root: Path) -> tuple:
    """Sizes and modification times of every input file (and of the site templates)."""
    paths = inputs(root) + sorted(TEMPLATES.rglob("*"))
    state = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:  # removed between the listing and now (an editor saving by rename)
            continue
        if p.is_file():
            state.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(state)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a preview must never show a stale page
        super().end_headers()


def run(args) -> int:
    root = Path(args.dir)
    if not is_project(root):
        return usage_error(not_a_project(args.dir))
    out = Path(args.out) if args.out else root / "site"
    opts = Options(out=out, documents=not args.no_documents, draft=not args.no_draft, keep=True)
    handler = functools.partial(_QuietHandler, directory=str(out.resolve()))
    try:
        server = http.server.ThreadingHTTPServer((args.bind, args.port), handler)
    except OSError as e:
        print(f"powerlist: 错误：无法在 {args.bind}:{args.port} 上监听（{os_reason(e)}）；"
              "请检查 --bind 地址，或用 --port 换一个端口", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    serving = _serve_elsewhere(server)
    # stopped by a signal (a terminal closed, a service manager): end the server too, not only this process
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        # said at once: the first build of a large catalogue takes minutes, and silence reads as a hang
        print(f"正在生成网站（首次生成较慢，大的清单需要几分钟），完成后预览：http://{host}:{port}/index.html",
              file=sys.stderr, flush=True)
        said: set = set()  # notices printed once per session, not after every save
        status = build_and_report(root, opts, said=said)
        if status != 0 and not out.is_dir():
            print("网站尚未生成：请先修正上面的问题，保存后会自动重试。", file=sys.stderr)
        print(f"预览地址：http://{host}:{port}/index.html（按 Ctrl+C 停止）", file=sys.stderr, flush=True)
        last = snapshot(root)
        while True:
            time.sleep(args.interval)
            now = snapshot(root)
            if now != last:
                last = now
                print("检测到修改，重新生成 ...", file=sys.stderr, flush=True)
                # The pages, charts and posters first (a few seconds), then the search index and the
                # documents; a save in between starts over from the first step.
                if build_and_report(root, dataclasses.replace(opts, defer=True), said=said) == 0 \
                        and snapshot(root) == now:
                    build_and_report(root, opts, findings_said=True, said=said)  # the same files: said a moment ago
                sys.stdout.flush()
                sys.stderr.flush()
    except KeyboardInterrupt:
        print("已停止。", file=sys.stderr)
        return 0
    finally:
        serving.terminate()
        serving.join(timeout=5)


def _serve_elsewhere(server: http.server.HTTPServer) -> multiprocessing.Process:
    """Serve from a process of its own, forked now, while this one has no other thread. The rebuilds
    fork their PDF workers from this process; a fork taken while a server thread held a lock (the import
    lock during a first request, a stream's buffer) would leave that lock held in the worker for ever."""
    parent = os.getpid()

    def serve() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole terminal group: the parent stops us
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
        server.serve_forever()

    process = multiprocessing.get_context("fork").Process(target=serve, name="powerlist-serve", daemon=True)
    process.start()
    server.server_close()  # the child has the listening socket; this process only builds
    return process


def _exit_with_parent(parent: int) -> None:
    """End this server process once the process that started it is gone, however it ended."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
