"""The onboarding wizard's run: provision the region, open its trial, seed the starter programs,
invite the first admin — reporting each step as it begins, so the page can show it as it happens.

The steps run in a worker thread while the request streams what they report (web.views.platform).
"""

import logging
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from config.errors import CodedError
from onboarding.services import region_onboard
from onboarding.starters import starter_programs_seed

logger = logging.getLogger(__name__)

FINISHED = "finished"
FAILED = "failed"
# Longest wait for the next step before the page gives up (the work itself carries on).
STEP_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Step:
    step: str
    message: str
    # Set on FINISHED: the new region's slug and its first admin's one-time set-up link.
    slug: str = ""
    setup_url: str | None = None


def region_onboard_with_starters(
    *, slug, name, admin_email, branding, plan, starters, progress
) -> str | None:
    """onboarding.region_onboard (provision, trial, invitation), then the chosen starter programs.
    Returns the first admin's set-up link."""
    said_done: list[str] = []

    def onboarding_progress(step: str, message: str) -> None:
        if step == "done":  # said once the starter programs are in too
            said_done.append(message)
        else:
            progress(step, message)

    onboarded = region_onboard(
        slug=slug,
        name=name,
        admin_email=admin_email,
        branding=branding,
        plan=plan,
        progress=onboarding_progress,
    )
    if starters:
        progress("programs", _("Création des programmes de départ (%(count)d)") % {"count": len(starters)})
        starter_programs_seed(region=onboarded.region, keys=starters)
    progress("done", said_done[0] if said_done else onboarded.region.name)
    return onboarded.admin_setup_url


def _run(data: dict, report, language: str) -> None:
    with translation.override(language):
        try:
            setup_url = region_onboard_with_starters(
                **data, progress=lambda step, message: report(step, message)
            )
        except CodedError as error:  # provisioning, billing or a core service refused
            report(FAILED, str(error.detail))
        except Exception:
            logger.exception("Onboarding of region %s failed", data.get("slug"))
            report(
                FAILED,
                _(
                    "L'accueil de la région a échoué ; rien n'a été créé. Réessayez ou consultez les journaux."
                ),
            )
        else:
            report(FINISHED, "", setup_url=setup_url)


def onboarding_steps(data: dict) -> Iterator[Step]:
    """Run the onboarding and yield each step as it begins, then FINISHED or FAILED.

    `data`: slug, name, admin_email, branding, plan, starters (keys of onboarding.starters).
    """
    language = translation.get_language()
    slug = data["slug"]
    if connection.in_atomic_block:
        # Inside a transaction (tests), another connection would not see this one's rows: run here.
        steps: list[Step] = []
        _run(
            data,
            lambda step, message, **extra: steps.append(Step(step, str(message), slug, **extra)),
            language,
        )
        yield from steps
        return

    events: queue.Queue[Step] = queue.Queue()

    def work() -> None:
        try:
            _run(
                data,
                lambda step, message, **extra: events.put(Step(step, str(message), slug, **extra)),
                language,
            )
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=work, name=f"onboard-{slug}", daemon=True)
    thread.start()
    while True:
        try:
            step = events.get(timeout=STEP_TIMEOUT_SECONDS)
        except queue.Empty:
            yield Step(
                FAILED,
                _("L'accueil de la région prend plus de temps que prévu ; rechargez la liste des régions."),
                slug,
            )
            return
        yield step
        if step.step in (FINISHED, FAILED):
            return
