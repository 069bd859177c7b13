import ADQL
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing
import VOTable

@testable import TAPDatabase
@testable import TAPEngine

/// The engine's one preparation of a query (parameters, uploads, parse, check, translate, result frame), as sync
/// and async both use it, with no database: the pipeline's pools are made but never connect.
@Suite struct QueryPreparationTests {
    static let pipeline = QueryPipeline(
        catalog: TableCatalog(published: PublishedTable.standard),
        client: PostgresClient(configuration: .init(
            unixSocketPath: "/nonexistent", username: "none", password: nil, database: nil)),
        copyPool: LibPQPool(conninfo: "host=/nonexistent", capacity: 1), configuration: TAPConfiguration(),
        logger: Logger(label: "test"))

    struct Case: Sendable, CustomTestStringConvertible {
        var parameters: DALIParameters
        var outcome: String
        var detail: String
        var line: Int
        var testDescription: String { "line \(line)" }
    }

    static func cases() throws -> [Case] {
        try CaseFile("preparation.tsv", beside: #filePath).numberedRows(fields: 2...3, atLeast: 13).map { row in
            let pairs = row.fields[0].components(separatedBy: " & ").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
            return Case(
                parameters: DALIParameters(pairs), outcome: row.fields[1],
                detail: row.fields.count > 2 ? row.fields[2] : "", line: row.number)
        }
    }

    static func describe(_ format: ResultFormat) -> String {
        switch format {
        case .votable(let serialization): "votable(\(serialization))"
        default: "\(format)"
        }
    }

    @Test(arguments: try cases())
    func prepares(_ example: Case) async throws {
        do throws(TAPError) {
            let submission = try await Self.pipeline.submit(example.parameters, files: [:], spool: nil)
            defer { submission.remove() }
            let prepared = submission.prepared
            #expect(example.outcome == "ok", "prepared, but expected \(example.detail)")
            let fields = prepared.fields.map(\.name).joined(separator: ",")
            #expect("\(Self.describe(prepared.format)) \(prepared.maxRecords) \(fields)" == example.detail)
            // One row more than MAXREC, to see an overflow; the query is ADQL's, echoed in the result's INFOs.
            #expect(prepared.statement.sql.contains("LIMIT"))
            #expect(prepared.infos.contains { $0.name == "QUERY" && $0.value == prepared.adql })
        } catch {
            #expect(example.outcome == "error", "\(error.message)")
            #expect(error.message.hasPrefix(example.detail), "\(error.message)")
            guard case .badRequest = error.kind else {
                Issue.record("not the client's error: \(error.kind)")
                return
            }
        }
    }

    /// An inline CSV upload becomes a table the query can name, read from its spooled part before anything runs.
    @Test func anInlineUploadIsReadAndQueryable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prepare-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let part = folder + "/part"
        try "ra,dec,name\n10.5,-3.25,a\n11,4,b\n".write(toFile: part, atomically: true, encoding: .utf8)
        let spool = try SpoolDirectory.make(under: folder)
        let parameters = DALIParameters([
            ("QUERY", "SELECT t.name, o.obs_id FROM TAP_UPLOAD.t AS t JOIN ivoa.obscore AS o "
                + "ON 1 = CONTAINS(POINT(o.s_ra, o.s_dec), CIRCLE(t.ra, t.dec, 0.1))"),
            ("UPLOAD", "t,param:t"),
        ])
        let submission = try await Self.pipeline.submit(parameters, files: ["t": part], spool: spool)
        #expect(submission.uploads.map(\.name) == ["t"])
        #expect(submission.uploads.first?.rows == 2)
        #expect(submission.prepared.fields.map(\.name) == ["name", "obs_id"])
        let storage = try #require(submission.uploads.first?.storageName)
        #expect(submission.prepared.statement.sql.contains(storage))
    }
}
