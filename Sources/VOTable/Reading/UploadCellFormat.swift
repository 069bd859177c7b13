/// What the readers need to decode the cells of one uploaded FIELD: its element type, how many elements a cell
/// holds (VOTable 1.4 §2.2), and its VALUES null value (§4.7).
struct UploadCellFormat: Sendable {
    /// How many elements a cell holds.
    enum Shape: Sendable, Equatable {
        /// No arraysize (or "1", which VOTable 1.4 §2.2 says clients read differently): one element.
        case scalar
        /// A fixed arraysize such as "3" or "64x64": the product of the dimensions.
        case fixed(Int)
        /// A variable last dimension ("*", "10*", "2x*"): a multiple of `unit` elements, the product of the fixed
        /// dimensions before it. In BINARY the cell starts with its count of elements.
        case variable(unit: Int)
    }

    let name: String
    let datatype: Datatype
    /// As written, for messages.
    let arraysize: String?
    let shape: Shape
    /// VALUES@null as written; text cells equal to it are null.
    let nullText: String?
    /// VALUES@null read as this column's integer type; integer cells equal to it are null.
    let nullInteger: Int64?
    /// VALUES@null read as a floating-point number (deprecated for floats, but it must be respected: §5.5).
    let nullReal: Double?

    init(name: String, datatype: Datatype, arraysize: String?, nullText: String?) throws(UploadReadError) {
        self.name = name
        self.datatype = datatype
        self.arraysize = arraysize
        self.shape = try Self.shape(arraysize, column: name)
        self.nullText = nullText
        let trimmedNull = nullText.map { UploadText.trimmed(Substring($0)) }
        switch datatype {
        case .unsignedByte, .short, .int, .long:
            nullInteger = trimmedNull.flatMap { UploadNumberText.integer($0, as: datatype) }
            nullReal = nil
        case .float, .double:
            nullInteger = nil
            nullReal = trimmedNull.flatMap(UploadNumberText.real)
        default:
            nullInteger = nil
            nullReal = nil
        }
    }

    /// Reads an arraysize: dimensions separated by "x", the last of which may end in "*".
    static func shape(_ arraysize: String?, column: String) throws(UploadReadError) -> Shape {
        guard let arraysize = arraysize?.trimmingXMLWhitespace, !arraysize.isEmpty, arraysize != "1" else {
            return .scalar
        }
        let invalid = UploadReadError.invalid("FIELD \(column) has arraysize '\(arraysize)', which is not n, n*, * "
            + "or such dimensions joined by x")
        var dimensions = arraysize.split(separator: "x", omittingEmptySubsequences: false)
        let isVariable = dimensions.last!.hasSuffix("*")
        if isVariable {
            dimensions.removeLast()
        }
        var product = 1
        for dimension in dimensions {
            guard let size = Int(dimension, radix: 10), size >= 0, !dimension.hasPrefix("+") else { throw invalid }
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow, next <= Int(Int32.max) else { throw invalid }
            product = next
        }
        // A row of empty fixed cells would take no bytes in BINARY, so that an empty stream held endless rows.
        guard product > 0 else {
            throw UploadReadError.invalid("FIELD \(column) has arraysize '\(arraysize)', which holds no elements")
        }
        if isVariable {
            let bound = arraysize.split(separator: "x", omittingEmptySubsequences: false).last!.dropLast()
            guard bound.allSatisfy(\.isASCIIDigit) else { throw invalid }
            return .variable(unit: product)
        }
        return .fixed(product)
    }

    var isText: Bool {
        datatype == .char || datatype == .unicodeChar
    }

    /// The numbers in one element: two for complex types.
    var numbersPerElement: Int {
        datatype == .floatComplex || datatype == .doubleComplex ? 2 : 1
    }

    /// The bytes one element takes in BINARY (VOTable 1.4 §5.3); bits are packed instead, see `byteCount(elements:)`.
    var elementSize: Int {
        switch datatype {
        case .boolean, .bit, .unsignedByte, .char: 1
        case .short, .unicodeChar: 2
        case .int, .float: 4
        case .long, .double, .floatComplex: 8
        case .doubleComplex: 16
        }
    }

    /// The bytes `elements` elements take in BINARY, or nil if that overflows.
    func byteCount(elements: Int) -> Int? {
        if datatype == .bit {
            return elements / 8 + (elements % 8 == 0 ? 0 : 1)
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: elementSize)
        return overflow ? nil : bytes
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        isASCII && isWholeNumber
    }
}
