/// A half-open range of UTF-8 byte offsets into the query text. Line and column are computed only when a
/// message is rendered (as swift-syntax does), so the lexer never counts lines.
public struct SourceRange: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// The start alone: nodes that start together are few, and the checker keys a dictionary entry by range for
    /// every expression of a query, so hashing is a fair part of checking.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
    }
}

/// A 1-based line and column; the column counts Unicode scalars, as an editor would.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public init(offset: Int, in source: String) {
        var line = 1
        var column = 1
        var index = 0
        for scalar in source.unicodeScalars {
            if index >= offset { break }
            index += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.init(line: line, column: column)
    }

    public var description: String { "\(line):\(column)" }
}
