/// The DATA part of an uploaded TABLE: TABLEDATA rows (VOTable 1.4 §6) and base64 STREAMs of BINARY or BINARY2
/// (§5.3–5.4). FITS, remote streams and other encodings are refused.
extension UploadVOTableDelegate {
    func startDataElement(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "TABLEDATA":
            inTableData = true
            dataComplete = false
        case "BINARY", "BINARY2":
            binary = UploadBinaryDecoder(columns: columns, nullFlags: name == "BINARY2")
            serialisation = name
        case "FITS":
            throw UploadReadError.invalid(
                "FITS-serialised VOTables are not supported; send TABLEDATA, BINARY or BINARY2")
        case "STREAM" where binary != nil:
            try beginStream(attributes)
        case "TR" where inTableData:
            cells = []
            cells!.reserveCapacity(columns.count)
            cellCount = 0
        case "TD" where cells != nil:
            cellCount += 1
            guard cellCount <= columns.count else {
                return
            }
            if let encoding = attributes["encoding"] {
                throw UploadReadError.invalid("row \(sink.count + 1), column \(columns[cellCount - 1].name): "
                    + "TD encoding '\(encoding)' is not supported")
            }
            cellText = ""
        default:
            break
        }
    }

    func endDataElement(_ name: String) throws {
        switch name {
        case "TD" where cellText != nil:
            let column = columns[cells!.count]
            do {
                cells!.append(try UploadTableDataValue.value(cellText!, column: column))
            } catch {
                throw UploadReadError.invalid("row \(sink.count + 1), column \(column.name): \(error.reason)")
            }
            cellText = nil
        case "TR" where cells != nil:
            try endRow()
        case "TABLEDATA":
            inTableData = false
            dataComplete = true
        case "STREAM" where inStream:
            inStream = false
            try base64.finish(into: &decoded)
            try feedDecoded()
            try binary!.finish()
            dataComplete = true
        case "TABLE":
            phase = .afterTable
        default:
            break
        }
    }

    /// A TR with fewer TDs than FIELDs has nulls at its end; one with more is refused.
    private func endRow() throws {
        guard cellCount <= columns.count else {
            throw UploadReadError.invalid("row \(sink.count + 1) has \(cellCount) cells for \(columns.count) FIELDs")
        }
        var row = cells!
        cells = nil
        while row.count < columns.count {
            row.append(nil)
        }
        try sink.send(row)
    }

    /// Only inline base64 (VOTable 1.4 §5.4: the one encoding that makes binary data legal XML content).
    private func beginStream(_ attributes: [String: String]) throws {
        let serialisation = self.serialisation ?? "BINARY"
        if let href = attributes["href"] {
            throw UploadReadError.invalid(
                "the \(serialisation) STREAM points to remote data (\(UploadText.quoted(href))); send the table inline")
        }
        guard let encoding = attributes["encoding"]?.trimmingXMLWhitespace, encoding == "base64" else {
            let encoding = attributes["encoding"].map { "encoding '\($0)'" } ?? "no encoding"
            throw UploadReadError.invalid("the \(serialisation) STREAM has \(encoding); inline data must be base64")
        }
        inStream = true
        dataComplete = false
    }

    /// Decodes STREAM text in pieces of at most `base64PieceSize` bytes and passes the bytes on.
    func decodeStream(_ text: String) throws {
        var rest = Substring(text).utf8
        while !rest.isEmpty {
            let piece = rest.prefix(base64PieceSize)
            try base64.decode(piece, into: &decoded)
            try feedDecoded()
            rest = rest[piece.endIndex...]
        }
    }

    private func feedDecoded() throws {
        guard !decoded.isEmpty else {
            return
        }
        try binary!.feed(decoded) { try sink.send($0) }
        decoded.removeAll(keepingCapacity: true)
    }
}
