// Times the ADQL parser, and parse + check + translate, on every query of the shared corpus.
//
// usage: ADQLBench [--warmup PASSES] [--passes PASSES] [--tsv FILE] [--verbose] [corpus.jsonl]
// (--verbose lists the valid queries with tables that the checker rejects, and why)
//
// Same method as the ADQLLib harness (/work/shared/bench/AdqlLibBench.java), so the two can be compared as a
// ratio: a verdict pass, warm-up passes over the whole corpus, then timed passes in which each query is timed
// once per pass on a monotonic clock; a query's figure is the median over the passes, and the summary is the
// median and mean of those per-query medians.
//
// Parse-only covers every query, valid or not (rejecting is timed as well, as ADQLLib's figure does).
// Parse + check + translate covers the queries the checker accepts against a catalogue built from each record's
// `tables` field (table -> column names, every column typed DOUBLE) and `udfs` declarations.

import ADQL
import ADQLToPostgres
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct Record {
    var id: String
    var adql: String
    var valid: Bool
    var catalog: TableCatalog
    var hasTables: Bool
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ADQLBench: \(message)\n".utf8))
    exit(2)
}

/// `value`, or the end of the run with `message`.
func required<T>(_ value: T?, _ message: @autoclosure () -> String) -> T {
    guard let value else { fail(message()) }
    return value
}

// MARK: Arguments

var warmupPasses = 300
var timedPasses = 51
var tsvPath: String?
var verbose = false
var corpusPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--warmup": warmupPasses = required(arguments.popFirst().flatMap { Int($0) }, "--warmup needs a number")
    case "--passes": timedPasses = required(arguments.popFirst().flatMap { Int($0) }, "--passes needs a number")
    case "--verbose": verbose = true
    case "--tsv": tsvPath = required(arguments.popFirst(), "--tsv needs a file")
    case "-h", "--help":
        print("usage: ADQLBench [--warmup PASSES] [--passes PASSES] [--tsv FILE] [--verbose] [corpus.jsonl]")
        exit(0)
    default: corpusPath = argument
    }
}
guard timedPasses > 0, warmupPasses >= 0 else { fail("passes must be positive") }
let path = required(
    corpusPath
        ?? ["../shared/conformance/adql/corpus.jsonl", "/work/shared/conformance/adql/corpus.jsonl"].first {
            FileManager.default.fileExists(atPath: $0)
        }, "no corpus given and none found")

// MARK: Corpus

/// A record's tables as a catalogue: `schema.table` keys keep their schema, bare ones get `public` (an
/// unqualified name in a query finds a table in any schema).
func catalog(tables: [String: [String]], udfs: [String]) -> TableCatalog {
    let metadata = tables.map { key, columns in
        let dot = key.lastIndex(of: ".")
        let schema = dot.map { String(key[..<$0]) } ?? "public"
        let name = dot.map { String(key[key.index(after: $0)...]) } ?? key
        return TableMetadata(
            schema: schema, name: name, columns: columns.map { ColumnMetadata(name: $0, type: .double) })
    }
    let functions = udfs.compactMap { declaration in
        try? UserDefinedFunction(
            declaration: declaration, description: "", sqlName: String(declaration.prefix { $0 != "(" }))
    }
    return TableCatalog(tables: metadata, functions: functions)
}

let corpusText = required(try? String(contentsOfFile: path, encoding: .utf8), "cannot read \(path)")
let records: [Record] = corpusText.split(separator: "\n").compactMap { line in
    guard !line.allSatisfy(\.isWhitespace) else { return nil }
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let adql = object["adql"] as? String
    else { fail("cannot read a record: \(line.prefix(80))") }
    return Record(
        id: id, adql: adql, valid: object["valid"] as? Bool ?? false,
        catalog: catalog(
            tables: object["tables"] as? [String: [String]] ?? [:], udfs: object["udfs"] as? [String] ?? []),
        hasTables: object["tables"] != nil)
}
guard !records.isEmpty else { fail("\(path) holds no records") }

// MARK: The timed work

/// Keeps results alive so the optimiser cannot drop the work that made them.
@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

@inline(never) func parseOnly(_ record: Record) -> Bool {
    do {
        consume(try Parser.parse(record.adql))
        return true
    } catch {
        consume(error)
        return false
    }
}

@inline(never) func parseCheckTranslate(_ record: Record) -> Bool {
    do {
        let checked = try Checker.parseAndCheck(record.adql, catalog: record.catalog)
        consume(Translator.translate(checked, limits: .init(rowLimit: 1001)))
        return true
    } catch {
        consume(error)
        return false
    }
}

@inline(__always) func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Per-query medians, in microseconds, of `work` over `timedPasses` passes after `warmupPasses`.
func measure(_ subset: [Record], warmupPasses: Int, timedPasses: Int, _ work: (Record) -> Bool) -> [Double] {
    for _ in 0..<warmupPasses { for record in subset { _ = work(record) } }
    var samples = [[UInt64]](repeating: [UInt64](repeating: 0, count: timedPasses), count: subset.count)
    for pass in 0..<timedPasses {
        for (index, record) in subset.enumerated() {
            let start = nanoseconds()
            _ = work(record)
            samples[index][pass] = nanoseconds() - start
        }
    }
    return samples.map { median($0.map { Double($0) / 1000 }) }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

func format(_ value: Double) -> String { String(format: "%.2f", value) }

// MARK: Run

let parsed = records.map(parseOnly)
let checked = records.map(parseCheckTranslate)
let validCount = records.filter(\.valid).count
let acceptedValid = zip(records, parsed).filter { $0.0.valid && $0.1 }.count
let rejectedInvalid = zip(records, parsed).filter { !$0.0.valid && !$0.1 }.count
let checkable = zip(records, checked).filter(\.1).map(\.0)

if verbose {
    for record in records where record.valid && record.hasTables {
        do {
            _ = try Checker.parseAndCheck(record.adql, catalog: record.catalog)
        } catch {
            print("not checked: \(record.id): \(error.errors.map(\.message).joined(separator: "; "))")
        }
    }
}

let parseTimes = measure(records, warmupPasses: warmupPasses, timedPasses: timedPasses, parseOnly)
let fullTimes = measure(
    checkable, warmupPasses: warmupPasses, timedPasses: timedPasses, parseCheckTranslate)
let checkableIDs = Set(checkable.map(\.id))
let parseTimesOfCheckable = zip(records, parseTimes).filter { checkableIDs.contains($0.0.id) }.map(\.1)

print("corpus: \(path): \(records.count) queries (\(validCount) valid, \(records.count - validCount) invalid)")
print("verdicts: \(acceptedValid)/\(validCount) valid accepted, \(rejectedInvalid)/\(records.count - validCount) invalid rejected")
print("method: \(warmupPasses) warm-up passes, \(timedPasses) timed passes; per-query median over passes, in µs")
print("parse: queries=\(records.count) median_us=\(format(median(parseTimes))) mean_us=\(format(mean(parseTimes)))")
if checkable.isEmpty {
    print("parse+check+translate: queries=0 (the checker accepted none)")
} else {
    print(
        "parse+check+translate: queries=\(checkable.count) median_us=\(format(median(fullTimes))) mean_us=\(format(mean(fullTimes)))"
            + " (parse only on the same queries: median_us=\(format(median(parseTimesOfCheckable))))")
}

if let tsvPath {
    var lines = ["id\tvalid\taccepted\tparse_median_us\tfull_median_us"]
    var fullByID: [String: Double] = [:]
    for (record, time) in zip(checkable, fullTimes) { fullByID[record.id] = time }
    for (index, record) in records.enumerated() {
        lines.append(
            "\(record.id)\t\(record.valid)\t\(parsed[index])\t\(format(parseTimes[index]))\t"
                + (fullByID[record.id].map(format) ?? ""))
    }
    guard FileManager.default.createFile(atPath: tsvPath, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    else { fail("cannot write \(tsvPath)") }
}
