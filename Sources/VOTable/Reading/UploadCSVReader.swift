/// Reads an uploaded CSV file in two passes over the file: the first checks the shape and the row limit and infers
/// each column's datatype, the second hands over typed rows. Neither holds more than one record.
enum UploadCSVReader {
    static func read(
        contentsOf path: String, maximumRows: Int, maximumColumns: Int, chunkSize: Int,
        header: (UploadHeader) throws -> Void, row: ([UploadValue?]) throws -> Void
    ) throws -> Int {
        let columns = try survey(
            path: path, maximumRows: maximumRows, maximumColumns: maximumColumns, chunkSize: chunkSize)
        try header(UploadHeader(tableName: nil, fields: columns.map(\.field)))
        return try withoutActuallyEscaping(row) { row in
            var sink = UploadRowSink(maximumRows: maximumRows, deliver: row)
            var isHeader = true
            try forEachRecord(path: path, chunkSize: chunkSize) { record in
                guard !isHeader else {
                    isHeader = false
                    return
                }
                var values: [UploadValue?] = []
                values.reserveCapacity(columns.count)
                for (column, text) in zip(columns, record) {
                    values.append(try column.value(text, row: sink.count + 1))
                }
                try sink.send(values)
            }
            return sink.count
        }
    }

    /// The first pass: the header row's names, and each column's type from its values.
    private static func survey(
        path: String, maximumRows: Int, maximumColumns: Int, chunkSize: Int
    ) throws -> [UploadCSVColumn] {
        var columns: [UploadCSVColumn]?
        var rows = 0
        try forEachRecord(path: path, chunkSize: chunkSize) { record in
            guard var known = columns else {
                guard record.count <= maximumColumns else {
                    throw UploadReadError.tooManyColumns(record.count, maximum: maximumColumns)
                }
                columns = record.enumerated().map { UploadCSVColumn(headerName: $1, position: $0 + 1) }
                return
            }
            rows += 1
            guard rows <= maximumRows else {
                throw UploadReadError.tooManyRows(maximum: maximumRows)
            }
            guard record.count == known.count else {
                throw UploadReadError.invalid("row \(rows) has \(record.count) fields for \(known.count) columns")
            }
            // Moved out and back so that the array is not copied on write for every record.
            columns = nil
            for index in known.indices {
                known[index].observe(record[index])
            }
            columns = known
        }
        guard let columns else {
            throw UploadReadError.invalid("the CSV has no header row")
        }
        return columns
    }

    private static func forEachRecord(path: String, chunkSize: Int, _ body: ([String]) throws -> Void) throws {
        var splitter = UploadCSVSplitter()
        try UploadFile.forEachChunk(of: path, chunkSize: chunkSize) { chunk in
            try splitter.feed(chunk, emit: body)
            return true
        }
        try splitter.finish(emit: body)
    }
}
