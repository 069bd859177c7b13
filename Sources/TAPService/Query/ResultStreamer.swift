import Hummingbird
import NIOCore
import PostgresNIO
import VOTable

/// Streams rows from the database into a VOTable TABLEDATA body in batches of about 64 KiB, never holding
/// the whole result. The status goes after the rows, so OVERFLOW and late errors reach the client.
struct ResultStreamer: Sendable {
    let fields: [Field]
    let infos: [Info]
    let maxRecords: Int64
    let batchBytes: Int

    /// Streams to an HTTP response, which it finishes.
    func write(_ rows: PostgresRowSequence, to writer: inout any ResponseBodyWriter) async throws {
        _ = try await write(rows) { try await writer.write($0) }
        try await writer.finish(nil)
    }

    /// Streams to any sink, batch by batch; returns the rows written and the status written after them.
    func write(
        _ rows: PostgresRowSequence, to sink: (ByteBuffer) async throws -> Void
    ) async throws -> (rows: Int64, status: QueryStatus) {
        var document = VOTableDocument(
            fields: fields, resourceInfos: infos, tableName: "result",
            coordinateSystem: fields.contains { $0.ref == nil && $0.isCelestialPosition } ? .icrs : nil)
        // Positions an ADQL query carried into other frames refer to COOSYS of their own.
        var frames = Set([document.coordinateSystem?.id].compactMap { $0 })
        for field in fields {
            if let ref = field.ref, frames.insert(ref).inserted, let system = CoordinateSystem.frame(ref) {
                document.otherCoordinateSystems.append(system)
            }
        }
        try await sink(ByteBuffer(bytes: document.header(serialization: .tabledata)))
        var encoder = TableDataEncoder(fields: fields)
        // REGION columns are stored as DALI polygons and written as the STC-S text their FIELD declares.
        let regionColumns = fields.map { $0.xtype?.lowercased() == "adql:region" }
        var count: Int64 = 0
        var status = QueryStatus.ok
        do {
            for try await row in rows {
                if count == maxRecords {
                    status = .overflow("The result was cut at MAXREC=\(maxRecords) rows")
                    break
                }
                encoder.beginRow()
                for (column, cell) in row.enumerated() {
                    if regionColumns[column] {
                        CellTranscoder.appendRegion(cell, to: &encoder)
                    } else {
                        CellTranscoder.append(cell, to: &encoder)
                    }
                }
                encoder.endRow()
                count += 1
                if encoder.buffer.count >= batchBytes {
                    try await sink(ByteBuffer(bytes: encoder.drain()))
                }
            }
        } catch let error as PSQLError {
            encoder.discardPartialRow()
            status = .error(DatabaseErrorMapper.map(error, logger: .init(label: "tapd.stream")).message)
        }
        var tail = encoder.drain()
        tail += document.trailer(status: status)
        try await sink(ByteBuffer(bytes: tail))
        return (count, status)
    }
}
