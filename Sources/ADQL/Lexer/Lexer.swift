/// Splits ADQL text into tokens (ADQL 2.1 §2.1–2.3). Works on UTF-8 bytes: every character that matters to
/// the grammar is ASCII, and everything else may appear only inside strings, delimited identifiers and comments.
public struct Lexer: Sendable {
    public let bytes: [UInt8]
    private var position = 0

    public init(_ source: String) {
        self.bytes = Array(source.utf8)
    }

    /// All tokens, ending with `.endOfInput`; the first lexical error stops the scan.
    public mutating func tokenize() throws(ADQLError) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4 + 2)
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = position + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func next() throws(ADQLError) -> Token {
        try skipTrivia()
        let start = position
        guard let byte = peek() else {
            return Token(kind: .endOfInput, range: SourceRange(start: start, end: start))
        }
        switch byte {
        case _ where Self.isIdentifierStart(byte):
            position += 1
            while let next = peek(), Self.isIdentifierPart(next) { position += 1 }
            return Token(kind: .identifier, range: SourceRange(start: start, end: position))
        case UInt8(ascii: "\""):
            return try delimitedIdentifier(from: start)
        case UInt8(ascii: "'"):
            return try stringLiteral(from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number(from: start)
        case UInt8(ascii: "."):
            if let next = peek(1), Self.isDigit(next) { return try number(from: start) }
            return punctuation(.period, length: 1)
        default:
            return try operatorToken(byte, from: start)
        }
    }

    private mutating func operatorToken(_ byte: UInt8, from start: Int) throws(ADQLError) -> Token {
        let second = peek(1)
        switch byte {
        case UInt8(ascii: "("): return punctuation(.leftParen, length: 1)
        case UInt8(ascii: ")"): return punctuation(.rightParen, length: 1)
        case UInt8(ascii: ","): return punctuation(.comma, length: 1)
        case UInt8(ascii: ";"): return punctuation(.semicolon, length: 1)
        case UInt8(ascii: "+"): return punctuation(.plus, length: 1)
        case UInt8(ascii: "-"): return punctuation(.minus, length: 1)
        case UInt8(ascii: "*"): return punctuation(.asterisk, length: 1)
        case UInt8(ascii: "/"): return punctuation(.solidus, length: 1)
        case UInt8(ascii: "&"): return punctuation(.bitAnd, length: 1)
        case UInt8(ascii: "^"): return punctuation(.bitXor, length: 1)
        case UInt8(ascii: "~"): return punctuation(.bitNot, length: 1)
        case UInt8(ascii: "="): return punctuation(.equals, length: 1)
        case UInt8(ascii: "|"):
            return second == UInt8(ascii: "|") ? punctuation(.concatenation, length: 2) : punctuation(.bitOr, length: 1)
        case UInt8(ascii: "<"):
            if second == UInt8(ascii: ">") { return punctuation(.notEquals, length: 2) }
            if second == UInt8(ascii: "=") { return punctuation(.lessOrEqual, length: 2) }
            return punctuation(.lessThan, length: 1)
        case UInt8(ascii: ">"):
            return second == UInt8(ascii: "=")
                ? punctuation(.greaterOrEqual, length: 2) : punctuation(.greaterThan, length: 1)
        case UInt8(ascii: "!") where second == UInt8(ascii: "="):
            // Not in the ADQL BNF, but every peer accepts it and users type it.
            return punctuation(.notEquals, length: 2)
        default:
            let length = Self.scalarLength(byte)
            let end = min(bytes.count, start + length)
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            throw ADQLError(
                .unexpectedCharacter, "unexpected character '\(text)'", at: SourceRange(start: start, end: end))
        }
    }

    private mutating func punctuation(_ kind: Token.Punctuation, length: Int) -> Token {
        let start = position
        position += length
        return Token(kind: .punctuation(kind), range: SourceRange(start: start, end: position))
    }

    /// White space and `--` comments (ADQL 2.1 §2.1.4; ADQL has no `/* */` comments).
    private mutating func skipTrivia() throws(ADQLError) {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B {
                position += 1
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while let next = peek(), next != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func delimitedIdentifier(from start: Int) throws(ADQLError) -> Token {
        position += 1
        while true {
            guard let byte = peek() else {
                throw ADQLError(
                    .unterminatedIdentifier, "quoted name is not closed with \"",
                    at: SourceRange(start: start, end: start + 1))
            }
            position += 1
            if byte == UInt8(ascii: "\"") {
                if peek() == UInt8(ascii: "\"") {
                    position += 1
                    continue
                }
                break
            }
        }
        let range = SourceRange(start: start, end: position)
        if range.end - range.start == 2 {
            throw ADQLError(.emptyIdentifier, "a quoted name cannot be empty", at: range)
        }
        return Token(kind: .delimitedIdentifier, range: range)
    }

    private mutating func stringLiteral(from start: Int) throws(ADQLError) -> Token {
        position += 1
        while true {
            guard let byte = peek() else {
                throw ADQLError(
                    .unterminatedString, "string is not closed with '", at: SourceRange(start: start, end: start + 1))
            }
            position += 1
            if byte == UInt8(ascii: "'") {
                if peek() == UInt8(ascii: "'") {
                    position += 1
                    continue
                }
                break
            }
        }
        return Token(kind: .string, range: SourceRange(start: start, end: position))
    }

    private mutating func number(from start: Int) throws(ADQLError) -> Token {
        if peek() == UInt8(ascii: "0"), let x = peek(1), x | 0x20 == UInt8(ascii: "x") {
            position += 2
            let digitsStart = position
            while let next = peek(), Self.isHexDigit(next) { position += 1 }
            if position == digitsStart { throw malformedNumber(from: start) }
            try rejectIdentifierTail(from: start)
            return Token(kind: .hexInteger, range: SourceRange(start: start, end: position))
        }
        var kind = Token.Kind.unsignedInteger
        while let next = peek(), Self.isDigit(next) { position += 1 }
        if peek() == UInt8(ascii: ".") {
            kind = .exactNumeric
            position += 1
            while let next = peek(), Self.isDigit(next) { position += 1 }
        }
        if let e = peek(), e | 0x20 == UInt8(ascii: "e") {
            var ahead = 1
            if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { ahead = 2 }
            guard let digit = peek(ahead), Self.isDigit(digit) else {
                position += ahead
                throw malformedNumber(from: start)
            }
            position += ahead
            while let next = peek(), Self.isDigit(next) { position += 1 }
            kind = .approximateNumeric
        }
        try rejectIdentifierTail(from: start)
        return Token(kind: kind, range: SourceRange(start: start, end: position))
    }

    /// `12abc` is one mistake, not a number followed by a name.
    private mutating func rejectIdentifierTail(from start: Int) throws(ADQLError) {
        guard let next = peek(), Self.isIdentifierPart(next) else { return }
        while let next = peek(), Self.isIdentifierPart(next) { position += 1 }
        throw malformedNumber(from: start)
    }

    private func malformedNumber(from start: Int) -> ADQLError {
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return ADQLError(.malformedNumber, "malformed number '\(text)'", at: SourceRange(start: start, end: position))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }
    static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == UInt8(ascii: "_")
    }
    static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: return 1
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}
