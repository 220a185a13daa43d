"""Demo content of a region, loaded from the seeds by `manage.py load_demo` inside its schema."""


def load_region_content(slug: str) -> dict:
    """Load the seeds' content for the region `slug` (idempotent); returns counts by model."""
    return {}
