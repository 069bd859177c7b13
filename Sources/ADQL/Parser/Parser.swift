// How the parser is written
//
// A recursive-descent parser with one function per production of Grammar/adql-2.1.ebnf, named after the
// production (`parseQuerySpecification` for <query_specification>), in the manner of swift-syntax's
// SwiftParser. Each function starts at the first token of its production and leaves the cursor on the
// first token after it. Three primitives move the cursor:
//   - `at(...)`     looks at the current token and never consumes;
//   - `eat(...)`    consumes the token if it matches and says whether it did;
//   - `expect(...)` consumes the token or throws a syntax error naming what was expected.
// One token of lookahead suffices for ADQL except in two places marked where they occur (a `(` that opens
// either a subquery or an expression, and a name followed by `.*`), which peek one token further.
//
// Keywords are not separate token kinds: a keyword is an identifier whose text matches, compared without
// allocating. Syntax errors stop the parse (the first one is what the user must fix; later ones are usually
// its echoes); the checker, which runs on a whole tree, reports every problem it finds.
//
// Nesting is bounded (`maximumDepth`) so that a hostile query gets an error instead of a stack overflow.

/// Parses one ADQL query into a syntax tree.
public struct Parser {
    let lexer: Lexer
    let tokens: [Token]
    var index = 0
    var depth = 0
    static let maximumDepth = 200

    public let source: String

    init(source: String) throws(ADQLError) {
        var lexer = Lexer(source)
        self.tokens = try lexer.tokenize()
        self.lexer = lexer
        self.source = source
    }

    /// Parses a complete query; anything left after it (but a final `;`) is an error.
    public static func parse(_ source: String) throws(ADQLDiagnostics) -> Query {
        do throws(ADQLError) {
            var parser = try Parser(source: source)
            let query = try parser.parseQuery()
            _ = parser.eat(.semicolon)
            if !parser.at(.endOfInput) {
                var error = parser.syntaxError(expected: "the end of the query")
                if error.code == .syntax { error.code = .trailingInput }
                throw error
            }
            return query
        } catch {
            throw ADQLDiagnostics(errors: [error], source: source)
        }
    }

    // MARK: Cursor primitives

    var current: Token { tokens[index] }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(index + ahead, tokens.count - 1)]
    }

    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func at(_ kind: Token.Kind) -> Bool { current.kind == kind }
    func at(_ punctuation: Token.Punctuation) -> Bool { current.kind == .punctuation(punctuation) }

    /// Whether the current token is the keyword `word` (given upper-case).
    func at(keyword word: StaticString) -> Bool { isKeyword(current, word) }

    func isKeyword(_ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .identifier, token.range.end - token.range.start == word.utf8CodeUnitCount else {
            return false
        }
        let bytes = lexer.bytes
        return word.withUTF8Buffer { expected in
            for offset in 0..<expected.count {
                var byte = bytes[token.range.start + offset]
                if byte >= 97 && byte <= 122 { byte -= 32 }
                if byte != expected[offset] { return false }
            }
            return true
        }
    }

    mutating func eat(_ punctuation: Token.Punctuation) -> Bool {
        guard at(punctuation) else { return false }
        _ = advance()
        return true
    }

    mutating func eat(keyword word: StaticString) -> Bool {
        guard at(keyword: word) else { return false }
        _ = advance()
        return true
    }

    @discardableResult
    mutating func expect(_ punctuation: Token.Punctuation) throws(ADQLError) -> Token {
        guard at(punctuation) else { throw syntaxError(expected: "'\(punctuation.rawValue)'") }
        return advance()
    }

    @discardableResult
    mutating func expect(keyword word: StaticString) throws(ADQLError) -> Token {
        guard at(keyword: word) else { throw syntaxError(expected: "\(word)") }
        return advance()
    }

    /// The contents of a quoted token (string or delimited identifier) with its doubled quotes undone, read
    /// from the bytes in one pass: String.replacing takes seconds on a 10 MB literal.
    func unquoted(_ token: Token, quote: UInt8) -> String {
        let bytes = lexer.bytes[(token.range.start + 1)..<(token.range.end - 1)]
        guard bytes.contains(quote) else { return String(decoding: bytes, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var previousWasQuote = false
        for byte in bytes {
            if byte == quote && previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = byte == quote
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }

    func text(of token: Token) -> String {
        String(decoding: lexer.bytes[token.range.start..<token.range.end], as: UTF8.self)
    }

    /// Guards recursion: every production that can nest calls this and `leave()`.
    mutating func enter() throws(ADQLError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw ADQLError(
                .tooDeep, "the query nests more than \(Self.maximumDepth) levels deep", at: current.range)
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: Errors

    func syntaxError(expected: String) -> ADQLError {
        let token = current
        if token.kind == .endOfInput {
            return ADQLError(.syntax, "expected \(expected) but the query ended", at: token.range)
        }
        let found = text(of: token)
        if token.kind == .identifier, ReservedWords.contains(found) {
            return ADQLError(
                .reservedWordAsName,
                "expected \(expected) but found the reserved word '\(found)'; if it is a name, quote it as \"\(found)\"",
                at: token.range)
        }
        return ADQLError(.syntax, "expected \(expected) but found '\(found)'", at: token.range)
    }
}
