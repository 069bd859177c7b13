import UWS

/// The tables UWS jobs live in, in a schema of their own that the query role cannot read. Every phase change
/// and deletion is announced on the channel `uws_job` (payload: the job's ID) by a trigger, so that no code
/// path can forget to wake a WAITing client in any process; a job entering QUEUED also wakes the runners
/// (`uws_queue`).
enum JobSchema {
    static let jobChannel = "uws_job"
    static let queueChannel = "uws_queue"

    static let ddl = [
        "CREATE SCHEMA IF NOT EXISTS uws",
        """
        CREATE TABLE IF NOT EXISTS uws.jobs (
            id text PRIMARY KEY,
            owner text,
            run_id text,
            phase text NOT NULL,
            creation_time timestamptz NOT NULL DEFAULT now(),
            start_time timestamptz,
            end_time timestamptz,
            execution_duration integer NOT NULL,
            destruction timestamptz,
            quote timestamptz,
            parameter_names text[] NOT NULL DEFAULT '{}',
            parameter_values text[] NOT NULL DEFAULT '{}',
            result_type text,
            result_size bigint,
            error_message text,
            error_transient boolean NOT NULL DEFAULT false,
            -- While EXECUTING: the process running it (the key of the advisory lock it holds while alive),
            -- until when its lease runs, the attempt number, and the backend running its query.
            runner bigint,
            lease_until timestamptz,
            attempts integer NOT NULL DEFAULT 0,
            backend_pid integer
        )
        """,
        // Added after the first release: which parameters are URLs of content the service keeps (uploads).
        "ALTER TABLE uws.jobs ADD COLUMN IF NOT EXISTS parameter_by_reference boolean[] NOT NULL DEFAULT '{}'",
        "CREATE INDEX IF NOT EXISTS jobs_queued ON uws.jobs (creation_time) "
            + "WHERE phase = '\(ExecutionPhase.queued.rawValue)'",
        "CREATE INDEX IF NOT EXISTS jobs_executing ON uws.jobs (runner) "
            + "WHERE phase = '\(ExecutionPhase.executing.rawValue)'",
        "CREATE INDEX IF NOT EXISTS jobs_owner ON uws.jobs (owner, creation_time)",
        "CREATE INDEX IF NOT EXISTS jobs_destruction ON uws.jobs (destruction)",
        """
        CREATE OR REPLACE FUNCTION uws.announce() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('\(jobChannel)', OLD.id);
                RETURN OLD;
            END IF;
            IF TG_OP = 'INSERT' OR NEW.phase IS DISTINCT FROM OLD.phase THEN
                PERFORM pg_notify('\(jobChannel)', NEW.id);
                IF NEW.phase = '\(ExecutionPhase.queued.rawValue)' THEN PERFORM pg_notify('\(queueChannel)', ''); END IF;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE OR REPLACE TRIGGER jobs_announce AFTER INSERT OR UPDATE OF phase OR DELETE ON uws.jobs
        FOR EACH ROW EXECUTE FUNCTION uws.announce()
        """,
    ]
}
