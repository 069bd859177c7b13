import ADQL
import Testing

@testable import ADQLToPostgres

@Suite struct TranslatorTests {
    static let catalog = TableCatalog(tables: [
        TableMetadata(schema: "ivoa", name: "obscore", columns: [
            ColumnMetadata(name: "obs_id", type: .char(length: nil)),
            ColumnMetadata(name: "s_ra", type: .double),
            ColumnMetadata(name: "calib_level", type: .smallint),
            ColumnMetadata(name: "flag", type: .boolean),
        ]),
        TableMetadata(schema: "TAP_SCHEMA", name: "tables", columns: [
            ColumnMetadata(name: "table_name", type: .char(length: nil)),
        ]),
    ])

    func translate(_ query: String, rowLimit: Int64? = nil) throws -> SQLStatement {
        let checked = try Checker.parseAndCheck(query, catalog: Self.catalog)
        return Translator.translate(checked, limits: .init(rowLimit: rowLimit))
    }

    @Test func literalsAreBindsAndNamesAreQuoted() throws {
        let statement = try translate("SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'x''; DROP TABLE y' AND s_ra > 1.5")
        #expect(statement.sql == """
            SELECT "t0"."obs_id" AS "c0" FROM "ivoa"."obscore" AS "t0" WHERE (("t0"."obs_id" = $1) AND ("t0"."s_ra" > $2))
            """)
        #expect(statement.binds == [.text("x'; DROP TABLE y"), .double(1.5)])
    }

    /// ADQL has no boolean literals: a boolean column (from a VOTable upload) compares with 1 and 0.
    @Test func booleansCompareWithNumbers() throws {
        #expect(try translate("SELECT obs_id FROM ivoa.obscore WHERE flag = 1").sql.hasSuffix(
            "WHERE (CAST(\"t0\".\"flag\" AS integer) = $1)"))
        #expect(try translate("SELECT obs_id FROM ivoa.obscore WHERE 0 <> flag").sql.hasSuffix(
            "WHERE ($1 <> CAST(\"t0\".\"flag\" AS integer))"))
    }

    @Test func topAndMaxrecCompose() throws {
        #expect(try translate("SELECT TOP 5 obs_id FROM ivoa.obscore", rowLimit: 101).sql.hasSuffix(" LIMIT 5"))
        #expect(try translate("SELECT TOP 500 obs_id FROM ivoa.obscore", rowLimit: 101).sql.hasSuffix(" LIMIT 101"))
        #expect(try translate("SELECT obs_id FROM ivoa.obscore OFFSET 3", rowLimit: 11).sql.hasSuffix(" LIMIT 11 OFFSET 3"))
    }

    @Test func schemaNamesAreStoredLowerCase() throws {
        #expect(try translate("SELECT table_name FROM TAP_SCHEMA.tables").sql.contains("\"tap_schema\".\"tables\""))
    }

    @Test func computedColumnsAreCastToTheirDerivedType() throws {
        let sql = try translate("SELECT AVG(calib_level), COUNT(*), LOG(s_ra) FROM ivoa.obscore").sql
        #expect(sql.contains("CAST(avg(\"t0\".\"calib_level\") AS double precision)"))
        #expect(sql.contains("CAST(count(*) AS bigint)"))
        #expect(sql.contains("ln(\"t0\".\"s_ra\")"))
    }

    @Test func orderByAliasAndPosition() throws {
        let sql = try translate("SELECT obs_id AS o, s_ra FROM ivoa.obscore ORDER BY o DESC, 2").sql
        #expect(sql.hasSuffix("ORDER BY \"c0\" DESC, \"c1\" ASC"))
    }

    @Test func quoteIdentifierDoublesQuotes() {
        #expect(quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(quoteIdentifier("t0", "x\"\"y") == "\"t0\".\"x\"\"\"\"y\"")
        #expect(quoteIdentifier("", "é") == "\"\".\"é\"")
        #expect(quoteIdentifier("sch\u{0}", "ok") == "\"sch\u{0}\".\"ok\"")
    }

    @Test func groupByAnAliasOrARepeatedExpression() throws {
        let alias = try translate("SELECT ROUND(s_ra, 1) AS bin, COUNT(*) FROM ivoa.obscore GROUP BY bin")
        #expect(alias.sql.hasSuffix("GROUP BY 1"))
        let repeated = try translate("SELECT ROUND(s_ra, 1), COUNT(*) FROM ivoa.obscore GROUP BY ROUND(s_ra, 1)")
        #expect(repeated.binds == [.int64(1)])
        #expect(repeated.sql.hasSuffix("GROUP BY (round((\"t0\".\"s_ra\")::numeric, ($1)::integer))::double precision"))
    }
}
