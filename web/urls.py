"""The region's web app, at the root of the region's host (the API, /admin/ and health checks
keep their own paths)."""

from django.urls import path
from django.views.i18n import set_language

from billing.exempt import billing_exempt
from web.views import (
    activities,
    auth,
    billing,
    branding,
    dashboard,
    funders,
    imports,
    network,
    network_optin,
    participants,
    public,
)

app_name = "web"

# Logging in and out, choosing a language, and what Law 25 owes people (consent withdrawal,
# erasure) stay open while an unpaid bill makes the region read-only.
urlpatterns = [
    path("", auth.home, name="home"),
    path("connexion/", billing_exempt(auth.LoginView.as_view()), name="login"),
    path("deconnexion/", billing_exempt(auth.LogoutView.as_view()), name="logout"),
    path("mot-de-passe/oublie/", billing_exempt(auth.PasswordResetView.as_view()), name="password_reset"),
    path("mot-de-passe/oublie/envoye/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("langue/", billing_exempt(set_language), name="set_language"),
    path("image-de-marque/", branding.branding_settings, name="branding"),
    path("image-de-marque/apercu/", branding.branding_preview, name="branding_preview"),
    path("image-de-marque/logo/", branding.logo, name="logo"),
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("financement/", funders.funder_dashboard, name="funder_dashboard"),
    path("reseau/", network_optin.network_settings, name="network_opt_in"),
    path("reseau/<slug:slug>/", network_optin.network_change, name="network_change"),
    path("partenaires/", network.partners, name="partners"),
    path("partenaires/ajouter/", network.partner_form, name="partner_add"),
    path("partenaires/<int:pk>/", network.partner, name="partner"),
    path("partenaires/<int:pk>/modifier/", network.partner_form, name="partner_edit"),
    path("participants/", participants.participants, name="participants"),
    path("participants/accueil/", participants.participant_new, name="participant_new"),
    path("participants/<int:pk>/", participants.participant, name="participant"),
    path("participants/<int:pk>/parcours/", participants.participant_journey, name="participant_journey"),
    path("participants/<int:pk>/inscription/", participants.participant_enroll, name="participant_enroll"),
    path(
        "participants/<int:pk>/suivis/<int:followup_pk>/",
        participants.participant_followup,
        name="participant_followup",
    ),
    path(
        "participants/<int:pk>/retrait/",
        billing_exempt(participants.participant_withdraw),
        name="participant_withdraw",
    ),
    path(
        "participants/<int:pk>/effacement/",
        billing_exempt(participants.participant_erase),
        name="participant_erase",
    ),
    path("participants/<int:pk>/export/", participants.participant_export, name="participant_export"),
    path("interventions/nouvelle/", participants.intervention_new, name="intervention_new"),
    path("activites/", activities.activities, name="activities"),
    path("activites/nouvelle/", activities.activity_new, name="activity_new"),
    path("activites/<int:pk>/", activities.activity, name="activity"),
    path("activites/<int:pk>/presences/", activities.activity_attendance, name="activity_attendance"),
    path(
        "activites/<int:pk>/personnes-rejointes/", activities.activity_headcounts, name="activity_headcounts"
    ),
    path("points-de-service/", network.service_points, name="service_points"),
    path("equipe/", network.team, name="team"),
    path("comites/", network.committees, name="committees"),
    path("programmes/", network.programs, name="programs"),
    path("programmes/<int:pk>/", network.program, name="program"),
    path("ententes/", network.agreements, name="agreements"),
    path("ententes/<int:pk>/", network.agreement, name="agreement"),
    path("importations/", imports.imports, name="imports"),
    path("importations/nouvelle/", imports.import_new, name="import_new"),
    path("importations/<int:pk>/", imports.import_detail, name="import_detail"),
    path("importations/<int:pk>/etat/", imports.import_status, name="import_status"),
    path("importations/<int:pk>/importer/", imports.import_commit, name="import_commit"),
    path("importations/<int:pk>/annuler/", imports.import_undo, name="import_undo"),
    # The public service map (no login) and its printable view.
    path("services/", public.service_map, name="services"),
    path("services/imprimer/", public.service_map_print, name="services_print"),
    # The region admin's billing page; paying stays open in a read-only region.
    path("facturation/", billing.billing_page, name="billing"),
    path("facturation/abonnement/", billing_exempt(billing.billing_checkout), name="billing_checkout"),
    path("facturation/portail/", billing_exempt(billing.billing_portal), name="billing_portal"),
]
