import Foundation

/// Table-driven test cases kept in files beside the tests, so adding a case is adding a line.
///
/// Loading is strict, so that a test cannot pass by running fewer cases than it claims: a missing or unreadable
/// file throws, a line with the wrong number of fields throws (naming the file and line), and a file with fewer
/// cases than the caller knows it holds throws. `@Test(arguments: try ...)` turns any of these into a failure.
public struct CaseFile: Sendable {
    public let url: URL

    /// `name` in the `Cases` folder beside `testFile` (pass `#filePath`).
    public init(_ name: String, beside testFile: String) {
        url = URL(fileURLWithPath: testFile).deletingLastPathComponent()
            .appendingPathComponent("Cases").appendingPathComponent(name)
    }

    public init(url: URL) {
        self.url = url
    }

    /// One case: its text and its line number in the file (from 1).
    public struct Line: Sendable {
        public var text: String
        public var number: Int
    }

    /// The file's text, or an error naming the file.
    public func text() throws -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CaseFileError(url: url, line: nil, message: "cannot read the case file: \(error.localizedDescription)")
        }
    }

    /// The lines that are cases: blank lines and lines starting with `#` are comments.
    public func numberedLines(atLeast minimum: Int) throws -> [Line] {
        let all = try text().split(separator: "\n", omittingEmptySubsequences: false)
        let cases = all.enumerated().compactMap { index, line -> Line? in
            line.isEmpty || line.hasPrefix("#") ? nil : Line(text: String(line), number: index + 1)
        }
        guard cases.count >= minimum else {
            throw CaseFileError(
                url: url, line: nil, message: "\(cases.count) cases, expected at least \(minimum): was the file cut?")
        }
        return cases
    }

    public func lines(atLeast minimum: Int) throws -> [String] {
        try numberedLines(atLeast: minimum).map(\.text)
    }

    /// One tab-separated case: its fields and its line number in the file.
    public struct Row: Sendable {
        public var fields: [String]
        public var number: Int
    }

    /// Tab-separated rows, each with a number of fields in `fields`.
    public func numberedRows(fields: ClosedRange<Int>, atLeast minimum: Int) throws -> [Row] {
        try numberedLines(atLeast: minimum).map { line in
            let row = line.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.contains(row.count) else {
                throw error(
                    line: line.number,
                    "\(row.count) tab-separated fields, expected \(fields.lowerBound)...\(fields.upperBound)")
            }
            return Row(fields: row, number: line.number)
        }
    }

    public func rows(fields: ClosedRange<Int>, atLeast minimum: Int) throws -> [[String]] {
        try numberedRows(fields: fields, atLeast: minimum).map(\.fields)
    }

    /// An error about this file, for a case whose fields do not make sense to the test reading them.
    public func error(line: Int?, _ message: String) -> CaseFileError {
        CaseFileError(url: url, line: line, message: message)
    }

    public func rows(fields: Int, atLeast minimum: Int) throws -> [[String]] {
        try rows(fields: fields...fields, atLeast: minimum)
    }

    /// One JSON record per line, every one of which must decode; exactly `count` of them.
    public func jsonLines<Record: Decodable>(_ type: Record.Type, count: Int) throws -> [Record] {
        let lines = try numberedLines(atLeast: 0)
        let records = try lines.map { line in
            do {
                return try JSONDecoder().decode(Record.self, from: Data(line.text.utf8))
            } catch {
                throw CaseFileError(url: url, line: line.number, message: "does not decode: \(error)")
            }
        }
        guard records.count == count else {
            throw CaseFileError(url: url, line: nil, message: "\(records.count) records, expected exactly \(count)")
        }
        return records
    }
}

/// A case file that is missing, cut or malformed.
public struct CaseFileError: Error, CustomStringConvertible {
    public var url: URL
    public var line: Int?
    public var message: String

    public var description: String {
        "\(url.path)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
