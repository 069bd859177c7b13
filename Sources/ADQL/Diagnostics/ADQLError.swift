/// A problem found in a query: a stable code for clients and tests, the message in the user's own terms,
/// and where it is.
public struct ADQLError: Error, Sendable, Hashable {
    public var code: Code
    public var message: String
    public var range: SourceRange

    public init(_ code: Code, _ message: String, at range: SourceRange) {
        self.code = code
        self.message = message
        self.range = range
    }

    /// Stable identifiers: they are part of the service's interface, so existing ones never change meaning.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let unexpectedCharacter = Code(rawValue: "ADQL-LEX-001")
        public static let unterminatedString = Code(rawValue: "ADQL-LEX-002")
        public static let unterminatedIdentifier = Code(rawValue: "ADQL-LEX-003")
        public static let malformedNumber = Code(rawValue: "ADQL-LEX-004")
        public static let emptyIdentifier = Code(rawValue: "ADQL-LEX-005")
        public static let syntax = Code(rawValue: "ADQL-SYN-001")
        public static let reservedWordAsName = Code(rawValue: "ADQL-SYN-002")
        public static let tooDeep = Code(rawValue: "ADQL-SYN-003")
        public static let trailingInput = Code(rawValue: "ADQL-SYN-004")
        public static let unsupported = Code(rawValue: "ADQL-SYN-005")
        public static let invalidNumber = Code(rawValue: "ADQL-SYN-006")
        public static let unknownTable = Code(rawValue: "ADQL-SEM-001")
        public static let unknownColumn = Code(rawValue: "ADQL-SEM-002")
        public static let ambiguousColumn = Code(rawValue: "ADQL-SEM-003")
        public static let unknownFunction = Code(rawValue: "ADQL-SEM-004")
        public static let typeMismatch = Code(rawValue: "ADQL-SEM-005")
        public static let wrongArgumentCount = Code(rawValue: "ADQL-SEM-006")
        public static let unknownQualifier = Code(rawValue: "ADQL-SEM-007")
    }
}

/// Every problem of one query, in source order; a query is valid when this is empty.
public struct ADQLDiagnostics: Error, Sendable {
    public var errors: [ADQLError]
    public var source: String

    public init(errors: [ADQLError], source: String) {
        self.errors = errors.sorted { $0.range.start < $1.range.start }
        self.source = source
    }

    public func location(of error: ADQLError) -> SourceLocation {
        SourceLocation(offset: error.range.start, in: source)
    }

    /// `line:column: message`, one per line, as `tapd parse` prints them.
    public var rendered: String {
        errors.map { "\(location(of: $0)): \($0.message)" }.joined(separator: "\n")
    }
}
