import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first TABLE of an uploaded VOTable (TAP_UPLOAD, DALI 1.1 §3.4.5): its FIELDs and its rows, each cell
/// as the text TABLEDATA holds, nil for a null (an empty cell, or the FIELD's VALUES null value). The row limit is
/// enforced while reading, so an oversized upload stops early. BINARY and BINARY2 streams are refused with a
/// clear error for now.
public enum VOTableReader {
    public struct Table: Sendable, Equatable {
        public var name: String?
        public var fields: [Field]
        public var rows: [[String?]]
    }

    public struct ReadError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func read(_ data: Data, maximumRows: Int) throws(ReadError) -> Table {
        let delegate = Delegate(maximumRows: maximumRows)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        let parsed = parser.parse()
        if let error = delegate.error { throw error }
        // Foundation's parser on Linux accepts a document cut short; the element depth tells.
        guard parsed, delegate.sawRoot, delegate.depth == 0 else {
            throw ReadError(message: "the upload is not well-formed XML (line \(parser.lineNumber): "
                + (parsed ? "it ends before its elements do" : parser.parserError?.localizedDescription ?? "unreadable")
                + ")")
        }
        guard delegate.sawTable else { throw ReadError(message: "the upload is a VOTable without a TABLE") }
        guard !delegate.table.fields.isEmpty else { throw ReadError(message: "the uploaded TABLE has no FIELD") }
        return delegate.table
    }

    final class Delegate: NSObject, XMLParserDelegate {
        let maximumRows: Int
        var table = Table(name: nil, fields: [], rows: [])
        var nullValues: [String?] = []
        var error: ReadError?
        var sawRoot = false
        var sawTable = false
        var done = false
        var inTableData = false
        var row: [String?]?
        var cell: String?
        var depth = 0

        init(maximumRows: Int) {
            self.maximumRows = maximumRows
        }

        func fail(_ parser: XMLParser, _ message: String) {
            if error == nil { error = ReadError(message: message) }
            parser.abortParsing()
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            depth += 1
            if !sawRoot {
                sawRoot = true
                if name != "VOTABLE" { fail(parser, "the upload is not a VOTable (its root element is \(name))") }
                return
            }
            if done { return }
            switch name {
            case "TABLE" where !sawTable:
                sawTable = true
                table.name = attributes["name"]
            case "FIELD" where sawTable && !inTableData:
                guard let fieldName = attributes["name"], !fieldName.isEmpty else {
                    return fail(parser, "FIELD \(table.fields.count + 1) of the upload has no name")
                }
                guard let datatype = attributes["datatype"].flatMap(Datatype.init(rawValue:)) else {
                    return fail(parser, "FIELD \(fieldName) of the upload has no valid datatype")
                }
                table.fields.append(Field(
                    name: fieldName, datatype: datatype, arraysize: attributes["arraysize"], xtype: attributes["xtype"],
                    unit: attributes["unit"], ucd: attributes["ucd"], utype: attributes["utype"]))
                nullValues.append(nil)
            case "VALUES" where sawTable && !inTableData && !table.fields.isEmpty:
                nullValues[nullValues.count - 1] = attributes["null"]
            case "TABLEDATA" where sawTable:
                inTableData = true
            case "BINARY", "BINARY2", "FITS":
                if sawTable { fail(parser, "the upload's table is serialised as \(name); send it as TABLEDATA for now") }
            case "TR" where inTableData:
                if table.rows.count == maximumRows {
                    return fail(parser, "the upload has more than \(maximumRows) rows, the most this service takes")
                }
                row = []
            case "TD" where row != nil:
                cell = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if cell != nil { cell! += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if cell != nil { cell! += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            switch name {
            case "TD" where cell != nil && row != nil:
                let index = row!.count
                let text = cell!
                let isNull = text.isEmpty
                    || (index < nullValues.count && nullValues[index] == text.trimmingCharacters(in: .whitespaces))
                row!.append(isNull ? nil : text)
                cell = nil
            case "TR" where row != nil:
                guard row!.count == table.fields.count else {
                    return fail(parser, "row \(table.rows.count + 1) of the upload has \(row!.count) cells for "
                        + "\(table.fields.count) FIELDs")
                }
                table.rows.append(row!)
                row = nil
            case "TABLEDATA":
                inTableData = false
            case "TABLE" where sawTable:
                done = true
            default:
                break
            }
        }
    }
}
