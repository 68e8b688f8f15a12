"""``dayasos serve``: the HTTP API with uvicorn (needs the ``service`` extra)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

from dayasos.parameters import ParameterSet

__all__ = ["NAME", "add_parser", "run"]

NAME = "serve"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand to the ``dayasos`` parser."""
    s = sub.add_parser(
        "serve", help="serve the rules over HTTP (OpenAPI at /openapi.json; needs [service])"
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on")
    s.add_argument("--port", type=int, default=8000, help="port to listen on")
    s.add_argument(
        "--workers", type=int, default=1, help="worker processes (one per core is a good start)"
    )
    s.add_argument("--registry", help="a SQLite registry file for the /v1/registry endpoints")
    s.add_argument(
        "--allow-reveal",
        action="store_true",
        help='let a request ask for NIK and names in full ("reveal": true)',
    )
    s.add_argument(
        "--max-batch", type=int, default=100_000, help="most families in one batch request"
    )
    s.add_argument(
        "--max-body", type=int, default=64 * 1024 * 1024, help="largest request body, bytes"
    )
    s.add_argument("--access-log", action="store_true", help="log every request line")


def run(args: argparse.Namespace, params: ParameterSet) -> int:
    """Start uvicorn with :func:`dayasos.service.app.create_app`; returns the exit status."""
    del params  # the application loads the shipped parameters in each worker
    if importlib.util.find_spec("uvicorn") is None or importlib.util.find_spec("starlette") is None:
        print(
            "dayasos: error: serve needs the service extra: pip install 'dayasos[service]'",
            file=sys.stderr,
        )
        return 1
    if args.workers < 1 or not 0 <= args.port <= 65535 or min(args.max_batch, args.max_body) < 1:
        print(
            "dayasos: error: --workers, --max-batch and --max-body must be >= 1, --port 0-65535",
            file=sys.stderr,
        )
        return 1
    import uvicorn

    # the settings reach every worker process through the environment
    if args.registry:
        os.environ["DAYASOS_REGISTRY"] = os.path.abspath(args.registry)
    os.environ["DAYASOS_ALLOW_REVEAL"] = "1" if args.allow_reveal else "0"
    os.environ["DAYASOS_MAX_BATCH"] = str(args.max_batch)
    os.environ["DAYASOS_MAX_BODY"] = str(args.max_body)
    uvicorn.run(
        "dayasos.service.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        log_level="info",
    )
    return 0
