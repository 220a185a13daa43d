"""The reports a region hands to its board and funders: the annual report and agreement reports.

Each report is built once as data (`annual.py`, `agreement.py`) from the same selectors as
`/api/v1/indicators/`, laid out once as sections (`layout.py`), and only then written as a page,
PDF, CSV or XLSX (`render.py`): the formats cannot disagree because they read the same sections.
"""
