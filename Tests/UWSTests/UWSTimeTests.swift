import Foundation
import TestSupport
import Testing

@testable import UWS

@Suite struct UWSTimeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: String?
        var testDescription: String { text.isEmpty ? "(empty)" : text }
    }

    static func cases() throws -> [Case] {
        try CaseFile("times.tsv", beside: #filePath).rows(fields: 2, atLeast: 17).map { columns in
            Case(text: columns[0], expected: columns[1] == "invalid" ? nil : columns[1])
        }
    }

    @Test(arguments: try cases())
    func parse(_ example: Case) {
        #expect(UWSTime.parse(example.text).map(UWSTime.format) == example.expected)
    }

    @Test func formatIsUTCToTheNearestMillisecond() {
        #expect(UWSTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UWSTime.format(Date(timeIntervalSince1970: 1.9994)) == "1970-01-01T00:00:01.999Z")
        #expect(UWSTime.format(Date(timeIntervalSince1970: 1.9999)) == "1970-01-01T00:00:02.000Z")
    }
}

@Suite struct JobIDTests {
    @Test func idsAreLongRandomAndWellFormed() {
        let ids = (0..<1000).map { _ in JobID.make() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { JobID.isWellFormed(Substring($0)) })
        // 128 bits: the first character carries the top three bits only.
        #expect(ids.allSatisfy { "abcdefgh".contains($0.first!) })
        #expect(!JobID.isWellFormed("../../etc/passwd"))
        #expect(!JobID.isWellFormed(Substring(ids[0].uppercased())))
    }
}

@Suite struct JobListFilterTests {
    @Test func phasesAreAUnionAndArchivedIsHiddenByDefault() throws {
        #expect(!JobListFilter().listedPhases.contains(.archived))
        let filter = try JobListFilter(parameters: [
            ("phase", "QUEUED"), ("PHASE", "EXECUTING"), ("LAST", "3"), ("after", "2026-11-25"), ("other", "x"),
        ])
        #expect(filter.listedPhases == [.queued, .executing])
        #expect(filter.last == 3)
        #expect(filter.after.map(UWSTime.format) == "2026-11-25T00:00:00.000Z")
    }

    @Test(arguments: [
        ("PHASE", "queued", JobListFilter.Problem.unknownPhase("queued")),
        ("LAST", "0", .badLast("0")),
        ("LAST", "-2", .badLast("-2")),
        ("AFTER", "soon", .badAfter("soon")),
    ])
    func badValuesAreRefused(name: String, value: String, problem: JobListFilter.Problem) {
        #expect(throws: problem) { try JobListFilter(parameters: [(name, value)]) }
    }
}
