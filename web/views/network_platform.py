"""The network dashboard on the platform host (/reseau/): a network funder's accounts and the platform
admin see the regions that opted in, side by side and summed, aggregates only (network.report, the
same report as GET /api/v1/network/indicators/), with its CSV, XLSX and PDF exports."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from config.errors import CodedError
from network.access import may_read_network, network_funder_for_actor
from network.periods import Period, current_period, period_from_query, recent_periods
from network.report import network_file, network_report_for_actor
from web.charts import Row
from web.platform_forms import NetworkLoginForm
from web.views.dashboard import chart

FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def network_reader_required(view):
    """Anonymous: to the network login. Signed in with another role: 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("platform:network-login"))
        if not may_read_network(request.user):
            return render(request, "web/platform/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


class NetworkLoginView(auth_views.LoginView):
    template_name = "web/platform/network_login.html"
    authentication_form = NetworkLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("platform:network")


def _period(query) -> Period:
    """The page's year picker (`year`: the fiscal year starting April 1 of it), or the API's from/to."""
    year = query.get("year", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        return period_from_query(f"{int(year):04d}-04-01", f"{int(year) + 1:04d}-03-31")
    return period_from_query(query.get("from"), query.get("to"))


@network_reader_required
def network_dashboard(request):
    query = request.GET
    try:
        period = _period(query)
        report = network_report_for_actor(
            actor=request.user, funder_slug=query.get("funder") or None, period=period
        )
    except CodedError as error:
        context = {"error": error.detail, "periods": recent_periods(), "period": current_period()}
        return render(request, "web/platform/network.html", context, status=400)
    fmt = query.get("format")
    if fmt in FILE_TYPES:
        filename, content = network_file(fmt=fmt, report=report, platform=request.tenant)
        response = HttpResponse(content, content_type=FILE_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    params = {
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        "funder": report["network_funder"]["slug"],
    }
    indicator_keys = [item["key"] for item in report["indicators"]]
    # A hidden count ("<5") is drawn as an empty bar with its label: no length gives it away.
    charts = [
        chart(
            axis["label"],
            [
                Row(region["name"], region["axes"][axis["key"]]["participants"])
                for region in report["regions"]
            ],
            value_header=_("Participant·e·s"),
        )
        for axis in report["axes"]
    ]
    context = {
        "report": report,
        "rows": [
            {"name": region["name"], "values": [region["indicators"][key] for key in indicator_keys]}
            for region in report["regions"]
        ],
        "total": [report["total"]["indicators"][key] for key in indicator_keys],
        "charts": charts,
        "periods": recent_periods(),
        "period": period,
        "funders": network_funder_for_actor(actor=request.user)
        if request.user.role == Role.PLATFORM_ADMIN
        else [],
        "downloads": [(fmt.upper(), "?" + urlencode({**params, "format": fmt})) for fmt in FILE_TYPES],
    }
    return render(request, "web/platform/network.html", context)
