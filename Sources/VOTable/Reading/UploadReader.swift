/// Reads uploaded tables (DALI 1.1 §3.4.5, TAP 1.1 §2.7.6 and §3.5) from files already spooled to disk, one row
/// at a time, never holding the whole table.
///
/// VOTable uploads may be TABLEDATA, BINARY or BINARY2 (VOTable 1.1–1.5; the first TABLE is read). CSV
/// (RFC 4180 with a header row) is this service's extra. Each cell becomes an `UploadValue` chosen by the FIELD:
///
/// | datatype | scalar | array |
/// |---|---|---|
/// | boolean | `.boolean` | `.text` of T/F/? |
/// | bit | `.boolean` | `.text` of 0/1 |
/// | unsignedByte, short, int, long | `.integer` | `.integers` |
/// | float, double | `.real` | `.reals` |
/// | floatComplex, doubleComplex | `.reals` (re, im) | `.reals` (re, im, re, im…) |
/// | char, unicodeChar | `.text` | `.text` |
///
/// A scalar is a FIELD without arraysize; a number FIELD with arraysize "1" is read as a scalar, and its header
/// Field has arraysize nil. nil in a row is a null: an empty TD, a BINARY2 null flag, a scalar equal to VALUES
/// null, an empty string or variable-length array.
public enum UploadReader {
    /// Reads the VOTable (TABLEDATA, BINARY or BINARY2, first TABLE) or CSV file at `path`; calls `header` once,
    /// then `row` for each row in order. Stops with .tooManyRows as soon as row maximumRows+1 is seen, and with
    /// .tooManyColumns before any row if there are more FIELDs than maximumColumns. Errors thrown by the
    /// closures propagate unchanged. Returns the number of rows read.
    ///
    /// The content is told by its first bytes, after a UTF-8 byte order mark and whitespace: `<` is a VOTable,
    /// gzip is refused, anything else is CSV. CSV is read twice: once to infer each column's datatype (`long` if
    /// every non-empty value is a decimal integer, else `double` if every one is a number (NaN and Inf too), else
    /// `boolean` if every one is true or false in any case, else `char` with arraysize `*`; a column with no value
    /// is `char`), then for the rows; the row limit and field counts are checked in the first pass, before
    /// `header` is called.
    ///
    /// Problems with the content throw `UploadReadError`; a file that cannot be opened or read throws
    /// Foundation's error. An error may come after some rows were handed over (a VOTable is read in one pass):
    /// the caller discards them. The file is read synchronously, on the calling thread.
    @discardableResult
    public static func read(
        contentsOf path: String, maximumRows: Int, maximumColumns: Int,
        header: (UploadHeader) throws -> Void, row: ([UploadValue?]) throws -> Void
    ) throws -> Int {
        try read(
            contentsOf: path, maximumRows: maximumRows, maximumColumns: maximumColumns, tuning: Tuning(),
            header: header, row: row)
    }

    /// Buffer sizes; tests make them tiny so that every chunk boundary is crossed.
    struct Tuning {
        /// Bytes read from the file at a time (CSV, and the sniffing of the first bytes).
        var fileChunkSize = 64 * 1024
        /// The most bytes of a STREAM's text decoded at a time (XMLParser chooses its own chunks besides).
        var base64PieceSize = Int.max
    }

    @discardableResult
    static func read(
        contentsOf path: String, maximumRows: Int, maximumColumns: Int, tuning: Tuning,
        header: (UploadHeader) throws -> Void, row: ([UploadValue?]) throws -> Void
    ) throws -> Int {
        switch try UploadFormat.detect(path: path, chunkSize: tuning.fileChunkSize) {
        case .votable:
            try UploadVOTableReader.read(
                contentsOf: path, maximumRows: maximumRows, maximumColumns: maximumColumns, tuning: tuning,
                header: header, row: row)
        case .csv:
            try UploadCSVReader.read(
                contentsOf: path, maximumRows: maximumRows, maximumColumns: maximumColumns,
                chunkSize: tuning.fileChunkSize, header: header, row: row)
        }
    }
}
