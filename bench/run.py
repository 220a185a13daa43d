"""`make bench` (`python -m bench.run`): every benchmark in one command; each prints ratios against
a baseline measured in the same run. Run as a module from the project root, so that `api` names the
project's package, not bench/api.py."""

import argparse

from bench import api, imports, provisioning


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,50,200", help="existing regions for the provisioning bench")
    args = parser.parse_args()
    provisioning.main(["--sizes", args.sizes])
    print()
    api.main()
    print()
    imports.main()


if __name__ == "__main__":
    main()
