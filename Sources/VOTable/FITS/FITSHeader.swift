/// The headers of a FITS result (FITS 4.0 §4, §7.3): an empty primary HDU, then the BINTABLE extension describing
/// the columns, with the query's status where a VOTable has INFO QUERY_STATUS. Cards are 80 ASCII characters,
/// a header whole 2880-byte records padded with spaces, the data unit padded with zeros.
public enum FITSHeader {
    public static let recordBytes = 2880

    public static func primary() -> [UInt8] {
        var cards = FITSCards()
        cards.logical("SIMPLE", true, "conforms to FITS 4.0")
        cards.integer("BITPIX", 8, "no data in the primary HDU")
        cards.integer("NAXIS", 0)
        cards.logical("EXTEND", true, "the result is the BINTABLE extension")
        return cards.end()
    }

    /// The extension's header. `status` is the whole result's (the rows were logged before this is written): OK,
    /// OVERFLOW with the limit that cut the rows, or ERROR when the query failed after some rows.
    public static func table(fields: [Field], shape: FITSTableShape, infos: [Info], status: QueryStatus) -> [UInt8] {
        let columns = shape.columns
        var cards = FITSCards()
        cards.string("XTENSION", "BINTABLE", "binary table")
        cards.integer("BITPIX", 8)
        cards.integer("NAXIS", 2)
        cards.integer("NAXIS1", Int64(shape.rowBytes), "bytes per row")
        cards.integer("NAXIS2", shape.rows, "rows")
        cards.integer("PCOUNT", shape.heapBytes, "heap bytes")
        cards.integer("GCOUNT", 1)
        cards.integer("TFIELDS", Int64(fields.count))
        for (index, (field, column)) in zip(fields, columns).enumerated() {
            let n = index + 1
            cards.string("TTYPE\(n)", field.name)
            cards.string("TFORM\(n)", column.form)
            if let null = column.null { cards.integer("TNULL\(n)", null) }
            if let unit = field.unit, !unit.isEmpty { cards.string("TUNIT\(n)", unit) }
            // TUCDn, TUTYPn and TCOMMn as STILTS writes and reads them.
            if let ucd = field.ucd, !ucd.isEmpty { cards.string("TUCD\(n)", ucd) }
            if let utype = field.utype, !utype.isEmpty { cards.string("TUTYP\(n)", utype) }
            if let description = field.description, !description.isEmpty { cards.string("TCOMM\(n)", description) }
        }
        cards.string("EXTNAME", "result")
        cards.hierarch("QUERY_STATUS", status.value, "DALI QUERY_STATUS: OK, OVERFLOW or ERROR")
        if let message = status.message { cards.comment(message) }
        for info in infos { cards.comment("\(info.name): \(info.value)") }
        return cards.end()
    }

    /// Zeros that end a data unit of `bytes` on a record boundary.
    public static func dataPadding(after bytes: Int64) -> [UInt8] {
        let remainder = Int(bytes % Int64(recordBytes))
        return remainder == 0 ? [] : [UInt8](repeating: 0, count: recordBytes - remainder)
    }
}

/// Header cards as FITS writes them: keyword in columns 1–8, `= ` in 9–10, numbers right-aligned to column 30,
/// strings quoted from column 11 (quotes doubled), then ` / comment`; anything outside printable ASCII as `?`.
struct FITSCards {
    private var bytes: [UInt8] = []

    mutating func logical(_ keyword: String, _ value: Bool, _ comment: String? = nil) {
        card(keyword, value: String(repeating: " ", count: 19) + (value ? "T" : "F"), comment: comment)
    }

    mutating func integer(_ keyword: String, _ value: Int64, _ comment: String? = nil) {
        let text = String(value)
        card(keyword, value: String(repeating: " ", count: max(0, 20 - text.count)) + text, comment: comment)
    }

    mutating func string(_ keyword: String, _ value: String, _ comment: String? = nil) {
        card(keyword, value: Self.quoted(value, room: 70), comment: comment)
    }

    /// ESO's HIERARCH convention, for a keyword longer than eight characters (astropy and STILTS read it).
    mutating func hierarch(_ keyword: String, _ value: String, _ comment: String? = nil) {
        let start = "HIERARCH \(keyword) = "
        append(start + Self.quoted(value, room: 80 - start.count), comment: comment)
    }

    /// COMMENT cards, as many as the text needs.
    mutating func comment(_ text: String) {
        var rest = Substring(Self.ascii(text))
        repeat {
            append("COMMENT " + rest.prefix(72), comment: nil)
            rest = rest.dropFirst(72)
        } while !rest.isEmpty
    }

    /// The END card and the spaces that fill the last record.
    mutating func end() -> [UInt8] {
        append("END", comment: nil)
        let remainder = bytes.count % FITSHeader.recordBytes
        if remainder > 0 { bytes += repeatElement(0x20, count: FITSHeader.recordBytes - remainder) }
        return bytes
    }

    private mutating func card(_ keyword: String, value: String, comment: String?) {
        append(keyword.padding(toLength: 8, withPad: " ", startingAt: 0) + "= " + value, comment: comment)
    }

    private mutating func append(_ text: String, comment: String?) {
        var line = Self.ascii(text)
        if let comment, line.count + 3 < 80 { line += " / " + Self.ascii(comment) }
        let card = Array(line.utf8.prefix(80))
        bytes += card
        bytes += repeatElement(0x20, count: 80 - card.count)
    }

    /// A quoted string value in at most `room` characters: at least eight inside the quotes (FITS §4.2.1.1),
    /// quotes doubled, cut where it would not fit (never inside a doubled quote).
    static func quoted(_ value: String, room: Int) -> String {
        var inner = ""
        for character in ascii(value) {
            let piece = character == "'" ? "''" : String(character)
            guard inner.count + piece.count + 2 <= room else { break }
            inner += piece
        }
        if inner.count < 8 { inner = inner.padding(toLength: 8, withPad: " ", startingAt: 0) }
        return "'" + inner + "'"
    }

    static func ascii(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { (0x20...0x7e).contains($0.value) ? $0 : "?" }))
    }
}
