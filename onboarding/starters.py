"""Starter program templates a new region may seed at onboarding (Place aux jeunes, PASI,
Accompagnement Québec, accueil universel), described as data in starter_programs.json.

Seeding writes inside the new region's schema, through core.services like any other write; it
switches schemas, so it lives here beside provisioning and never in a view.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django_tenants.utils import tenant_context

from core.bilingual import bilingual
from core.models import Funder, Program
from core.services import funder_create, objective_add, program_create
from tenants.models import Region

TEMPLATES_FILE = Path(__file__).with_name("starter_programs.json")


@dataclass(frozen=True)
class StarterProgram:
    key: str
    code: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    axis: str
    age_min: int | None
    age_max: int | None
    funders: tuple[str, ...]
    outcomes: tuple[str, ...]

    @property
    def name(self) -> str:
        """The name in the active language (French unless English is asked for)."""
        return bilingual(self, "name")


@cache
def _load() -> tuple[dict[str, dict], tuple[StarterProgram, ...]]:
    data = json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    programs = tuple(
        StarterProgram(**{**spec, "funders": tuple(spec["funders"]), "outcomes": tuple(spec["outcomes"])})
        for spec in data["programs"]
    )
    return data["funders"], programs


def starter_program_list() -> tuple[StarterProgram, ...]:
    return _load()[1]


def starter_funders() -> dict[str, dict]:
    return _load()[0]


def starter_programs_seed(*, region: Region, keys: list[str]) -> list[str]:
    """Create the chosen starter programs in `region`, with their funders and outcomes (objectives).

    All or nothing; a funder already there (same name) is reused, a program already there (same
    code) is left as is. Returns the codes of the programs created. Unknown keys raise KeyError.
    """
    by_key = {program.key: program for program in starter_program_list()}
    chosen = [by_key[key] for key in keys]
    funder_specs = starter_funders()
    created: list[str] = []
    with tenant_context(region), transaction.atomic():
        funders: dict[str, Funder] = {}
        for program in chosen:
            if Program.objects.filter(code=program.code).exists():
                continue
            for key in program.funders:
                if key not in funders:
                    spec = funder_specs[key]
                    funders[key] = Funder.objects.filter(name=spec["name"]).first() or funder_create(**spec)
            new = program_create(
                code=program.code,
                name_fr=program.name_fr,
                name_en=program.name_en,
                description_fr=program.description_fr,
                description_en=program.description_en,
                axis=program.axis,
                age_min=program.age_min,
                age_max=program.age_max,
                funders=[funders[key] for key in program.funders],
            )
            for position, text in enumerate(program.outcomes, 1):
                objective_add(program=new, text=text, position=position)
            created.append(program.code)
    return created
