import Foundation
import Hummingbird
import NIOCore
import TAPDatabase
import TAPEngine
import VOTable

/// `/sync` (TAP 1.1 §2.1): GET and POST, parameters from the query string and a form or multipart body.
struct SyncRoute: Sendable {
    let pipeline: QueryPipeline

    func handle(_ request: Request, context: TAPRequestContext) async throws -> Response {
        let form = try await RequestForm.read(request, context: context, configuration: pipeline.configuration)
        // Uploads are in the database once the COPY has begun, so their files can go when the answer starts.
        defer { form.remove() }
        let watch = await context.clientWatch()
        return try await Self.untilClientGoes(watch) { [pipeline] in
            let submission = try await pipeline.submit(form.parameters, files: form.files, spool: form.spool)
            defer { submission.remove() }
            return try await Self.stream(submission, pipeline: pipeline, watch: watch)
        }
    }

    /// Runs the work before the response (upload reads, the wait for a connection, the upload COPY, a FITS
    /// result's log) in a task of its own, which the client's leaving cancels; its database statement is cancelled
    /// with it (CopyResultStream).
    static func untilClientGoes(
        _ watch: ClientGoneHandler?, _ work: @escaping @Sendable () async throws -> Response
    ) async throws -> Response {
        guard let watch else { return try await work() }
        let task = Task { try await work() }
        let token = watch.onGone { task.cancel() }
        defer { watch.remove(token) }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// Rows go from the database to the client as they come, as binary COPY through libpq; uploaded tables are
    /// made in the COPY's own transaction, on its connection. From the first byte on, the client's leaving cancels
    /// the statement, also while the database is still working towards the first row.
    static func stream(
        _ submission: Submission, pipeline: QueryPipeline, watch: ClientGoneHandler?
    ) async throws(TAPError) -> Response {
        let prepared = submission.prepared
        let session = submission.session
        if prepared.format.countsRowsFirst {
            return try await fits(prepared, session: session, pipeline: pipeline)
        }
        let stream = try await pipeline.startCopy(prepared, session: session)
        let token = watch?.onGone { stream.cancel() }
        let format = prepared.format
        return Response(
            status: .ok, headers: Self.headers(format),
            body: ResponseBody { writer in
                defer { watch?.remove(token) }
                let (_, status) = try await stream.write { try await writer.write($0) }
                try await Self.finish(&writer, format: format, status: status)
            })
    }

    /// CSV and TSV have no place for a status: an error after the first row cuts the response off (the client
    /// sees an incomplete transfer, not a short table), and an overflow is said in a trailer field
    /// `TAP-Query-Status`.
    static func finish(_ writer: inout any ResponseBodyWriter, format: ResultFormat, status: QueryStatus) async throws {
        if !format.carriesStatus {
            if case .error(let message) = status { throw TAPError(.executionFailed, message) }
            var trailers = HTTPFields()
            trailers[Self.statusTrailer] = status.value
            try await writer.finish(trailers)
            return
        }
        try await writer.finish(nil)
    }

    static let statusTrailer = HTTPFields.Element.Name("TAP-Query-Status")!

    /// FITS says its row count before the rows, so the result is logged to disk first; a query that fails on the
    /// way is then still a DALI error with its HTTP status, as nothing has been sent.
    static func fits(
        _ prepared: QueryPipeline.Prepared, session: CopySession, pipeline: QueryPipeline
    ) async throws(TAPError) -> Response {
        let spool = try SpoolDirectory.make(under: pipeline.configuration.uploadDirectory)
        defer { spool.remove() }
        // The measured log is open before the spool goes: the open file outlives its name.
        let (_, status, result) = try await Self.spooling {
            try await pipeline.logFITS(prepared, session: session, to: spool.path(for: "result.log"))
        }
        if case .error(let message) = status { throw TAPError(.executionFailed, message) }
        return Response(
            status: .ok, headers: Self.headers(prepared.format),
            body: ResponseBody { writer in
                try await result.write(status: status) { try await writer.write($0) }
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

    static func headers(_ format: ResultFormat) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        return headers
    }
}
