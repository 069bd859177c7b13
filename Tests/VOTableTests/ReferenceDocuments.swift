@testable import VOTable

/// The byte-exact reference documents in /VOTables, each with how to produce it and what a reader should find in it.
enum ReferenceDocument: String, CaseIterable, Sendable, CustomStringConvertible {
    case tabledataSmall = "tabledata-small.vot"
    case tabledataGeometry = "tabledata-geometry.vot"
    case empty = "empty.vot"
    case overflow = "overflow.vot"
    case midstreamError = "midstream-error.vot"
    case error = "error.vot"
    case binary2Small = "binary2-small.vot"
    case binarySmall = "binary-small.vot"
    case binary2Geometry = "binary2-geometry.vot"
    case binaryGeometry = "binary-geometry.vot"
    case csvSmall = "small.csv"
    case tsvSmall = "small.tsv"
    case jsonSmall = "small.json"
    case csvGeometry = "geometry.csv"
    case jsonGeometry = "geometry.json"
    case fitsSmall = "small.fits"
    case fitsGeometry = "geometry.fits"
    case fitsOverflow = "overflow.fits"

    /// The formats the references are written in: VOTable serialisations, and the others of RESPONSEFORMAT.
    enum Format: Sendable {
        case votable(Serialization), csv, tsv, json, fits
    }

    var format: Format {
        switch self {
        case .tabledataSmall, .tabledataGeometry, .empty, .overflow, .midstreamError, .error: .votable(.tabledata)
        case .binary2Small, .binary2Geometry: .votable(.binary2)
        case .binarySmall, .binaryGeometry: .votable(.binary)
        case .csvSmall, .csvGeometry: .csv
        case .tsvSmall: .tsv
        case .jsonSmall, .jsonGeometry: .json
        case .fitsSmall, .fitsGeometry, .fitsOverflow: .fits
        }
    }

    var isVOTable: Bool {
        if case .votable = format { return true }
        return false
    }

    var description: String { rawValue }

    /// The last QUERY_STATUS value in the results RESOURCE.
    var expectedStatus: String {
        switch self {
        case .tabledataSmall, .tabledataGeometry, .empty, .binary2Small, .binarySmall, .binary2Geometry,
            .binaryGeometry, .csvSmall, .tsvSmall, .jsonSmall, .csvGeometry, .jsonGeometry, .fitsSmall, .fitsGeometry:
            "OK"
        case .overflow, .fitsOverflow: "OVERFLOW"
        case .midstreamError, .error: "ERROR"
        }
    }

    /// The number of rows of the first TABLE, or nil when there is no TABLE.
    var expectedRows: Int? {
        switch self {
        case .tabledataSmall, .binary2Small, .binarySmall, .csvSmall, .tsvSmall, .jsonSmall, .fitsSmall: 4
        case .tabledataGeometry, .binary2Geometry, .binaryGeometry, .csvGeometry, .jsonGeometry, .fitsGeometry: 3
        case .empty: 0
        case .overflow, .fitsOverflow: 2
        case .midstreamError: 1
        case .error: nil
        }
    }

    func render() -> [UInt8] {
        switch self {
        case .tabledataSmall, .binary2Small, .binarySmall, .csvSmall, .tsvSmall, .jsonSmall, .fitsSmall:
            Self.small(format, status: .ok, rows: 4)
        case .overflow, .fitsOverflow: Self.small(format, status: .overflow("MAXREC=2"), rows: 2)
        case .midstreamError:
            Self.small(
                format, status: .error("Query aborted after 1 row: canceling statement due to statement timeout"),
                rows: 1)
        case .empty: Self.small(format, status: .ok, rows: 0)
        case .tabledataGeometry, .binary2Geometry, .binaryGeometry, .csvGeometry, .jsonGeometry, .fitsGeometry:
            Self.geometry(format)
        case .error:
            DALIErrorDocument.render(
                message: "Could not parse query: unexpected token FORM (expected FROM) at line 1, column 20",
                infos: [Info(name: "line", value: "1"), Info(name: "column", value: "20")])
        }
    }

    static let smallFields = [
        Field(name: "id", datatype: .long, ucd: "meta.id;meta.main", description: "Row identifier"),
        // unicodeChar: the labels are not ASCII (see Datatype).
        Field(
            name: "label", datatype: .unicodeChar, arraysize: "*", ucd: "meta.note",
            description: "Free text; may hold <, & and \"quotes\""),
        Field(name: "flux", datatype: .double, unit: "mJy", ucd: "phot.flux.density"),
    ]

    /// Three columns of mixed types; the first `rows` of four rows with NULLs, non-ASCII text, text needing escapes,
    /// NaN and -0.0.
    private static func small(_ format: Format, status: QueryStatus, rows: Int) -> [UInt8] {
        let infos = [
            Info(name: "QUERY", value: "SELECT id, label, flux FROM demo.small WHERE flux < 2 OR label <> 'x'"),
            Info(name: "standardID", value: "ivo://ivoa.net/std/TAP"),
        ]
        let document = VOTableDocument(fields: smallFields, resourceInfos: infos, tableName: "result")
        return render(format, document: document, status: status) { encoder in
            let allRows: [(inout any RowEncoder) -> Void] = [
                {
                    $0.append(Int64(1))
                    $0.appendText("Ångström ✓")
                    $0.append(1.5)
                },
                {
                    $0.append(Int64(2))
                    $0.appendText("a<b & \"c\"")
                    $0.append(Double.nan)
                },
                {
                    $0.append(Int64(-9_223_372_036_854_775_808))
                    $0.appendNull()
                    $0.appendNull()
                },
                {
                    $0.appendNull()
                    $0.appendText("  tab\tand line\nbreak ")
                    $0.append(-0.0)
                },
            ]
            for row in allRows.prefix(rows) {
                encoder.beginRow()
                row(&encoder)
                encoder.endRow()
            }
        }
    }

    /// The document in `format` around the rows `write` encodes.
    private static func render(
        _ format: Format, document: VOTableDocument, status: QueryStatus, _ write: (inout any RowEncoder) -> Void
    ) -> [UInt8] {
        var encoder: any RowEncoder
        let header: [UInt8]
        var trailer: [UInt8]
        switch format {
        case .votable(let serialization):
            encoder = serialization == .tabledata
                ? TableDataEncoder(fields: document.fields)
                : BinaryEncoder(fields: document.fields, serialization: serialization)
            header = document.header(serialization: serialization)
            trailer = document.trailer(status: status, serialization: serialization)
        case .csv, .tsv:
            let dialect: SeparatedValuesEncoder.Dialect = format.isCSV ? .csv : .tsv
            encoder = SeparatedValuesEncoder(dialect: dialect)
            header = SeparatedValuesEncoder.header(fields: document.fields, dialect: dialect)
            trailer = []
        case .json:
            encoder = JSONRowEncoder()
            header = JSONRowEncoder.header(fields: document.fields, infos: document.resourceInfos)
            trailer = JSONRowEncoder.trailer(status: status)
        case .fits:
            // The three readings FITSResult makes of its log file, here of the log in memory.
            var log: any RowEncoder = FITSCellLog(fields: document.fields)
            write(&log)
            let rows = log.finish()
            var shape = FITSTableShape(fields: document.fields)
            let measured = rows.withUnsafeBytes { shape.scan($0) }
            precondition(measured == rows.count)
            var writer = FITSRowWriter(shape: shape)
            let records = rows.withUnsafeBytes { writer.records($0).bytes }
            let heap = rows.withUnsafeBytes { writer.heap($0).bytes }
            return FITSHeader.primary()
                + FITSHeader.table(fields: document.fields, shape: shape, infos: document.resourceInfos, status: status)
                + records + heap + FITSHeader.dataPadding(after: shape.dataBytes)
        }
        write(&encoder)
        return header + encoder.finish() + trailer
    }

    /// Positions with a COOSYS, DALI geometry and timestamp xtypes, and the remaining scalar types.
    private static func geometry(_ format: Format) -> [UInt8] {
        let fields = [
            Field(name: "ra", datatype: .double, unit: "deg", ucd: "pos.eq.ra;meta.main"),
            Field(name: "dec", datatype: .double, unit: "deg", ucd: "pos.eq.dec;meta.main"),
            Field(name: "center", datatype: .double, arraysize: "2", xtype: "point", unit: "deg", ucd: "pos.eq"),
            Field(
                name: "footprint", datatype: .double, arraysize: "3", xtype: "circle", unit: "deg",
                ucd: "pos.outline;obs.field"),
            Field(
                name: "s_region", datatype: .double, arraysize: "*", xtype: "polygon", unit: "deg",
                ucd: "pos.outline;obs.field"),
            Field(name: "t_obs", datatype: .char, arraysize: "*", xtype: "timestamp", ucd: "time.epoch"),
            Field(name: "mag", datatype: .float, unit: "mag", ucd: "phot.mag;em.opt.V"),
            Field(name: "n", datatype: .int, ucd: "meta.number"),
            Field(name: "flag", datatype: .boolean, ucd: "meta.code"),
            Field(name: "q", datatype: .unsignedByte, ucd: "meta.code.qual"),
        ]
        let document = VOTableDocument(fields: fields, tableName: "obs", coordinateSystem: .icrs)
        return render(format, document: document, status: .ok) { encoder in

            encoder.beginRow()
            encoder.append(10.684708)
            encoder.append(41.26875)
            [10.684708, 41.26875].withUnsafeBufferPointer { encoder.appendDoubles($0) }
            [10.684708, 41.26875, 0.5].withUnsafeBufferPointer { encoder.appendDoubles($0) }
            [10.0, 10.0, 10.2, 10.0, 10.2, 10.2, 10.0, 10.2].withUnsafeBufferPointer { encoder.appendDoubles($0) }
            encoder.appendTimestamp(
                year: 2000, month: 1, day: 2, hour: 15, minute: 20, second: 30, microsecond: 456_000, utc: false)
            encoder.append(Float(3.44))
            encoder.append(Int64(2_147_483_647))
            encoder.append(true)
            encoder.append(Int64(255))
            encoder.endRow()

            encoder.beginRow()
            encoder.append(359.99999999999994)
            encoder.append(-89.5)
            [359.99999999999994, -89.5].withUnsafeBufferPointer { encoder.appendDoubles($0) }
            [0.0, 0.0, 1e-300].withUnsafeBufferPointer { encoder.appendDoubles($0) }
            encoder.appendNull()
            encoder.appendTimestamp(year: 2001, month: 2, day: 3, hour: 4, minute: 5, second: 6, microsecond: 0, utc: false)
            encoder.append(Float.infinity)
            encoder.append(Int64(-2_147_483_648))
            encoder.append(false)
            encoder.append(Int64(0))
            encoder.endRow()

            encoder.beginRow()
            encoder.appendNull()
            encoder.appendNull()
            encoder.appendNull()
            encoder.appendNull()
            encoder.appendNull()
            encoder.appendDate(year: 2002, month: 3, day: 4)
            encoder.append(-Float.infinity)
            encoder.appendNull()
            encoder.appendNull()
            encoder.appendNull()
            encoder.endRow()
        }
    }
}

extension ReferenceDocument.Format {
    var isCSV: Bool {
        if case .csv = self { return true }
        return false
    }

    var isFITS: Bool {
        if case .fits = self { return true }
        return false
    }
}
