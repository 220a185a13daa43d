"""`make fuzz`: schemathesis against a live Ancrage, as every role of a demo region and as the
platform admin, with the checks of the API contract. Exits non-zero on any finding.

    .venv/bin/python -m tools.fuzz [--seconds 35] [--region saguenay] [--keep-db]

A throwaway database (`ancrage_fuzz`) gets the demo regions; gunicorn serves it on 127.0.0.1 with
deploy/gunicorn.conf.py. Roles run from the least to the most powerful (the region admin's writes,
then the platform admin's suspensions, cannot take the ground from under the others). Every loop is
bounded: schemathesis stops at --seconds per role.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from tools.live import PLATFORM_EMAIL, ROLES, ROOT, demo_database, free_port, gunicorn, local_stripe, token

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)
DATABASE = "ancrage_fuzz"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def fuzz_command(port: int, host: str, key: str, seconds: int, seed: int, report: Path | None) -> list[str]:
    return [
        str(SCHEMATHESIS),
        "run",
        f"http://127.0.0.1:{port}/api/v1/schema/?format=json",
        "--header",
        f"Host: {host}",
        "--header",
        f"Authorization: Token {key}",
        "--checks",
        ",".join(CHECKS),
        # Revoking the token presented would log the fuzzer out for the rest of its run.
        "--exclude-operation-id",
        "auth_token_revoke",
        "--max-time",
        str(seconds),
        "--max-examples",
        "10",
        "--seed",
        str(seed),
        # One worker: CPython 3.11's compiler is not thread-safe under hypothesis' load
        # ("AST constructor recursion depth mismatch"), which failed runs at random.
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "20",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]


def fuzz_as(port: int, host: str, key: str, seconds: int, seed: int, report: Path) -> dict:
    command = fuzz_command(port, host, key, seconds, seed, report)
    log = report.with_suffix(".txt")
    with open(log, "w") as out:
        # schemathesis itself stops at --max-time; the timeout only guards against a hang.
        subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=seconds * 3 + 60, check=False)  # noqa: S603
    result = json.loads(report.read_text())
    result["log"] = str(log)
    return result


def summary_row(who: str, result: dict) -> dict:
    findings = {failure["code"]: failure["count"] for failure in result.get("failures", [])}
    errors = len(result.get("errors", []))
    return {
        "who": who,
        "operations": result["operations"]["tested"],
        "cases": result["test_cases"]["generated"],
        "findings": findings,
        "errors": errors,
        "total": sum(findings.values()) + errors,
        "log": result["log"],
        "failed_operations": sorted(
            {op for failure in result.get("failures", []) for op in failure.get("operations", [])}
        ),
    }


def print_table(rows: list[dict]) -> None:
    codes = sorted({code for row in rows for code in row["findings"]})
    header = ["role", "operations", "cases", *codes, "errors", "total"]
    lines = [header]
    for row in rows:
        lines.append(
            [
                row["who"],
                str(row["operations"]),
                str(row["cases"]),
                *[str(row["findings"].get(code, 0)) for code in codes],
                str(row["errors"]),
                str(row["total"]),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))
    print("codes: ST101 server error, ST103 undocumented status, ST105 undocumented content type,")
    print("       ST108 response violates schema, ST111 negative data accepted (see `schemathesis explain`)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", 35)))
    parser.add_argument("--region", default="saguenay")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", 1)))
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument("--only", help="comma-separated roles (funder,agent,coordination,admin,platform)")
    args = parser.parse_args()

    started = time.monotonic()
    print(f"Base de données jetable / throwaway database {DATABASE} (démo) ...", flush=True)
    servers = ExitStack()
    env = dict(os.environ)
    servers.enter_context(local_stripe(env))  # before the demo: onboarding sets up billing at Stripe
    env = demo_database(DATABASE, env)
    # Throttles would only turn the fuzzer's bursts into 429s (documented, but they hide the rest).
    env.update({"API_WRITE_THROTTLE_RATE": "100000/minute", "API_WRITE_IP_THROTTLE_RATE": "100000/minute"})
    port = free_port(args.port)
    host = f"{args.region}.localhost"
    wanted = args.only.split(",") if args.only else [*ROLES, "platform"]
    rows = []
    reports = Path(tempfile.mkdtemp(prefix="fuzz-", dir=ROOT / ".data"))
    with servers, gunicorn(env, port, log=reports / "gunicorn.log"):
        keys = {
            prefix: token(port, host, f"{prefix}@{args.region}.demo") for prefix in ROLES if prefix in wanted
        }
        if "platform" in wanted:
            keys["platform"] = token(port, "localhost", PLATFORM_EMAIL)
        for who, key in keys.items():
            target = "localhost" if who == "platform" else host
            print(f"  {who:<13} on {target}: {args.seconds} s ...", flush=True)
            result = fuzz_as(port, target, key, args.seconds, args.seed, reports / f"{who}.json")
            rows.append(summary_row(who, result))
    print()
    print_table(rows)
    for row in rows:
        if row["total"]:
            print(f"\n{row['who']}: {', '.join(row['failed_operations'])}\n  details: {row['log']}")
    total = sum(row["total"] for row in rows)
    print(f"\n{total} finding(s) in {time.monotonic() - started:.0f} s; reports in {reports}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
