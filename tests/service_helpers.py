"""Start ``dayasos serve`` as a real server process on a free port (for the service tests and
the benchmark's style of use)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_server(*args: str, log: Path | None = None) -> Iterator[str]:
    """``dayasos serve --port <free> *args`` in a child process; yields its base URL and
    stops it afterwards."""
    port = free_port()
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYASOS_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dayasos", "serve", "--port", str(port), *args],
        stdout=out,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"dayasos serve exited with {proc.returncode}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("dayasos serve did not start within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is not None and hasattr(out, "close"):
            out.close()


# ---------------------------------------------------------------- documented examples

FAMILY: dict[str, Any] = {
    "family_id": "kpm-1",
    "members": [
        {
            "member_id": "ibu",
            "birth_date": "1990-01-01",
            "sex": "perempuan",
            "pregnant_or_postpartum": True,
        },
        {"member_id": "anak", "birth_date": "2012-01-01", "sex": "L", "school_level": "SD"},
    ],
}
FAMILIES: list[dict[str, Any]] = [
    FAMILY,
    {
        "family_id": "kpm-2",
        "members": [{"member_id": "nenek", "birth_date": "1948-05-02", "sex": "f"}],
        "remote_area": True,
    },
    {
        "family_id": "kpm-3",
        "members": [{"member_id": "a", "birth_date": "1985-03-01", "sex": "m"}],
        "status": "graduasi",
    },
]

# (title, method, path, request body or None, request schema, response schema)
EXAMPLES: list[tuple[str, str, str, Any, str | None, str]] = [
    ("Health", "GET", "/health", None, None, "health"),
    (
        "PKH entitlement of one family, explained in English",
        "POST",
        "/v1/pkh/entitlement",
        {"family": FAMILY, "at": "2021-01-04", "lang": "en"},
        "pkh-request",
        "pkh-entitlement-response",
    ),
    (
        "PKH eligibility, explained in Bahasa Indonesia",
        "POST",
        "/v1/pkh/eligibility",
        {"family": {**FAMILY, "status": "ditangguhkan"}, "at": "2021-01-04", "lang": "id"},
        "pkh-request",
        "decision-response",
    ),
    (
        "PKH entitlement of a batch of families",
        "POST",
        "/v1/pkh/entitlement/batch",
        {"families": FAMILIES, "at": "2021-07-01"},
        "pkh-batch-request",
        "pkh-batch-entitlement-response",
    ),
    (
        "PKH eligibility of a batch of families",
        "POST",
        "/v1/pkh/eligibility/batch",
        {"families": FAMILIES, "at": "2021-07-01"},
        "pkh-batch-request",
        "pkh-batch-eligibility-response",
    ),
    (
        "Another programme's entitlement: BST 2020",
        "POST",
        "/v1/programmes/bst/entitlement",
        {"subject": {"family_id": "kpm-7"}, "at": "2020-04-01"},
        "bst-request",
        "programme-entitlement-response",
    ),
    (
        "Another programme's eligibility: KUBE",
        "POST",
        "/v1/programmes/kube/eligibility",
        {
            "subject": {"group_id": "kube-1", "member_families": 10, "all_registered_poor": True},
            "at": "2021-03-01",
            "lang": "en",
        },
        "kube-request",
        "decision-response",
    ),
    (
        "The parameter catalogue at a date",
        "GET",
        "/v1/parameters?at=2021-07-01&prefix=pkh.index.sd",
        None,
        None,
        "parameter-catalogue",
    ),
    (
        "A reform compared over a batch of families",
        "POST",
        "/v1/reforms/compare",
        {
            "name": "SD Rp1.200.000",
            "overrides": [
                {
                    "parameter": "pkh.index.sd",
                    "value": 1200000,
                    "start": "2021-01-01",
                    "note": "proposal under study",
                }
            ],
            "families": FAMILIES[:2],
            "at": "2021-07-01",
        },
        "reform-request",
        "reform-response",
    ),
    (
        "Add a person to the registry",
        "POST",
        "/v1/registry/persons",
        {"nik": "3273014506900002", "name": "Siti Aminah", "birth_date": "1990-06-05", "sex": "P"},
        "person",
        "person-stored",
    ),
    (
        "Read a person (masked)",
        "POST",
        "/v1/registry/persons/lookup",
        {"nik": "3273014506900002"},
        "person-lookup",
        "person",
    ),
    (
        "Read a person in full (the server runs with --allow-reveal)",
        "POST",
        "/v1/registry/persons/lookup",
        {"nik": "3273014506900002", "reveal": True},
        "person-lookup",
        "person",
    ),
    (
        "A malformed document: 422 with every problem",
        "POST",
        "/v1/pkh/entitlement",
        {
            "family": {
                "family_id": "",
                "desil": 2.7,
                "members": [
                    {"member_id": "a", "birth_date": "1990-02-30", "sex": "x"},
                    {
                        "member_id": "b",
                        "birth_date": "2000-01-01",
                        "sex": "m",
                        "pregnant_or_postpartum": True,
                    },
                ],
            },
            "at": "2021-01-04",
            "colour": "red",
        },
        None,
        "problem-response",
    ),
]

MARK = re.compile(
    r"<!-- (request|response): (\S+) (\S+) schema: (\S+) -->\n(?:```json\n(.*?)^```\n)?",
    re.MULTILINE | re.DOTALL,
)
"""``<!-- request: METHOD PATH schema: NAME -->`` (``-`` when there is no body) and
``<!-- response: STATUS METHOD-PATH schema: NAME -->``, each followed by a JSON block."""


def shown(data: Any) -> str:
    """JSON as the docs show it: indented, non-ASCII kept."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def render_examples(url: str) -> str:
    """The examples section of docs/service.md, from the answers of a server at ``url``."""
    out = []
    for title, method, path, body, req_schema, resp_schema in EXAMPLES:
        r = httpx.request(method, url + path, json=body, timeout=30)
        out.append(f"### {title}\n")
        out.append(f"<!-- request: {method} {path} schema: {req_schema or '-'} -->")
        if body is not None:
            out.append(f"```json\n{shown(body)}\n```")
        out.append(f"\n`{method} {path}` answers {r.status_code}:\n")
        out.append(f"<!-- response: {r.status_code} {method}-{path} schema: {resp_schema} -->")
        out.append(f"```json\n{shown(r.json())}\n```\n")
    return "\n".join(out)


def documented_examples(text: str) -> list[dict[str, Any]]:
    """The request/response pairs of a page, in order."""
    pairs: list[dict[str, Any]] = []
    for m in MARK.finditer(text):
        kind, a, b, schema, body = m.groups()
        if kind == "request":
            pairs.append(
                {
                    "method": a,
                    "path": b,
                    "request_schema": None if schema == "-" else schema,
                    "body": None if body is None else json.loads(body),
                }
            )
        else:
            pairs[-1].update(
                status=int(a), response_schema=schema, response=json.loads(body or "null")
            )
    return pairs


if __name__ == "__main__":  # python tests/service_helpers.py: regenerate the docs examples
    page = Path(__file__).resolve().parent.parent / "docs" / "service.md"
    text = page.read_text(encoding="utf-8")
    start, end = "<!-- examples:start -->\n", "<!-- examples:end -->"
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server("--registry", str(Path(tmp) / "registry.sqlite"), "--allow-reveal") as base,
    ):
        section = render_examples(base)
    head, rest = text.split(start, 1)
    page.write_text(head + start + section + "\n" + end + rest.split(end, 1)[1], encoding="utf-8")
    print(f"wrote {page}")
