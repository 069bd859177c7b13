/// The kinds of file an upload may be, told apart by their first bytes.
enum UploadFormat: Equatable {
    case votable
    case csv

    /// Skips a UTF-8 byte order mark and whitespace: `<` starts a VOTable, anything else is CSV (TAP 1.1 §2.7.6
    /// requires VOTable; CSV is this service's extra). Compressed and FITS files are refused with a hint.
    static func detect(path: String, chunkSize: Int) throws -> UploadFormat {
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let fitsStart = Array("SIMPLE  =".utf8)
        var head: [UInt8] = []
        var first: UInt8?
        var inByteOrderMark = true
        try UploadFile.forEachChunk(of: path, chunkSize: chunkSize) { chunk in
            for byte in chunk {
                let offset = head.count
                if offset < fitsStart.count {
                    head.append(byte)
                }
                inByteOrderMark = inByteOrderMark && offset < 3 && byte == byteOrderMark[offset]
                if first == nil && !inByteOrderMark && !UploadText.isWhitespace(byte) {
                    first = byte
                }
                if first != nil && head.count == fitsStart.count {
                    return false
                }
            }
            return true
        }
        if head.starts(with: [0x1F, 0x8B]) {
            throw UploadReadError.invalid("compressed uploads are not supported; send the table uncompressed")
        }
        if head == fitsStart {
            throw UploadReadError.invalid("FITS files are not supported; send the table as a VOTable or CSV")
        }
        guard let first else {
            throw UploadReadError.invalid("the upload is empty")
        }
        return first == UInt8(ascii: "<") ? .votable : .csv
    }
}
