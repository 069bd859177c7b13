import Hummingbird
import NIOCore
import VOTable

/// `/sync` (TAP 1.1 §2.1): GET and POST, parameters from the query string and a form body.
struct SyncRoute: Sendable {
    let pipeline: QueryPipeline

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters: DALIParameters
        do {
            parameters = try await RequestParameters.read(request, context: context)
        } catch let error as TAPError {
            return error.response
        }
        do {
            let prepared = try pipeline.prepare(parameters)
            let rows = try await pipeline.execute(prepared)
            let streamer = ResultStreamer(
                fields: prepared.fields, infos: [Info(name: "QUERY", value: prepared.adql)],
                maxRecords: prepared.maxRecords, batchBytes: pipeline.configuration.writeBatchBytes)
            var headers = HTTPFields()
            headers[.contentType] = "application/x-votable+xml"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in try await streamer.write(rows, to: &writer) })
        } catch {
            return error.response
        }
    }
}

/// DALI parameters of a request: the query string plus, for POST, a form-encoded body (bounded, so a huge
/// body cannot exhaust memory).
enum RequestParameters {
    static let maximumFormBytes = 1 << 20

    static func read(_ request: Request, context: some RequestContext) async throws -> DALIParameters {
        var parameters = DALIParameters()
        if let query = request.uri.query { parameters.appendForm(Substring(query)) }
        if request.method == .post { try await appendBody(of: request, context: context, to: &parameters) }
        // PostgreSQL text cannot hold U+0000, and no TAP parameter means one: refused here, before a query
        // or a job row could carry it to the database.
        if let bad = parameters.pairs.first(where: { $0.name.utf8.contains(0) || $0.value.utf8.contains(0) }) {
            throw TAPError(.badRequest, "parameter \(bad.name.replacingOccurrences(of: "\0", with: "")) contains a NUL "
                + "character (%00), which no parameter may hold")
        }
        return parameters
    }

    static func appendBody(of request: Request, context: some RequestContext, to parameters: inout DALIParameters)
        async throws
    {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") {
            throw TAPError(.badRequest, "multipart/form-data requests (uploads) are not supported yet")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumFormBytes)
        } catch {
            throw TAPError(.badRequest, "the request body is larger than \(maximumFormBytes) bytes")
        }
        parameters.appendForm(Substring(String(buffer: body)))
    }
}
