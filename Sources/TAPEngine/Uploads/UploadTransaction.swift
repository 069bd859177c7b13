import TAPDatabase

/// A query's uploaded tables, on the connection that runs it: temporary tables made inside a transaction that is
/// switched to read-only before the user's query, so that they are gone when it ends, committed, or cut off with
/// the connection (a failure on the way leaves the connection in a failed transaction, and the pool closes it).
///
/// The query role's sessions default to read-only transactions, which cannot create even temporary tables:
/// `BEGIN READ WRITE` opens the one that does, and `SET TRANSACTION READ ONLY` closes that door again for the query.
package enum UploadTransaction {
    package static func session(_ tables: [UploadTable]) -> CopySession {
        guard !tables.isEmpty else { return CopySession() }
        return CopySession(
            before: { connection throws(LibPQError) in
                try connection.execute("BEGIN READ WRITE")
                for table in tables { try load(table, on: connection) }
                try connection.execute("SET TRANSACTION READ ONLY")
            },
            after: { connection throws(LibPQError) in try connection.execute("COMMIT") })
    }

    static func load(_ table: UploadTable, on connection: LibPQConnection) throws(LibPQError) {
        try connection.execute(table.createStatement)
        try connection.copyIn(
            "COPY \(table.storageName) (\(table.columns.map(\.storageName).joined(separator: ", "))) FROM STDIN",
            fromFile: table.copyFile)
        for statement in table.indexStatements { try connection.execute(statement) }
        // Autovacuum never analyses temporary tables: without statistics the planner cannot judge a crossmatch.
        try connection.execute("ANALYZE \(table.storageName)")
    }
}
