import PostgresNIO
import VOTable

extension QueryPipeline {
    /// Runs the query on a connection the caller holds (for a job's timeout, or uploaded tables that live in its
    /// session) and writes the whole document to a file.
    func writeResult(_ prepared: Prepared, on connection: PostgresConnection, to path: String)
        async throws -> (rows: Int64, status: QueryStatus, bytes: Int64)
    {
        let rows = try await connection.query(PostgresQuery(prepared.statement), logger: logger)
        let sink = try FileSink(path: path)
        defer { try? sink.close() }
        let streamer = prepared.streamer(batchBytes: configuration.writeBatchBytes)
        let (count, status) = try await streamer.write(rows) { try sink.write($0) }
        return (count, status, sink.size)
    }
}
