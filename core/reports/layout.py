"""Reports laid out as sections of figures and tables: what the page, PDF, CSV and XLSX all write.

A section is {"key", "title", "figures": [{"key", "label", "value"}], "tables": [{"key", "title",
"columns", "rows", "chart"}]}. Values stay as computed (int, Decimal, or "<5" when suppressed); each
format only decides how to print them.
"""

from django.utils.translation import gettext as _

from core.models import Outcome, ProgramAxis

PORTRAIT_TITLES = {
    "age_group": lambda: _("Groupe d'âge"),
    "city": lambda: _("Ville"),
    "education": lambda: _("Niveau de scolarité"),
    "gender": lambda: _("Genre"),
    "immigration_status": lambda: _("Statut"),
}


def _figure(key: str, label: str, value) -> dict:
    return {"key": key, "label": label, "value": value}


def _table(key: str, title: str, columns: list[str], rows: list[list], chart: bool = False) -> dict:
    return {"key": key, "title": title, "columns": columns, "rows": rows, "chart": chart}


def annual_sections(report: dict) -> list[dict]:
    summary, welcome = report["summary"], report["welcome"]
    outcome_labels = dict(Outcome.choices)
    sections = [
        {
            "key": "summary",
            "title": _("Faits saillants"),
            "figures": [
                _figure("participants", _("Participant·e·s"), summary["participants"]),
                _figure("new_candidates", _("Nouveaux candidat·e·s inscrit·e·s"), summary["new_candidates"]),
                _figure("intervention_hours", _("Heures d'intervention"), summary["intervention_hours"]),
                _figure("successful_migrations", _("Migrations réussies"), summary["successful_migrations"]),
                _figure("parallel_migrations", _("Migrations parallèles"), summary["parallel_migrations"]),
                _figure(
                    "exploratory_stay_participants",
                    _("Participant·e·s aux séjours exploratoires"),
                    summary["exploratory_stay_participants"],
                ),
                _figure("activity_count", _("Activités"), summary["activity_count"]),
                _figure("people_reached", _("Personnes rejointes"), summary["people_reached"]),
                _figure(
                    "companies_accompanied", _("Entreprises accompagnées"), summary["companies_accompanied"]
                ),
            ],
            "tables": [
                _table(
                    "outcomes",
                    _("Résultats"),
                    [_("Résultat"), _("Nombre")],
                    [[str(outcome_labels[key]), value] for key, value in summary["outcomes"].items()],
                )
            ],
        },
        {
            "key": "portrait",
            "title": _("Portrait de la clientèle"),
            "figures": [_figure("participants", _("Participant·e·s"), summary["participants"])],
            "tables": [
                _table(
                    by,
                    PORTRAIT_TITLES[by](),
                    [PORTRAIT_TITLES[by](), _("Participant·e·s")],
                    [[row["label"], row["count"]] for row in rows],
                    chart=True,
                )
                for by, rows in summary["portrait"].items()
            ],
        },
        {
            "key": "welcome",
            "title": _("Accueil universel"),
            "figures": [
                _figure("people_welcomed", _("Personnes accueillies"), welcome["people_welcomed"]),
                _figure(
                    "walk_in_participants",
                    _("Personnes reçues sans rendez-vous"),
                    welcome["walk_in_participants"],
                ),
                _figure("kiosks", _("Kiosques"), welcome["kiosks"]),
                _figure(
                    "people_reached_at_kiosks",
                    _("Personnes rejointes aux kiosques"),
                    welcome["people_reached_at_kiosks"],
                ),
                _figure(
                    "intervention_hours", _("Heures d'intervention (total)"), welcome["intervention_hours"]
                ),
            ],
            "tables": [],
        },
    ]
    program_columns = [
        _("Programme"),
        _("Organisme"),
        _("Participant·e·s"),
        _("Nouveaux candidat·e·s"),
        _("Heures d'intervention"),
        _("Activités"),
        _("Personnes rejointes"),
        _("Séjours exploratoires"),
        _("Migrations réussies"),
        _("Migrations parallèles"),
        _("En emploi"),
        _("Retour aux études"),
    ]
    welcome_section = sections[-1]
    for axis in report["axes"]:
        rows = [
            [
                program["name"],
                program["operator"],
                program["participants"],
                program["new_candidates"],
                program["intervention_hours"],
                program["activities"],
                program["people_reached"],
                program["exploratory_stay_participants"],
                program["outcomes"][Outcome.SUCCESSFUL_MIGRATION],
                program["outcomes"][Outcome.PARALLEL_MIGRATION],
                program["outcomes"][Outcome.EMPLOYED],
                program["outcomes"][Outcome.BACK_TO_SCHOOL],
            ]
            for program in axis["programs"]
        ]
        table = _table("programs", _("Programmes"), program_columns, rows)
        if axis["axis"] == ProgramAxis.UNIVERSAL_WELCOME:
            welcome_section["tables"].append(table)  # the welcome axis is the accueil universel
            continue
        sections.append(
            {
                "key": f"axis-{axis['axis']}",
                "title": axis["label"],
                "figures": [_figure("participants", _("Participant·e·s"), axis["participants"])],
                "tables": [table],
            }
        )
    sections.append(
        {
            "key": "activities",
            "title": _("Activités et personnes rejointes"),
            "figures": [
                _figure("activity_count", _("Activités"), summary["activity_count"]),
                _figure("people_reached", _("Personnes rejointes"), summary["people_reached"]),
            ],
            "tables": [
                _table(
                    "by_kind",
                    _("Par type d'activité"),
                    [_("Type"), _("Activités"), _("Personnes rejointes")],
                    [
                        [row["label"], row["activities"], row["people_reached"]]
                        for row in summary["activities"]
                    ],
                )
            ],
        }
    )
    sections.append(
        {
            "key": "funders",
            "title": _("Bailleurs de fonds"),
            "figures": [],
            "tables": [
                _table(
                    "funders",
                    _("Bailleurs de fonds"),
                    [_("Bailleur de fonds"), _("Programmes financés"), _("Ententes"), _("Contributions ($)")],
                    [
                        [
                            funder["name"],
                            ", ".join(funder["programs"]),
                            len(funder["agreements"]),
                            sum((a["contribution"] or 0) for a in funder["agreements"]),
                        ]
                        for funder in report["funders"]
                    ],
                )
            ],
        }
    )
    return sections
