"""`make bench`: every benchmark in one command; each prints ratios against a baseline of the same run."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import provisioning  # noqa: E402


def main() -> None:
    provisioning.main(sys.argv[1:] if len(sys.argv) > 1 else None)
    try:
        from bench import api
    except ImportError:
        return
    api.main()


if __name__ == "__main__":
    main()
