"""PgBouncer in transaction mode: one transaction per request, so the region's search_path is set
inside the transaction that runs the request's queries (see config/postgresql_backend/base.py)."""

from django.db import connection, transaction


def transaction_pooled() -> bool:
    return connection.settings_dict.get("POOL_MODE") == "transaction"


class PooledTransactionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not transaction_pooled():
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                # The exception became a 500 further in: what it half-wrote is not kept.
                transaction.set_rollback(True)
            return response
