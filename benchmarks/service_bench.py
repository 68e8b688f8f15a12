"""``dayasos serve`` under load: single-family requests and batches, against the same work
called in-process.

Starts ``dayasos serve`` on a free port, then drives it for a fixed time with concurrent
keep-alive HTTP/1.1 clients (a small asyncio client in this process, so the client costs as
little CPU as possible on the machine it shares with the server):

* single: ``--clients`` connections POST one 2-member family to ``/v1/pkh/entitlement``
  (compact form, no explanation text) back to back; requests/s and latency percentiles;
* batch: ``--batch-clients`` connections POST ``--batch-size`` families to
  ``/v1/pkh/entitlement/batch``; families/s;
* in-process: the same work as the batch endpoint (JSON text -> families -> column-wise
  kernel -> totals -> JSON text) and as one single request, in this process, for the same time.

Beside the rates per wall-clock second, the figures give the rates per CPU second of the
server process (from /proc) and of the in-process work: on a machine shared with other jobs
the wall-clock rates fall with the load, the CPU rates much less.

Usage: ``python benchmarks/service_bench.py [--seconds 10] [--clients 8] [--batch-size 2000]
[--workers 1]``. The last line printed is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from typing import Any

import orjson

from dayasos.eligibility.pkh import PkhFamily, entitlement
from dayasos.parameters import load_parameters
from dayasos.population import Population, evaluate
from dayasos.schemas.compact import compact_pkh_entitlement, compact_pkh_entitlement_data
from dayasos.serialization import structure, unstructure
from dayasos.service.contract import PkhBatchRequest, PkhEntitlementResponse, PkhRequest

FAMILY: dict[str, Any] = {
    "family_id": "kpm-1",
    "members": [
        {
            "member_id": "ibu",
            "birth_date": "1990-01-01",
            "sex": "f",
            "pregnant_or_postpartum": True,
        },
        {"member_id": "anak", "birth_date": "2012-01-01", "sex": "m", "school_level": "sd"},
    ],
}
AT = "2021-07-01"


def families(n: int) -> list[dict[str, Any]]:
    """``n`` families of 0-5 members with varied ages, sexes and schooling."""
    levels = ("none", "sd", "smp", "sma")
    out = []
    for i in range(n):
        members = [
            {
                "member_id": f"m{j}",
                "birth_date": f"{1940 + (i * 7 + j * 13) % 80}-{1 + (i + j) % 12:02d}-15",
                "sex": "mf"[(i + j) % 2],
                "school_level": levels[(i + j) % 4],
            }
            for j in range(i % 6)
        ]
        out.append({"family_id": f"k{i}", "members": members, "remote_area": i % 5 == 0})
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "dayasos", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by process ``pid`` and its children (the uvicorn
    workers); 0.0 where /proc is not available."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    try:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry) == pid or int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / tick
    except OSError:
        return 0.0
    return total


def request_bytes(path: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        k, _, v = line.partition(":")
        if k.lower() == "content-length":
            length = int(v)
        elif k.lower() == "transfer-encoding" and "chunked" in v.lower():
            chunked = True
    if not chunked:
        return status, await reader.readexactly(length)
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, bytes(body)
        body += chunk[:-2]


async def drive(
    port: int, path: str, body: bytes, clients: int, seconds: float
) -> tuple[list[float], int]:
    """``clients`` connections sending ``body`` back to back for ``seconds``; the latencies
    (s) of the answered requests and the count of non-200 answers."""
    message = request_bytes(path, body)
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def one() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            writer.write(message)
            status, _ = await read_response(reader)
            latencies.append(time.perf_counter() - t0)
            errors += status != 200
        writer.close()

    await asyncio.gather(*(one() for _ in range(clients)))
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def in_process(
    seconds: float, batch_body: bytes, single_body: bytes
) -> tuple[float, float, float, float]:
    """Families per second and per CPU second of the batch work, then requests per second
    and per CPU second of the single work, in this process."""
    params = load_parameters()

    def batch() -> int:  # what the batch endpoint does, without HTTP
        r = structure(json.loads(batch_body), PkhBatchRequest)
        result = evaluate(Population.from_families(r.families), r.at, params)
        rows = [
            {"family_id": f.family_id, "eligible": ok, "total": t}
            for f, ok, t in zip(
                r.families, result.eligible.tolist(), result.total.tolist(), strict=True
            )
        ]
        orjson.dumps({"families": rows})
        return len(r.families)

    def single() -> int:  # what the single-family endpoint does, without HTTP
        r = structure(json.loads(single_body), PkhRequest)
        e = entitlement(r.family, r.at, params)
        body = {"compact": compact_pkh_entitlement_data(e), "full": None, "explanation": None}
        orjson.dumps(body)
        return 1

    out = []
    for work in (batch, single):
        done = 0
        t0 = time.perf_counter()
        c0 = time.process_time()
        while time.perf_counter() - t0 < seconds / 2:
            done += work()
        out.append(done / (time.perf_counter() - t0))
        out.append(done / max(time.process_time() - c0, 1e-9))
    return out[0], out[1], out[2], out[3]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="time per phase")
    ap.add_argument("--clients", type=int, default=8, help="concurrent single-family clients")
    ap.add_argument("--batch-size", type=int, default=2000, help="families per batch request")
    ap.add_argument("--batch-clients", type=int, default=2, help="concurrent batch clients")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = ap.parse_args()

    try:
        import uvloop

        uvloop.install()
    except ImportError:  # the stock event loop works too, a little slower
        pass
    single_body = json.dumps({"family": FAMILY, "at": AT}).encode()
    docs = families(args.batch_size)
    batch_body = json.dumps({"families": docs, "at": AT}).encode()
    # the batch answer equals the in-process rules (a correctness check of the bench itself)
    expected = sum(
        entitlement(structure(d, PkhFamily), date(2021, 7, 1)).total.amount for d in docs
    )

    port = free_port()
    server = start_server(port, args.workers)
    try:
        with urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{port}/v1/pkh/entitlement/batch",
                data=batch_body,
                headers={"Content-Type": "application/json"},
            )
        ) as r:
            assert json.loads(r.read())["total"] == expected
        asyncio.run(drive(port, "/v1/pkh/entitlement", single_body, args.clients, 1.0))  # warm-up
        t0, s0 = time.perf_counter(), cpu_seconds(server.pid)
        lat, errors = asyncio.run(
            drive(port, "/v1/pkh/entitlement", single_body, args.clients, args.seconds)
        )
        single_s, single_cpu = time.perf_counter() - t0, cpu_seconds(server.pid) - s0
        t0, s0 = time.perf_counter(), cpu_seconds(server.pid)
        blat, berrors = asyncio.run(
            drive(port, "/v1/pkh/entitlement/batch", batch_body, args.batch_clients, args.seconds)
        )
        batch_s, batch_cpu = time.perf_counter() - t0, cpu_seconds(server.pid) - s0
    finally:
        server.terminate()
        server.wait(timeout=30)
    in_batch, in_batch_cpu, in_single, in_single_cpu = in_process(
        args.seconds, batch_body, single_body
    )

    figures = {
        "seconds": args.seconds,
        "clients": args.clients,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "single_requests": len(lat),
        "single_rps": round(len(lat) / single_s, 1),
        "p50_ms": round(percentile(lat, 0.50) * 1000, 2),
        "p99_ms": round(percentile(lat, 0.99) * 1000, 2),
        "single_errors": errors,
        "single_server_cpu_s": round(single_cpu, 2),
        "single_per_server_cpu_s": round(len(lat) / single_cpu, 1) if single_cpu else None,
        "single_response_bytes": len(
            json.dumps(
                unstructure(
                    PkhEntitlementResponse(
                        compact=compact_pkh_entitlement(
                            entitlement(structure(FAMILY, PkhFamily), date(2021, 7, 1))
                        )
                    )
                )
            )
        ),
        "batch_size": args.batch_size,
        "batch_requests": len(blat),
        "batch_families_per_s": round(len(blat) * args.batch_size / batch_s, 1),
        "batch_p50_ms": round(percentile(blat, 0.50) * 1000, 1),
        "batch_errors": berrors,
        "batch_server_cpu_s": round(batch_cpu, 2),
        "batch_families_per_server_cpu_s": (
            round(len(blat) * args.batch_size / batch_cpu, 1) if batch_cpu else None
        ),
        "in_process_families_per_s": round(in_batch, 1),
        "in_process_families_per_cpu_s": round(in_batch_cpu, 1),
        "in_process_single_per_s": round(in_single, 1),
        "in_process_single_per_cpu_s": round(in_single_cpu, 1),
    }
    for k, v in figures.items():
        print(f"{k:28} {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
