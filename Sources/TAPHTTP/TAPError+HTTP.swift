import Hummingbird
import TAPEngine
import VOTable

/// The one place a TAPError becomes HTTP: handlers throw it, and Hummingbird (or ErrorDocuments, inside the
/// middleware) answers with the DALI error document.
extension TAPError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch kind {
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .forbidden: return .forbidden
        case .unauthorized: return .unauthorized
        case .executionFailed: return .internalServerError
        case .unavailable: return .serviceUnavailable
        case .contentTooLarge: return .contentTooLarge
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    /// The DALI error document (DALI 1.1 §4.1: a VOTable with QUERY_STATUS=ERROR).
    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-votable+xml"
        if case .unauthorized(let realm) = kind { headers[.wwwAuthenticate] = "Basic realm=\"\(realm)\"" }
        let body = DALIErrorDocument.render(message: message, infos: infos)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
