import Hummingbird
import NIOCore
import TAPEngine

/// DALI parameters of a request: the query string plus, for POST, a form-encoded body (bounded, so a huge
/// body cannot exhaust memory).
enum RequestParameters {
    static let maximumFormBytes = 1 << 20

    /// The parameters of a request to an endpoint that takes no uploads (a multipart body is read, but may carry
    /// no files).
    static func read(_ request: Request, context: some RequestContext, configuration: TAPConfiguration) async throws
        -> DALIParameters
    {
        let form = try await RequestForm.read(request, context: context, configuration: configuration)
        form.remove()
        if let part = form.files.keys.first {
            throw TAPError(.badRequest, "part \(part) is a file; only /sync, /async and a job's parameters take uploads")
        }
        return form.parameters
    }

    /// PostgreSQL text cannot hold U+0000, and no TAP parameter means one: refused here, before a query or a job
    /// row could carry it to the database.
    static func refuseNUL(_ parameters: DALIParameters) throws(TAPError) {
        if let bad = parameters.pairs.first(where: { $0.name.utf8.contains(0) || $0.value.utf8.contains(0) }) {
            throw TAPError(.badRequest, "parameter \(bad.name.replacingOccurrences(of: "\0", with: "")) contains a NUL "
                + "character (%00), which no parameter may hold")
        }
    }

    static func appendBody(of request: Request, context: some RequestContext, to parameters: inout DALIParameters)
        async throws(TAPError)
    {
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
