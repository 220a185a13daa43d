"""What each kind of import reads and how a row becomes unsaved objects.

Rows go through the same rules as a single entry (core.services' `*_prepare` functions), then the
models' own field validation; references (agents, programs, participants, partners) are looked up
once for the whole file, within what the uploader may see (core.access). Nothing is written here.
"""

import datetime as dt
import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Role
from core import access
from core.errors import ApplicationError
from core.imports import cells
from core.imports.cells import CellError, Column
from core.imports.reading import Table
from core.models import (
    AGE_GROUP_BOUNDS,
    AgeGroup,
    Education,
    Gender,
    ImmigrationStatus,
    ImportedRow,
    ImportKind,
    InterventionMode,
    OriginKind,
    Participant,
    Partner,
    PartnerKind,
    Program,
    TeamMember,
)
from core.services.interventions import intervention_prepare
from core.services.participants import participant_prepare
from core.services.partners import partner_prepare

# Who may import what: direction and coordination everything; an agent only interventions with
# their own participants (core.access scopes the participants they may name).
ALLOWED_ROLES = {
    ImportKind.PARTNERS: {Role.REGION_ADMIN, Role.COORDINATOR},
    ImportKind.PARTICIPANTS: {Role.REGION_ADMIN, Role.COORDINATOR},
    ImportKind.INTERVENTIONS: {Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT},
}


@dataclass
class Problem:
    line: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "code": self.code, "message": self.message}


@dataclass
class PlannedRow:
    line: int
    key: str
    objects: tuple  # unsaved model instances, in the order they are written


@dataclass
class Plan:
    kind: str
    total: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    already_imported: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def row_key(kind: str, *parts) -> str:
    """A keyed hash of a row's identifying values: stable across imports, and it reveals nothing
    about the person (names and birth dates hash to guessable values without the key)."""
    message = "\x1f".join([kind, *(str(part) for part in parts)]).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class RowError(Exception):
    def __init__(self, column: str, code: str, message: str):
        super().__init__(message)
        self.column, self.code, self.message = column, code, message


def _c(key, header, *aliases, parse, required=False) -> Column:
    return Column(key=key, header=header, aliases=aliases, parse=parse, required=required)


class ImportSpec:
    kind: str
    columns: list[Column]
    # A model field (as services and models name it in their errors) -> the column it comes from.
    field_columns: dict[str, str] = {}

    def __init__(self, actor):
        self.actor = actor

    def load_context(self, values: list[dict]) -> None:
        """Look up, once for the file, what rows refer to."""

    def prepare(self, values: dict) -> tuple:
        raise NotImplementedError

    def key(self, values: dict) -> str:
        raise NotImplementedError

    def already_imported_keys(self, keys: list[str]) -> set[str]:
        return set(
            ImportedRow.objects.filter(kind=self.kind, row_key__in=keys).values_list("row_key", flat=True)
        )

    def duplicate_message(self, first_line: int) -> str:
        return _("Cette ligne répète la ligne %(line)s.") % {"line": first_line}


# --- partners ----------------------------------------------------------------------------------


class PartnerSpec(ImportSpec):
    kind = ImportKind.PARTNERS
    columns = [
        _c(
            "name",
            _lazy("Nom"),
            "Nom de l'organisme",
            "Organisme",
            "Name",
            "Organization",
            "Organisation",
            parse=cells.text(200),
            required=True,
        ),
        _c("acronym", _lazy("Sigle"), "Acronyme", "Acronym", parse=cells.text(40)),
        _c(
            "kind",
            _lazy("Type"),
            "Type d'organisme",
            "Kind",
            "Type of organization",
            parse=cells.choice(
                PartnerKind.choices, aliases={"OBNL": PartnerKind.COMMUNITY, "OSBL": PartnerKind.COMMUNITY}
            ),
        ),
        _c("territory", _lazy("Territoire"), "Territoire desservi", "Territory", parse=cells.text(200)),
        _c("city", _lazy("Ville"), "Municipalité", "City", "Town", parse=cells.text(100)),
        _c("address", _lazy("Adresse"), "Address", parse=cells.text(300)),
        _c("website", _lazy("Site web"), "Site Internet", "Site", "Website", "Web", "URL", parse=cells.url),
        _c("email", _lazy("Courriel"), "Adresse courriel", "E-mail", "Email", "Mail", parse=cells.email),
        _c("phone", _lazy("Téléphone"), "Tél", "Tel", "Phone", "Telephone", parse=cells.text(40)),
        _c("description", _lazy("Description"), parse=cells.text(5000)),
    ]
    field_columns = {"name": "name", "kind": "kind"}

    def load_context(self, values):
        names = {cells.normalize(v["name"]) for v in values if v.get("name")}
        self.existing = {
            cells.normalize(name)
            for name in Partner.objects.values_list("name", flat=True)
            if cells.normalize(name) in names
        }

    def key(self, values):
        return row_key(self.kind, cells.normalize(values["name"]))

    def is_present(self, values) -> bool:
        # A partner of the same name is already there (imported or entered by hand): nothing to add.
        return cells.normalize(values["name"]) in self.existing

    def prepare(self, values):
        fields = {k: v for k, v in values.items() if k not in ("name", "kind")}
        return (partner_prepare(name=values["name"], kind=values.get("kind") or PartnerKind.OTHER, **fields),)

    def duplicate_message(self, first_line):
        return _("Cet organisme figure déjà à la ligne %(line)s.") % {"line": first_line}


# --- people and references shared by participants and interventions ------------------------------


def _team_lookup() -> dict[str, TeamMember]:
    """Team members by e-mail (theirs or their account's) and by full name, normalized."""
    found = {}
    for member in TeamMember.objects.select_related("user").filter(is_active=True):
        for name in (member.email, getattr(member.user, "email", ""), member.full_name):
            if name:
                found.setdefault(cells.normalize(name), member)
    return found


def _age_group_at(birth_date: dt.date, day: dt.date) -> str:
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return next(
        (group for group, (low, high) in AGE_GROUP_BOUNDS.items() if low <= age <= high), AgeGroup.UNKNOWN
    )


AGENT_ALIASES = (
    "Agent",
    "Agente",
    "Agent e",
    "Intervenant",
    "Intervenante",
    "Intervenant e",
    "Conseiller",
    "Conseillere",
    "Responsable",
    "Staff",
    "Case worker",
    "Counsellor",
    "Counselor",
)


class ParticipantSpec(ImportSpec):
    kind = ImportKind.PARTICIPANTS
    columns = [
        _c(
            "code",
            _lazy("Numéro de dossier"),
            "No de dossier",
            "N de dossier",
            "Dossier",
            "File number",
            "File",
            "Code",
            parse=cells.text(30),
        ),
        _c(
            "last_name",
            _lazy("Nom"),
            "Nom de famille",
            "Last name",
            "Surname",
            "Family name",
            parse=cells.text(100),
            required=True,
        ),
        _c("first_name", _lazy("Prénom"), "First name", "Given name", parse=cells.text(100), required=True),
        _c(
            "birth_date",
            _lazy("Date de naissance"),
            "Naissance",
            "Né le",
            "Née le",
            "Birth date",
            "Date of birth",
            "Birthdate",
            "DOB",
            parse=cells.date,
        ),
        _c("email", _lazy("Courriel"), "Adresse courriel", "E-mail", "Email", parse=cells.email),
        _c("phone", _lazy("Téléphone"), "Tél", "Tel", "Phone", "Telephone", parse=cells.text(40)),
        _c(
            "intake_date",
            _lazy("Date d'accueil"),
            "Date d'inscription",
            "Accueil",
            "Date",
            "Intake date",
            "Intake",
            parse=cells.date,
            required=True,
        ),
        _c(
            "age_group",
            _lazy("Groupe d'âge"),
            "Tranche d'âge",
            "Âge",
            "Age group",
            "Age",
            parse=cells.choice(AgeGroup.choices),
        ),
        _c(
            "gender",
            _lazy("Genre"),
            "Sexe",
            "Sexe genre",
            "Gender",
            "Sex",
            parse=cells.choice(
                Gender.choices,
                aliases={
                    "F": Gender.WOMAN,
                    "H": Gender.MAN,
                    "M": Gender.MAN,
                    "W": Gender.WOMAN,
                    "X": Gender.NON_BINARY,
                },
            ),
            required=True,
        ),
        _c(
            "education",
            _lazy("Niveau d'études"),
            "Scolarité",
            "Études",
            "Education",
            parse=cells.choice(Education.choices),
        ),
        _c(
            "immigration_status",
            _lazy("Statut"),
            "Statut d'immigration",
            "Immigration status",
            "Status",
            parse=cells.choice(ImmigrationStatus.choices),
        ),
        _c("city", _lazy("Ville"), "Ville de résidence", "Municipalité", "City", parse=cells.text(100)),
        _c("mrc", _lazy("MRC"), "MRC de résidence", "RCM", parse=cells.text(100)),
        _c("origin_kind", _lazy("Provenance"), "Origine", "Origin", parse=cells.choice(OriginKind.choices)),
        _c(
            "origin_country",
            _lazy("Pays d'origine"),
            "Pays",
            "Country of origin",
            "Country",
            parse=cells.text(100),
        ),
        _c("agent", _lazy("Agent·e"), *AGENT_ALIASES, parse=cells.text(200)),
        _c(
            "consent",
            _lazy("Consentement"),
            "Date du consentement",
            "Consentement donné le",
            "Consent",
            "Consent date",
            parse=cells.raw,
            required=True,
        ),
    ]
    field_columns = {
        "first_name": "first_name",
        "last_name": "last_name",
        "birth_date": "birth_date",
        "email": "email",
        "phone": "phone",
        "identity": "last_name",
        "consent": "consent",
        "origin_country": "origin_country",
        "age_group": "age_group",
        "gender": "gender",
        "intake_date": "intake_date",
        "code": "code",
    }

    def load_context(self, values):
        self.team = _team_lookup()
        self.recorder = access.team_member_of(self.actor)
        codes = [v["code"] for v in values if v.get("code")]
        self.existing_codes = set(Participant.objects.filter(code__in=codes).values_list("code", flat=True))

    def key(self, values):
        if values.get("code"):
            return row_key(self.kind, "code", values["code"])
        return row_key(
            self.kind,
            cells.normalize(values.get("last_name", "")),
            cells.normalize(values.get("first_name", "")),
            values.get("birth_date") or "",
            (values.get("email") or "").lower(),
        )

    def is_present(self, values) -> bool:
        return bool(values.get("code")) and values["code"] in self.existing_codes

    def duplicate_message(self, first_line):
        return _("Cette personne figure déjà à la ligne %(line)s.") % {"line": first_line}

    def _consent(self, raw, intake_date) -> dict:
        if cells.is_blank(raw):
            raise RowError(
                "consent", "consent_required", _("Le consentement doit être consigné (date ou « oui »).")
            )
        try:
            if not cells.boolean(raw):
                raise RowError(
                    "consent", "consent_required", _("Sans consentement, aucun dossier n'est ouvert.")
                )
            return {"given_on": intake_date}
        except CellError:
            pass
        try:
            return {"given_on": cells.date(raw)}
        except CellError:
            raise RowError("consent", "invalid", _("Date de consentement ou « oui » attendu.")) from None

    def prepare(self, values):
        intake_date = values["intake_date"]
        age_group = values.get("age_group")
        if not age_group:
            if not values.get("birth_date"):
                raise RowError(
                    "age_group", "required", _("Indiquez le groupe d'âge ou la date de naissance.")
                )
            age_group = _age_group_at(values["birth_date"], intake_date)
        agent = None
        if values.get("agent"):
            agent = self.team.get(cells.normalize(values["agent"]))
            if agent is None:
                raise RowError(
                    "agent",
                    "unknown_agent",
                    _("Aucun membre actif de l'équipe ne porte ce nom ou ce courriel."),
                )
        identity = {
            k: values[k] for k in ("first_name", "last_name", "birth_date", "email", "phone") if values.get(k)
        }
        stats = {
            k: values[k]
            for k in ("education", "immigration_status", "city", "mrc", "origin_kind", "origin_country")
            if values.get(k)
        }
        return participant_prepare(
            intake_date=intake_date,
            age_group=age_group,
            gender=values["gender"],
            identity=identity,
            consent=self._consent(values["consent"], intake_date),
            agent=agent,
            recorded_by=self.recorder,
            code=values.get("code") or "",
            **stats,
        )


# --- interventions -------------------------------------------------------------------------------


class InterventionSpec(ImportSpec):
    kind = ImportKind.INTERVENTIONS
    columns = [
        _c(
            "participant",
            _lazy("Numéro de dossier"),
            "No de dossier",
            "N de dossier",
            "Dossier",
            "Participant",
            "Participante",
            "File number",
            "File",
            "Code",
            parse=cells.text(30),
        ),
        _c(
            "date",
            _lazy("Date"),
            "Date de l'intervention",
            "Le",
            "Intervention date",
            parse=cells.date,
            required=True,
        ),
        _c(
            "minutes",
            _lazy("Durée (minutes)"),
            "Minutes",
            "Durée",
            "Duration (minutes)",
            "Duration",
            "Min",
            parse=cells.positive_int,
        ),
        _c("hours", _lazy("Durée (heures)"), "Heures", "Hours", "Duration (hours)", parse=cells.decimal),
        _c(
            "program",
            _lazy("Programme"),
            "Volet",
            "Service",
            "Program",
            "Programme code",
            parse=cells.text(200),
        ),
        _c("agent", _lazy("Agent·e"), *AGENT_ALIASES, parse=cells.text(200)),
        _c(
            "partner",
            _lazy("Organisme"),
            "Entreprise",
            "Organisme ou entreprise",
            "Partner",
            "Company",
            "Organization",
            parse=cells.text(200),
        ),
        _c(
            "mode",
            _lazy("Mode"),
            "Type",
            "Mode d'intervention",
            "Kind",
            parse=cells.choice(
                InterventionMode.choices,
                aliases={
                    "Individuelle": InterventionMode.INDIVIDUAL,
                    "SRV": InterventionMode.WALK_IN,
                    "Distance": InterventionMode.REMOTE,
                    "Walk-in": InterventionMode.WALK_IN,
                },
            ),
        ),
        _c(
            "group_size",
            _lazy("Taille du groupe"),
            "Nombre de personnes",
            "Group size",
            parse=cells.positive_int,
        ),
        _c("subject", _lazy("Objet"), "Sujet", "Subject", "Motif", parse=cells.text(200)),
        _c("notes", _lazy("Notes"), "Commentaires", "Remarques", "Comments", parse=cells.text(5000)),
    ]
    field_columns = {
        "minutes": "minutes",
        "participant": "participant",
        "enrollment": "participant",
        "program": "program",
        "group_size": "group_size",
        "partner": "partner",
        "date": "date",
        "mode": "mode",
        "subject": "subject",
        "notes": "notes",
    }

    def load_context(self, values):
        self.team = _team_lookup()
        self.me = access.team_member_of(self.actor)
        codes = {v["participant"] for v in values if v.get("participant")}
        # Only the participants the uploader may see (an agent: their own); others are "unknown".
        # (None: the operator at the command line, who imports for the whole region.)
        visible = (
            Participant.objects.all()
            if self.actor is None
            else access.participant_for_actor(actor=self.actor)
        )
        self.participants = {p.code: p for p in visible.filter(code__in=codes)}
        self.programs = {}
        for program in Program.objects.all():
            self.programs.setdefault(cells.normalize(program.code), program)
            self.programs.setdefault(cells.normalize(program.name_fr), program)
            if program.name_en:
                self.programs.setdefault(cells.normalize(program.name_en), program)
        self.partners = {}
        for partner in Partner.objects.all():
            self.partners.setdefault(cells.normalize(partner.name), partner)
            if partner.acronym:
                self.partners.setdefault(cells.normalize(partner.acronym), partner)
        self.seen = Counter()

    def key(self, values):
        parts = [
            values.get(k) or ""
            for k in (
                "participant",
                "date",
                "minutes",
                "hours",
                "program",
                "agent",
                "partner",
                "mode",
                "group_size",
                "subject",
            )
        ]
        # Identical rows are allowed (two equal meetings the same day): the nth one has its own key.
        normalized = tuple(cells.normalize(part) for part in parts)
        self.seen[normalized] += 1
        return row_key(self.kind, *normalized, self.seen[normalized])

    def is_present(self, values) -> bool:
        return False

    def prepare(self, values):
        minutes = values.get("minutes")
        if minutes is None and values.get("hours") is not None:
            minutes = int((values["hours"] * 60).to_integral_value())
        if minutes is None:
            raise RowError("minutes", "required", _("Indiquez la durée, en minutes ou en heures."))
        participant = None
        if values.get("participant"):
            participant = self.participants.get(values["participant"])
            if participant is None:
                raise RowError(
                    "participant",
                    "unknown_participant",
                    _("Aucun dossier à ce numéro parmi ceux que vous suivez."),
                )
        agent = self.me
        if values.get("agent"):
            agent = self.team.get(cells.normalize(values["agent"]))
            if agent is None:
                raise RowError(
                    "agent",
                    "unknown_agent",
                    _("Aucun membre actif de l'équipe ne porte ce nom ou ce courriel."),
                )
            if self.actor.role == Role.AGENT and agent != self.me:
                raise RowError("agent", "not_yours", _("Vous importez seulement vos propres interventions."))
        program = None
        if values.get("program"):
            program = self.programs.get(cells.normalize(values["program"]))
            if program is None:
                raise RowError("program", "unknown_program", _("Aucun programme à ce code ou à ce nom."))
        partner = None
        if values.get("partner"):
            partner = self.partners.get(cells.normalize(values["partner"]))
            if partner is None:
                raise RowError(
                    "partner", "unknown_partner", _("Aucun organisme partenaire à ce nom ou à ce sigle.")
                )
        fields = {
            k: values[k]
            for k in ("mode", "group_size", "subject", "notes")
            if values.get(k) not in (None, "")
        }
        return (
            intervention_prepare(
                date=values["date"],
                minutes=minutes,
                agent=agent,
                participant=participant,
                program=program,
                partner=partner,
                **fields,
            ),
        )


SPECS = {
    ImportKind.PARTNERS: PartnerSpec,
    ImportKind.PARTICIPANTS: ParticipantSpec,
    ImportKind.INTERVENTIONS: InterventionSpec,
}


# --- the plan of a file --------------------------------------------------------------------------

# Fields of looked-up or written-later rows, left out of the models' own field validation.
CLEAN_EXCLUDE = [
    "participant",
    "agent",
    "recorded_by",
    "possible_duplicate_of",
    "program",
    "partner",
    "enrollment",
    "code",
]


def _match_headers(spec: ImportSpec, headers: list[str], plan: Plan) -> dict[int, Column]:
    by_name = {}
    for column in spec.columns:
        # The column's own header in both languages, then the other names people give it.
        for language in ("fr-ca", "en"):
            with translation.override(language):
                by_name.setdefault(cells.normalize(str(column.header)), column)
        for name in column.names:
            by_name.setdefault(name, column)
    mapping, seen = {}, {}
    for index, header in enumerate(headers):
        if not header:
            continue
        column = by_name.get(cells.normalize(header))
        if column is None:
            plan.ignored_columns.append(header)
            continue
        if column.key in seen:
            plan.problems.append(
                Problem(
                    1,
                    header,
                    "duplicate_column",
                    _("Cette colonne répète la colonne « %(other)s ».") % {"other": seen[column.key]},
                )
            )
            continue
        seen[column.key] = header
        mapping[index] = column
    for column in spec.columns:
        if column.required and column.key not in seen:
            plan.problems.append(
                Problem(1, str(column.header), "missing_column", _("Colonne obligatoire absente."))
            )
    return mapping


def _validation_problems(error: ValidationError, line: int, column_of) -> list[Problem]:
    problems = []
    for name, messages in error.message_dict.items():
        column = column_of(None if name == NON_FIELD_ERRORS else name)
        problems += [Problem(line, column, "invalid", message) for message in messages]
    return problems


def build_plan(kind: str, table: Table, actor, *, validate: bool = True) -> Plan:
    """Every row's problems, or the unsaved objects of every new row; nothing is written.

    `validate=False` skips the models' field validation: it depends on the file's bytes alone, so
    the commit of a file already checked (the same bytes) need not run it again.
    """
    spec = SPECS[kind](actor)
    plan = Plan(kind=kind, total=len(table.rows))
    mapping = _match_headers(spec, table.headers, plan)
    if plan.problems:
        return plan
    header_of = {column.key: table.headers[index] for index, column in mapping.items()}
    expected = {column.key: column.header for column in spec.columns}

    def header_for(key: str) -> str:
        """The column as the file names it, or as we name it when the file lacks it."""
        return header_of.get(key) or str(expected.get(key, ""))

    def column_of(field_name: str | None) -> str:
        return header_for(spec.field_columns.get(field_name or "", field_name or ""))

    parsed: list[tuple[int, dict]] = []
    for line, row in table.rows:
        values, ok = {}, True
        for index, column in mapping.items():
            cell = row[index] if index < len(row) else None
            if cells.is_blank(cell):
                if column.required:
                    plan.problems.append(
                        Problem(line, header_of[column.key], "required", _("Valeur obligatoire."))
                    )
                    ok = False
                continue
            try:
                values[column.key] = column.parse(cell)
            except CellError as error:
                plan.problems.append(Problem(line, header_of[column.key], error.code, error.message))
                ok = False
        parsed.append((line, values if ok else None))

    spec.load_context([values for _line, values in parsed if values])
    first_line_of: dict[str, int] = {}
    candidates: list[tuple[int, str, dict]] = []
    for line, values in parsed:
        if values is None:
            continue
        key = spec.key(values)
        if key in first_line_of:
            plan.problems.append(
                Problem(line, "", "duplicate_row", spec.duplicate_message(first_line_of[key]))
            )
            continue
        first_line_of[key] = line
        candidates.append((line, key, values))

    imported = spec.already_imported_keys([key for _line, key, _values in candidates])
    for line, key, values in candidates:
        if key in imported or spec.is_present(values):
            plan.already_imported += 1
            continue
        try:
            objects = spec.prepare(values)
            for obj in objects if validate else ():
                obj.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        except RowError as error:
            plan.problems.append(
                Problem(line, header_of.get(error.column, str(error.column)), error.code, error.message)
            )
            continue
        except ApplicationError as error:
            plan.problems.append(Problem(line, column_of(error.field), error.code, error.detail))
            continue
        except ValidationError as error:
            plan.problems += _validation_problems(error, line, column_of)
            continue
        plan.rows.append(PlannedRow(line=line, key=key, objects=objects))
    plan.problems.sort(key=lambda problem: problem.line)
    return plan
