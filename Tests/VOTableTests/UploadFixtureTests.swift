import Foundation
import Testing

@testable import VOTable

/// What astropy (pyvo's uploads) and STILTS (TOPCAT's and tapquery's) really write, in every serialisation, reads
/// back as the same values; the files are in Uploads/ (see make-fixtures.sh).
@Suite("Upload fixtures from astropy and STILTS")
struct UploadFixtureTests {
    /// Chunk sizes from tiny (every base64 group and every row split across pieces) to the defaults.
    static let tunings: [UploadReader.Tuning] = [
        UploadReader.Tuning(),
        UploadReader.Tuning(fileChunkSize: 1, base64PieceSize: 1),
        UploadReader.Tuning(fileChunkSize: 2, base64PieceSize: 2),
        UploadReader.Tuning(fileChunkSize: 3, base64PieceSize: 3),
        UploadReader.Tuning(fileChunkSize: 5, base64PieceSize: 5),
        UploadReader.Tuning(fileChunkSize: 7, base64PieceSize: 7),
    ]

    static let astropyHeader = [
        "id:long", "small:short", "flag:unsignedByte", "mag:float", "ra:double", "ok:bit", "maybe:bit", "bits:bit[3]",
        "fl:float[2]", "name:unicodeChar[7]", "code:char[3]", "pos:double[2] point",
        "obs_time:unicodeChar[24] timestamp", "vals:int[*]", "z:doubleComplex",
    ]

    static let astropyRows: [[UploadValue?]] = [
        [
            .integer(1), .integer(10), .integer(0), .real(12.5), .real(10.5), .boolean(true), .boolean(true),
            .text("101"), .reals([0.1, -2.5]), .text("NGC 4 é"), .text("ab"), .reals([10.5, -5.25]),
            .text("2000-01-02T15:20:30.456Z"), .integers([1, 2, 3]), .reals([1, 2]),
        ],
        [
            .integer(2), nil, .integer(255), .real(.nan), .real(-.infinity), .boolean(false), .boolean(false),
            .text("000"), .reals([.nan, 1e30]), .text("雪"), .text("c"), .reals([0, 90]), .text("2002-03-04"), nil,
            .reals([-0.0, -0.5]),
        ],
        [
            .integer(3), .integer(-32768), .integer(7), nil, .real(359.999999999), .boolean(true), nil,
            .text("111"), .reals([3.4e38, -0.0]), nil, .text("xyz"), .reals([359, -90]),
            .text("2020-12-31T23:59:59"), .integers([-7]), .reals([.nan, 0]),
        ],
    ]

    /// astropy's BINARY cannot flag nulls: a masked float is NaN, a masked bit false.
    static let astropyBinaryRows: [[UploadValue?]] = {
        var rows = astropyRows
        rows[2][3] = .real(.nan)
        rows[2][6] = .boolean(false)
        return rows
    }()

    @Test(arguments: [
        ("astropy-tabledata.vot", astropyRows), ("astropy-binary2.vot", astropyRows),
        ("astropy-binary.vot", astropyBinaryRows),
    ])
    func astropy(_ name: String, _ rows: [[UploadValue?]]) throws {
        for tuning in Self.tunings {
            let read = try UploadTesting.read(UploadTesting.fixture(name), tuning: tuning)
            #expect(read.header?.tableName == "astro")
            #expect(read.header.map(Self.summary) == Self.astropyHeader)
            #expect(read.header?.fields[0].id == "id")
            let ra = read.header?.fields[4]
            #expect(ra?.unit == "deg" && ra?.ucd == "pos.eq.ra;meta.main" && ra?.description == "Right ascension")
            #expect(read.described == rows.map(UploadTesting.describe), "tuning \(tuning)")
        }
    }

    static let stiltsHeader = [
        "id:long", "small:short", "ubyte:unsignedByte", "mag:float", "dec:double", "flag:boolean", "name:char[*]",
        "label:unicodeChar[*]", "code:char[4]", "pos:double[2] point", "t:char[*] timestamp", "iarr:int[*]",
        "farr:float[3]", "pairs:short[2x*]",
    ]

    static let stiltsRows: [[UploadValue?]] = [
        [
            .integer(1), .integer(-5), .integer(255), .real(12.5), .real(-30.25), .boolean(true), .text("NGC 4 é"),
            .text("雪 snow"), .text("ab"), .reals([10.5, -5.25]), .text("2000-01-02T15:20:30.456Z"),
            .integers([1, 2, 3]), .reals([0.1, 0.2, 0.3]), .integers([1, 2, 3, 4]), .reals([1.5, -2]),
        ],
        [
            .integer(2), nil, .integer(0), .real(.nan), .real(.infinity), .boolean(false), .text("plain"), .text("x"),
            .text("wxyz"), .reals([0, 90]), .text("2002-03-04"), .integers([-7]), .reals([.nan, 1e30, -0.0]),
            .integers([-32767, 32767]), .reals([.nan, 0]),
        ],
        [.integer(3), .integer(32767), .integer(7), nil, .real(-.infinity)] + Array(repeating: nil, count: 10),
    ]

    /// STILTS writes a null float as NaN, even in TABLEDATA and BINARY2.
    static let stiltsOutputRows: [[UploadValue?]] = {
        var rows = stiltsRows
        rows[2][3] = .real(.nan)
        return rows
    }()

    /// In BINARY, STILTS gives unsignedByte the null value 255 though the column holds 255, and writes null
    /// fixed-size float arrays as NaNs.
    static let stiltsBinaryRows: [[UploadValue?]] = {
        var rows = stiltsOutputRows
        rows[0][2] = nil
        rows[2][9] = .reals([.nan, .nan])
        rows[2][12] = .reals([.nan, .nan, .nan])
        rows[2][14] = .reals([.nan, .nan])
        return rows
    }()

    @Test(arguments: [
        ("stilts-source.vot", stiltsRows), ("stilts-tabledata.vot", stiltsOutputRows),
        ("stilts-binary2.vot", stiltsOutputRows), ("stilts-binary.vot", stiltsBinaryRows),
    ])
    func stilts(_ name: String, _ rows: [[UploadValue?]]) throws {
        for tuning in Self.tunings {
            let read = try UploadTesting.read(UploadTesting.fixture(name), tuning: tuning)
            #expect(read.header?.tableName == "stilts_source")
            // STIL has no complex type: it writes the source's doubleComplex as double[2].
            let complex = name == "stilts-source.vot" ? "c:doubleComplex" : "c:double[2]"
            #expect(read.header.map(Self.summary) == Self.stiltsHeader + [complex])
            let fields = read.header?.fields ?? []
            #expect(fields.first?.description == "Row identifier")
            #expect(fields.count > 4 && fields[4].ucd == "pos.eq.dec;meta.main" && fields[4].unit == "deg")
            #expect(read.described == rows.map(UploadTesting.describe), "tuning \(tuning)")
        }
    }

    @Test func stiltsFITSIsRefused() {
        let error = UploadTesting.error { try UploadTesting.read(UploadTesting.fixture("stilts-fits.vot")) }
        #expect(error == .invalid("FITS-serialised VOTables are not supported; send TABLEDATA, BINARY or BINARY2"))
    }

    /// What `stilts tapquery` sends for a CSV: VOTable 1.2 TABLEDATA with nrows and a magic null for integers.
    @Test func stiltsFromCSV() throws {
        let read = try UploadTesting.read(UploadTesting.fixture("stilts-from-csv.vot"))
        #expect(read.header?.tableName == "stilts-input.csv")
        #expect(read.header.map(Self.summary) == ["id:short", "ra:float", "dec:float", "name:char[10]"])
        #expect(
            read.described
                == [
                    [.integer(1), .real(10.5), .real(-5.25), .text("alpha")],
                    [.integer(2), .real(200.25), .real(30), .text("beta gamma")],
                    [.integer(3), nil, .real(-89.5), nil],
                ].map(UploadTesting.describe))
    }

    /// "name:datatype[arraysize] xtype" for each field.
    static func summary(_ header: UploadHeader) -> [String] {
        header.fields.map { field in
            "\(field.name):\(field.datatype)" + (field.arraysize.map { "[\($0)]" } ?? "")
                + (field.xtype.map { " \($0)" } ?? "")
        }
    }
}
