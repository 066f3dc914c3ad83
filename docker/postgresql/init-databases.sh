#!/bin/bash
# Runs once, when the postgres image initialises an empty data volume.
# Creates the app database and Temporal's two databases, each owned by its own
# role, so neither service needs the superuser. Temporal's auto-setup then only
# loads its schema into them (SKIP_DB_CREATE=true in docker-compose.yml).
#
# Changing VS_DB_PASSWORD or TEMPORAL_DB_PASSWORD later does not reach an
# existing volume: use ALTER ROLE ... PASSWORD then.
set -eo pipefail

: "${VS_DB_PASSWORD:?VS_DB_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"

# Passwords go in as psql variables (:'x' quotes them), never spliced into SQL.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v vs_password="$VS_DB_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE vroegsignaal LOGIN PASSWORD :'vs_password';
CREATE DATABASE vroegsignaal OWNER vroegsignaal;

-- Temporal's visibility schema runs CREATE EXTENSION btree_gin, a trusted
-- extension that a database owner may create, so no superuser is needed.
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL
