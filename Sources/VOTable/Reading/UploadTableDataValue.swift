/// Turns the text of one TABLEDATA cell into a value (VOTable 1.4 §6 and §7).
///
/// Whitespace is significant in char and unicodeChar cells and ignored around numbers and between array
/// elements. An empty cell, or one equal to the FIELD's VALUES null (compared as a number for numeric columns), is
/// null. Array elements equal to the null value are kept: `UploadValue` has no null elements.
enum UploadTableDataValue {
    /// Why a cell cannot be read, e.g. "'abc' is not a double"; the caller adds the row and column.
    struct Malformed: Error {
        var reason: String
    }

    static func value(_ text: String, column: UploadCellFormat) throws(Malformed) -> UploadValue? {
        if text.isEmpty {
            return nil
        }
        if column.isText {
            return text == column.nullText ? nil : .text(text)
        }
        let trimmed = UploadText.trimmed(Substring(text))
        if trimmed.isEmpty {
            return nil
        }
        // VALUES null marks elements of an array, not the array (VOTable 1.4 §5.5), so only scalars match it.
        if column.shape == .scalar, let nullText = column.nullText,
            trimmed == UploadText.trimmed(Substring(nullText))
        {
            return nil
        }
        switch column.datatype {
        case .boolean:
            return try boolean(trimmed, column: column)
        case .bit:
            return try bit(trimmed, column: column)
        case .unsignedByte, .short, .int, .long:
            return try integer(trimmed, column: column)
        case .float, .double, .floatComplex, .doubleComplex:
            return try real(trimmed, column: column)
        case .char, .unicodeChar:
            preconditionFailure("text columns are handled above")
        }
    }

    private static func integer(_ text: Substring, column: UploadCellFormat) throws(Malformed) -> UploadValue? {
        func parse(_ element: Substring) throws(Malformed) -> Int64 {
            guard let value = UploadNumberText.integer(element, as: column.datatype) else {
                throw Malformed(reason: "\(UploadText.quoted(element)) is not \(article(column.datatype))")
            }
            return value
        }
        if column.shape == .scalar {
            let value = try parse(text)
            return value == column.nullInteger ? nil : .integer(value)
        }
        let elements = UploadText.elements(text)
        try checkCount(elements.count, text: text, column: column)
        var values: [Int64] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            values.append(try parse(element))
        }
        return .integers(values)
    }

    private static func real(_ text: Substring, column: UploadCellFormat) throws(Malformed) -> UploadValue? {
        func parse(_ element: Substring) throws(Malformed) -> Double {
            guard let value = UploadNumberText.real(element) else {
                throw Malformed(reason: "\(UploadText.quoted(element)) is not \(article(column.datatype))")
            }
            return value
        }
        if column.shape == .scalar && column.numbersPerElement == 1 {
            let value = try parse(text)
            return value == column.nullReal ? nil : .real(value)
        }
        let elements = UploadText.elements(text)
        try checkCount(elements.count, text: text, column: column)
        var values: [Double] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            values.append(try parse(element))
        }
        return .reals(values)
    }

    private static func boolean(_ text: Substring, column: UploadCellFormat) throws(Malformed) -> UploadValue? {
        func parse(_ element: Substring) throws(Malformed) -> Bool? {
            guard let value = UploadNumberText.boolean(element) else {
                throw Malformed(reason: "\(UploadText.quoted(element)) is not a boolean (T, F, true, false, 1, 0 or ?)")
            }
            return value
        }
        if column.shape == .scalar {
            return try parse(text).map(UploadValue.boolean)
        }
        let elements = UploadText.elements(text)
        try checkCount(elements.count, text: text, column: column)
        var flags = ""
        for element in elements {
            switch try parse(element) {
            case true: flags.append("T")
            case false: flags.append("F")
            case nil: flags.append("?")
            }
        }
        return .text(flags)
    }

    /// A scalar bit is 0 or 1 (the boolean spellings are taken too); a bit array is a run of 0s and 1s, with or
    /// without whitespace between them (VOTable 1.4 §7).
    private static func bit(_ text: Substring, column: UploadCellFormat) throws(Malformed) -> UploadValue? {
        if column.shape == .scalar {
            guard case .some(let value) = UploadNumberText.boolean(text) else {
                throw Malformed(reason: "\(UploadText.quoted(text)) is not a bit (0 or 1)")
            }
            return value.map(UploadValue.boolean)
        }
        var bits = ""
        for byte in text.utf8 where !UploadText.isWhitespace(byte) {
            guard byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else {
                throw Malformed(reason: "\(UploadText.quoted(text)) is not a bit array (0s and 1s)")
            }
            bits.unicodeScalars.append(Unicode.Scalar(byte))
        }
        try checkCount(bits.utf8.count, text: text, column: column)
        return .text(bits)
    }

    /// Checks an array's element count against the arraysize (complex numbers take two numbers each).
    private static func checkCount(_ count: Int, text: Substring, column: UploadCellFormat) throws(Malformed) {
        let perElement = column.numbersPerElement
        let noun = column.datatype == .bit ? "bit" : perElement == 2 ? "number" : "value"
        let has = "\(UploadText.quoted(text)) has \(count) \(noun)\(count == 1 ? "" : "s")"
        let arraysize = column.arraysize?.trimmingXMLWhitespace ?? ""
        switch column.shape {
        case .scalar where count != perElement:
            throw Malformed(reason: "\(has); \(article(column.datatype)) has \(perElement)")
        case .fixed(let size) where count != size * perElement:
            throw Malformed(reason: "\(has); arraysize \(arraysize) needs \(size * perElement)")
        case .variable(let unit) where count % (unit * perElement) != 0:
            throw Malformed(reason: "\(has); arraysize \(arraysize) needs a multiple of \(unit * perElement)")
        default:
            break
        }
    }

    private static func article(_ datatype: Datatype) -> String {
        switch datatype {
        case .int, .unsignedByte: "an \(datatype.rawValue)"
        default: "a \(datatype.rawValue)"
        }
    }
}
