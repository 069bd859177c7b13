import Testing

@testable import ADQL

@Suite struct ParserTests {
    /// Parses, prints and parses again: the printed forms of the two trees agree (the printer writes grouping
    /// only from the tree's own parentheses, so equal text means equal trees, source positions aside).
    @Test(arguments: try CaseFiles.file("valid-queries.txt").lines(atLeast: 17))
    func validQueryParsesAndRoundTrips(_ query: String) throws {
        let printed = ADQLPrinter.print(try Parser.parse(query))
        let reparsed = try Parser.parse(printed)
        #expect(ADQLPrinter.print(reparsed) == printed)
    }

    @Test(arguments: try CaseFiles.file("syntax-errors.tsv").rows(fields: 4, atLeast: 25))
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

    @Test func longConditionChainsAreBalancedSoNothingRecursesDeeply() throws {
        let condition = Array(repeating: "a = 1 AND b < 2", count: 50_000).joined(separator: " OR ")
        let query = try Parser.parse("SELECT a FROM t WHERE " + condition)
        func depth(_ node: Expression) -> Int {
            switch node.kind {
            case .or(let l, let r), .and(let l, let r), .comparison(_, let l, let r): return 1 + max(depth(l), depth(r))
            default: return 1
            }
        }
        let whereClause = try #require(query.simpleSelect?.whereClause)
        #expect(depth(whereClause) < 25)
    }

    @Test func longArithmeticChainsAreRefusedNotACrash() throws {
        let sum = Array(repeating: "a", count: 100_000).joined(separator: " + ")
        let error = try #require(throws: ADQLDiagnostics.self) { try Parser.parse("SELECT " + sum + " FROM t") }
        #expect(error.errors.first?.code == .tooDeep)
    }

    @Test func treeShape() throws {
        let parsed = try Parser.parse("SELECT TOP 3 a, t.b AS x FROM s.t WHERE a > 1 AND NOT b = 'q' ORDER BY 2 DESC")
        let query = try #require(parsed.simpleSelect)
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
        #expect(parsed.orderBy.first?.descending == true)
    }

    @Test func locationsCountUnicodeScalars() {
        let source = "SELECT 'Ångström',\n  x FROM t"
        let offset = Array(source.utf8).firstIndex(of: UInt8(ascii: "x"))!
        #expect(SourceLocation(offset: offset, in: source) == SourceLocation(line: 2, column: 3))
    }
}

@Suite struct QueryShapeTests {
    @Test func setOperatorsIntersectBindsTighter() throws {
        let query = try Parser.parse("SELECT a FROM t UNION SELECT a FROM u INTERSECT ALL SELECT a FROM v ORDER BY 1 OFFSET 2")
        guard case .setOperation(.union, false, .select, .setOperation(.intersect, true, _, _)) = query.body else {
            Issue.record("unexpected shape \(query.body)")
            return
        }
        #expect(query.orderBy.count == 1 && query.offset == 2)
    }

    @Test func withAndJoins() throws {
        let query = try Parser.parse("""
            WITH near AS (SELECT * FROM t WHERE x < 1)
            SELECT * FROM near AS n NATURAL JOIN u LEFT OUTER JOIN v USING (id) CROSS JOIN w
            """)
        #expect(query.with.map(\.name.name) == ["near"])
        let select = try #require({ () -> QuerySpecification? in
            if case .select(let s) = query.body { return s } else { return nil }
        }())
        guard case .join(let outer) = select.from[0], outer.kind == .cross,
            case .join(let middle) = outer.left, middle.kind == .left, case .using(let names)? = middle.condition,
            names.map(\.name) == ["id"],
            case .join(let inner) = middle.left, inner.natural
        else {
            Issue.record("joins associate to the left")
            return
        }
    }

    @Test func subqueriesAndCast() throws {
        _ = try Parser.parse("""
            SELECT CAST(a AS DOUBLE PRECISION), (SELECT MAX(b) FROM u) FROM (SELECT a FROM t) AS d
            WHERE a IN (SELECT a FROM v) AND EXISTS (SELECT 1 FROM w) AND CAST(a AS VARCHAR(3)) = 'x'
            """)
    }
}
