/// Refuses an uploaded XML document whose prolog has a DOCTYPE (or any other `<!` declaration).
///
/// Foundation's XMLParser runs libxml2 with entity substitution on, so an internal subset could expand entities
/// exponentially ("billion laughs") or pull in external ones. A VOTable needs no DTD, so the prolog is scanned
/// before parsing: comments and processing instructions are skipped, and the scan stops at the root element.
enum UploadXMLProlog {
    private enum State {
        case text
        /// After `<`, with the bytes of the markup so far (at most three).
        case markup([UInt8])
        case processingInstruction(afterQuestionMark: Bool)
        case comment(dashes: Int)
    }

    static func check(path: String, chunkSize: Int) throws {
        var state = State.text
        var refused = false
        try UploadFile.forEachChunk(of: path, chunkSize: chunkSize) { chunk in
            for byte in chunk {
                switch step(state, byte) {
                case .some(let next):
                    state = next
                case nil:
                    // The root element starts (or a declaration was found): the prolog is over.
                    if case .markup(let bytes) = state, bytes.first == UInt8(ascii: "!") {
                        refused = true
                    }
                    return false
                }
            }
            return true
        }
        if refused {
            throw UploadReadError.invalid("the VOTable has a DOCTYPE; uploads may not declare a DTD or entities")
        }
    }

    /// The state after `byte`, or nil when the scan is over (the decision is then made from the current state).
    private static func step(_ state: State, _ byte: UInt8) -> State? {
        switch state {
        case .text:
            return byte == UInt8(ascii: "<") ? .markup([]) : .text
        case .markup(let bytes):
            let markup = bytes + [byte]
            switch markup.first {
            case UInt8(ascii: "?"):
                return .processingInstruction(afterQuestionMark: false)
            case UInt8(ascii: "!"):
                if markup.count < 3 {
                    return markup == [UInt8(ascii: "!"), UInt8(ascii: "-")] || markup.count == 1 ? .markup(markup) : nil
                }
                return markup == Array("!--".utf8) ? .comment(dashes: 0) : nil
            default:
                return nil
            }
        case .processingInstruction(let afterQuestionMark):
            if afterQuestionMark && byte == UInt8(ascii: ">") {
                return .text
            }
            return .processingInstruction(afterQuestionMark: byte == UInt8(ascii: "?"))
        case .comment(let dashes):
            if dashes >= 2 && byte == UInt8(ascii: ">") {
                return .text
            }
            return .comment(dashes: byte == UInt8(ascii: "-") ? dashes + 1 : 0)
        }
    }
}
