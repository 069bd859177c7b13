/// Why a multipart/form-data body was refused. The route turns it into a DALI error document: 400 for
/// `.malformed`, 413 for `.tooLarge` (a limit the service may set, DALI 1.1 §3.4.5), 500 for `.storageFailed`.
struct MultipartError: Error, Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// The body or its Content-Type does not follow RFC 7578 (or the RFC 2046 framing it builds on).
        case malformed
        /// A byte, part or framing limit of `MultipartForm.Limits` was passed; reading stopped there.
        case tooLarge
        /// The service could not write a part to its spool directory (disk full, permissions): its own fault, not
        /// the client's.
        case storageFailed
    }

    var kind: Kind
    /// The text for the client, in its own terms.
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func malformed(_ message: String) -> MultipartError { MultipartError(.malformed, message) }
    static func tooLarge(_ message: String) -> MultipartError { MultipartError(.tooLarge, message) }

    /// Client text quoted back in a message, cut short: a header can be as long as the framing limit.
    static func excerpt(_ text: String) -> String {
        text.count <= 100 ? text : text.prefix(100) + "…"
    }
}
