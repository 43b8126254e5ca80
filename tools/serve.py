#!/usr/bin/python3
"""Serves a folder (build/web) on 127.0.0.1 with cross-origin isolation headers.

Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp make
the page cross-origin isolated, which WebAssembly threads (SharedArrayBuffer) require. If the
port is taken, the next free one is used and the script says so. The URL is printed once the
page answers.

    tools/serve.py [--port 8080] [--bind 127.0.0.1] FOLDER
"""
import argparse
import errno
import functools
import http.server
import os
import sys
import threading
import urllib.request


class IsolatedHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".md": "text/markdown; charset=utf-8", "": "text/plain; charset=utf-8"}

    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, format, *args):  # quiet: one line per error only
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def bind(folder, host, first_port, tries=20):
    handler = functools.partial(IsolatedHandler, directory=folder)
    for port in range(first_port, first_port + tries):
        try:
            server = http.server.ThreadingHTTPServer((host, port), handler)
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
            print(f"serve: port {port} is in use, trying {port + 1}", flush=True)
            continue
        return server, port
    raise OSError(f"ports {first_port} to {first_port + tries - 1} are all in use (set PORT)")


def announce_when_answering(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read(1)
        print(f"vitplay: {url}  (Ctrl-C to stop)", flush=True)
    except OSError as e:
        print(f"serve: {url} does not answer: {e}", file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--bind", default="127.0.0.1")
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.folder, "index.html")):
        sys.exit(f"serve: {args.folder}/index.html not found: build the page first (ci/play)")
    try:
        server, port = bind(args.folder, args.bind, args.port)
    except OSError as e:
        sys.exit(f"serve: cannot listen on {args.bind}:{args.port}: {e}")
    threading.Thread(target=announce_when_answering, args=(f"http://{args.bind}:{port}/",), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
