import Testing

@testable import ADQL

@Suite struct VOUnitTests {
    @Test(arguments: [
        ("deg", "arcsec", 3600.0), ("arcsec", "mas", 1000.0), ("m", "nm", 1e9), ("m", "Angstrom", 1e10),
        ("km/s", "m/s", 1000.0), ("mas/yr", "arcsec/yr", 0.001), ("d", "h", 24.0), ("Jy", "mJy", 1000.0),
        ("kpc", "pc", 1000.0), ("mas.yr**-1", "mas/yr", 1.0), ("10**-7W", "erg/s", 1.0), ("GHz", "Hz", 1e9),
    ])
    func conversions(from source: String, to target: String, factor: Double) throws {
        let value = try #require(try VOUnit(parsing: source).conversion(to: try VOUnit(parsing: target)))
        #expect(abs(value / factor - 1) < 1e-12, "\(source) → \(target): \(value)")
    }

    @Test(arguments: [("deg", "m"), ("s", "Hz"), ("Jy", "W")])
    func incompatible(source: String, target: String) throws {
        #expect(try VOUnit(parsing: source).conversion(to: try VOUnit(parsing: target)) == nil)
    }

    @Test func unknownUnitsAreErrors() {
        #expect(throws: VOUnit.ParseError.self) { try VOUnit(parsing: "furlong") }
    }

    @Test func inUnitInQueries() throws {
        let catalog = TableCatalog(tables: [TableMetadata(schema: "s", name: "t", columns: [
            ColumnMetadata(name: "ra", type: .double, unit: "deg", ucd: "pos.eq.ra"),
            ColumnMetadata(name: "flux", type: .double),
        ])])
        let checked = try Checker.parseAndCheck("SELECT IN_UNIT(ra, 'arcsec') AS r FROM s.t", catalog: catalog)
        #expect(checked.outputColumns[0].unit == "arcsec")
        #expect(checked.unitConversions.values.first == 3600)
        let error = try #require(throws: ADQLDiagnostics.self) {
            try Checker.parseAndCheck("SELECT IN_UNIT(ra, 'm'), IN_UNIT(flux, 'Jy') FROM s.t", catalog: catalog)
        }
        #expect(error.errors.map(\.message) == [
            "cannot convert deg to m: they measure different things",
            "IN_UNIT needs a value whose unit is known, such as a column with a unit",
        ])
    }
}
