/// A name as the user wrote it. Regular identifiers compare case-insensitively (ADQL 2.1 §2.1.3);
/// delimited ones are exact.
public struct Identifier: Sendable, Hashable {
    public var name: String
    public var isDelimited: Bool
    public var range: SourceRange

    public init(_ name: String, isDelimited: Bool = false, range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.name = name
        self.isDelimited = isDelimited
        self.range = range
    }

    /// Whether this name, as written, denotes `published`, a name as TAP_SCHEMA holds it.
    public func matches(_ published: String) -> Bool {
        isDelimited ? name == published : name.equalsIgnoringASCIICase(published)
    }

    /// The name as ADQL text: delimited names keep their quotes.
    public var adql: String {
        isDelimited ? "\"" + name.replacingOccurrences("\"", with: "\"\"") + "\"" : name
    }
}

/// `schema.table`, `table.column`, `catalog.schema.table.column`: one to four dotted parts.
public struct QualifiedName: Sendable, Hashable {
    public var parts: [Identifier]

    public init(_ parts: [Identifier]) {
        self.parts = parts
    }

    public var last: Identifier { parts[parts.count - 1] }
    public var qualifier: [Identifier] { Array(parts.dropLast()) }
    public var range: SourceRange { parts[0].range.union(last.range) }
    public var adql: String { parts.map(\.adql).joined(separator: ".") }
}

extension String {
    /// ASCII case-folding comparison; ADQL regular identifiers are ASCII by construction.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let a = self.utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 65 && x <= 90) ? x | 0x20 : x
            let ly = (y >= 65 && y <= 90) ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
