"""The one place that reads the environment (HackSoft's config/env.py)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env is read when present; CI and production pass real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
