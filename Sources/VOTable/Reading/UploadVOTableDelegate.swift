import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Follows XMLParser's events through the first TABLE of an uploaded VOTable: collects its FIELDs, hands over the
/// header when DATA starts, then decodes TABLEDATA rows or a BINARY/BINARY2 STREAM as the text arrives.
///
/// Element names are matched without their namespace, since uploads come with none, or VOTable 1.1, 1.2 or 1.3's.
/// A delegate method cannot throw, so the first error (the reader's own or a closure's) is kept in `failure` and
/// parsing is aborted; every later event is ignored.
final class UploadVOTableDelegate: NSObject, XMLParserDelegate {
    enum Phase {
        case beforeTable
        case header
        case data
        case afterTable
    }

    let maximumColumns: Int
    /// The most bytes of STREAM text decoded at a time; tests make it tiny to split base64 groups everywhere.
    let base64PieceSize: Int
    let onHeader: (UploadHeader) throws -> Void
    var sink: UploadRowSink

    private(set) var failure: (any Error)?
    private(set) var sawRoot = false
    var phase = Phase.beforeTable
    /// Whether the data element (TABLEDATA or STREAM) that was opened has been closed.
    var dataComplete = true

    private var tableName: String?
    private var fields: [Field] = []
    private var fieldAttributes: [String: String]?
    private var fieldNull: String?
    private var fieldDescription: String?
    private var descriptionText: String?
    private var tableDepth = 0
    var columns: [UploadCellFormat] = []

    /// "BINARY" or "BINARY2", once one has started.
    var serialisation: String?
    // TABLEDATA: the row and cell being read, and how many TDs the row had.
    var inTableData = false
    var cells: [UploadValue?]?
    var cellText: String?
    var cellCount = 0
    // BINARY, BINARY2: the STREAM being decoded.
    var binary: UploadBinaryDecoder?
    var base64 = UploadBase64Decoder()
    var inStream = false
    var decoded: [UInt8] = []

    init(
        maximumColumns: Int, base64PieceSize: Int, sink: UploadRowSink,
        onHeader: @escaping (UploadHeader) throws -> Void
    ) {
        self.maximumColumns = maximumColumns
        self.base64PieceSize = base64PieceSize
        self.sink = sink
        self.onHeader = onHeader
    }

    /// Keeps the first error and stops the parser.
    func fail(_ parser: XMLParser, _ error: any Error) {
        if failure == nil {
            failure = error
        }
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        do {
            guard sawRoot else {
                sawRoot = true
                guard name == "VOTABLE" else {
                    throw UploadReadError.invalid("the upload is XML but not a VOTable: its root element is \(name)")
                }
                return
            }
            switch phase {
            case .beforeTable where name == "TABLE":
                phase = .header
                tableName = attributes["name"]
            case .header:
                try startHeaderElement(name, attributes: attributes)
            case .data:
                try startDataElement(name, attributes: attributes)
            default:
                break
            }
        } catch {
            fail(parser, error)
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil else { return }
        do {
            switch phase {
            case .header:
                try endHeaderElement(name)
            case .data:
                try endDataElement(name)
            default:
                break
            }
        } catch {
            fail(parser, error)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        if descriptionText != nil {
            descriptionText! += string
        } else if cellText != nil {
            cellText! += string
        } else if inStream {
            do {
                try decodeStream(string)
            } catch {
                fail(parser, error)
            }
        }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        self.parser(parser, foundCharacters: String(decoding: block, as: UTF8.self))
    }

    /// libxml2 runs in recover mode and would parse on, and `parse()` may still return true: stop at the first
    /// error, before more rows are handed over.
    func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
        let code = (error as NSError).code
        guard failure == nil, !UploadXMLError.isWarning(code) else { return }
        fail(parser, UploadReadError.invalid(
            "the upload is not well-formed XML (line \(parser.lineNumber): \(UploadXMLError.describe(code)))"))
    }

    // The prolog check refuses DTDs before parsing; these only back it up.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, UploadReadError.invalid("the VOTable declares an entity; uploads may not declare entities"))
    }

    func parser(
        _ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?
    ) {
        fail(parser, UploadReadError.invalid("the VOTable declares an entity; uploads may not declare entities"))
    }

    // MARK: Header

    private func startHeaderElement(_ name: String, attributes: [String: String]) throws {
        tableDepth += 1
        switch name {
        case "FIELD" where tableDepth == 1:
            fieldAttributes = attributes
            fieldNull = nil
            fieldDescription = nil
        case "DESCRIPTION" where fieldAttributes != nil && tableDepth == 2:
            descriptionText = ""
        case "VALUES" where fieldAttributes != nil && tableDepth == 2:
            fieldNull = attributes["null"]
        case "DATA" where tableDepth == 1:
            try beginData()
            phase = .data
        case "TABLE":
            throw UploadReadError.invalid("the VOTable has a TABLE inside a TABLE")
        default:
            break
        }
    }

    private func endHeaderElement(_ name: String) throws {
        tableDepth -= 1
        switch name {
        case "FIELD" where tableDepth == 0 && fieldAttributes != nil:
            try addField(fieldAttributes!)
            fieldAttributes = nil
        case "DESCRIPTION" where descriptionText != nil:
            fieldDescription = descriptionText!.trimmingXMLWhitespace
            descriptionText = nil
        case "TABLE":
            // A TABLE without DATA has no rows, but a header all the same.
            try beginData()
            phase = .afterTable
        default:
            break
        }
    }

    /// FIELD@name, else @ID, else col<n>; the datatype must be one of VOTable's.
    private func addField(_ attributes: [String: String]) throws {
        let id = attributes["ID"].flatMap { $0.isEmpty ? nil : $0 }
        let name = attributes["name"].flatMap { $0.isEmpty ? nil : $0 } ?? id ?? "col\(fields.count + 1)"
        guard let datatypeText = attributes["datatype"] else {
            throw UploadReadError.invalid("FIELD \(name) has no datatype")
        }
        guard let datatype = Datatype(rawValue: datatypeText.trimmingXMLWhitespace) else {
            throw UploadReadError.invalid("FIELD \(name) has datatype '\(datatypeText)', which VOTable does not define")
        }
        let column = try UploadCellFormat(
            name: name, datatype: datatype, arraysize: attributes["arraysize"], nullText: fieldNull)
        // An arraysize of "1" on a number is read as a scalar, and the header says so, so that the caller's choice
        // of column type agrees with the values it gets.
        let arraysize = column.shape == .scalar && !column.isText ? nil : attributes["arraysize"]
        fields.append(
            Field(
                name: name, datatype: datatype, arraysize: arraysize, xtype: attributes["xtype"],
                unit: attributes["unit"], ucd: attributes["ucd"], utype: attributes["utype"],
                description: fieldDescription, id: id))
        columns.append(column)
    }

    /// Checks the columns and hands over the header: once DATA starts, or at a TABLE's end if it has none.
    private func beginData() throws {
        guard !fields.isEmpty else {
            throw UploadReadError.invalid("the TABLE has no FIELD")
        }
        guard fields.count <= maximumColumns else {
            throw UploadReadError.tooManyColumns(fields.count, maximum: maximumColumns)
        }
        try onHeader(UploadHeader(tableName: tableName, fields: fields))
    }
}
