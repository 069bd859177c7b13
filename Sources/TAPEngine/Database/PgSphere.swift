import Logging
import PostgresNIO
import TAPDatabase

/// pg_sphere as Debian ships it for PostgreSQL 15 (1.2.0) no longer installs on PostgreSQL 15.18; the
/// Makefile installs a fixed script as version "1.2.0-swifttap" (scripts/install-pgsphere-fix.sh), used
/// only when the plain installation fails, so a server with a working pg_sphere is left alone.
enum PgSphere {
    static let fixedVersion = "1.2.0-swifttap"

    static func install(on connection: PostgresConnection, logger: Logger) async throws {
        let installed = try await connection.query(
            "SELECT 1 FROM pg_extension WHERE extname = 'pg_sphere'", logger: logger)
        for try await _ in installed { return }
        do {
            try await connection.query("CREATE EXTENSION pg_sphere", logger: logger)
        } catch let error as PSQLError {
            let available = try await connection.query(
                "SELECT 1 FROM pg_available_extension_versions WHERE name = 'pg_sphere' AND version = \(fixedVersion)",
                logger: logger)
            for try await _ in available {
                logger.info("pg_sphere's default script fails here; installing version \(fixedVersion)")
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE EXTENSION pg_sphere VERSION '\(fixedVersion)'"), logger: logger)
                return
            }
            throw SchemaError(
                description: "CREATE EXTENSION pg_sphere failed (\(error.serverInfo?[.message] ?? "unknown error")); "
                    + "run scripts/install-pgsphere-fix.sh as root (make does) or install a newer pg_sphere")
        }
    }
}
