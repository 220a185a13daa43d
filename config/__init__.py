# The Celery app loads with Django, so `shared_task` and `.delay()` use it (Celery's Django recipe).
from config.celery import app as celery_app

__all__ = ["celery_app"]
