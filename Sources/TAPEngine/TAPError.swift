import ADQL
import VOTable

/// An error a client gets back: the message in the user's own terms and, for ADQL errors, the position and code
/// as extra INFOs. What it becomes in HTTP (its status, the DALI document) is decided in one place, by the HTTP
/// face (TAPError+HTTP.swift).
public struct TAPError: Error, Sendable {
    public enum Kind: Sendable {
        /// The request is wrong: bad parameter, invalid query (DALI: 400).
        case badRequest
        case notFound
        /// Not allowed in the job's present phase (UWS 1.1 §2.2: 403).
        case forbidden
        /// Credentials were given and are wrong (401, with a Basic challenge for the realm).
        case unauthorized(realm: String)
        /// The query was fine but running it failed (timeout, database error): TAP 1.1 answers 200 with the
        /// error document for sync queries that started, DALI allows 500 otherwise.
        case executionFailed
        case unavailable
        /// An upload over the service's limits (DALI 1.1 §3.4.5 lets the service refuse it; 413 says why).
        case contentTooLarge
    }

    public var kind: Kind
    public var message: String
    public var infos: [Info]

    public init(_ kind: Kind, _ message: String, infos: [Info] = []) {
        self.kind = kind
        self.message = message
        self.infos = infos
    }

    public init(diagnostics: ADQLDiagnostics) {
        let first = diagnostics.errors.first
        let message = diagnostics.errors.map { error in
            "\(diagnostics.location(of: error)): \(error.message)"
        }.joined(separator: "\n")
        var infos: [Info] = []
        if let first {
            let location = diagnostics.location(of: first)
            infos = [
                Info(name: "ERROR_CODE", value: first.code.rawValue),
                Info(name: "LINE", value: "\(location.line)"),
                Info(name: "COLUMN", value: "\(location.column)"),
            ]
        }
        self.init(.badRequest, "Invalid ADQL: " + message, infos: infos)
    }
}
