import Testing

@testable import ADQL

@Suite struct UserDefinedFunctionTests {
    @Test func declarationsInTAPRegExtForm() throws {
        let function = try UserDefinedFunction(
            declaration: "gal_lon(ra DOUBLE, dec DOUBLE PRECISION) -> DOUBLE", description: "l", sqlName: "s.gal_lon")
        #expect(function.name == "gal_lon" && function.arguments.map(\.type) == [.double, .double])
        #expect(function.signature == "gal_lon(ra DOUBLE, dec DOUBLE) -> DOUBLE")
        let arrays = try UserDefinedFunction(declaration: "f(x BIGINT[]) -> VARCHAR(20)", description: "", sqlName: "f")
        #expect(arrays.arguments[0].type == .array(element: .bigint, length: nil) && arrays.result == .char(length: nil))
    }

    @Test(arguments: ["gal_lon(ra DOUBLE)", "1x(a INTEGER) -> INTEGER", "f(a QUATERNION) -> INTEGER", "f() -> NOPE"])
    func malformedDeclarations(_ text: String) {
        #expect(throws: UserDefinedFunction.DeclarationError.self) {
            try UserDefinedFunction(declaration: text, description: "", sqlName: "f")
        }
    }

    @Test func callsAreCheckedAgainstTheDeclaration() throws {
        let gcd = try UserDefinedFunction(declaration: "my_gcd(a BIGINT, b BIGINT) -> BIGINT", description: "", sqlName: "pg_catalog.gcd")
        let catalog = TableCatalog(
            tables: [TableMetadata(schema: "s", name: "t", columns: [ColumnMetadata(name: "n", type: .bigint),
                                                                       ColumnMetadata(name: "w", type: .char(length: nil))])],
            functions: [gcd])
        let checked = try Checker.parseAndCheck("SELECT MY_GCD(n, 6) FROM s.t", catalog: catalog)
        #expect(checked.outputColumns[0].type == .bigint)
        let error = try #require(throws: ADQLDiagnostics.self) {
            try Checker.parseAndCheck("SELECT my_gcd(n), my_gcd(w, 1), my_gdc(1, 2) FROM s.t", catalog: catalog)
        }
        #expect(error.errors.map(\.message) == [
            "my_gcd takes 2 arguments, not 1: my_gcd(a BIGINT, b BIGINT) -> BIGINT",
            "argument 1 of my_gcd (a) must be BIGINT",
            "no function named 'my_gdc'; did you mean 'my_gcd'?",
        ])
    }
}
