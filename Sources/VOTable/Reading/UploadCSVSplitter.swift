/// Splits CSV bytes (RFC 4180) into records as they arrive, whatever the chunk boundaries: comma-separated fields,
/// double-quoted ones with `""` for a quote and line breaks inside, CRLF, LF or CR line ends, an optional UTF-8
/// byte order mark. Blank lines are skipped.
struct UploadCSVSplitter {
    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// A quote inside a quoted field: the field's end, or the first half of `""`.
        case quoteInQuoted
    }

    private var state = State.fieldStart
    /// The bytes of the record so far, and where each of its fields ends.
    private var bytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var recordHasContent = false
    private var afterCarriageReturn = false
    /// How much of a leading byte order mark has been matched; nil once the file's start is behind.
    private var byteOrderMarkMatched: Int? = 0
    /// Records handed over so far, the header row included.
    private(set) var recordCount = 0

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Hands each record that `chunk` completes to `emit` (empty fields as "").
    mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: ([String]) throws -> Void) throws {
        for byte in chunk {
            if let matched = byteOrderMarkMatched {
                if byte == Self.byteOrderMark[matched] {
                    byteOrderMarkMatched = matched + 1 == Self.byteOrderMark.count ? nil : matched + 1
                    continue
                }
                byteOrderMarkMatched = nil
                // Not a byte order mark after all: its first bytes were text.
                for earlier in Self.byteOrderMark.prefix(matched) {
                    try take(earlier, emit: emit)
                }
            }
            try take(byte, emit: emit)
        }
    }

    /// Hands over the last record if the file does not end with a line break.
    mutating func finish(emit: ([String]) throws -> Void) throws {
        if state == .quoted {
            throw UploadReadError.invalid("the CSV ends inside a quoted field, in \(recordName)")
        }
        if recordHasContent {
            try endRecord(emit: emit)
        }
    }

    private mutating func take(_ byte: UInt8, emit: ([String]) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        if afterCarriageReturn {
            afterCarriageReturn = false
            if byte == lf {
                return
            }
        }
        switch (state, byte) {
        case (.quoted, quote):
            state = .quoteInQuoted
        case (.quoted, _):
            bytes.append(byte)
        case (.quoteInQuoted, quote):
            bytes.append(quote)
            state = .quoted
        case (.fieldStart, quote):
            state = .quoted
        case (_, comma):
            fieldEnds.append(bytes.count)
            state = .fieldStart
        case (_, cr), (_, lf):
            afterCarriageReturn = byte == cr
            state = .fieldStart
            if recordHasContent {
                try endRecord(emit: emit)
            }
            return
        case (.quoteInQuoted, _):
            throw UploadReadError.invalid("\(recordName.capitalizedFirst) has text after a closing quote: quote "
                + "the whole field, and write a quote inside it as \"\"")
        default:
            // A quote inside an unquoted field is taken as it is, as most readers do.
            bytes.append(byte)
            state = .unquoted
        }
        recordHasContent = true
    }

    private mutating func endRecord(emit: ([String]) throws -> Void) throws {
        fieldEnds.append(bytes.count)
        var fields: [String] = []
        fields.reserveCapacity(fieldEnds.count)
        var start = 0
        for end in fieldEnds {
            fields.append(start == end ? "" : UploadText.decode(bytes[start..<end]))
            start = end
        }
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        recordHasContent = false
        recordCount += 1
        try emit(fields)
    }

    /// "the header row" or "row N" (data rows count from 1).
    private var recordName: String {
        recordCount == 0 ? "the header row" : "row \(recordCount)"
    }
}

extension String {
    fileprivate var capitalizedFirst: String {
        prefix(1).uppercased() + dropFirst()
    }
}
