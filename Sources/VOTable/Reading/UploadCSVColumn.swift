/// One column of an uploaded CSV file: its name from the header row, and its datatype inferred from every value.
///
/// The first type that fits every non-empty value wins: `long` (decimal integers fitting Int64), `double` (numbers,
/// NaN and Infinity included), `boolean` (true or false in any case), else `char` with arraysize `*`. A column with
/// no value at all is `char`. Numbers and booleans may have spaces around them; text keeps its own.
struct UploadCSVColumn {
    let name: String
    private var couldBeLong = true
    private var couldBeDouble = true
    private var couldBeBoolean = true
    private var sawValue = false

    /// The header's name without surrounding whitespace, or `col<position>` if that leaves nothing.
    init(headerName: String, position: Int) {
        let trimmed = headerName.trimmingXMLWhitespace
        name = trimmed.isEmpty ? "col\(position)" : trimmed
    }

    mutating func observe(_ text: String) {
        let trimmed = UploadText.trimmed(Substring(text))
        guard !trimmed.isEmpty else {
            return
        }
        sawValue = true
        if couldBeLong && UploadNumberText.decimalInteger(trimmed) == nil {
            couldBeLong = false
        }
        if couldBeDouble && UploadNumberText.real(trimmed) == nil {
            couldBeDouble = false
        }
        if couldBeBoolean && Self.boolean(trimmed) == nil {
            couldBeBoolean = false
        }
    }

    var datatype: Datatype {
        switch (sawValue, couldBeLong, couldBeDouble, couldBeBoolean) {
        case (false, _, _, _): .char
        case (_, true, _, _): .long
        case (_, _, true, _): .double
        case (_, _, _, true): .boolean
        default: .char
        }
    }

    var field: Field {
        Field(name: name, datatype: datatype, arraysize: datatype == .char ? "*" : nil)
    }

    /// The value of one field in data row `row`: nil when empty (or only spaces, in a number or boolean column).
    func value(_ text: String, row: Int) throws -> UploadValue? {
        let datatype = self.datatype
        if datatype == .char {
            return text.isEmpty ? nil : .text(text)
        }
        let trimmed = UploadText.trimmed(Substring(text))
        if trimmed.isEmpty {
            return nil
        }
        let value: UploadValue? =
            switch datatype {
            case .long: UploadNumberText.decimalInteger(trimmed).map(UploadValue.integer)
            case .double: UploadNumberText.real(trimmed).map(UploadValue.real)
            default: Self.boolean(trimmed).map(UploadValue.boolean)
            }
        guard let value else {
            // Only if the file changed between the two passes.
            throw UploadReadError.invalid("row \(row), column \(name): \(UploadText.quoted(text)) is not a \(datatype)")
        }
        return value
    }

    private static func boolean(_ text: Substring) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
