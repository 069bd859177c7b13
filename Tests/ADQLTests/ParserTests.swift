import Testing

@testable import ADQL

@Suite struct ParserTests {
    @Test(arguments: CaseFiles.lines("valid-queries.txt"))
    func validQueryParses(_ query: String) throws {
        _ = try Parser.parse(query)
    }

    @Test(arguments: CaseFiles.rows("syntax-errors.tsv"))
    func syntaxErrorHasPositionAndCode(_ row: [String]) throws {
        let query = row[0].replacingOccurrences(of: "\\n", with: "\n")
        let error = try #require(throws: ADQLDiagnostics.self) { try Parser.parse(query) }
        let first = try #require(error.errors.first)
        #expect("\(error.location(of: first))" == row[1], "\(first.message)")
        #expect(first.code.rawValue == row[2])
        #expect(first.message.contains(row[3]), "\(first.message)")
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let query = "SELECT " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
            + " FROM t"
        let error = try #require(throws: ADQLDiagnostics.self) { try Parser.parse(query + " ") }
        #expect(error.errors.first?.code == .tooDeep)
    }

    @Test func treeShape() throws {
        let query = try Parser.parse("SELECT TOP 3 a, t.b AS x FROM s.t WHERE a > 1 AND NOT b = 'q' ORDER BY 2 DESC")
        #expect(query.top == 3)
        #expect(query.selectList.count == 2)
        guard case .expression(let b, let alias) = query.selectList[1] else { Issue.record("not an expression"); return }
        #expect(alias?.name == "x")
        guard case .column(let name) = b.kind else { Issue.record("not a column"); return }
        #expect(name.parts.map(\.name) == ["t", "b"])
        guard case .and(_, let right)? = query.whereClause?.kind, case .not = right.kind else {
            Issue.record("AND binds tighter than NOT's operand")
            return
        }
        #expect(query.orderBy.first?.descending == true)
    }

    @Test func locationsCountUnicodeScalars() {
        let source = "SELECT 'Ångström',\n  x FROM t"
        let offset = Array(source.utf8).firstIndex(of: UInt8(ascii: "x"))!
        #expect(SourceLocation(offset: offset, in: source) == SourceLocation(line: 2, column: 3))
    }
}
