"""A local fake of the Stripe API: a real HTTP server on 127.0.0.1 that the real `stripe` SDK talks to.

It answers the calls billing/ makes, with the shapes of Stripe's API reference (customers, Checkout
sessions, Billing Portal sessions, subscriptions, invoices), keeps what was created in memory, and
records every request so tests can assert on what was sent. The payload builders at the bottom
build the objects Stripe puts in webhook events.
"""

import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

API_KEY = "sk_test_fake"
_counter = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_{next(_counter):04d}{secrets.token_hex(6)}"


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    headers: dict


@dataclass
class FakeStripeState:
    customers: dict = field(default_factory=dict)
    checkout_sessions: dict = field(default_factory=dict)
    portal_sessions: dict = field(default_factory=dict)
    subscriptions: dict = field(default_factory=dict)
    invoices: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)
    # path prefix -> number of requests still to fail with a 500 (a Stripe outage)
    failures: dict = field(default_factory=dict)
    # idempotency key -> (status, body) already answered, as Stripe replays them
    idempotent: dict = field(default_factory=dict)


def _error(status: int, type_: str, message: str, code: str | None = None, param: str | None = None):
    # Stripe's error envelope: https://docs.stripe.com/api/errors
    return status, {"error": {"type": type_, "message": message, "code": code, "param": param}}


def _nested(flat: dict) -> dict:
    """Form-encoded `a[b][0][c]=v` (what the SDK sends) back to nested dicts and lists."""
    root: dict = {}
    for key, value in flat.items():
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


class FakeStripe:
    def __init__(self):
        self.state = FakeStripeState()
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet test output
                return

            def _respond(self, status, body, headers=None):
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.send_header("Request-Id", new_id("req"))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                flat = dict(parse_qsl(body or url.query, keep_blank_values=True))
                with fake.lock:
                    fake.state.requests.append(
                        Recorded(method, url.path, flat, {k.lower(): v for k, v in self.headers.items()})
                    )
                    status, payload, headers = fake.route(method, url.path, flat, self.headers)
                self._respond(status, payload, headers)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_DELETE(self):
                self._handle("DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # lifecycle ------------------------------------------------------------------------------

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.state = FakeStripeState()

    # test controls --------------------------------------------------------------------------

    def fail_next(self, path_prefix: str, times: int = 1):
        """The next `times` requests under `path_prefix` get a 500, as during a Stripe incident."""
        self.state.failures[path_prefix] = times

    def put_subscription(self, subscription: dict):
        self.state.subscriptions[subscription["id"]] = subscription

    def put_invoice(self, invoice: dict):
        self.state.invoices[invoice["id"]] = invoice

    def requests_to(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.state.requests if r.method == method and r.path == path]

    # routing --------------------------------------------------------------------------------

    def route(self, method, path, flat, headers):
        if headers.get("Authorization") != f"Bearer {API_KEY}":
            status, body = _error(401, "invalid_request_error", "Invalid API Key provided.")
            return status, body, {}
        for prefix, left in list(self.state.failures.items()):
            if path.startswith(prefix) and left > 0:
                self.state.failures[prefix] = left - 1
                status, body = _error(500, "api_error", "An unknown error occurred.")
                # Tells the SDK not to retry: the test decides when the next attempt happens.
                return status, body, {"Stripe-Should-Retry": "false"}
        key = headers.get("Idempotency-Key")
        if method == "POST" and key and key in self.state.idempotent:
            status, body = self.state.idempotent[key]
            return status, body, {"Idempotent-Replayed": "true"}
        params = _nested(flat)
        status, body = self._dispatch(method, path, params)
        if method == "POST" and key:
            self.state.idempotent[key] = (status, body)
        return status, body, {}

    def _dispatch(self, method, path, params):
        parts = path.strip("/").split("/")
        if parts[:2] == ["v1", "customers"]:
            if method == "POST" and len(parts) == 2:
                return 200, self._customer_create(params)
            if method == "GET" and len(parts) == 3:
                return self._get(self.state.customers, parts[2], "customer")
        if parts[:3] == ["v1", "checkout", "sessions"] and method == "POST" and len(parts) == 3:
            return self._checkout_create(params)
        if parts[:3] == ["v1", "billing_portal", "sessions"] and method == "POST":
            return self._portal_create(params)
        if parts[:2] == ["v1", "subscriptions"] and method == "GET" and len(parts) == 3:
            return self._get(self.state.subscriptions, parts[2], "subscription")
        if parts[:2] == ["v1", "invoices"] and method == "GET" and len(parts) == 2:
            return 200, self._invoice_list(params)
        return _error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _get(self, store, object_id, kind):
        if object_id not in store:
            return _error(
                404, "invalid_request_error", f"No such {kind}: '{object_id}'", "resource_missing", "id"
            )
        return 200, store[object_id]

    def _customer_create(self, params):
        customer = {
            "id": new_id("cus"),
            "object": "customer",
            "address": None,
            "balance": 0,
            "created": int(time.time()),
            "currency": None,
            "default_source": None,
            "delinquent": False,
            "description": params.get("description"),
            "email": params.get("email"),
            "invoice_prefix": secrets.token_hex(4).upper(),
            "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None},
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "name": params.get("name"),
            "phone": None,
            "preferred_locales": params.get("preferred_locales", []),
            "shipping": None,
            "tax_exempt": "none",
            "test_clock": None,
        }
        self.state.customers[customer["id"]] = customer
        return customer

    def _checkout_create(self, params):
        for required in ("mode", "success_url"):
            if required not in params:
                return _error(
                    400,
                    "invalid_request_error",
                    f"Missing required param: {required}.",
                    "parameter_missing",
                    required,
                )
        if params.get("customer") and params["customer"] not in self.state.customers:
            return _error(
                400,
                "invalid_request_error",
                f"No such customer: '{params['customer']}'",
                "resource_missing",
                "customer",
            )
        session_id = new_id("cs_test")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": None,
            "amount_total": None,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": int(time.time()),
            "currency": None,
            "customer": params.get("customer"),
            "expires_at": int(time.time()) + 86400,
            "invoice": None,
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "mode": params["mode"],
            "payment_status": "unpaid",
            "status": "open",
            "subscription": None,
            "success_url": params["success_url"],
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "_line_items": params.get("line_items", []),
            "_subscription_data": params.get("subscription_data", {}),
        }
        self.state.checkout_sessions[session_id] = session
        return 200, session

    def _portal_create(self, params):
        if params.get("customer") not in self.state.customers:
            return _error(
                400,
                "invalid_request_error",
                f"No such customer: '{params.get('customer')}'",
                "resource_missing",
                "customer",
            )
        session_id = new_id("bps")
        session = {
            "id": session_id,
            "object": "billing_portal.session",
            "configuration": new_id("bpc"),
            "created": int(time.time()),
            "customer": params["customer"],
            "flow": None,
            "livemode": False,
            "locale": None,
            "on_behalf_of": None,
            "return_url": params.get("return_url"),
            "url": f"https://billing.stripe.com/p/session/test_{session_id}",
        }
        self.state.portal_sessions[session_id] = session
        return 200, session

    def _invoice_list(self, params):
        data = [i for i in self.state.invoices.values() if i["customer"] == params.get("customer")]
        data.sort(key=lambda invoice: invoice["created"], reverse=True)
        limit = int(params.get("limit", 10))
        return {"object": "list", "data": data[:limit], "has_more": len(data) > limit, "url": "/v1/invoices"}


# Payload builders (shapes from Stripe's API reference) ------------------------------------------


def subscription_payload(
    *,
    customer: str,
    price: str,
    status: str = "active",
    subscription_id: str | None = None,
    period_end: int | None = None,
    trial_end: int | None = None,
) -> dict:
    now = int(time.time())
    period_end = period_end or now + 30 * 86400
    subscription_id = subscription_id or new_id("sub")
    return {
        "id": subscription_id,
        "object": "subscription",
        "application": None,
        "billing_cycle_anchor": now,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": now if status == "canceled" else None,
        "collection_method": "charge_automatically",
        "created": now,
        "currency": "cad",
        "customer": customer,
        "default_payment_method": None,
        "ended_at": now if status == "canceled" else None,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": new_id("si"),
                    "object": "subscription_item",
                    "created": now,
                    "current_period_end": period_end,
                    "current_period_start": period_end - 30 * 86400,
                    "metadata": {},
                    "price": {
                        "id": price,
                        "object": "price",
                        "active": True,
                        "currency": "cad",
                        "product": "prod_ancrage",
                        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
                        "type": "recurring",
                        "unit_amount": 14900,
                    },
                    "quantity": 1,
                    "subscription": subscription_id,
                }
            ],
            "has_more": False,
            "url": f"/v1/subscription_items?subscription={subscription_id}",
        },
        "latest_invoice": None,
        "livemode": False,
        "metadata": {},
        "start_date": now,
        "status": status,
        "trial_end": trial_end,
        "trial_start": now if trial_end else None,
    }


def invoice_payload(
    *,
    customer: str,
    subscription: str | None,
    paid: bool,
    amount: int = 14900,
    created: int | None = None,
    invoice_id: str | None = None,
) -> dict:
    created = created or int(time.time())
    invoice_id = invoice_id or new_id("in")
    return {
        "id": invoice_id,
        "object": "invoice",
        "account_country": "CA",
        "amount_due": amount,
        "amount_paid": amount if paid else 0,
        "amount_remaining": 0 if paid else amount,
        "attempt_count": 1,
        "attempted": True,
        "billing_reason": "subscription_cycle",
        "collection_method": "charge_automatically",
        "created": created,
        "currency": "cad",
        "customer": customer,
        "hosted_invoice_url": f"https://invoice.stripe.com/i/acct_test/{invoice_id}",
        "invoice_pdf": f"https://pay.stripe.com/invoice/acct_test/{invoice_id}/pdf",
        "livemode": False,
        "number": f"ANC-{invoice_id[-6:].upper()}",
        "parent": {
            "quote_details": None,
            "subscription_details": {"metadata": {}, "subscription": subscription},
            "type": "subscription_details",
        }
        if subscription
        else None,
        "period_end": created,
        "period_start": created - 30 * 86400,
        "status": "paid" if paid else "open",
        "status_transitions": {
            "finalized_at": created,
            "marked_uncollectible_at": None,
            "paid_at": created if paid else None,
            "voided_at": None,
        },
        "total": amount,
    }


def checkout_completed_payload(*, session: dict, subscription: str) -> dict:
    return {
        **{k: v for k, v in session.items() if not k.startswith("_")},
        "status": "complete",
        "payment_status": "paid",
        "subscription": subscription,
    }


def event_payload(
    event_type: str, obj: dict, *, created: int | None = None, event_id: str | None = None
) -> dict:
    # https://docs.stripe.com/api/events/object
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }
