"""`@billing_exempt`: the views a read-only region may still POST to.

Paying, logging in and out, and what Law 25 owes people whatever the bill (consent withdrawal,
erasure). The enforcement middleware reads the marker on the resolved view, so a view is exempt
where it is written, never by its URL.
"""

from functools import wraps

ATTRIBUTE = "billing_exempt"


def billing_exempt(view):
    """Mark a view function, a view class or a viewset action as writable while read-only."""
    try:
        setattr(view, ATTRIBUTE, True)
    except AttributeError:
        # A bound method (e.g. admin.site.login) takes no attributes: wrap it.
        bound = view

        @wraps(bound)
        def view(*args, **kwargs):
            return bound(*args, **kwargs)

        setattr(view, ATTRIBUTE, True)
    return view


def is_billing_exempt(view_func, method: str) -> bool:
    """True when the view about to handle `method` carries the marker (function, class or action)."""
    if getattr(view_func, ATTRIBUTE, False):
        return True
    # DRF sets `cls` (and `actions` for viewsets) on as_view()'s function; Django sets `view_class`.
    cls = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    if cls is None:
        return False
    if getattr(cls, ATTRIBUTE, False):
        return True
    action = (getattr(view_func, "actions", None) or {}).get(method.lower())
    return bool(action and getattr(getattr(cls, action, None), ATTRIBUTE, False))
