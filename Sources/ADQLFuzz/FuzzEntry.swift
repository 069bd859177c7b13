import ADQL
import ADQLToPostgres

/// Tables the fuzzer's queries can name, so that checking and translating get exercised too: the two the fuzzer's
/// own seeds use, and those the shared corpus's records name (`spatial`, `misc`, ...), so that mutated corpus
/// queries get past the checker. Their columns take every type the checker knows, `.unknown` (a TAP_SCHEMA
/// datatype the service does not know) included, with and without units.
let fuzzCatalog = TableCatalog(
    tables: [
        TableMetadata(
            schema: "ivoa", name: "obscore",
            columns: [
                column("obs_id", .char(length: nil)), column("s_ra", .double, unit: "deg"),
                column("s_dec", .double, unit: "deg"),
                ColumnMetadata(name: "s_region", type: .polygon, geometryStorageName: "s_region_spoly"),
                column("t_min", .double, unit: "d"), column("calib_level", .smallint),
                column("target_name", .unicodeChar), column("dataproduct_type", .char(length: 12)),
                column("em_min", .double, unit: "m"), column("t_exptime", .real, unit: "s"),
            ],
            derivedPoints: [DerivedPoint(ra: "s_ra", dec: "s_dec", storageName: "s_point")]),
        TableMetadata(
            schema: "cat", name: "sources",
            columns: [
                column("source_id", .bigint), column("ra", .double, unit: "deg"), column("dec", .double, unit: "deg"),
                column("mag", .real, unit: "mag"), column("position", .point),
                column("flux", .array(element: .real, length: 5)),
            ],
            derivedPoints: [DerivedPoint(ra: "ra", dec: "dec", storageName: "pos")]),
        TableMetadata(
            schema: "public", name: "spatial",
            columns: [
                column("dist", .double, unit: "pc"), column("width", .real, unit: "arcsec"),
                column("height", .integer), column("ra1", .double, unit: "deg"), column("ra2", .double, unit: "rad"),
            ],
            derivedPoints: [DerivedPoint(ra: "ra1", dec: "ra2", storageName: "p")]),
        TableMetadata(
            schema: "public", name: "spatial2",
            columns: [
                column("ra1", .double, unit: "deg"), column("dec", .double, unit: "deg"), column("dist", .unknown),
            ]),
        TableMetadata(
            schema: "public", name: "misc",
            columns: [
                column("mass", .double, unit: "kg"), column("mag", .real), column("speed", .double, unit: "km/s"),
            ]),
        TableMetadata(
            schema: "public", name: "quoted",
            columns: [
                column("alllower", .integer), column("inch\"ing", .double), column("left-right", .char(length: 3)),
                column("plAin", .bigint),
            ]),
        TableMetadata(
            schema: "public", name: "crazy",
            columns: [
                column("ct", .integer), column("flag", .boolean), column("mass", .double, unit: "solMass"),
                column("name", .char(length: nil)), column("version", .unicodeChar), column("wot", .unknown),
                column("wotb", .timestamp), column("c", .circle), column("r", .region),
            ]),
        TableMetadata(
            schema: "public", name: "t",
            columns: ["a", "b", "c", "d", "e", "f", "id", "ra", "dec", "name", "x", "y", "z"].map {
                column($0, .double)
            }
                + [column("g", .array(element: .integer, length: nil)), column("s", .char(length: 8))]),
        // Lyonetia's generic `select x from y` queries.
        TableMetadata(schema: "public", name: "y", columns: ["x", "a", "b", "ra", "dec"].map { column($0, .double) }),
        TableMetadata(schema: "public", name: "z", columns: [column("a", .integer), column("b", .char(length: nil))]),
        TableMetadata(
            schema: "TAP_UPLOAD", name: "t1",
            columns: [column("id", .bigint), column("ra", .double, unit: "deg"), column("dec", .double, unit: "deg")]),
    ],
    functions: [
        UserDefinedFunction(
            name: "ivo_healpix_index",
            arguments: [.init("order", .integer), .init("ra", .double), .init("dec", .double)], result: .bigint,
            description: "", sqlName: "tap_udf.ivo_healpix_index"),
        UserDefinedFunction(
            name: "eso_intersection", arguments: [.init("a", .region), .init("b", .region)], result: .double,
            description: "", sqlName: "eso_intersection"),
        UserDefinedFunction(
            name: "udf_text", arguments: [.init("a", .char(length: nil))], result: .unknown, description: "",
            sqlName: "udf_text"),
        UserDefinedFunction(
            name: "udf_sum", arguments: [.init("a", .double)], result: .double, description: "", sqlName: "udf_sum",
            isAggregate: true),
    ])

/// What the printer writes parses back to the same tree, compared as printed text (the printer parenthesises
/// every expression, so equal text means equal trees), as `CorpusTests.roundTrip` checks for the corpus; a
/// mismatch stops the fuzzer like a crash. Those parentheses add nesting, so a query within a few levels of
/// `Parser.maximumDepth` may print too deep to parse again: that refusal is expected.
func checkRoundTrip(_ query: Query) {
    let printed = ADQLPrinter.print(query)
    do {
        let reprinted = ADQLPrinter.print(try Parser.parse(printed))
        if reprinted != printed { fatalError("the printed query prints differently:\n\(printed)\n\(reprinted)") }
    } catch {
        if !error.errors.contains(where: { $0.code == .tooDeep }) {
            fatalError("the printed query does not parse:\n\(printed)\n\(error.rendered)")
        }
    }
}

func column(_ name: String, _ type: ValueType, unit: String? = nil) -> ColumnMetadata {
    ColumnMetadata(name: name, type: type, unit: unit)
}

/// libFuzzer entry point over the lexer, parser, printer, checker and translator (`fuzz/run.sh` builds and runs it:
/// `swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING \
/// --product ADQLFuzz`).
/// Without FUZZING it builds a replay tool that runs each file given on the command line through the same entry
/// (an empty file included), to reproduce a crash from `fuzz/crashes/` under a debugger, and prints how far each
/// got: translated, or the parser's or checker's messages.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Whatever the input, the parser, printer, checker and translator must return, never crash.
    guard let query = try? Parser.parse(text) else { return 0 }
    checkRoundTrip(query)
    if let checked = try? Checker.check(query, source: text, catalog: fuzzCatalog) {
        _ = Translator.translate(checked, limits: .init(rowLimit: 1001))
    }
    return 0
}

#if FUZZING
// SwiftPM links an executable's entry point as `<Target>_main`; hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("ADQLFuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
import Foundation

@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            var bytes = [UInt8](data)
            bytes.append(0)  // never an empty buffer: libFuzzer hands out valid pointers even for size 0
            bytes.withUnsafeBufferPointer { _ = fuzzOneInput($0.baseAddress!, $0.count - 1) }
            // How far the input got, to tell whether a seed reaches the checker and translator.
            do {
                _ = try Checker.parseAndCheck(String(decoding: data, as: UTF8.self), catalog: fuzzCatalog)
                print("\(path): translated")
            } catch {
                print("\(path): \(error.errors.map(\.message).joined(separator: "; ").prefix(200))")
            }
        }
    }
}
#endif
