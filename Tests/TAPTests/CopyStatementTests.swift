import ADQLToPostgres
import Foundation
import TestSupport
import Testing

@testable import TAPDatabase
@testable import TAPEngine

/// One line of Cases/copy-inlining.tsv: a bound statement and the COPY-ready text it must become.
struct InliningCase: Sendable, CustomTestStringConvertible {
    var statement: SQLStatement
    var expected: String
    var line: Int

    var testDescription: String { "line \(line): \(statement.sql)" }

    static func all() throws -> [InliningCase] {
        try CaseFile("copy-inlining.tsv", beside: #filePath).numberedLines(atLeast: 16).map { line in
            let index = line.number - 1
            let fields = line.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { fatalError("copy-inlining.tsv:\(line.number): too few fields") }
            let binds = fields.dropFirst(2).map { field -> SQLValue in
                let (kind, value) = (field.prefix { $0 != ":" }, String(field.drop { $0 != ":" }.dropFirst()))
                switch kind {
                case "int8": return .int64(Int64(value)!)
                case "float8": return .double(Double(value)!)
                case "text": return .text(value)
                default: fatalError("copy-inlining.tsv:\(index + 1): unknown bind \(field)")
                }
            }
            return InliningCase(
                statement: SQLStatement(sql: fields[0], binds: binds), expected: fields[1], line: line.number)
        }
    }
}

struct CopyStatementTests {
    @Test(arguments: try InliningCase.all())
    func inlined(_ example: InliningCase) {
        let text = CopyStatement.inlined(example.statement) { "'" + $0.replacing("'", with: "''") + "'" }
        #expect(text == example.expected)
    }
}

/// The inlined literals read back through a real COPY: what the user wrote is what the database compares with.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct CopyLiteralRoundTripTests {
    static let hostile = [
        "plain", "it's", "\\", "back\\slash\\'", "E'\\x41'", "$1", "\"quoted\"", "tab\tand\nnewline", "Ångström ∠ 星",
        "'); DROP TABLE ivoa.obscore; --", "",
    ]

    @Test func textComesBackAsWritten() throws {
        let connection = try LibPQConnection(conninfo: TestDatabase.database().queryConninfo)
        for value in Self.hostile {
            let statement = SQLStatement(sql: "SELECT $1, length($1)", binds: [.text(value)])
            let sql = CopyStatement.copy(try CopyStatement.inlined(statement, literal: connection.literal))
            try connection.startCopyOut(sql)
            var bytes: [UInt8] = []
            while let message = connection.nextCopyData() { bytes += message }
            try connection.finishCopy()
            // The binary COPY: a 19-byte header, one row of two fields (length-prefixed), the -1 trailer.
            func int(at offset: Int, size: Int) -> Int {
                bytes[offset..<offset + size].reduce(0) { $0 << 8 | Int($1) }
            }
            #expect(int(at: 19, size: 2) == 2)
            let length = int(at: 21, size: 4)
            #expect(String(decoding: bytes[25..<25 + length], as: UTF8.self) == value)
            #expect(int(at: 25 + length, size: 4) == 4)
            #expect(int(at: 29 + length, size: 4) == value.unicodeScalars.count)
        }
    }
}
