"""The menu of each role. Entries whose page is not installed (yet) are left out, so another
page group can add its URL name here before or after its views land."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

STAFF = (Role.REGION_ADMIN, Role.COORDINATOR)
PEOPLE = (Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT)
REFERENCE = (Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT)

# (URL name, label, roles that see it)
NAV = [
    ("web:dashboard", _("Tableau de bord"), PEOPLE),
    ("web:funder_dashboard", _("Tableau de bord"), (Role.FUNDER,)),
    ("web:participants", _("Participant·e·s"), PEOPLE),
    ("web:activities", _("Activités"), PEOPLE),
    ("web:partners", _("Partenaires"), REFERENCE),
    ("web:service_points", _("Points de service"), REFERENCE),
    ("web:team", _("Équipe"), REFERENCE),
    ("web:committees", _("Comités"), REFERENCE),
    # Funders read the programs and agreements they fund (scoped by core.access), never people.
    ("web:programs", _("Programmes"), (*REFERENCE, Role.FUNDER)),
    ("web:agreements", _("Ententes"), (*REFERENCE, Role.FUNDER)),
    # Agents import interventions only (core.imports.kinds.ALLOWED_ROLES); funders never.
    ("web:imports", _("Importations"), PEOPLE),
    ("report-annual-page", _("Rapport annuel"), (*STAFF, Role.FUNDER)),
    ("web:branding", _("Image de marque"), (Role.REGION_ADMIN,)),
    ("web:billing", _("Facturation"), (Role.REGION_ADMIN,)),
    # Opting in (or out) of a network funder's view of the regions: the direction's decision.
    ("web:network_opt_in", _("Réseau"), (Role.REGION_ADMIN,)),
]


def nav_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for name, label, roles in NAV:
        if user.role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"url": url, "label": label, "current": current})
    return items
