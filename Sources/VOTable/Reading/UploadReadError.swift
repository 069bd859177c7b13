/// Why an uploaded table was refused: a sentence about the table's content, for the user.
///
/// The message has no "UPLOAD x:" prefix; the caller, who knows the upload's name, adds it. `kind` lets the caller
/// choose the status: TAP answers a limit with 413 and anything else with 400.
public struct UploadReadError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        /// The file is not a table this service can read, or one of its values is malformed.
        case invalid
        /// The table has more rows than the caller allows.
        case tooManyRows
        /// The table has more columns than the caller allows.
        case tooManyColumns
    }

    public var kind: Kind
    /// E.g. "row 3 has 4 cells for 3 FIELDs".
    public var message: String
    public var description: String { message }

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func invalid(_ message: String) -> UploadReadError {
        UploadReadError(.invalid, message)
    }

    static func tooManyRows(maximum: Int) -> UploadReadError {
        UploadReadError(.tooManyRows, "more than \(maximum) rows: this service takes at most \(maximum) per query")
    }

    static func tooManyColumns(_ count: Int, maximum: Int) -> UploadReadError {
        UploadReadError(.tooManyColumns, "\(count) columns: this service takes at most \(maximum) per table")
    }
}
