import Foundation
import Hummingbird
import NIOCore
import VOTable

/// `/sync` (TAP 1.1 §2.1): GET and POST, parameters from the query string and a form or multipart body.
struct SyncRoute: Sendable {
    let pipeline: QueryPipeline

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let form: RequestForm
        do {
            form = try await RequestForm.read(request, context: context, configuration: pipeline.configuration)
        } catch {
            return error.response
        }
        do {
            let uploads = try form.uploads()
            guard !uploads.isEmpty else {
                form.remove()
                return try await stream(form.parameters)
            }
            return try await answer(form, uploads: uploads)
        } catch {
            form.remove()
            return error.response
        }
    }

    /// Rows go from the database to the client as they come: as binary COPY through libpq where the service has
    /// its pool, else through PostgresNIO.
    func stream(_ parameters: DALIParameters) async throws(TAPError) -> Response {
        let prepared = try pipeline.prepare(parameters)
        if prepared.format == .fits { return try await fits(prepared) }
        if let pool = pipeline.copyPool {
            let stream = try await CopyResultStream.start(
                prepared, pool: pool, batchBytes: pipeline.configuration.writeBatchBytes, logger: pipeline.logger)
            let format = prepared.format
            return Response(
                status: .ok, headers: Self.headers(format),
                body: ResponseBody { writer in
                    let (_, status) = try await stream.write { try await writer.write($0) }
                    try await ResultStreamer.finish(&writer, format: format, status: status)
                })
        }
        let rows = try await pipeline.execute(prepared)
        let streamer = prepared.streamer(batchBytes: pipeline.configuration.writeBatchBytes)
        return Response(
            status: .ok, headers: Self.headers(prepared.format),
            body: ResponseBody { writer in try await streamer.write(rows, to: &writer) })
    }

    /// FITS says its row count before the rows, so the result is logged to disk first; a query that fails on the
    /// way is then still a DALI error with its HTTP status, as nothing has been sent.
    func fits(_ prepared: QueryPipeline.Prepared) async throws(TAPError) -> Response {
        let spool = try SpoolDirectory.make(under: pipeline.configuration.uploadDirectory)
        defer { spool.remove() }
        let logPath = spool.path(for: "result.log")
        let counted: (rows: Int64, status: QueryStatus)
        if let pool = pipeline.copyPool {
            let stream = try await CopyResultStream.start(
                prepared, pool: pool, batchBytes: pipeline.configuration.writeBatchBytes, logger: pipeline.logger)
            counted = try await Self.spooling { try await QueryPipeline.log(to: logPath) { try await stream.write(to: $0) } }
        } else {
            let rows = try await pipeline.execute(prepared)
            let streamer = prepared.streamer(batchBytes: pipeline.configuration.writeBatchBytes)
            counted = try await Self.spooling { try await QueryPipeline.log(to: logPath) { try await streamer.write(rows, to: $0) } }
        }
        if case .error(let message) = counted.status { throw TAPError(.executionFailed, message) }
        // Measured (and so opened) before the spool goes: the open file outlives its name.
        let result = try await Self.spooling { try await pipeline.fitsResult(prepared, log: logPath) }
        return Response(
            status: .ok, headers: Self.headers(prepared.format),
            body: ResponseBody { writer in
                try await result.write(status: counted.status) { try await writer.write($0) }
                try await writer.finish(nil)
            })
    }

    /// A failure of the disk under a spooled result, as the user reads it.
    static func spooling<T>(_ body: () async throws -> T) async throws(TAPError) -> T {
        do {
            return try await body()
        } catch let error as TAPError {
            throw error
        } catch {
            throw TAPError(.unavailable, "the service cannot spool the result; please tell its operators")
        }
    }

    /// With uploads the query runs in a transaction that holds their temporary tables, so it is written to a file
    /// first: the connection goes back to the pool at once, whatever the client does, and the status is exact.
    func answer(_ form: RequestForm, uploads specs: [UploadSpec]) async throws(TAPError) -> Response {
        let spool: SpoolDirectory
        if let existing = form.spool {
            spool = existing
        } else {
            spool = try SpoolDirectory.make(under: pipeline.configuration.uploadDirectory)
        }
        defer { spool.remove() }
        try QueryPipeline.validateLanguage(form.parameters)
        let tables = try await QueryUploads.read(
            specs, files: form.files, spool: spool, configuration: pipeline.configuration)
        let prepared = try pipeline.prepare(form.parameters, uploads: tables)
        let path = spool.path(for: "result.vot")
        do {
            _ = try await pipeline.client.withConnection { connection in
                try await UploadTransaction.run(tables, on: connection, logger: pipeline.logger) {
                    try await pipeline.writeResult(prepared, on: connection, to: path)
                }
            }
        } catch {
            throw DatabaseErrorMapper.map(error, logger: pipeline.logger)
        }
        // Open before the spool goes: the open file outlives its name.
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw TAPError(.unavailable, "the service lost the result it wrote; please tell its operators")
        }
        return Response(
            status: .ok, headers: Self.headers(prepared.format),
            body: ResponseBody { writer in
                defer { try? file.close() }
                while let chunk = try file.read(upToCount: 256 * 1024), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
    }

    static func headers(_ format: ResultFormat) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        return headers
    }
}
