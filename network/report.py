"""The network report: each opted-in region side by side, and the network total, aggregates only.

Counts of people are suppressed across the whole table at once (core.suppression.suppress_linked):
each indicator's column of regions with its network total, each region's program axes with the
region's own total, and each axis's column of regions with its network total. A count from 1 to
threshold-1 is never shown, and no hidden cell can be recovered as a total minus the cells shown.
Hours, activities and companies count no person and are shown as they are.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core import suppression
from core.access import NETWORK_OTHER_INDICATORS, NETWORK_PEOPLE_INDICATORS
from core.models import ProgramAxis
from network.models import NetworkFunder
from network.periods import Period

TOTAL = "__total__"
# Per program axis: the counts of people, then hours.
AXIS_PEOPLE = ("participants", "new_candidates")
# Axis metric -> the region indicator it adds up to (each enrollment belongs to one axis; a person
# in two axes counts in both, so the axes can only exceed the region's participants, never hide
# less by treating them as adding up).
AXIS_TOTALS = {"participants": "participants", "new_candidates": "new_candidates"}


def indicator_labels() -> dict[str, str]:
    return {
        "participants": _("Participant·e·s"),
        "new_candidates": _("Nouveaux candidat·e·s inscrit·e·s"),
        "walk_in_participants": _("Personnes reçues sans rendez-vous"),
        "successful_migrations": _("Migrations réussies"),
        "parallel_migrations": _("Migrations parallèles"),
        "employment_outcomes": _("En emploi"),
        "return_to_school": _("Retours aux études"),
        "exploratory_stay_participants": _("Participant·e·s aux séjours exploratoires"),
        "people_reached": _("Personnes rejointes"),
        "intervention_hours": _("Heures d'intervention"),
        "activities": _("Activités"),
        "companies_accompanied": _("Entreprises accompagnées"),
    }


INDICATORS = NETWORK_PEOPLE_INDICATORS + NETWORK_OTHER_INDICATORS


def _sum_hours(values) -> str:
    return str(sum((Decimal(value) for value in values), Decimal(0)))


def network_report(*, network_funder: NetworkFunder, period: Period, regions: list[dict]) -> dict:
    """`regions`: network.fanout's [{"region", "figures"}]. Returns the suppressed report."""
    threshold = settings.INDICATORS_SUPPRESSION_THRESHOLD
    axes = sorted({axis for row in regions for axis in row["figures"]["axes"]})
    slugs = [row["region"].slug for row in regions]
    values: dict = {}
    for row in regions:
        slug, figures = row["region"].slug, row["figures"]
        for key in NETWORK_PEOPLE_INDICATORS:
            values[("indicator", slug, key)] = figures["indicators"][key]
        for axis in axes:
            for metric in AXIS_PEOPLE:
                values[("axis", slug, axis, metric)] = figures["axes"].get(axis, {}).get(metric, 0)
    for key in NETWORK_PEOPLE_INDICATORS:
        values[("indicator", TOTAL, key)] = sum(values[("indicator", slug, key)] for slug in slugs)
    for axis in axes:
        for metric in AXIS_PEOPLE:
            values[("axis", TOTAL, axis, metric)] = sum(
                values[("axis", slug, axis, metric)] for slug in slugs
            )

    relations = []
    for key in NETWORK_PEOPLE_INDICATORS:
        relations.append(([("indicator", slug, key) for slug in slugs], ("indicator", TOTAL, key)))
    for axis in axes:
        for metric in AXIS_PEOPLE:
            relations.append(
                ([("axis", slug, axis, metric) for slug in slugs], ("axis", TOTAL, axis, metric))
            )
    for slug in [*slugs, TOTAL]:
        for metric, indicator in AXIS_TOTALS.items():
            relations.append(
                ([("axis", slug, axis, metric) for axis in axes], ("indicator", slug, indicator))
            )
    hidden = suppression.suppress_linked(values, relations, threshold)

    def shown(key):
        return suppression.masked(threshold) if key in hidden else values[key]

    def row_of(slug: str, figures: list[dict]) -> dict:
        indicators = {key: shown(("indicator", slug, key)) for key in NETWORK_PEOPLE_INDICATORS}
        indicators["intervention_hours"] = _sum_hours(f["indicators"]["intervention_hours"] for f in figures)
        indicators["activities"] = sum(f["indicators"]["activities"] for f in figures)
        indicators["companies_accompanied"] = sum(f["indicators"]["companies_accompanied"] for f in figures)
        return {
            "programs": sum(f["programs"] for f in figures),
            "indicators": indicators,
            "axes": {
                axis: {
                    **{metric: shown(("axis", slug, axis, metric)) for metric in AXIS_PEOPLE},
                    "intervention_hours": _sum_hours(
                        f["axes"].get(axis, {}).get("intervention_hours", "0") for f in figures
                    ),
                }
                for axis in axes
            },
        }

    axis_labels = dict(ProgramAxis.choices)
    labels = indicator_labels()
    return {
        "network_funder": {"slug": network_funder.slug, "name": network_funder.name},
        "period": {"from": period.date_from, "to": period.date_to, "label": period.label},
        "generated_on": timezone.localdate(),
        "suppression": {"applied": True, "threshold": threshold},
        "indicators": [{"key": key, "label": labels[key]} for key in INDICATORS],
        "axes": [{"key": axis, "label": str(axis_labels.get(axis, axis))} for axis in axes],
        "regions": [
            {
                "slug": row["region"].slug,
                "name": row["region"].name,
                **row_of(row["region"].slug, [row["figures"]]),
            }
            for row in regions
        ],
        "total": {"regions": len(regions), **row_of(TOTAL, [row["figures"] for row in regions])},
    }


def network_sections(report: dict) -> list[dict]:
    """The report as core.reports sections (one table per section): what the PDF, CSV and XLSX write."""
    indicator_keys = [item["key"] for item in report["indicators"]]
    columns = [_("Région"), *[item["label"] for item in report["indicators"]]]
    total_label = _("Total du réseau")
    rows = [
        [region["name"], *[region["indicators"][key] for key in indicator_keys]]
        for region in report["regions"]
    ]
    rows.append([total_label, *[report["total"]["indicators"][key] for key in indicator_keys]])
    participants = [[region["name"], region["indicators"]["participants"]] for region in report["regions"]]
    sections = [
        {
            "key": "regions",
            "title": _("Régions côte à côte"),
            "figures": [],
            "tables": [
                {
                    "key": "regions",
                    "title": _("Indicateurs par région"),
                    "columns": columns,
                    "rows": rows,
                    "chart": False,
                },
                {
                    "key": "participants",
                    "title": _("Participant·e·s par région"),
                    "columns": [_("Région"), _("Participant·e·s")],
                    "rows": participants,
                    "chart": True,
                },
            ],
        }
    ]
    tables = []
    for axis in report["axes"]:
        axis_rows = [
            [
                region["name"],
                *[region["axes"][axis["key"]][metric] for metric in (*AXIS_PEOPLE, "intervention_hours")],
            ]
            for region in report["regions"]
        ]
        axis_rows.append(
            [
                total_label,
                *[
                    report["total"]["axes"][axis["key"]][metric]
                    for metric in (*AXIS_PEOPLE, "intervention_hours")
                ],
            ]
        )
        tables.append(
            {
                "key": f"axis-{axis['key']}",
                "title": axis["label"],
                "columns": [
                    _("Région"),
                    _("Participant·e·s"),
                    _("Nouveaux candidat·e·s"),
                    _("Heures d'intervention"),
                ],
                "rows": axis_rows,
                "chart": False,
            }
        )
    if tables:
        sections.append({"key": "axes", "title": _("Par axe de programme"), "figures": [], "tables": tables})
    return sections


def network_file(*, fmt: str, report: dict, platform) -> tuple[str, bytes]:
    """(filename, content) of the network report as pdf, csv or xlsx (core.reports' writers)."""
    from core.reports import render

    sections = network_sections(report)
    if fmt == "pdf":
        html = render.render_html(
            template="reports/document.html",
            region=platform,
            title=_("Vue réseau — %(funder)s") % {"funder": report["network_funder"]["name"]},
            subtitle=_("Année financière %(label)s") % {"label": report["period"]["label"]},
            sections=sections,
            extra={
                "suppressed": True,
                "threshold": report["suppression"]["threshold"],
                "generated_on": report["generated_on"],
            },
        )
        content = render.render_pdf(html)
    elif fmt == "csv":
        content = render.render_csv(sections, header=(_("section"), _("libellé"), _("valeur")))
    elif fmt == "xlsx":
        content = render.render_xlsx(sections)
    else:
        raise ValueError(f"Unknown format {fmt!r}")
    return f"reseau-{report['network_funder']['slug']}-{report['period']['label']}.{fmt}", content


def network_funder_choice(*, actor, slug: str | None) -> NetworkFunder:
    """The network funder the actor asks for: its own (a network account), any (the platform admin;
    the first by name when none is named). Unknown or not the actor's: one refusal for both."""
    from network.access import network_funder_for_actor
    from network.errors import NetworkError, NetworkErrorCode

    funders = network_funder_for_actor(actor=actor).order_by("name")
    funder = funders.filter(slug=slug).first() if slug else funders.first()
    if funder is None:
        raise NetworkError(
            NetworkErrorCode.FUNDER_UNKNOWN, _("Bailleur de fonds du réseau inconnu."), field="funder"
        )
    return funder


def network_report_for_actor(*, actor, funder_slug: str | None, period: Period) -> dict:
    """The network view of a network account or the platform admin: the regions that opted in for
    the funder, side by side and summed, suppressed (aggregates only)."""
    from network.access import opted_in_links
    from network.fanout import fan_out

    funder = network_funder_choice(actor=actor, slug=funder_slug)
    return network_report(
        network_funder=funder, period=period, regions=fan_out(opted_in_links(funder), period)
    )
