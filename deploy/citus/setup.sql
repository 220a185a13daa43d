-- Citus schema-based sharding for Ancrage (deploy/README.md, "Thousands of regions").
-- Run on the coordinator, as a superuser, in the application's database, once the cluster is up
-- (citus in shared_preload_libraries on every node) and `manage.py migrate_regions` has run.

CREATE EXTENSION IF NOT EXISTS citus;

-- Worker nodes (one line each; the coordinator keeps the public schema and routes queries).
-- SELECT citus_set_coordinator_host('coordinator.internal', 5432);
-- SELECT citus_add_node('worker-1.internal', 5432);
-- SELECT citus_add_node('worker-2.internal', 5432);

-- Platform tables that a region's queries read (tests/deploy/test_single_schema.py keeps this
-- list complete): reference tables, copied on every node, so a region's node joins them locally.
SELECT create_reference_table('public.tenants_region');
SELECT create_reference_table('public.tenants_domain');
SELECT create_reference_table('public.billing_billingaccount');
-- The network (network/): a region's direction links and opts in from its own host.
SELECT create_reference_table('public.network_networkfunder');
SELECT create_reference_table('public.network_regionlink');
SELECT create_reference_table('public.network_optin');
-- network_networkaccount stays a local table of the coordinator: only the platform host reads it.
-- public.ancrage_data_version_bump() (core migration 0009) must exist on every node: the region
-- migrations create it on the coordinator; Citus propagates it, or run that migration's
-- CREATE FUNCTION on each worker. The network view visits regions one by one (network.fanout):
-- no statement ever reads two regions' schemas.

-- Every schema created from now on is a distributed schema: a new region (cloned from the
-- template by tenants.provisioning) lands whole on one node. Also set it in postgresql.conf, or
-- per role: ALTER ROLE ancrage SET citus.enable_schema_based_sharding TO on;
SET citus.enable_schema_based_sharding TO on;

-- Existing regions and the template, once (generated from the region list):
--   psql -Atc "SELECT format('SELECT citus_schema_distribute(%L);', schema_name)
--              FROM public.tenants_region WHERE schema_name <> 'public'
--              UNION ALL SELECT 'SELECT citus_schema_distribute(''_template'');'" | psql
-- Move a large region to a quieter node:
--   SELECT citus_schema_move('saguenay', 'worker-2.internal', 5432);
