import Logging
import PostgresNIO
import TAPDatabase

/// The service's own user accounts: names and bcrypt hashes (pgcrypto) in a schema the query role cannot
/// read. A user who authenticates owns their async jobs (and, later, their proprietary data).
public struct UserAccounts: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let ddl = [
        "CREATE SCHEMA IF NOT EXISTS tap_auth",
        // An operator's server without pgcrypto (a contrib module) still serves; only accounts are unavailable.
        """
        DO $$ BEGIN
            CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA tap_auth;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'pgcrypto is not available (%): user accounts are disabled', SQLERRM;
        END $$
        """,
        // pgcrypto may already be installed elsewhere (an operator's database): call it where it is.
        """
        DO $$
        DECLARE s text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                           WHERE e.extname = 'pgcrypto');
        BEGIN
            IF s IS NULL THEN
                CREATE OR REPLACE FUNCTION tap_auth.hash_password(p text) RETURNS text LANGUAGE plpgsql AS $f$
                BEGIN RAISE EXCEPTION 'user accounts need the pgcrypto extension'; END $f$;
                CREATE OR REPLACE FUNCTION tap_auth.password_matches(p text, h text) RETURNS boolean
                LANGUAGE sql IMMUTABLE AS $f$ SELECT false $f$;
                RETURN;
            END IF;
            EXECUTE format('CREATE OR REPLACE FUNCTION tap_auth.hash_password(p text) RETURNS text '
                || 'LANGUAGE sql VOLATILE STRICT AS %L', format('SELECT %I.crypt(p, %I.gen_salt(''bf'', 10))', s, s));
            EXECUTE format('CREATE OR REPLACE FUNCTION tap_auth.password_matches(p text, h text) RETURNS boolean '
                || 'LANGUAGE sql IMMUTABLE STRICT AS %L', format('SELECT %I.crypt(p, h) = h', s));
        END
        $$
        """,
        """
        CREATE TABLE IF NOT EXISTS tap_auth.users (
            name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
            password_hash text NOT NULL,
            created timestamptz NOT NULL DEFAULT now())
        """,
    ]

    /// The names the table's CHECK constraint admits: letters, digits and `._@-`, 1 to 64 of them.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || [0x2E, 0x5F, 0x40, 0x2D].contains(byte)
        }
    }

    /// Adds the user, or changes their password.
    public func set(_ name: String, password: String) async throws {
        _ = try await client.rows("""
            INSERT INTO tap_auth.users (name, password_hash)
            VALUES (\(name), tap_auth.hash_password(\(password)))
            ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash
            """, logger: logger)
    }

    public func remove(_ name: String) async throws -> Bool {
        var removed = false
        for _ in try await client.rows(
            "DELETE FROM tap_auth.users WHERE name = \(name) RETURNING name", logger: logger)
        {
            removed = true
        }
        return removed
    }

    public func names() async throws -> [String] {
        var names: [String] = []
        for row in try await client.rows("SELECT name FROM tap_auth.users ORDER BY name", logger: logger) {
            names.append(try row.decode(String.self))
        }
        return names
    }

    /// Whether the password is the user's.
    public func verify(_ name: String, password: String) async throws -> Bool {
        var valid = false
        for _ in try await client.rows("""
            SELECT 1 FROM tap_auth.users WHERE name = \(name) AND tap_auth.password_matches(\(password), password_hash)
            """, logger: logger)
        {
            valid = true
        }
        return valid
    }
}
