import ADQL
import ADQLToPostgres
import Foundation
import PostgresNIO
import Testing

@testable import TAPService

/// Every valid query of the shared corpus that names this service's tables is checked, translated and run
/// against the real database. Queries that name columns our ObsCore does not have (ESO's own extensions such
/// as `snr` or `dp_id`) are reported by the checker as unknown names, which is the right answer for them.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct CorpusExecutionTests {
    struct Record: Decodable, Sendable, CustomTestStringConvertible {
        var id: String
        var adql: String
        var valid: Bool
        var testDescription: String { id }
    }

    static let records: [Record] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/adql/corpus.jsonl")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
            .filter { record in
                let lower = record.adql.lowercased()
                return record.valid && (lower.contains("ivoa.obscore") || lower.contains("tap_schema."))
            }
    }()

    static let unknownNames: Set<ADQLError.Code> = [.unknownColumn, .unknownTable, .unknownQualifier, .unknownFunction]

    /// Cases/corpus-not-executable.txt: refused for a reason other than unknown names, each with that reason.
    static let refused: Set<String> = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Cases/corpus-not-executable.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: " ").first.map(String.init) })
    }()

    @Test func enoughQueriesNameOurTables() {
        #expect(Self.records.count >= 30)
    }

    @Test(arguments: records)
    func runs(_ record: Record) async throws {
        let tables = try await TestDatabase.publishedTables()
        let checked: CheckedQuery
        do {
            checked = try Checker.parseAndCheck(record.adql, catalog: TableCatalog(published: tables))
        } catch {
            let other = error.errors.filter { !Self.unknownNames.contains($0.code) }
            #expect(other.isEmpty == !Self.refused.contains(record.id), "\(error.rendered)")
            return
        }
        #expect(!Self.refused.contains(record.id), "now accepted: remove it from Cases/corpus-not-executable.txt")
        let statement = Translator.translate(checked, limits: .init(rowLimit: 1001))
        try await TestDatabase.withQueryClient { client in
            let rows = try await client.query(PostgresQuery(statement))
            for try await _ in rows {}
        }
    }
}
