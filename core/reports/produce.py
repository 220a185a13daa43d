"""One entry point for every report file: the API's direct download and the background job."""

import datetime as dt

from django.utils.translation import gettext as _

from core.reports import render
from core.reports.agreement import agreement_for_report, agreement_report_for_actor, agreement_sections
from core.reports.annual import annual_report_for_actor
from core.reports.layout import annual_sections

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REPORTS = ("annual", "agreement")


def annual_document(*, actor, region, date_from: dt.date, date_to: dt.date) -> tuple[dict, list[dict], dict]:
    report = annual_report_for_actor(actor=actor, region=region, date_from=date_from, date_to=date_to)
    meta = {
        "title": _("Rapport annuel"),
        "subtitle": _("du %(start)s au %(end)s")
        % {"start": date_from.isoformat(), "end": date_to.isoformat()},
        "slug": f"rapport-annuel-{region.slug}-{date_from.isoformat()}-{date_to.isoformat()}",
    }
    return report, annual_sections(report), meta


def agreement_document(*, actor, region, agreement_id) -> tuple[dict, list[dict], dict]:
    agreement = agreement_for_report(actor=actor, pk=agreement_id)
    report = agreement_report_for_actor(actor=actor, agreement=agreement)
    meta = {
        "title": report["title"],
        "subtitle": _("Suivi d'entente — état : %(status)s") % {"status": report["status_label"]},
        "slug": f"entente-{region.slug}-{agreement.pk}",
    }
    return report, agreement_sections(report), meta


def document(*, report: str, actor, region, params: dict):
    if report == "annual":
        return annual_document(
            actor=actor,
            region=region,
            date_from=dt.date.fromisoformat(params["from"]),
            date_to=dt.date.fromisoformat(params["to"]),
        )
    if report == "agreement":
        return agreement_document(actor=actor, region=region, agreement_id=params["agreement"])
    raise ValueError(f"Unknown report {report!r}")


def html_page(*, report: dict, sections: list[dict], meta: dict, region, downloads=None) -> str:
    suppressed = report["suppression"]["applied"]
    return render.render_html(
        template="reports/document.html",
        region=region,
        title=meta["title"],
        subtitle=meta["subtitle"],
        sections=sections,
        extra={
            "downloads": downloads or [],
            "suppressed": suppressed,
            "threshold": report["suppression"]["threshold"],
            "generated_on": report["generated_on"],
        },
    )


def file_of(*, fmt: str, report: dict, sections: list[dict], meta: dict, region) -> tuple[str, bytes]:
    """(filename, content) of the report in `fmt` (pdf, csv or xlsx)."""
    if fmt == "pdf":
        content = render.render_pdf(html_page(report=report, sections=sections, meta=meta, region=region))
    elif fmt == "csv":
        content = render.render_csv(sections, header=(_("section"), _("libellé"), _("valeur")))
    elif fmt == "xlsx":
        content = render.render_xlsx(sections)
    else:
        raise ValueError(f"Unknown format {fmt!r}")
    return f"{meta['slug']}.{fmt}", content
