/// One lexical token. It keeps only its kind and byte range; text is read from the source on demand.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier
        case delimitedIdentifier
        case unsignedInteger
        case exactNumeric  // 1.5, .5, 1.
        case approximateNumeric  // 1e3, 1.5E-7
        case hexInteger  // 0x1F (ADQL 2.1 §2.3.1)
        case string
        case punctuation(Punctuation)
        case endOfInput
    }

    public enum Punctuation: String, Sendable, Hashable, CaseIterable {
        case leftParen = "(", rightParen = ")", comma = ",", period = ".", semicolon = ";"
        case plus = "+", minus = "-", asterisk = "*", solidus = "/", concatenation = "||"
        case equals = "=", notEquals = "<>", lessThan = "<", greaterThan = ">"
        case lessOrEqual = "<=", greaterOrEqual = ">="
        case bitAnd = "&", bitOr = "|", bitXor = "^", bitNot = "~"
    }

    public var kind: Kind
    public var range: SourceRange

    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
