"""Writes on programs (programmes, volets), the regional strategy and their objectives."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError, ProgramErrorCode
from core.models import Funder, Objective, Partner, Program, Strategy
from core.services._common import write_fields


def _check_program(program: Program) -> None:
    age_min, age_max = program.age_min, program.age_max
    for field, value in (("age_min", age_min), ("age_max", age_max)):
        if value is not None and not 0 <= value <= 120:
            raise ApplicationError(
                code=ProgramErrorCode.AGE_RANGE_INVALID, detail=_("Un âge va de 0 à 120 ans."), field=field
            )
    if age_min is not None and age_max is not None and age_max < age_min:
        raise ApplicationError(
            code=ProgramErrorCode.AGE_RANGE_INVALID,
            detail=_("L'âge maximum doit être supérieur ou égal à l'âge minimum."),
            field="age_max",
        )


PROGRAM_FIELDS = (
    "name_en",
    "description_fr",
    "description_en",
    "operator",
    "strategy",
    "age_min",
    "age_max",
    "is_active",
)


@transaction.atomic
def program_create(
    *, code: str, name_fr: str, axis: str, funders: Iterable[Funder] = (), **fields
) -> Program:
    if Program.objects.filter(code=code).exists():
        raise ApplicationError(
            code=ProgramErrorCode.CODE_TAKEN, detail=_("Un programme porte déjà ce code."), field="code"
        )
    program = Program(code=code, name_fr=name_fr, axis=axis)
    return write_fields(program, PROGRAM_FIELDS, fields, check=_check_program, relations={"funders": funders})


@transaction.atomic
def program_update(*, program: Program, funders: Iterable[Funder] | None = None, **fields) -> Program:
    return write_fields(
        program,
        ("name_fr", "axis", *PROGRAM_FIELDS),
        fields,
        check=_check_program,
        relations={"funders": funders},
    )


STRATEGY_FIELDS = ("name", "lead", "mission", "announced_partner_count", "announced_team_size")


@transaction.atomic
def strategy_create(
    *, name: str, lead: Partner | None = None, partners: Iterable[Partner] = (), **fields
) -> Strategy:
    strategy = Strategy(name=name, lead=lead)
    return write_fields(strategy, STRATEGY_FIELDS, fields, relations={"partners": partners})


@transaction.atomic
def strategy_update(*, strategy: Strategy, partners: Iterable[Partner] | None = None, **fields) -> Strategy:
    return write_fields(strategy, STRATEGY_FIELDS, fields, relations={"partners": partners})


OBJECTIVE_FIELDS = ("position", "text", "status")


@transaction.atomic
def objective_add(
    *, text: str, strategy=None, program=None, agreement=None, position: int | None = None, **fields
) -> Objective:
    owner = {"strategy": strategy, "program": program, "agreement": agreement}
    if sum(value is not None for value in owner.values()) != 1:
        raise ApplicationError(
            code="objective_owner_invalid",
            detail=_("Un objectif appartient à une seule stratégie, un seul programme ou une seule entente."),
        )
    if position is None:
        key, value = next((k, v) for k, v in owner.items() if v is not None)
        position = Objective.objects.filter(**{key: value}).count() + 1
    objective = Objective(text=text, position=position, **owner)
    return write_fields(objective, OBJECTIVE_FIELDS, fields)


@transaction.atomic
def objective_update(*, objective: Objective, **fields) -> Objective:
    return write_fields(objective, OBJECTIVE_FIELDS, fields)
