/// REGION's string literal (ADQL 2.1 §4.2.13), read as the STC-S subset that TAP services de facto share (TAP
/// 1.0's STC-S appendix): `Position`, `Circle`, `Box` and `Polygon`, with an optional frame, reference position
/// and flavor, coordinates in degrees. The result is the equivalent POINT, CIRCLE, BOX or POLYGON call, so a
/// region is then checked and compiled like the geometry it names. Union, Intersection and Not are refused with
/// the ADQL to write instead; frames other than ICRS are refused, as positions are stored in ICRS only.
struct STCSRegion {
    let text: String
    /// Where the text starts in the query (after the opening quote), for error positions.
    let offset: Int
    /// Ranges for the nodes made, unique and negative, so that they never meet a real node's.
    var nextSyntheticOffset: Int

    static let shapes = ["POSITION": "POINT", "CIRCLE": "CIRCLE", "BOX": "BOX", "POLYGON": "POLYGON"]
    static let frames: Set<String> = ["ICRS", "UNKNOWNFRAME"]
    static let otherFrames: Set<String> = ["FK4", "FK5", "J2000", "B1950", "ECLIPTIC", "GALACTIC", "GEO_C", "GEO_D"]
    static let referencePositions: Set<String> = [
        "BARYCENTER", "GEOCENTER", "HELIOCENTER", "LSR", "TOPOCENTER", "RELOCATABLE", "UNKNOWNREFPOS",
    ]

    /// The geometry call, or the error at the offending word.
    mutating func parse() throws(ADQLError) -> Expression {
        let words = Self.words(of: text)
        guard let shapeWord = words.first else {
            throw ADQLError(.unsupported, "REGION needs an STC-S region such as 'Circle ICRS 10 20 0.5'", at: range(nil))
        }
        guard let function = Self.shapes[shapeWord.text.uppercased()] else {
            let hint = ["UNION", "INTERSECTION", "NOT"].contains(shapeWord.text.uppercased())
                ? ": combine CONTAINS or INTERSECTS conditions with OR, AND and NOT instead"
                : ": this service reads Position, Circle, Box and Polygon"
            throw ADQLError(.unsupported, "REGION '\(shapeWord.text)' is not supported\(hint)", at: range(shapeWord))
        }
        var index = 1
        if index < words.count, Self.frames.contains(words[index].text.uppercased()) {
            index += 1
        } else if index < words.count, Self.otherFrames.contains(words[index].text.uppercased()) {
            throw ADQLError(
                .unsupported, "REGION in frame \(words[index].text): this service's positions are ICRS; transform with "
                    + "ivo_geom_transform or give ICRS coordinates", at: range(words[index]))
        }
        if index < words.count, Self.referencePositions.contains(words[index].text.uppercased()) { index += 1 }
        if index < words.count, words[index].text.uppercased() == "SPHERICAL2" { index += 1 }
        var arguments: [Expression] = []
        for word in words[index...] {
            guard Double(word.text) != nil, word.text.allSatisfy({ "0123456789.+-eE".contains($0) }) else {
                throw ADQLError(.unsupported, "REGION: expected a number in degrees, found '\(word.text)'", at: range(word))
            }
            arguments.append(number(word.text))
        }
        let counts: [String: (Int) -> Bool] = [
            "POINT": { $0 == 2 }, "CIRCLE": { $0 == 3 }, "BOX": { $0 == 4 }, "POLYGON": { $0 >= 6 && $0 % 2 == 0 },
        ]
        guard counts[function]!(arguments.count) else {
            let expected = [
                "POINT": "ra dec", "CIRCLE": "ra dec radius", "BOX": "ra dec width height",
                "POLYGON": "at least three vertices as ra dec pairs",
            ][function]!
            throw ADQLError(
                .wrongArgumentCount, "REGION '\(shapeWord.text)' takes \(expected), in degrees", at: range(nil))
        }
        return Expression(
            .function(name: Identifier(function), arguments: arguments, distinct: false), range: synthetic())
    }

    struct Word {
        var text: Substring
        var offset: Int
    }

    static func words(of text: String) -> [Word] {
        var words: [Word] = []
        var start: String.Index?
        var offset = 0
        var startOffset = 0
        for index in text.indices {
            let isSpace = text[index].isWhitespace || text[index] == "(" || text[index] == ")"
            if isSpace, let begin = start {
                words.append(Word(text: text[begin..<index], offset: startOffset))
                start = nil
            } else if !isSpace, start == nil {
                start = index
                startOffset = offset
            }
            offset += text[index].utf8.count
        }
        if let begin = start { words.append(Word(text: text[begin...], offset: startOffset)) }
        return words
    }

    func range(_ word: Word?) -> SourceRange {
        guard let word else { return SourceRange(start: offset, end: offset + text.utf8.count) }
        return SourceRange(start: offset + word.offset, end: offset + word.offset + word.text.utf8.count)
    }

    mutating func synthetic() -> SourceRange {
        nextSyntheticOffset -= 1
        return SourceRange(start: nextSyntheticOffset, end: nextSyntheticOffset)
    }

    mutating func number(_ text: Substring) -> Expression {
        let literal: Literal = text.contains(where: { $0 == "e" || $0 == "E" }) ? .approximate(String(text))
            : text.contains(".") ? .decimal(String(text)) : .integer(String(text))
        if text.hasPrefix("-") || text.hasPrefix("+") {
            let magnitude = number(text.dropFirst())
            return Expression(.unary(text.hasPrefix("-") ? .minus : .plus, magnitude), range: synthetic())
        }
        return Expression(.literal(literal), range: synthetic())
    }
}
