-- Roles of a shared CCM needs tracker store on PostgreSQL (see docs/operations.md).
--
-- Run it once per database, as a superuser (or a role with CREATEROLE that is a member of
-- tracker_owner), connected to the tracker's database:
--
--     psql -d ccm_tracker -v ON_ERROR_STOP=1 -f docs/roles.sql
--
-- It is idempotent: running it again changes nothing. It may run before or after the first
-- `tracker db upgrade`: the GRANT ... ON ALL lines cover the tables that exist, the DEFAULT
-- PRIVILEGES lines every table and sequence tracker_owner creates later (new migrations).
--
-- The web app's users, login failures and ended sessions (`tracker serve`) are for the web
-- server's role only: row-level security shows their rows to tracker_writers (and the owner)
-- and none to tracker_readers. Readers keep SELECT on the tables themselves, so that their
-- nightly pg_dump can lock and describe them; its command leaves their data out (see
-- docs/operations.md, section 3).
--
-- Three roles:
--   tracker_owner    owns the database and its tables; the only role that runs migrations
--                    (`tracker db upgrade`). Used by the administrator, nobody works as it.
--   tracker_writers  group: read and write rows (imports, membership lists, withdrawals).
--   tracker_readers  group: read only (statistics, exports, State pages, history, pg_dump).
-- People log in with their own roles, made members of one group, e.g.
--     CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE tracker_writers;
--     CREATE ROLE consultant LOGIN PASSWORD '...' IN ROLE tracker_readers;

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tracker_owner') THEN
        CREATE ROLE tracker_owner LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tracker_writers') THEN
        CREATE ROLE tracker_writers NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tracker_readers') THEN
        CREATE ROLE tracker_readers NOLOGIN;
    END IF;
END
$roles$;

-- Only the groups may connect (new databases let PUBLIC connect by default).
DO $connect$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format(
        'GRANT CONNECT ON DATABASE %I TO tracker_owner, tracker_writers, tracker_readers',
        current_database()
    );
END
$connect$;

-- Nobody but the owner creates objects in the schema (PostgreSQL < 15 lets PUBLIC create).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO tracker_owner;
GRANT USAGE ON SCHEMA public TO tracker_writers, tracker_readers;

-- The tables and sequences that exist now. Readers may SELECT the sequences (their current
-- value, which pg_dump reads to restore them), never USAGE (nextval): a reader login can take
-- the nightly backup of docs/operations.md and still change nothing.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tracker_readers;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO tracker_readers;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tracker_writers;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tracker_writers;

-- Every table and sequence the owner creates from now on (each `tracker db upgrade`).
ALTER DEFAULT PRIVILEGES FOR ROLE tracker_owner IN SCHEMA public
    GRANT SELECT ON TABLES TO tracker_readers;
ALTER DEFAULT PRIVILEGES FOR ROLE tracker_owner IN SCHEMA public
    GRANT SELECT ON SEQUENCES TO tracker_readers;
ALTER DEFAULT PRIVILEGES FOR ROLE tracker_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tracker_writers;
ALTER DEFAULT PRIVILEGES FOR ROLE tracker_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO tracker_writers;

-- The web app's private tables: rows for the writers (the web server's role) and the owner,
-- none for the readers. Idempotent; skipped for a table that does not exist yet (migration
-- 0004 does the same when it creates them).
DO $web_private$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'login_failures', 'ended_sessions'] LOOP
        IF to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tracker_writers')
               AND NOT EXISTS (SELECT FROM pg_policies WHERE schemaname = 'public'
                               AND tablename = t AND policyname = 'tracker_writers_only') THEN
                EXECUTE format('CREATE POLICY tracker_writers_only ON public.%I TO tracker_writers '
                               'USING (true) WITH CHECK (true)', t);
            END IF;
        END IF;
    END LOOP;
END
$web_private$;
