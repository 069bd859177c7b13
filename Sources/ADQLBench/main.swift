// Times the ADQL parser, and parse + check + translate, on every query of the shared corpus.
//
// usage: ADQLBench [--warmup PASSES] [--passes PASSES] [--tsv FILE] [--verbose] [corpus.jsonl]
// (--verbose lists the valid queries that no catalogue could be found for, with the checker's messages)
//
// Same method as the ADQLLib harness (shared/bench/AdqlLibBench.java, beside this repository), so the two can be
// compared as a ratio: a verdict pass, warm-up passes over the whole corpus, then timed passes in which each query
// is timed once per pass on a monotonic clock; a query's figure is the median over the passes, and the summary is the
// median and mean of those per-query medians.
//
// Parse-only covers every query, valid or not (rejecting is timed as well, as ADQLLib's figure does).
// Parse + check + translate covers the valid queries for which a catalogue is found (before any timing):
// - "recorded": the record's `tables` field (table -> column names) and `udfs` declarations, columns DOUBLE;
// - "inferred": where that is missing or not enough, the tables, columns and functions the checker reports
//   unknown, added one round at a time, first typed DOUBLE, then, if types still clash, of unknown type (what
//   the service makes of a TAP_SCHEMA datatype it does not know, which fits wherever a value does).

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
    var features: [String]
    var recordedTables: [String: [String]]?
    var udfs: [String]
    /// What parse + check + translate runs against, when one was found.
    var catalog: TableCatalog?
    var catalogSource = CatalogSource.none
}

enum CatalogSource: String {
    case recorded, inferred, none
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

let corpusText = required(try? String(contentsOfFile: path, encoding: .utf8), "cannot read \(path)")
var records: [Record] = corpusText.split(separator: "\n").compactMap { line in
    guard !line.allSatisfy(\.isWhitespace) else { return nil }
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let adql = object["adql"] as? String
    else { fail("cannot read a record: \(line.prefix(80))") }
    return Record(
        id: id, adql: adql, valid: object["valid"] as? Bool ?? false, features: object["features"] as? [String] ?? [],
        recordedTables: object["tables"] as? [String: [String]], udfs: object["udfs"] as? [String] ?? [])
}
guard !records.isEmpty else { fail("\(path) holds no records") }

// MARK: Catalogs

/// Tables and functions for one query, as names; `catalog(typed:)` makes them a `TableCatalog`.
struct CatalogDraft {
    var tables: [(schema: String, name: String, columns: [String])] = []
    /// Inferred functions: name and argument count.
    var functions: [(name: String, arity: Int)] = []
    var declarations: [String] = []

    /// `schema.table` keys keep their schema, bare ones get `public` (an unqualified name in a query finds a
    /// table in any schema).
    init(tables: [String: [String]], udfs: [String]) {
        for (key, columns) in tables.sorted(by: { $0.key < $1.key }) {
            let parts = splitName(key)
            self.tables.append((parts.count >= 2 ? parts[parts.count - 2] : "public", parts[parts.count - 1], columns))
        }
        declarations = udfs
    }

    func catalog(typed type: ValueType) -> TableCatalog {
        let metadata = tables.map { table in
            TableMetadata(
                schema: table.schema, name: table.name,
                columns: table.columns.map { ColumnMetadata(name: $0, type: type) })
        }
        let declared = declarations.compactMap { declaration in
            try? UserDefinedFunction(
                declaration: declaration, description: "", sqlName: String(declaration.prefix { $0 != "(" }))
        }
        let inferred = functions.map { function in
            UserDefinedFunction(
                name: function.name, arguments: (0..<function.arity).map { .init("a\($0)", type) }, result: type,
                description: "", sqlName: function.name)
        }
        return TableCatalog(tables: metadata, functions: declared + inferred)
    }

    /// Adds what `error` says is missing; false when it names nothing new.
    mutating func learn(from error: ADQLError, in source: [UInt8]) -> Bool {
        let end = min(error.range.end, source.count)
        let written = String(decoding: source[min(error.range.start, end)..<end], as: UTF8.self)
        switch error.code {
        case .unknownTable:
            let parts = splitName(written)
            let name = parts[parts.count - 1]
            let schema = parts.count >= 2 ? parts[parts.count - 2] : "public"
            // Already there: the table is ambiguous, not missing.
            guard !tables.contains(where: { $0.name == name && $0.schema == schema }) else { return false }
            tables.append((schema, name, []))
            return true
        case .unknownColumn:
            let parts = splitName(written)
            let column = parts[parts.count - 1]
            // A qualifier that is a table's own name says where; an alias does not (the checker keeps its
            // mapping), so the column goes to the first table that lacks it, and to the next one next round.
            let qualifier = parts.count >= 2 ? parts[parts.count - 2].lowercased() : nil
            let named = qualifier.flatMap { qualifier in tables.firstIndex { $0.name.lowercased() == qualifier } }
            let target = named ?? tables.firstIndex { !$0.columns.contains(column) }
            guard let target, !tables[target].columns.contains(column) else { return false }
            tables[target].columns.append(column)
            return true
        case .unknownFunction:
            guard !functions.contains(where: { $0.name.lowercased() == written.lowercased() }) else { return false }
            functions.append((written, argumentCount(after: error.range.end, in: source)))
            return true
        default:
            return false
        }
    }
}

/// `a.b`, `"a"."b c"` -> its parts, delimited ones unquoted.
func splitName(_ written: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var quoted = false
    var characters = written.makeIterator()
    var pending = characters.next()
    while let character = pending {
        pending = characters.next()
        if character == "\"" {
            if quoted && pending == "\"" {
                current.append("\"")
                pending = characters.next()
            } else {
                quoted.toggle()
            }
        } else if character == "." && !quoted {
            parts.append(current)
            current = ""
        } else if quoted || !character.isWhitespace {
            current.append(character)
        }
    }
    parts.append(current)
    return parts
}

/// The number of arguments of the call whose name ends at `offset`: top-level commas, by a scan that skips
/// strings and delimited identifiers.
func argumentCount(after offset: Int, in source: [UInt8]) -> Int {
    var depth = 0
    var commas = 0
    var empty = true
    var quote: UInt8?
    for byte in source[min(offset, source.count)...] {
        if let open = quote {
            if byte == open { quote = nil }
            continue
        }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte; empty = false
        case UInt8(ascii: "("): depth += 1; if depth > 1 { empty = false }
        case UInt8(ascii: ")"):
            depth -= 1
            if depth == 0 { return empty ? 0 : commas + 1 }
        case UInt8(ascii: ","): if depth == 1 { commas += 1 }
        case _ where byte > 32 && depth >= 1: empty = false
        default: break
        }
    }
    return commas + 1
}

func checks(_ source: String, _ catalog: TableCatalog) -> [ADQLError] {
    do {
        _ = try Checker.parseAndCheck(source, catalog: catalog)
        return []
    } catch {
        return error.errors
    }
}

/// A catalogue the checker accepts `record` against, and where it came from; else the checker's last complaints.
func findCatalog(for record: Record) -> Result<(TableCatalog, CatalogSource), ADQLDiagnostics> {
    do {
        _ = try Parser.parse(record.adql)
    } catch {
        return .failure(error)
    }
    let start = CatalogDraft(tables: record.recordedTables ?? [:], udfs: record.udfs)
    if record.recordedTables != nil, checks(record.adql, start.catalog(typed: .double)).isEmpty {
        return .success((start.catalog(typed: .double), .recorded))
    }
    let source = Array(record.adql.utf8)
    var errors: [ADQLError] = []
    for type in [ValueType.double, .unknown] {
        var draft = start
        // Each round adds at least one name; a query names few.
        for _ in 0..<32 {
            errors = checks(record.adql, draft.catalog(typed: type))
            if errors.isEmpty { return .success((draft.catalog(typed: type), .inferred)) }
            var learned = false
            for error in errors where draft.learn(from: error, in: source) { learned = true }
            if !learned { break }
        }
    }
    return .failure(ADQLDiagnostics(errors: errors, source: record.adql))
}

var uncheckedReasons: [String: String] = [:]
for index in records.indices where records[index].valid {
    switch findCatalog(for: records[index]) {
    case .success(let (catalog, source)):
        records[index].catalog = catalog
        records[index].catalogSource = source
    case .failure(let diagnostics):
        uncheckedReasons[records[index].id] = diagnostics.errors.map(\.message).joined(separator: "; ")
    }
}

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
        let checked = try Checker.parseAndCheck(record.adql, catalog: record.catalog!)
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
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

func format(_ value: Double) -> String { value.isNaN ? "-" : String(format: "%.2f", value) }

// MARK: Run

let parsed = records.map(parseOnly)
let validCount = records.filter(\.valid).count
let acceptedValid = zip(records, parsed).filter { $0.0.valid && $0.1 }.count
let rejectedInvalid = zip(records, parsed).filter { !$0.0.valid && !$0.1 }.count
let checkableIndices = records.indices.filter { records[$0].catalog != nil }
let checkable = checkableIndices.map { records[$0] }
guard checkable.allSatisfy(parseCheckTranslate) else { fail("a catalogue stopped fitting its query") }

if verbose {
    for record in records where record.valid && record.catalog == nil {
        print("not checked: \(record.id): \(uncheckedReasons[record.id] ?? "")")
    }
}

let parseTimes = measure(records, warmupPasses: warmupPasses, timedPasses: timedPasses, parseOnly)
let fullTimes = measure(checkable, warmupPasses: warmupPasses, timedPasses: timedPasses, parseCheckTranslate)
var fullTimeByIndex: [Int: Double] = [:]
for (index, time) in zip(checkableIndices, fullTimes) { fullTimeByIndex[index] = time }

print("corpus: \(path): \(records.count) queries (\(validCount) valid, \(records.count - validCount) invalid)")
print(
    "verdicts: \(acceptedValid)/\(validCount) valid accepted, "
        + "\(rejectedInvalid)/\(records.count - validCount) invalid rejected")
let recordedCount = checkable.filter { $0.catalogSource == .recorded }.count
print(
    "catalogues: \(checkable.count)/\(validCount) valid queries checked and translated (\(recordedCount) with "
        + "their recorded tables, \(checkable.count - recordedCount) with inferred ones); "
        + "\(records.count - checkable.count) parse only")
print("method: \(warmupPasses) warm-up passes, \(timedPasses) timed passes; per-query median over passes, in µs")
print("parse: queries=\(records.count) median_us=\(format(median(parseTimes))) mean_us=\(format(mean(parseTimes)))")

/// One line of the summary table: counts, and median and mean of parse and of parse + check + translate.
@MainActor func row(_ label: String, _ indices: [Int]) -> String {
    let parse = indices.map { parseTimes[$0] }
    let full = indices.compactMap { fullTimeByIndex[$0] }
    let parseOfFull = indices.filter { fullTimeByIndex[$0] != nil }.map { parseTimes[$0] }
    func cell(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
    return label.padding(toLength: 22, withPad: " ", startingAt: 0) + cell("\(parse.count)", 6)
        + cell(format(median(parse)), 9) + cell(format(mean(parse)), 9) + cell("\(full.count)", 6)
        + cell(format(median(full)), 9) + cell(format(mean(full)), 9) + cell(format(median(parseOfFull)), 10)
}

if checkable.isEmpty {
    print("parse+check+translate: queries=0 (no catalogue fits any query)")
} else {
    let parseOfCheckable = checkableIndices.map { parseTimes[$0] }
    print(
        "parse+check+translate: queries=\(checkable.count) median_us=\(format(median(fullTimes))) "
            + "mean_us=\(format(mean(fullTimes))) (parse only on the same queries: "
            + "median_us=\(format(median(parseOfCheckable))))")
    let recordedIndices = checkableIndices.filter { records[$0].catalogSource == .recorded }
    let recordedTimes = recordedIndices.compactMap { fullTimeByIndex[$0] }
    print(
        "parse+check+translate, recorded tables only: queries=\(recordedIndices.count) "
            + "median_us=\(format(median(recordedTimes))) mean_us=\(format(mean(recordedTimes)))")
}

print("")
print("by kind (µs)               parse: n   median     mean  full: n   median     mean  parse of full")
print(row("all", Array(records.indices)))
print(row("valid", records.indices.filter { records[$0].valid }))
print(row("invalid", records.indices.filter { !records[$0].valid }))
print(row("catalogue recorded", records.indices.filter { records[$0].catalogSource == .recorded }))
print(row("catalogue inferred", records.indices.filter { records[$0].catalogSource == .inferred }))
for tag in ["geometry", "join", "subquery", "set-op", "aggregate", "order-by", "math-fn", "string-fn", "archive",
    "lexical", "comment", "delimited-id"]
{
    print(row("tag " + tag, records.indices.filter { records[$0].features.contains(tag) }))
}

if let tsvPath {
    var lines = ["id\tvalid\taccepted\tcatalogue\tparse_median_us\tfull_median_us"]
    for (index, record) in records.enumerated() {
        lines.append(
            "\(record.id)\t\(record.valid)\t\(parsed[index])\t\(record.catalogSource.rawValue)\t"
                + "\(format(parseTimes[index]))\t" + (fullTimeByIndex[index].map(format) ?? ""))
    }
    guard FileManager.default.createFile(atPath: tsvPath, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    else { fail("cannot write \(tsvPath)") }
}
