import Foundation
import Testing

@testable import TAPDemo
@testable import TAPEngine

/// Splits COPY text into rows of fields (no unescaping: the demo data has no escaped characters).
private func parse(_ buffer: [UInt8]) -> [[String]] {
    buffer.split(separator: UInt8(ascii: "\n")).map { line in
        line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}

private func column(_ name: String, in table: PublishedTable) -> Int {
    table.columns.firstIndex { $0.name == name }!
}

@Suite struct DemoFormatTests {
    private func fixed(_ value: Double, _ decimals: Int) -> String {
        var buffer: [UInt8] = []
        DemoCopyFormat.appendFixed(value, decimals: decimals, &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func integersRoundTrip() {
        var rng = SplitMix64(seed: 42)
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 999_999, 1_000_000, .max, .min, .max - 1, .min + 1]
        for _ in 0..<10_000 { values.append(Int64(bitPattern: rng.next()) >> Int64(rng.below(64))) }
        for value in values {
            var buffer: [UInt8] = []
            DemoCopyFormat.appendInt(value, &buffer)
            #expect(String(decoding: buffer, as: UTF8.self) == String(value))
        }
    }

    @Test func zeroPadding() {
        var buffer: [UInt8] = []
        DemoCopyFormat.appendUnsigned(7, minimumDigits: 3, &buffer)
        DemoCopyFormat.appendUnsigned(12_345, minimumDigits: 3, &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "00712345")
    }

    @Test func fixedPointExamples() {
        #expect(fixed(2016, 1) == "2016.0")
        #expect(fixed(-45.6, 8) == "-45.60000000")
        #expect(fixed(0.00012, 4) == "0.0001")
        #expect(fixed(-0.00001, 4) == "0.0000")  // no "-0.0000"
        #expect(fixed(-0.00005, 4) == "-0.0001")
        #expect(fixed(359.999999996, 8) == "360.00000000")
        #expect(fixed(115_000, 0) == "115000")
        #expect(fixed(.nan, 3) == "NaN")
        #expect(fixed(-.infinity, 3) == "-Infinity")
        #expect(Double(fixed(1e300, 4)) == 1e300)
    }

    @Test func fixedPointRoundTrip() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let decimals = rng.below(11)
            let value = rng.uniform(-1...1) * pow(10, rng.uniform(-6...7))
            let text = fixed(value, decimals)
            let parsed = try #require(Double(text))
            let scale = pow(10, Double(decimals))
            let expected = (value * scale).rounded() / scale
            #expect(abs(parsed - expected) <= max(abs(expected), 1) * 1e-15, "\(value) → \(text)")
            // Beyond 2^53 / 10^decimals the scaled product itself rounds: allow a few ulps of the value.
            #expect(abs(parsed - value) <= 0.5 / scale + 4 * value.ulp, "\(value) → \(text)")
        }
    }

    @Test func textEscapes() {
        var buffer: [UInt8] = []
        DemoCopyFormat.appendText("a\tb\\c\nd\re", &buffer)
        DemoCopyFormat.appendNull(&buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"a\tb\\c\nd\re\N"#)
    }

    @Test func weightedPicksFollowWeights() {
        var rng = SplitMix64(seed: 1)
        let choices = SplitMix64.Weighted([("a", 1.0), ("b", 3.0), ("c", 0.0)])
        var counts: [String: Int] = [:]
        for _ in 0..<40_000 { counts[rng.pick(choices), default: 0] += 1 }
        #expect(counts["c"] == nil)
        #expect((9_000...11_000).contains(counts["a"] ?? 0))
    }

    @Test func calendar() {
        #expect(DemoCalendar.mjd(year: 2000, month: 1, day: 1) == 51_544)
        #expect(DemoCalendar.mjd(year: 1858, month: 11, day: 17) == 0)
        let date = DemoCalendar.civil(mjd: DemoCalendar.mjd(year: 2024, month: 2, day: 29))
        #expect(date.year == 2024 && date.month == 2 && date.day == 29)
        var buffer: [UInt8] = []
        let milliseconds = Int64(51_544) * DemoCalendar.millisecondsPerDay + 45_296_789
        DemoCalendar.appendTimestamp(
            milliseconds: milliseconds, separator: UInt8(ascii: "T"), withMilliseconds: true, &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "2000-01-01T12:34:56.789")
    }
}

@Suite struct DemoCatalogueTests {
    @Test func deterministicAndChunkable() {
        let whole = DemoCatalogue(rowCount: 5000)
        var a: [UInt8] = []
        whole.writeRows(0..<3000, into: &a)
        var again: [UInt8] = []
        DemoCatalogue(rowCount: 5000).writeRows(0..<3000, into: &again)
        #expect(a == again)

        // Chunks generated out of order, then concatenated in order, give the same bytes.
        var late: [UInt8] = []
        whole.writeRows(1234..<3000, into: &late)
        var early: [UInt8] = []
        whole.writeRows(0..<1234, into: &early)
        #expect(early + late == a)

        var otherSeed: [UInt8] = []
        DemoCatalogue(seed: 1, rowCount: 5000).writeRows(0..<3000, into: &otherSeed)
        #expect(otherSeed != a)
    }

    @Test func rowsMatchTheTableDefinition() throws {
        let table = PublishedTable.sourceCatalogue
        var buffer: [UInt8] = []
        DemoCatalogue(rowCount: 100_000).writeRows(0..<100_000, into: &buffer)
        let rows = parse(buffer)
        #expect(rows.count == 100_000)
        #expect(rows.allSatisfy { $0.count == table.columns.count })

        let (id, ra, dec) = (column("source_id", in: table), column("ra", in: table), column("dec", in: table))
        let nonNullable = table.columns.indices.filter { !table.columns[$0].nullable }
        var previousID: Int64 = -1
        var nulls: [String: Int] = [:]
        for row in rows {
            let sourceID = try #require(Int64(row[id]))
            #expect(sourceID > previousID)
            previousID = sourceID
            let (raValue, decValue) = (try #require(Double(row[ra])), try #require(Double(row[dec])))
            #expect(raValue >= 0 && raValue < 360 && abs(decValue) <= 90)
            #expect(nonNullable.allSatisfy { row[$0] != #"\N"# })
            for (index, value) in row.enumerated() where value == #"\N"# {
                nulls[table.columns[index].name, default: 0] += 1
            }
        }
        let fraction = { (name: String) in Double(nulls[name] ?? 0) / Double(rows.count) }
        #expect((0.17...0.23).contains(fraction("parallax")))
        #expect(fraction("pmra") == fraction("parallax") && fraction("parallax_error") == fraction("parallax"))
        #expect((0.04...0.06).contains(fraction("phot_bp_mean_mag")))
        #expect(fraction("phot_rp_mean_mag") == fraction("phot_bp_mean_mag"))
        #expect(fraction("phot_g_mean_mag") == 0)
    }
}

@Suite struct DemoObsCoreTests {
    @Test func deterministicAndChunkable() {
        let generator = DemoObsCore(rowCount: 2000)
        var whole: [UInt8] = []
        generator.writeRows(0..<2000, into: &whole)
        var again: [UInt8] = []
        DemoObsCore(rowCount: 2000).writeRows(0..<2000, into: &again)
        #expect(whole == again)

        var chunks: [Range<Int>: [UInt8]] = [:]
        for range in [1500..<2000, 0..<700, 700..<1500] {
            var buffer: [UInt8] = []
            generator.writeRows(range, into: &buffer)
            chunks[range] = buffer
        }
        #expect(chunks[0..<700]! + chunks[700..<1500]! + chunks[1500..<2000]! == whole)
    }

    @Test func rowsMatchTheTableDefinition() throws {
        let table = PublishedTable.obscore
        var buffer: [UInt8] = []
        DemoObsCore(rowCount: 100_000).writeRows(0..<100_000, into: &buffer)
        let rows = parse(buffer)
        #expect(rows.count == 100_000)
        #expect(rows.allSatisfy { $0.count == table.columns.count })

        let index = { (name: String) in column(name, in: table) }
        let obsIDs = Set(rows.map { $0[index("obs_id")] })
        #expect(obsIDs.count == rows.count)
        #expect(Set(rows.map { $0[index("obs_publisher_did")] }).count == rows.count)

        let nonNullable = table.columns.indices.filter { !table.columns[$0].nullable }
        let instruments = Set(DemoInstrument.all.map(\.name))
        var proprietary = 0
        for row in rows.prefix(20_000) {
            #expect(nonNullable.allSatisfy { row[$0] != #"\N"# })
            #expect(instruments.contains(row[index("instrument_name")]))
            let (tMin, tMax) = (try #require(Double(row[index("t_min")])), try #require(Double(row[index("t_max")])))
            #expect(tMin >= 53_371 && tMax > tMin && tMin < 61_369)
            let (emMin, emMax) = (try #require(Double(row[index("em_min")])), try #require(Double(row[index("em_max")])))
            #expect(emMin >= 3e-7 && emMax <= 4.2e-6 && emMin < emMax)

            let region = row[index("s_region")]
            // A DALI polygon as an array literal: {ra1,dec1,ra2,dec2,...}
            #expect(region.hasPrefix("{") && region.hasSuffix("}"))
            let values = region.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
            let vertices = values.count / 2
            #expect(values.count % 2 == 0 && vertices >= 4)
            let decs = stride(from: 1, to: values.count, by: 2).map { values[$0] }
            #expect(decs.count == vertices && decs.allSatisfy { abs($0) < 85 })

            let release = row[index("obs_release_date")]
            #expect(release.count == 19)
            let isProprietary = release > "2026-11-25 00:00:00"
            #expect(row[index("data_rights")] == (isProprietary ? "proprietary" : "public"))
            if isProprietary { proprietary += 1 }
        }
        let proprietaryTail = rows.suffix(2000).filter { $0[index("data_rights")] == "proprietary" }.count
        #expect(proprietary == 0 && proprietaryTail > 0)  // rows are in time order: only recent ones are closed
    }
}

@Suite struct PublishedSchemaTests {
    @Test func obscoreHasEveryMandatoryColumn() {
        let mandatory = [
            "dataproduct_type", "calib_level", "obs_collection", "obs_id", "obs_publisher_did", "access_url",
            "access_format", "access_estsize", "target_name", "s_ra", "s_dec", "s_fov", "s_region", "s_resolution",
            "s_xel1", "s_xel2", "t_min", "t_max", "t_exptime", "t_resolution", "t_xel", "em_min", "em_max",
            "em_res_power", "em_xel", "o_ucd", "pol_states", "pol_xel", "facility_name", "instrument_name",
        ]
        let columns = Dictionary(uniqueKeysWithValues: PublishedTable.obscore.columns.map { ($0.name, $0) })
        for name in mandatory {
            let column = columns[name]
            #expect(column?.std == true && column?.principal == true && column?.utype?.hasPrefix("obscore:") == true)
        }
        #expect(columns["s_ra"]?.utype == "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1")
        #expect(["calib_level", "obs_collection", "obs_id", "obs_publisher_did"].allSatisfy {
            columns[$0]?.nullable == false
        })
    }

    @Test func publishedTablesAreConsistent() {
        let names = DemoArchive.allTables.map(\.qualifiedName)
        #expect(Set(names).count == names.count)
        #expect(names.contains("TAP_SCHEMA.columns") && names.contains("ivoa.obscore"))
        for table in DemoArchive.allTables {
            #expect(Set(table.columns.map(\.name)).count == table.columns.count, "\(table.qualifiedName)")
            #expect(table.indexDDL.allSatisfy { $0.contains("{table}") })
        }
        let tapColumns = PublishedTable.tapSchemaTables.first { $0.name == "columns" }!
        #expect(tapColumns.columns.map(\.name).contains("\"size\""))  // delimited: a reserved word (TAP 1.1 §4.3)
        #expect(Set(DemoObsCore.Field.allCases.map(\.rawValue)) == Set(PublishedTable.obscore.columns.map(\.name)))
        #expect(
            Set(DemoCatalogue.Field.allCases.map(\.rawValue)) == Set(PublishedTable.sourceCatalogue.columns.map(\.name)))
    }
}
