"""drf-spectacular post-processing: the schema documents every answer the API can give.

Runs after api.schema.add_error_responses. Whatever path produces an error (DRF, Django's handlers,
CSRF, the limits, billing enforcement, the database going away), its status and JSON body are
described here, so a client generated from /api/v1/schema/ can parse every response:

- every operation: 401/403 when authenticated, 404 (unknown id, page past the last), 405, 406,
  429 (throttling, with Retry-After), 503 (database unavailable, with Retry-After);
- operations with a body: 400 with `fields`, 413 (body too large), 415 (unsupported media type);
- writes on a region's host: 402 (unpaid region, read-only);
- deletes: 409 (other rows depend on it); billing actions: 502 (Stripe unreachable);
- 414 (request line too long), answered by gunicorn or the proxy in front, as its own HTML page.

A 400 body always has `detail` and `code`; `fields` (messages per field) is there when the error
is about named inputs, not for e.g. a JSON parse error.
"""

_DESCRIPTIONS = {
    "400": "Invalid input: `fields` holds the messages per field (body fields or query parameters).",
    "401": "No credentials, or a token unknown on this host.",
    "402": "The region's subscription is unpaid: it is read-only until a payment (code billing_read_only).",
    "403": "The role may not do this, the region is suspended, or a session's CSRF check failed.",
    "404": "Absent from this region (also for ids that exist in another region), or a page past the last.",
    "405": "Method not allowed on this path.",
    "406": "The Accept header asks for a format the API does not produce.",
    "409": "Conflict: other data depend on this row, it changed meanwhile, or its state does not allow this.",
    "413": "The request body is larger than allowed.",
    "415": "Unsupported Content-Type for the request body.",
    "429": "Too many requests: wait the number of seconds given by Retry-After.",
    "502": "The payment service (Stripe) did not answer; retry later.",
    "503": "Service temporarily unavailable (database); retry after Retry-After seconds.",
}
_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
WRITE_METHODS = ("post", "put", "patch", "delete")
FIELD_MESSAGES = {
    "anyOf": [
        {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
        {"type": "object"},
    ]
}
# gunicorn (or the proxy) answers an over-long request line itself, before Django: its own page.
URI_TOO_LONG = {
    "description": "Request line too long (answered by the HTTP server, before the application).",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def _error(status: str, schema: str) -> dict:
    response = {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if status in ("429", "503"):
        response["headers"] = _RETRY_AFTER
    return response


def document_every_response(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    # `fields` is present for errors about named inputs only (a parse error has none).
    # Nested inputs (an object, list items) nest their messages: `{"parties": {"0": {"funder": [...]}}}`.
    for name in ("ValidationError",):
        if name in schemas:
            schemas[name]["required"] = [f for f in schemas[name].get("required", []) if f != "fields"]
            schemas[name]["properties"]["fields"]["additionalProperties"] = FIELD_MESSAGES
    platform = any(path.startswith("/api/v1/platform/") for path in result.get("paths", {}))
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete", "head", "options", "trace"):
                continue
            responses = operation.setdefault("responses", {})
            secured = operation.get("security") not in ([{}], [])
            wanted = ["400", "404", "405", "406", "429", "503"]
            if secured:
                wanted += ["401", "403"]
            if "requestBody" in operation or method in WRITE_METHODS:
                wanted += ["413", "415"]
            if method in WRITE_METHODS and not platform:
                wanted.append("402")
            if method in WRITE_METHODS:  # a row that changed meanwhile, or is not in a state to allow it
                wanted.append("409")
            if "/billing/" in path and method == "post":
                wanted.append("502")
            responses.setdefault("414", URI_TOO_LONG)
            for status in wanted:
                responses.setdefault(
                    status, _error(status, "ValidationError" if status == "400" else "Error")
                )
            for status, response in responses.items():
                if status in ("429", "503"):
                    response.setdefault("headers", {}).update(_RETRY_AFTER)
                # An error is JSON even when a file (?format=csv|xlsx|pdf) was asked for.
                content = response.get("content", {})
                if status.startswith(("4", "5")) and status != "414" and "application/json" in content:
                    response["content"] = {"application/json": content["application/json"]}
    return result
