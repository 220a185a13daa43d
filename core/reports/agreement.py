"""An agreement's follow-up report: parties and contributions, objectives, deliverables (late ones
flagged), linked activities, targets beside their actuals, and the agreement's status.

The agreement is read through `core.access.agreement_for_actor`, so an agreement the actor may not
see (another funder's, or another region's: it is not in this schema) is simply absent: a 404.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core import access, selectors, suppression
from core.models import Agreement, DeliverableStatus

SETTLED_DELIVERABLES = {DeliverableStatus.DONE, DeliverableStatus.CANCELLED}


def agreement_for_report(*, actor, pk) -> Agreement:
    """The agreement if the actor may see it; Agreement.DoesNotExist otherwise."""
    return access.agreement_for_actor(actor=actor).select_related("responsible").get(pk=pk)


def is_late(deliverable, today: dt.date) -> bool:
    """Past due and not settled, or done after its due date."""
    if deliverable.due_date is None:
        return False
    if deliverable.status == DeliverableStatus.DONE:
        return deliverable.completed_on is not None and deliverable.completed_on > deliverable.due_date
    return deliverable.status not in SETTLED_DELIVERABLES and deliverable.due_date < today


def agreement_report_for_actor(*, actor, agreement: Agreement, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    is_funder = actor.role == Role.FUNDER
    threshold = getattr(settings, "INDICATORS_SUPPRESSION_THRESHOLD", 5)
    parties = list(agreement.parties.select_related("partner", "funder").order_by("id"))
    activities = agreement.activities.annotate(reached=Sum("reach__headcount")).order_by("start_date", "id")
    indicators = selectors.agreement_indicators(agreement=agreement)
    if is_funder:
        for row in indicators:
            if row["indicator"] in suppression.PEOPLE_INDICATORS and suppression.is_small(
                int(row["actual"]), threshold
            ):
                row["actual"], row["ratio"] = suppression.masked(threshold), None
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "reference": agreement.reference,
        "kind": agreement.get_kind_display(),
        "status": agreement.status,
        "status_label": agreement.get_status_display(),
        "status_note": agreement.status_note,
        "purpose": agreement.purpose,
        "signed_on": agreement.signed_on,
        "start_date": agreement.start_date,
        "end_date": agreement.end_date,
        "programs": [program.name_fr for program in agreement.programs.all()],
        "parties": [
            {
                "name": str(party.partner.name if party.partner else party.funder.name),
                "acronym": (party.partner.acronym if party.partner else party.funder.acronym) or "",
                "role": party.get_role_display(),
                "contribution": party.contribution,
                "in_kind": party.in_kind,
            }
            for party in parties
        ],
        "total_contributions": sum((party.contribution or 0) for party in parties),
        "objectives": [
            {"position": o.position, "text": o.text, "status": o.get_status_display()}
            for o in agreement.objectives.order_by("position")
        ],
        "deliverables": [
            {
                "position": d.position,
                "title": d.title,
                "due_date": d.due_date,
                "status": d.status,
                "status_label": d.get_status_display(),
                "completed_on": d.completed_on,
                "late": is_late(d, today),
            }
            for d in agreement.deliverables.order_by("position", "due_date")
        ],
        "activities": [
            {
                "start_date": a.start_date,
                "end_date": a.end_date,
                "title": a.title,
                "kind": a.get_kind_display(),
                "place": ", ".join(part for part in (a.place, a.city) if part),
                "people_reached": suppression.suppress_value(a.reached or 0, threshold)
                if is_funder
                else (a.reached or 0),
            }
            for a in activities
        ],
        "indicators": indicators,
        "suppression": {"applied": is_funder, "threshold": threshold if is_funder else None},
        "generated_on": today,
    }


def _date(value) -> str:
    return value.isoformat() if value else "—"


def agreement_sections(report: dict) -> list[dict]:
    yes, no = _("Oui"), _("Non")
    return [
        {
            "key": "overview",
            "title": _("L'entente"),
            "text": report["purpose"],
            "figures": [
                {"key": "status", "label": _("État"), "value": report["status_label"]},
                {"key": "signed_on", "label": _("Signée le"), "value": _date(report["signed_on"])},
                {"key": "start_date", "label": _("Début"), "value": _date(report["start_date"])},
                {"key": "end_date", "label": _("Fin"), "value": _date(report["end_date"])},
                {
                    "key": "total_contributions",
                    "label": _("Contributions ($)"),
                    "value": report["total_contributions"],
                },
            ],
            "tables": [
                {
                    "key": "status_note",
                    "title": _("Commentaire sur l'état"),
                    "columns": [_("Type"), _("Commentaire")],
                    "rows": [[report["kind"], report["status_note"]]] if report["status_note"] else [],
                    "chart": False,
                }
            ],
        },
        {
            "key": "parties",
            "title": _("Parties et contributions"),
            "figures": [],
            "tables": [
                {
                    "key": "parties",
                    "title": _("Parties et contributions"),
                    "columns": [_("Partie"), _("Sigle"), _("Rôle"), _("Contribution ($)"), _("En nature")],
                    "rows": [
                        [p["name"], p["acronym"], p["role"], p["contribution"], yes if p["in_kind"] else no]
                        for p in report["parties"]
                    ],
                    "chart": False,
                }
            ],
        },
        {
            "key": "objectives",
            "title": _("Objectifs"),
            "figures": [],
            "tables": [
                {
                    "key": "objectives",
                    "title": _("Objectifs"),
                    "columns": [_("Objectif"), _("État")],
                    "rows": [[f"{o['position']}. {o['text']}", o["status"]] for o in report["objectives"]],
                    "chart": False,
                }
            ],
        },
        {
            "key": "deliverables",
            "title": _("Livrables"),
            "figures": [],
            "tables": [
                {
                    "key": "deliverables",
                    "title": _("Livrables"),
                    "columns": [_("Livrable"), _("Échéance"), _("État"), _("Réalisé le"), _("En retard")],
                    "rows": [
                        [
                            f"{d['position']}. {d['title']}",
                            _date(d["due_date"]),
                            d["status_label"],
                            _date(d["completed_on"]),
                            yes if d["late"] else no,
                        ]
                        for d in report["deliverables"]
                    ],
                    "chart": False,
                }
            ],
        },
        {
            "key": "activities",
            "title": _("Activités liées"),
            "figures": [],
            "tables": [
                {
                    "key": "activities",
                    "title": _("Activités liées"),
                    "columns": [
                        _("Activité"),
                        _("Date"),
                        _("Jusqu'au"),
                        _("Type"),
                        _("Lieu"),
                        _("Personnes rejointes"),
                    ],
                    "rows": [
                        [
                            a["title"],
                            _date(a["start_date"]),
                            _date(a["end_date"]) if a["end_date"] else "",
                            a["kind"],
                            a["place"],
                            a["people_reached"],
                        ]
                        for a in report["activities"]
                    ],
                    "chart": False,
                }
            ],
        },
        {
            "key": "indicators",
            "title": _("Cibles et résultats"),
            "figures": [],
            "tables": [
                {
                    "key": "indicators",
                    "title": _("Cibles et résultats"),
                    "columns": [_("Indicateur"), _("Cible"), _("Réel"), _("Période")],
                    "rows": [
                        [
                            row["label"],
                            row["target"],
                            row["actual"],
                            f"{_date(row['period_start'])} – {_date(row['period_end'])}",
                        ]
                        for row in report["indicators"]
                    ],
                    "chart": False,
                }
            ],
        },
    ]
