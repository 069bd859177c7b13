import ADQL
import ADQLToPostgres

/// Tables the fuzzer's queries can name, so that checking and translating get exercised too.
let fuzzCatalog = TableCatalog(tables: [
    TableMetadata(
        schema: "ivoa", name: "obscore",
        columns: [
            ColumnMetadata(name: "obs_id", type: .char(length: nil)), ColumnMetadata(name: "s_ra", type: .double, unit: "deg"),
            ColumnMetadata(name: "s_dec", type: .double, unit: "deg"),
            ColumnMetadata(name: "s_region", type: .polygon, geometryStorageName: "s_region_spoly"),
            ColumnMetadata(name: "t_min", type: .double, unit: "d"), ColumnMetadata(name: "calib_level", type: .smallint),
        ],
        derivedPoints: [DerivedPoint(ra: "s_ra", dec: "s_dec", storageName: "s_point")]),
    TableMetadata(
        schema: "cat", name: "sources",
        columns: [ColumnMetadata(name: "source_id", type: .bigint), ColumnMetadata(name: "ra", type: .double),
                  ColumnMetadata(name: "dec", type: .double), ColumnMetadata(name: "mag", type: .real, unit: "mag")],
        derivedPoints: [DerivedPoint(ra: "ra", dec: "dec", storageName: "pos")]),
])

/// libFuzzer entry point over the lexer, parser, checker and translator (`fuzz/run.sh` builds and runs it:
/// `swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING --product ADQLFuzz`).
/// Without FUZZING it builds a replay tool that runs each file given on the command line through the same entry
/// (an empty file included), to reproduce a crash from `fuzz/crashes/` under a debugger.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Whatever the input, the parser, checker and translator must return, never crash.
    if let checked = try? Checker.parseAndCheck(text, catalog: fuzzCatalog) {
        _ = Translator.translate(checked, limits: .init(rowLimit: 1001))
    }
    return 0
}

#if FUZZING
// SwiftPM links an executable's entry point as `<Target>_main`; hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
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
        }
    }
}
#endif
