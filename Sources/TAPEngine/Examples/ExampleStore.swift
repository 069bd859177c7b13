import Logging
import PostgresNIO
import TAPDatabase

/// The examples a service serves at /examples, kept in the database so that every tapd sharing it serves the same
/// ones: written by whoever publishes an archive (`tapd demo load` for the demo's), read by `tapd serve` at start.
enum ExampleStore {
    static let ddl = [
        """
        CREATE TABLE IF NOT EXISTS tap_util.examples (
          id text PRIMARY KEY, position integer NOT NULL, name text NOT NULL, description text NOT NULL,
          query text NOT NULL, tables text[] NOT NULL, requires text[] NOT NULL)
        """
    ]

    /// Replaces every stored example with `examples`, in one transaction.
    static func replace(with examples: [TAPExample], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.transaction(logger: logger) { connection in
            try await connection.query("DELETE FROM tap_util.examples", logger: logger)
            for (position, example) in examples.enumerated() {
                let requires = example.requires.map(\.rawValue).sorted()
                try await connection.query(
                    """
                    INSERT INTO tap_util.examples (id, position, name, description, query, tables, requires)
                    VALUES (\(example.id), \(position), \(example.name), \(example.description), \(example.query),
                      \(example.tables), \(requires))
                    """, logger: logger)
            }
        }
    }

    /// The stored examples in their order; one requiring a feature this version does not know is left out.
    static func read(from client: PostgresClient, logger: Logger) async throws -> [TAPExample] {
        let rows = try await client.query(
            "SELECT id, name, description, query, tables, requires FROM tap_util.examples ORDER BY position, id",
            logger: logger)
        var examples: [TAPExample] = []
        for try await (id, name, description, query, tables, requires) in rows.decode(
            (String, String, String, String, [String], [String]).self)
        {
            let features = requires.compactMap(TAPExample.Feature.init(rawValue:))
            guard features.count == requires.count else {
                logger.warning("not serving the example '\(id)': it requires \(requires.joined(separator: ", "))")
                continue
            }
            examples.append(TAPExample(
                id: id, name: name, description: description, query: query, tables: tables, requires: Set(features)))
        }
        return examples
    }
}
