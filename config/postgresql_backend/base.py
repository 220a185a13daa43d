"""django-tenants' backend, made safe behind PgBouncer in transaction mode.

django-tenants selects a region with a session-level `SET search_path`, issued once per connection
and schema (TENANT_LIMIT_SET_CALLS). Behind PgBouncer in transaction mode a client connection gets
a server connection per *transaction*: the search_path one client set stays on a server connection
that the next transaction, possibly another region's, is handed. So when the database settings say
POOL_MODE="transaction":

- every new transaction forgets which search_path was set, so the first statement inside it sets it
  again, on the server connection that transaction holds for its whole life;
- a statement outside a transaction is refused: `SET search_path` and the query would be two
  transactions, maybe on two server connections. Web requests run in one transaction each
  (config.pooling.PooledTransactionMiddleware); commands and workers connect in session mode.
"""

from django.core.exceptions import ImproperlyConfigured
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    @property
    def transaction_pooled(self) -> bool:
        return self.settings_dict.get("POOL_MODE") == "transaction"

    def _set_autocommit(self, autocommit):
        super()._set_autocommit(autocommit)
        if self.transaction_pooled:
            # A transaction begins (or ends): whatever search_path was set belongs to a server
            # connection this client may no longer hold.
            self.search_path_set_schemas = None

    def _cursor(self, name=None):
        if self.transaction_pooled and self.get_autocommit() and not self._setting_search_path:
            raise ImproperlyConfigured(
                "Behind PgBouncer in transaction mode, queries must run inside a transaction "
                "(transaction.atomic); connect commands and workers in session mode."
            )
        return super()._cursor(name)
