"""The demo's network (demo/network.yaml): the network funder MIFI, its platform account, and each
region's link and opt-in, written through network.services as a region's direction would.
Idempotent: run again, nothing doubles and no opt-in is recorded twice."""

from pathlib import Path

import yaml
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from core.models import Funder
from network import services
from network.models import OptIn
from tenants.models import Region

NETWORK_FILE = Path(__file__).resolve().parent / "network.yaml"


def network_data() -> dict:
    with NETWORK_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def network_accounts() -> list[str]:
    return [
        account["email"]
        for spec in network_data()["network_funders"].values()
        for account in spec.get("accounts", [])
    ]


def demo_network_load(ensure_user) -> None:
    """`ensure_user(email, role=..., full_name=..., is_staff=...)`: the demo's account helper."""
    for slug, spec in network_data()["network_funders"].items():
        network_funder = services.network_funder_ensure(name=spec["name"], slug=slug)
        for account in spec.get("accounts", []):
            user = ensure_user(
                account["email"], role=Role.NETWORK_FUNDER, full_name=account["full_name"], is_staff=False
            )
            services.network_account_set(user=user, network_funder=network_funder)
        for region_slug, link in spec.get("regions", {}).items():
            region = Region.objects.filter(slug=region_slug).first()
            if region is None:
                continue
            _region_link(region, network_funder, acronym=link["funder"], opted_in=link["opted_in"])


def _region_link(region, network_funder, *, acronym: str, opted_in: bool) -> None:
    active = OptIn.objects.filter(region=region, network_funder=network_funder, active=True).exists()
    with tenant_context(region):
        admin = User.objects.get(email=f"admin@{region.slug}.demo")
        funder = Funder.objects.get(acronym=acronym)
        services.region_link_set(
            actor=admin, region=region, network_funder=network_funder, funder_id=funder.pk
        )
        if opted_in and not active:
            services.region_opt_in(actor=admin, region=region, network_funder=network_funder)
        elif not opted_in and active:
            services.region_opt_out(actor=admin, region=region, network_funder=network_funder)
    connection.set_schema_to_public()
