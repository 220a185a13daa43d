"""`make bench` (`python -m bench.run`): every benchmark in one command; each prints its own table
with ratios against a baseline measured in the same run, and `make bench` ends with one table of
every figure against its baseline and target. Run as a module from the project root, so that `api`
names the project's package, not bench/api.py."""

import argparse

from bench import api, catalog, imports, migrations, network, provisioning, report, routing
from bench.common import print_figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,500", help="existing regions for the provisioning bench")
    args = parser.parse_args()
    figures: list[dict] = []
    for run in (
        lambda: provisioning.main(["--sizes", args.sizes]),
        migrations.main,
        catalog.main,
        routing.main,
        api.main,
        imports.main,
        report.main,
        network.main,
    ):
        result = run()
        figures += result.get("figures", []) if isinstance(result, dict) else []
        print()
    print_figures(figures)


if __name__ == "__main__":
    main()
