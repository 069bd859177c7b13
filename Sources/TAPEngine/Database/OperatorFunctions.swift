import ADQL
import Logging
import PostgresNIO
import TAPDatabase

/// Functions an operator adds to ADQL: a database function of theirs, declared in `tap_util.user_functions`
/// with its ADQL signature, e.g.
///
///     INSERT INTO tap_util.user_functions (signature, description, sql_name) VALUES
///       ('gal_lon(ra DOUBLE, dec DOUBLE) -> DOUBLE', 'Galactic longitude in degrees', 'myschema.gal_lon');
///
/// tapd reads the declarations when it starts; a declaration it cannot read is logged and skipped.
enum OperatorFunctions {
    static let ddl = [
        """
        CREATE TABLE IF NOT EXISTS tap_util.user_functions (
          signature text PRIMARY KEY, description text NOT NULL DEFAULT '', sql_name text NOT NULL)
        """
    ]

    static func read(from client: PostgresClient, logger: Logger) async throws -> [UserDefinedFunction] {
        var functions: [UserDefinedFunction] = []
        let rows = try await client.query(
            "SELECT signature, description, sql_name FROM tap_util.user_functions ORDER BY signature", logger: logger)
        for try await (signature, description, sqlName) in rows.decode((String, String, String).self) {
            do {
                functions.append(try UserDefinedFunction(declaration: signature, description: description, sqlName: sqlName))
            } catch {
                logger.error("skipping the user function '\(signature)': \(error.description)")
            }
        }
        return functions
    }
}
