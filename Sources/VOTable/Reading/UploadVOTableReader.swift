import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an uploaded VOTable with Foundation's XMLParser, which streams a file URL through libxml2's push parser.
///
/// corelibs runs libxml2 in recover mode, so `parse()` can succeed on a broken document: the delegate stops at the
/// first error libxml2 reports, and the closing of the TABLE and its data is checked as well. DTDs are refused
/// before parsing (`UploadXMLProlog`).
enum UploadVOTableReader {
    static func read(
        contentsOf path: String, maximumRows: Int, maximumColumns: Int, tuning: UploadReader.Tuning,
        header: (UploadHeader) throws -> Void, row: ([UploadValue?]) throws -> Void
    ) throws -> Int {
        try UploadXMLProlog.check(path: path, chunkSize: tuning.fileChunkSize)
        guard let parser = XMLParser(contentsOf: URL(fileURLWithPath: path)) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        // The delegate holds the closures only while parse() runs, so they need not escape.
        return try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(row) { row in
                // XMLParser.delegate is weak: this local keeps the delegate alive through parse().
                let delegate = UploadVOTableDelegate(
                    maximumColumns: maximumColumns, base64PieceSize: tuning.base64PieceSize,
                    sink: UploadRowSink(maximumRows: maximumRows, deliver: row), onHeader: header)
                parser.delegate = delegate
                let parsed = parser.parse()
                parser.delegate = nil
                if let failure = delegate.failure {
                    throw failure
                }
                try checkComplete(parsed: parsed, delegate: delegate)
                return delegate.sink.count
            }
        }
    }

    private static func checkComplete(parsed: Bool, delegate: UploadVOTableDelegate) throws {
        if !parsed {
            throw UploadReadError.invalid("the upload cannot be parsed as XML")
        }
        guard delegate.sawRoot else {
            throw UploadReadError.invalid("the upload holds no XML element")
        }
        switch delegate.phase {
        case .beforeTable:
            throw UploadReadError.invalid("the VOTable has no TABLE")
        case .afterTable where delegate.dataComplete:
            return
        default:
            throw UploadReadError.invalid("the VOTable ends inside its TABLE")
        }
    }
}
