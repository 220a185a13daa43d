"""Serve the demo on 127.0.0.1:8000 with gunicorn, or say so if it is already being served."""

import json
import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    "http://localhost:8000",
    "http://saguenay.localhost:8000",
    "http://baie-james.localhost:8000",
    "http://estrie.localhost:8000",
]


def already_serving(port: int = 8000) -> bool:
    # /healthz answers on the platform's and the regions' hosts only (404 elsewhere): ask as localhost.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": f"localhost:{port}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
            return json.load(response).get("status") == "ok"
    except (OSError, ValueError):
        return False


def main() -> None:
    if already_serving():
        print("Ancrage est déjà servi sur 127.0.0.1:8000 / already serving:")
        print("\n".join(f"  {url}" for url in URLS))
        return
    print("Ancrage — démo / demo:")
    print("\n".join(f"  {url}" for url in URLS))
    sys.stdout.flush()
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    os.chdir(ROOT)
    os.execv(str(gunicorn), [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")])  # noqa: S606


if __name__ == "__main__":
    main()
