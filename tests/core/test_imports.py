"""Imports of partners, participants and interventions from the spreadsheets partners keep."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection

from accounts.models import Role, User
from core import services
from core.errors import ApplicationError
from core.models import (
    AgeGroup,
    AuditAction,
    AuditEvent,
    Consent,
    Education,
    Gender,
    ImportBatch,
    ImportStatus,
    Intervention,
    InterventionMode,
    Participant,
    ParticipantIdentity,
    Partner,
    PartnerKind,
    ProgramAxis,
    TeamRole,
)

pytestmark = pytest.mark.django_db


def csv_bytes(lines: list[list], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(delimiter.join(str(cell) for cell in line) for line in lines).encode(encoding)


def xlsx_bytes(lines: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def user(role: str, email: str | None = None) -> User:
    return User.objects.create_user(email or f"{role}@imports.test", password="x", role=role)


@pytest.fixture
def coordinator(in_a):
    account = user(Role.COORDINATOR)
    services.team_member_create(full_name="Coordination Test", role=TeamRole.COORDINATION, user=account)
    return account


PEOPLE_HEADERS = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Courriel",
    "Date d'accueil",
    "Genre",
    "Ville",
    "Consentement",
]


def check(actor, kind, content, name="fichier.csv", language="fr-ca") -> ImportBatch:
    return services.import_check(actor=actor, kind=kind, file_name=name, content=content, language=language)


def test_windows_1252_semicolons_and_french_headers(coordinator):
    content = csv_bytes(
        [
            PEOPLE_HEADERS,
            [
                "Gagné",
                "Éloïse",
                "14/02/1999",
                "eloise@exemple.test",
                "2024-04-02",
                "Femme",
                "Saint-Félicien",
                "oui",
            ],
            ["Côté", "François", "1990-07-01", "", "02/04/2024", "H", "Alma", "2024-04-01"],
        ],
        encoding="cp1252",
    )
    batch = check(coordinator, "participants", content)
    assert (batch.status, batch.errors, batch.new_rows, batch.total_rows) == (ImportStatus.CHECKED, [], 2, 2)
    assert Participant.objects.count() == 0  # a dry run writes nothing
    services.import_commit(batch=batch, actor=coordinator)
    eloise = ParticipantIdentity.objects.get(first_name="Éloïse")
    assert (eloise.last_name, eloise.birth_date) == ("Gagné", dt.date(1999, 2, 14))
    assert eloise.participant.city == "Saint-Félicien"
    assert eloise.participant.age_group == AgeGroup.AGE_25_29  # from the birth date, at intake
    assert eloise.participant.gender == Gender.WOMAN
    francois = ParticipantIdentity.objects.get(last_name="Côté").participant
    assert (francois.gender, francois.intake_date) == (Gender.MAN, dt.date(2024, 4, 2))
    assert Consent.objects.get(participant=francois).given_on == dt.date(2024, 4, 1)
    assert Consent.objects.get(participant=eloise.participant).given_on == dt.date(2024, 4, 2)
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, detail__import_batch=batch.pk)
    assert sorted(created.values_list("participant_code", flat=True)) == sorted(
        Participant.objects.values_list("code", flat=True)
    )
    batch.refresh_from_db()
    assert (batch.status, bytes(batch.content)) == (ImportStatus.COMMITTED, b"")


def test_utf8_bom_commas_and_english_headers(coordinator):
    content = csv_bytes(
        [
            ["Name", "Acronym", "Kind", "City", "Website", "Email"],
            [
                "Carrefour jeunesse-emploi Lac-Saint-Jean-Est",
                "CJE LSJE",
                "Community organisation",
                "Alma",
                "www.cjelacstjeanest.qc.ca",
                "info@cje.test",
            ],
            ["Société d'aide au développement des collectivités", "", "socioeconomic", "Roberval", "", ""],
        ],
        delimiter=",",
        encoding="utf-8-sig",
    )
    batch = check(coordinator, "partners", content)
    assert batch.errors == []
    services.import_commit(batch=batch, actor=coordinator)
    cje = Partner.objects.get(acronym="CJE LSJE")
    assert (cje.name, cje.kind, cje.website) == (
        "Carrefour jeunesse-emploi Lac-Saint-Jean-Est",
        PartnerKind.COMMUNITY,
        "https://www.cjelacstjeanest.qc.ca",
    )
    assert Partner.objects.get(city="Roberval").name == "Société d'aide au développement des collectivités"


def test_xlsx_with_date_cells(coordinator):
    content = xlsx_bytes(
        [
            ["Nom", "Prénom", "Date d'accueil", "Groupe d'âge", "Sexe", "Niveau d'études", "Consentement"],
            [
                "Tremblay",
                "Léa",
                dt.datetime(2024, 5, 6),
                "20 à 24 ans",
                "F",
                "Collégial",
                dt.date(2024, 5, 6),
            ],
        ]
    )
    batch = check(coordinator, "participants", content, name="liste.xlsx")
    assert batch.errors == []
    services.import_commit(batch=batch, actor=coordinator)
    lea = ParticipantIdentity.objects.get(first_name="Léa").participant
    assert (lea.intake_date, lea.age_group, lea.education) == (
        dt.date(2024, 5, 6),
        AgeGroup.AGE_20_24,
        Education.COLLEGE,
    )


def test_dry_run_names_every_problem_in_the_users_language(coordinator):
    content = csv_bytes(
        [
            PEOPLE_HEADERS,
            ["Roy", "Anne", "1999-01-01", "pas-un-courriel", "2024-04-01", "Femme", "", "oui"],
            ["Roy", "Luc", "31/02/1999", "", "2024-04-01", "Inconnu", "", ""],
            ["", "Paul", "1999-01-01", "", "", "Homme", "", "oui"],
            ["Roy", "Anne", "1999-01-01", "pas-un-courriel", "2024-04-01", "Femme", "", "oui"],
        ]
    )
    batch = check(coordinator, "participants", content, language="en")
    assert batch.status == ImportStatus.INVALID
    assert [(e["line"], e["column"], e["code"]) for e in batch.errors] == [
        (2, "Courriel", "invalid_email"),
        (3, "Date de naissance", "invalid_date"),
        (3, "Genre", "invalid_choice"),
        (3, "Consentement", "required"),
        (4, "Nom", "required"),
        (4, "Date d'accueil", "required"),
        (5, "Courriel", "invalid_email"),
    ]
    assert batch.errors[0]["message"] == "Invalid e-mail address."
    assert batch.errors[3]["message"] == "A value is required."
    assert Participant.objects.count() == 0
    with pytest.raises(ApplicationError) as refused:
        services.import_commit(batch=batch, actor=coordinator)
    assert refused.value.code == "import_not_ready"


def test_a_repeated_person_and_missing_columns_are_named(coordinator):
    content = csv_bytes(
        [
            PEOPLE_HEADERS,
            ["Roy", "Anne", "1999-01-01", "", "2024-04-01", "Femme", "", "oui"],
            ["ROY", "anne", "1999-01-01", "", "2024-04-02", "Femme", "", "oui"],
        ]
    )
    batch = check(coordinator, "participants", content)
    assert [(e["line"], e["code"], e["message"]) for e in batch.errors] == [
        (3, "duplicate_row", "Cette personne figure déjà à la ligne 2.")
    ]
    batch = check(coordinator, "participants", csv_bytes([["Nom", "Prénom", "Nom"], ["a", "b", "c"]]))
    assert [(e["line"], e["column"], e["code"]) for e in batch.errors] == [
        (1, "Nom", "duplicate_column"),
        (1, "Date d'accueil", "missing_column"),
        (1, "Genre", "missing_column"),
        (1, "Consentement", "missing_column"),
    ]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "import_file_empty"),
        (b"  \r\n ", "import_file_empty"),
        (b"\x00\x01\x02binary", "import_file_unreadable"),
        (b"PK\x03\x04not really a zip", "import_file_unreadable"),
        (b"Nom;Ville\nA;Alma;en trop\n", "import_file_ragged"),
    ],
)
def test_unreadable_files_are_refused_whole(coordinator, content, code):
    with pytest.raises(ApplicationError) as refused:
        check(coordinator, "partners", content)
    assert (refused.value.code, refused.value.field) == (code, "file")
    assert ImportBatch.objects.count() == 0


def test_ten_thousand_rows_with_one_bad_row_then_corrected_goes_in_once(coordinator):
    partner = services.partner_create(name="Entreprise accompagnée", kind=PartnerKind.COMPANY)
    lines = [["Date", "Durée (minutes)", "Organisme", "Mode", "Objet"]]
    lines += [
        [
            (dt.date(2024, 4, 1) + dt.timedelta(days=n % 365)).isoformat(),
            15 + n % 120,
            partner.name,
            "Individuel",
            f"Rencontre {n}",
        ]
        for n in range(10_000)
    ]
    lines[5001][1] = "deux heures"
    batch = check(coordinator, "interventions", csv_bytes(lines))
    assert batch.status == ImportStatus.INVALID
    assert [(e["line"], e["column"], e["code"]) for e in batch.errors] == [
        (5002, "Durée (minutes)", "invalid_number")
    ]
    with pytest.raises(ApplicationError):
        services.import_commit(batch=batch, actor=coordinator)
    assert Intervention.objects.count() == 0

    lines[5001][1] = 120
    corrected = csv_bytes(lines)
    batch = check(coordinator, "interventions", corrected)
    assert (batch.status, batch.new_rows) == (ImportStatus.CHECKED, 10_000)
    progress = []
    services.import_commit(batch=batch, actor=coordinator, progress=lambda done, total: progress.append(done))
    assert Intervention.objects.count() == 10_000
    assert progress == list(range(1000, 10_001, 1000))
    assert Intervention.objects.get(subject="Rencontre 5000").minutes == 120

    again = check(coordinator, "interventions", corrected)
    assert (again.status, again.new_rows, again.already_imported_rows) == (ImportStatus.CHECKED, 0, 10_000)
    services.import_commit(batch=again, actor=coordinator)
    assert Intervention.objects.count() == 10_000


def test_reimporting_participants_adds_no_one(coordinator):
    content = csv_bytes([PEOPLE_HEADERS, ["Roy", "Anne", "1999-01-01", "", "2024-04-01", "Femme", "", "oui"]])
    services.import_commit(batch=check(coordinator, "participants", content), actor=coordinator)
    again = check(coordinator, "participants", content)
    assert (again.new_rows, again.already_imported_rows) == (0, 1)
    services.import_commit(batch=again, actor=coordinator)
    assert Participant.objects.count() == 1


def test_a_person_already_on_file_is_flagged_as_a_possible_duplicate(coordinator):
    existing = services.participant_intake(
        intake_date=dt.date(2024, 1, 1),
        age_group=AgeGroup.AGE_20_24,
        gender=Gender.WOMAN,
        identity={"first_name": "Anne", "last_name": "Roy", "birth_date": dt.date(1999, 1, 1)},
        consent={"given_on": dt.date(2024, 1, 1)},
    )
    content = csv_bytes([PEOPLE_HEADERS, ["roy", "ANNE", "1999-01-01", "", "2024-04-01", "Femme", "", "oui"]])
    services.import_commit(batch=check(coordinator, "participants", content), actor=coordinator)
    imported = Participant.objects.exclude(pk=existing.pk).get()
    assert imported.possible_duplicate_of == existing


def test_undo_removes_the_whole_import_and_is_refused_once_others_depend_on_it(coordinator):
    content = csv_bytes(
        [PEOPLE_HEADERS]
        + [[f"Nom{n}", "Test", "1999-01-01", "", "2024-04-01", "Femme", "", "oui"] for n in range(3)]
    )
    batch = services.import_commit(batch=check(coordinator, "participants", content), actor=coordinator)
    assert Participant.objects.count() == 3
    services.import_undo(batch=batch, actor=coordinator)
    assert (Participant.objects.count(), ParticipantIdentity.objects.count(), Consent.objects.count()) == (
        0,
        0,
        0,
    )
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, detail__import_batch=batch.pk).count() == 3
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UNDONE
    # undone, the same file goes in again
    batch = services.import_commit(batch=check(coordinator, "participants", content), actor=coordinator)
    program = services.program_create(code="paj", name_fr="Place aux jeunes", axis=ProgramAxis.SETTLEMENT)
    services.participant_enroll(
        participant=Participant.objects.first(), program=program, applied_on=dt.date(2024, 5, 1)
    )
    with pytest.raises(ApplicationError) as refused:
        services.import_undo(batch=batch, actor=coordinator)
    assert refused.value.code == "import_undo_blocked"
    assert Participant.objects.count() == 3


def test_roles(in_a):
    funder, agent = user(Role.FUNDER), user(Role.AGENT)
    own_member = services.team_member_create(full_name="Agente", role=TeamRole.MIGRATION_AGENT, user=agent)
    other_member = services.team_member_create(full_name="Autre agent", role=TeamRole.MIGRATION_AGENT)
    consent = {"given_on": dt.date(2024, 1, 1)}
    mine, theirs = (
        services.participant_intake(
            intake_date=dt.date(2024, 1, 1),
            age_group=AgeGroup.AGE_20_24,
            gender=Gender.MAN,
            identity={"first_name": "A", "last_name": name},
            consent=consent,
            agent=member,
        )
        for name, member in (("Mien", own_member), ("Autre", other_member))
    )
    people = csv_bytes([PEOPLE_HEADERS, ["Roy", "Anne", "", "", "2024-04-01", "Femme", "", "oui"]])
    for actor, kind in (
        (funder, "participants"),
        (funder, "interventions"),
        (agent, "participants"),
        (agent, "partners"),
    ):
        with pytest.raises(ApplicationError) as refused:
            check(actor, kind, people)
        assert refused.value.code == "import_forbidden"
    content = csv_bytes(
        [
            ["Numéro de dossier", "Date", "Durée (heures)", "Mode"],
            [mine.code, "2024-04-01", "1,5", "Sans rendez-vous"],
            [theirs.code, "2024-04-01", "1", "individuel"],
        ]
    )
    batch = check(agent, "interventions", content)
    assert [(e["line"], e["column"], e["code"]) for e in batch.errors] == [
        (3, "Numéro de dossier", "unknown_participant")
    ]
    content = csv_bytes(
        [
            ["Numéro de dossier", "Date", "Durée (heures)", "Mode"],
            [mine.code, "2024-04-01", "1,5", "Sans rendez-vous"],
        ]
    )
    services.import_commit(batch=check(agent, "interventions", content), actor=agent)
    logged = Intervention.objects.get()
    assert (logged.participant, logged.agent, logged.minutes, logged.mode) == (
        mine,
        own_member,
        90,
        InterventionMode.WALK_IN,
    )


def test_an_import_stays_in_its_region(coordinator, region_b):
    content = csv_bytes([["Nom", "Type"], ["Organisme commun", "Autre"]])
    services.import_commit(batch=check(coordinator, "partners", content), actor=coordinator)
    connection.set_tenant(region_b)
    assert ImportBatch.objects.count() == 0
    admin_b = user(Role.REGION_ADMIN, "admin@imports-b.test")
    batch = check(admin_b, "partners", content)
    # the same file is new in region B: its rows and keys are region A's only
    assert (batch.new_rows, batch.already_imported_rows) == (1, 0)
    services.import_commit(batch=batch, actor=admin_b)
    assert Partner.objects.filter(name="Organisme commun").count() == 1


def test_the_operator_at_the_command_line_imports_for_the_whole_region(in_a):
    person = services.participant_intake(
        intake_date=dt.date(2024, 1, 1),
        age_group=AgeGroup.AGE_20_24,
        gender=Gender.MAN,
        identity={"first_name": "A", "last_name": "B"},
        consent={"given_on": dt.date(2024, 1, 1)},
    )
    content = csv_bytes([["Dossier", "Date", "Minutes"], [person.code, "2024-02-01", "45"]])
    batch = services.import_commit(batch=check(None, "interventions", content), actor=None)
    assert batch.status == ImportStatus.COMMITTED
    assert Intervention.objects.get().participant == person


def test_lines_with_missing_or_extra_empty_cells_are_evened_out(coordinator):
    batch = check(coordinator, "partners", b"Nom;Ville\r\nA;Alma;;\r\nB\r\n")
    assert (batch.status, batch.new_rows) == (ImportStatus.CHECKED, 2)


def test_files_checked_but_never_imported_are_not_kept_beyond_a_week(coordinator):
    old = check(coordinator, "partners", csv_bytes([["Nom"], ["Ancien"]]))
    ImportBatch.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=8))
    recent = check(coordinator, "partners", csv_bytes([["Nom"], ["Récent"]]))
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (bytes(old.content), bytes(recent.content)) == (b"", "Nom\r\nRécent".encode())
