import ADQL
import ADQLToPostgres
import Foundation
import Testing

@testable import TAPDemo
@testable import TAPEngine

/// COPY text rows of a generator as fields by column name (the demo data has no escaped characters).
private struct CopyRows {
    let names: [String]
    let rows: [[String]]

    init(_ buffer: [UInt8], table: PublishedTable) {
        names = table.columns.map(\.name)
        rows = buffer.split(separator: UInt8(ascii: "\n")).map { line in
            line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
    }

    func index(_ name: String) -> Int { names.firstIndex(of: name)! }

    func value(_ row: [String], _ name: String) -> String? {
        let text = row[index(name)]
        return text == #"\N"# ? nil : text
    }

    func double(_ row: [String], _ name: String) -> Double? { value(row, name).flatMap(Double.init) }
}

private func planRows(_ plan: DemoObsPlan) -> CopyRows {
    var buffer: [UInt8] = []
    plan.writeRows(0..<plan.rowCount, into: &buffer)
    return CopyRows(buffer, table: .obsPlan)
}

/// The demo's "today" (2026-11-25) as an MJD.
private let today = 61_369.0

@Suite struct ObsPlanSchemaTests {
    /// ObsLocTAP 1.0 Table 1 (§3.1) names and order, its NOT NULL constraints, and Table 2 (§3.4) metadata.
    @Test func columnsAreThoseOfTheSpec() {
        let table = PublishedTable.obsPlan
        #expect(table.qualifiedName == "ivoa.obsplan")
        #expect(table.utype == "ivo://ivoa.net/std/obsloctap#table-1.0")
        #expect(table.columns.map(\.name) == [
            "t_planning", "target_name", "obs_id", "obs_collection", "s_ra", "s_dec", "s_fov", "s_region",
            "s_resolution", "t_min", "t_max", "t_exptime", "t_resolution", "em_min", "em_max", "em_res_power", "o_ucd",
            "pol_states", "pol_xel", "facility_name", "instrument_name", "t_plan_exptime", "category", "priority",
            "execution_status", "tracking_type",
        ])
        #expect(Set(table.columns.filter { !$0.nullable }.map(\.name)) == [
            "t_planning", "obs_id", "facility_name", "category", "priority", "execution_status", "tracking_type",
        ])
        #expect(table.columns.allSatisfy { $0.std && $0.principal })
        let columns = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0) })
        // (name, unit, UCD, utype) rows of Table 2; utypes without ObsCore's "obscore:" prefix.
        let expected: [(String, String?, String?, String?)] = [
            ("t_planning", "d", nil, nil),
            ("target_name", nil, "meta.id;src", "Target.name"),
            ("s_ra", "deg", "pos.eq.ra", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1"),
            ("s_region", nil, "pos.outline;obs.field", "Char.SpatialAxis.Coverage.Support.Area"),
            ("t_min", "d", "time.start;obs.exposure", "Char.TimeAxis.Coverage.Bounds.Limits.StartTime"),
            ("em_max", "m", "em.wl;stat.max", "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit"),
            ("facility_name", nil, "meta.id;instr.tel", "Provenance.ObsConfig.Facility.name"),
            ("t_plan_exptime", "s", "time.duration;obs.exposure", "Char.TimeAxis.Coverage.Support.Extent"),
            ("category", nil, nil, nil), ("priority", nil, nil, nil), ("execution_status", nil, nil, nil),
            ("tracking_type", nil, nil, nil),
        ]
        for (name, unit, ucd, utype) in expected {
            let column = columns[name]
            #expect(column?.unit == unit && column?.ucd == ucd && column?.utype == utype, "\(name)")
        }
        #expect(table.columns.allSatisfy { $0.utype?.hasPrefix("obscore:") != true })
        // (region): a DALI polygon, as in ivoa.obscore; (integer) columns are integers.
        #expect(columns["s_region"]?.xtype == "adql:REGION" && columns["s_region"]?.datatype == "char")
        #expect(columns["priority"]?.datatype == "short" && columns["pol_xel"]?.datatype == "long")
        #expect(Set(DemoObsPlan.Field.allCases.map(\.rawValue)) == Set(table.columns.map(\.name)))
        #expect(DemoArchive.allTables.contains { $0.qualifiedName == "ivoa.obsplan" })
    }

    @Test func sizeFollowsTheArchive() {
        #expect(DemoObsPlan.rowCount(obsCoreRows: 100) == 50)
        #expect(DemoObsPlan.rowCount(obsCoreRows: 5000) == 250)
        #expect(DemoObsPlan.rowCount(obsCoreRows: 100_000) == 5000)
        #expect(DemoLoader(obsCoreRows: 3000).obsPlanRows == 150)
        // An archive smaller than the plan's past part: the rest is future.
        let tiny = DemoObsPlan(obsCore: DemoObsCore(rowCount: 10))
        #expect(tiny.rowCount == 50 && tiny.pastCount == 10 && tiny.futureCount == 40)
    }
}

@Suite struct DemoObsPlanTests {
    @Test func deterministicAndChunkable() {
        let plan = DemoObsPlan(obsCore: DemoObsCore(rowCount: 20_000))
        var whole: [UInt8] = []
        plan.writeRows(0..<plan.rowCount, into: &whole)
        var again: [UInt8] = []
        DemoObsPlan(obsCore: DemoObsCore(rowCount: 20_000)).writeRows(0..<plan.rowCount, into: &again)
        #expect(whole == again)
        var late: [UInt8] = []
        plan.writeRows(700..<plan.rowCount, into: &late)
        var early: [UInt8] = []
        plan.writeRows(0..<700, into: &early)
        #expect(early + late == whole)
        var otherSeed: [UInt8] = []
        DemoObsPlan(seed: 1, obsCore: DemoObsCore(rowCount: 20_000)).writeRows(0..<plan.rowCount, into: &otherSeed)
        #expect(otherSeed != whole)
    }

    @Test(arguments: [100, 5000, 100_000]) func rowsFollowTheSpec(obsCoreRows: Int) throws {
        let plan = DemoObsPlan(obsCore: DemoObsCore(rowCount: obsCoreRows))
        let copy = planRows(plan)
        let table = PublishedTable.obsPlan
        #expect(copy.rows.count == plan.rowCount && copy.rows.allSatisfy { $0.count == table.columns.count })
        #expect(Set(copy.rows.map { copy.value($0, "obs_id") }).count == plan.rowCount)
        let nonNullable = table.columns.filter { !$0.nullable }.map(\.name)
        let instruments = Dictionary(uniqueKeysWithValues: DemoInstrument.all.map { ($0.name, $0) })
        var statuses: [String: Int] = [:]
        var previousStart = 0.0
        for (index, row) in copy.rows.enumerated() {
            #expect(nonNullable.allSatisfy { copy.value(row, $0) != nil }, "row \(index)")
            let status = try #require(copy.value(row, "execution_status"))
            statuses[status, default: 0] += 1
            #expect(PublishedTable.ObsPlanValues.categories.contains(copy.value(row, "category")!))
            #expect(PublishedTable.ObsPlanValues.trackingTypes.contains(copy.value(row, "tracking_type")!))
            #expect(PublishedTable.ObsPlanValues.priorities.contains(Int(copy.value(row, "priority")!)!))
            let instrument = try #require(instruments[copy.value(row, "instrument_name") ?? ""])
            let planning = try #require(copy.double(row, "t_planning"))
            #expect(planning < today)
            let plannedExposure = try #require(copy.double(row, "t_plan_exptime"))
            let exposure = try #require(copy.double(row, "t_exptime"))
            #expect(exposure > 0 && plannedExposure > 0)
            if ["Scheduled", "Performed"].contains(status) {
                #expect(copy.value(row, "t_min") != nil && copy.value(row, "t_max") != nil)
            }
            if let tMin = copy.double(row, "t_min"), let tMax = copy.double(row, "t_max") {
                #expect(planning < tMin && tMin < tMax, "row \(index)")
                #expect(abs((tMax - tMin) * 86_400 - exposure) < 0.01)
                #expect((Double(instrument.firstMJD)...Double(instrument.lastMJD)).contains(tMin))
                #expect(tMin > previousStart)  // in time order: the past, then the plan
                previousStart = tMin
                if ["Performed", "Aborted"].contains(status) {
                    #expect(tMax < today)
                } else {
                    #expect(tMin > today)
                }
            }
            if status == "Aborted" { #expect(exposure < plannedExposure) }
            // No target, no position nor footprint (§3.2); otherwise the footprint holds the centre's box.
            let hasTarget = copy.value(row, "target_name") != nil
            #expect((copy.value(row, "s_ra") != nil) == hasTarget)
            #expect((copy.value(row, "s_region") != nil) == hasTarget)
            if let region = copy.value(row, "s_region") {
                let values = region.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
                #expect(region.hasPrefix("{") && region.hasSuffix("}") && values.count == 8)
            }
            let (emMin, emMax) = (try #require(copy.double(row, "em_min")), try #require(copy.double(row, "em_max")))
            #expect(emMin >= 3e-7 && emMax <= 4.2e-6 && emMin < emMax)
        }
        #expect(Set(statuses.keys) == ["Performed", "Aborted", "Scheduled", "Unscheduled", "Planned"])
        #expect(statuses["Performed", default: 0] + statuses["Aborted", default: 0] == plan.pastCount)
        // Planned observations without a time slot yet (§2: not yet associated with a time period).
        #expect(copy.rows.contains {
            copy.value($0, "execution_status") == "Planned" && copy.value($0, "t_min") == nil
        })
    }

    /// The performed part is the archive's latest observations: same identifiers, times and footprints.
    @Test func performedObservationsAreTheArchivesLatest() {
        let obsCore = DemoObsCore(rowCount: 20_000)
        let plan = DemoObsPlan(obsCore: obsCore)
        let copy = planRows(plan)
        var archived: [UInt8] = []
        obsCore.writeRows((obsCore.rowCount - plan.pastCount)..<obsCore.rowCount, into: &archived)
        let archive = CopyRows(archived, table: .obscore)
        #expect(archive.rows.count == plan.pastCount)
        for (planned, archivedRow) in zip(copy.rows.prefix(plan.pastCount), archive.rows) {
            for name in [
                "obs_id", "target_name", "s_ra", "s_dec", "s_region", "t_min", "t_max", "t_exptime", "em_min", "em_max",
                "instrument_name", "facility_name", "obs_collection", "o_ucd", "pol_states",
            ] {
                #expect(copy.value(planned, name) == archive.value(archivedRow, name), "\(name)")
            }
        }
    }
}

/// Realistic ObsLocTAP queries (§4 of the spec among them) through the checker, the translator and the
/// read-only role, against what the generator says the table holds.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"), .serialized)
struct ObsPlanQueryTests {
    /// The generator the test database was loaded with: its size follows the loaded ObsCore table.
    private func loadedPlan() async throws -> (DemoObsPlan, CopyRows) {
        let obsCoreRows = try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore")
        let plan = DemoObsPlan(obsCore: DemoObsCore(rowCount: obsCoreRows))
        return (plan, planRows(plan))
    }

    private func count(_ copy: CopyRows, where predicate: ([String]) -> Bool) -> Int {
        copy.rows.filter(predicate).count
    }

    @Test func tableHoldsTheGeneratedPlan() async throws {
        let (plan, copy) = try await loadedPlan()
        #expect(try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obsplan") == plan.rowCount)
        for status in PublishedTable.ObsPlanValues.executionStatuses {
            let expected = count(copy) { copy.value($0, "execution_status") == status }
            #expect(
                try await TestDatabase.count(
                    "SELECT COUNT(*) FROM ivoa.obsplan WHERE execution_status = '\(status)'") == expected, "\(status)")
        }
        let tables = try await TestDatabase.publishedTables()
        let published = try #require(tables.first { $0.qualifiedName == "ivoa.obsplan" })
        #expect(published.utype == "ivo://ivoa.net/std/obsloctap#table-1.0")
        #expect(published.columns.map(\.name) == PublishedTable.obsPlan.columns.map(\.name))
    }

    /// taplint's LOC checks and the brief's ordering, as queries: times where the spec requires them,
    /// t_planning before t_min, the past performed and the plan in the future.
    @Test func specConstraintsHoldInTheDatabase() async throws {
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan WHERE (t_min IS NULL OR t_max IS NULL OR t_exptime IS NULL)
              AND execution_status IN ('Scheduled', 'Performed')
            """) == 0)
        #expect(try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obsplan WHERE t_planning >= t_min") == 0)
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan WHERE execution_status IN ('Planned', 'Scheduled') AND t_min < \(today)
            """) == 0)
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan WHERE execution_status IN ('Performed', 'Aborted') AND t_max > \(today)
            """) == 0)
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan WHERE priority NOT IN (0, 1, 2)
              OR category NOT IN ('Fixed', 'Coordinated', 'Window', 'Other')
              OR tracking_type NOT IN ('Sidereal', 'Solar-system-object-tracking', 'Fixed-az-el-transit')
            """) == 0)
    }

    /// §4.1: observations overlapping a period (here the coming month).
    @Test func observationsOverlappingAPeriod() async throws {
        let (_, copy) = try await loadedPlan()
        let (start, end) = (today - 30, today + 30)
        let expected = count(copy) {
            guard let tMin = copy.double($0, "t_min"), let tMax = copy.double($0, "t_max") else { return false }
            return tMin < end && tMax > start
        }
        #expect(expected > 0)
        #expect(try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obsplan WHERE t_min < \(end) AND t_max > \(start)") == expected)
    }

    /// Planned or scheduled observations of one instrument in a time window, earliest first.
    @Test func plannedObservationsOfAnInstrumentInAWindow() async throws {
        let (_, copy) = try await loadedPlan()
        let (start, end) = (today, today + 120)
        let upcoming = copy.rows.filter {
            guard let tMin = copy.double($0, "t_min"), let tMax = copy.double($0, "t_max") else { return false }
            return ["Planned", "Scheduled"].contains(copy.value($0, "execution_status")!) && tMin < end && tMax > start
        }
        let byInstrument = Dictionary(grouping: upcoming) { copy.value($0, "instrument_name")! }
        let (instrument, rows) = try #require(byInstrument.max { $0.value.count < $1.value.count })
        let query = """
            FROM ivoa.obsplan
            WHERE instrument_name = '\(instrument)' AND execution_status IN ('Planned', 'Scheduled')
              AND t_min < \(end) AND t_max > \(start)
            """
        #expect(try await TestDatabase.count("SELECT COUNT(*) " + query) == rows.count)
        let first = try await TestDatabase.firstRow(
            "SELECT TOP 1 obs_id, facility_name, t_min " + query + " ORDER BY t_min")
        let earliest = try #require(rows.min { copy.double($0, "t_min")! < copy.double($1, "t_min")! })
        #expect(first.first == copy.value(earliest, "obs_id") && first[1] == copy.value(earliest, "facility_name"))
    }

    /// Performed observations whose footprint meets a circle around one of them: the indexed INTERSECTS
    /// finds it, at least every footprint whose centre is inside, and the same as the archive's footprints.
    @Test func performedObservationsIntersectingACircle() async throws {
        let (plan, copy) = try await loadedPlan()
        let performed = copy.rows.prefix(plan.pastCount).filter { copy.value($0, "execution_status") == "Performed" }
        let chosen = performed[performed.count / 2]
        let (ra, dec) = (copy.double(chosen, "s_ra")!, copy.double(chosen, "s_dec")!)
        let radius = 0.5
        let circle = "CIRCLE('ICRS', \(ra), \(dec), \(radius))"
        let intersecting = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan
            WHERE execution_status = 'Performed' AND 1 = INTERSECTS(s_region, \(circle))
            """)
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan WHERE execution_status = 'Performed'
              AND 1 = INTERSECTS(s_region, \(circle)) AND obs_id = '\(copy.value(chosen, "obs_id")!)'
            """) == 1)
        let centresInside = performed.filter {
            Self.distance(ra, dec, copy.double($0, "s_ra")!, copy.double($0, "s_dec")!) < radius - 1e-6
        }.count
        #expect(intersecting >= centresInside && centresInside >= 1)
        let archived = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan AS p JOIN ivoa.obscore AS o ON o.obs_id = p.obs_id
            WHERE p.execution_status = 'Performed' AND 1 = INTERSECTS(o.s_region, \(circle))
            """)
        #expect(archived == intersecting)
    }

    /// §4.4: changes to the plan since a saved copy, near a target of opportunity.
    @Test func targetOfOpportunityFollowUp() async throws {
        let (_, copy) = try await loadedPlan()
        let scheduled = copy.rows.filter {
            copy.value($0, "execution_status") == "Scheduled" && copy.value($0, "s_region") != nil
        }
        let chosen = try #require(scheduled.last)
        let (planning, tMax) = (copy.double(chosen, "t_planning")!, copy.double(chosen, "t_max")!)
        let (ra, dec) = (copy.double(chosen, "s_ra")!, copy.double(chosen, "s_dec")!)
        let since = planning - 1
        let query = """
            FROM ivoa.obsplan
            WHERE t_planning > \(since) AND t_max < \(tMax + 1)
              AND 1 = INTERSECTS(s_region, CIRCLE('ICRS', \(ra), \(dec), 0.016666))
            """
        let changed = try await TestDatabase.count("SELECT COUNT(*) " + query)
        let changedInTime = count(copy) {
            guard let rowMax = copy.double($0, "t_max") else { return false }
            return copy.double($0, "t_planning")! > since && rowMax < tMax + 1
        }
        #expect(changed >= 1 && changed <= changedInTime)
        #expect(try await TestDatabase.count(
            "SELECT COUNT(*) " + query + " AND obs_id = '\(copy.value(chosen, "obs_id")!)'") == 1)
    }

    /// §4.2: planned observations covering a spectral range (here 400-500 nm) in the coming half year.
    @Test func plannedObservationsInASpectralRange() async throws {
        let (_, copy) = try await loadedPlan()
        let expected = count(copy) {
            guard let tMin = copy.double($0, "t_min"), let tMax = copy.double($0, "t_max") else { return false }
            return tMin < today + 180 && tMax > today && copy.double($0, "em_min")! < 5e-7
                && copy.double($0, "em_max")! > 4e-7
        }
        #expect(expected > 0)
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan
            WHERE t_min < \(today + 180) AND t_max > \(today) AND em_min < 5e-7 AND em_max > 4e-7
            """) == expected)
    }

    /// A cone on the centres (the derived s_point) agrees with plain trigonometry; hidden targets have none.
    @Test func coneOnCentresAgreesWithTrigonometry() async throws {
        let cone = try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obsplan WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(150, -30, 40)) = 1")
        let direct = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan WHERE 2 * DEGREES(ASIN(SQRT(
              POWER(SIN(RADIANS(s_dec + 30) / 2), 2) + COS(RADIANS(s_dec)) * COS(RADIANS(-30))
              * POWER(SIN(RADIANS(s_ra - 150) / 2), 2)))) <= 40
            """)
        #expect(cone > 0 && cone == direct)
        let all = try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obsplan WHERE s_region IS NOT NULL")
        let ownCentre = try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obsplan WHERE CONTAINS(POINT(s_ra, s_dec), s_region) = 1")
        #expect(all > 0 && ownCentre == all)
    }

    /// Performed and aborted observations are in the archive, with the same times.
    @Test func performedObservationsJoinTheArchive() async throws {
        let (plan, _) = try await loadedPlan()
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obsplan AS p JOIN ivoa.obscore AS o ON o.obs_id = p.obs_id
            WHERE p.execution_status IN ('Performed', 'Aborted') AND p.t_min = o.t_min AND p.t_max = o.t_max
              AND p.instrument_name = o.instrument_name
            """) == plan.pastCount)
    }

    /// Geometry predicates on obsplan go through pgsphere's indexed columns, as on ivoa.obscore.
    @Test func geometryUsesTheDerivedIndexedColumns() async throws {
        let tables = try await TestDatabase.publishedTables()
        let catalog = TableCatalog(published: tables)
        let region = Translator.translate(try Checker.parseAndCheck(
            "SELECT obs_id FROM ivoa.obsplan WHERE 1 = INTERSECTS(s_region, CIRCLE(10, -20, 1))", catalog: catalog))
        #expect(region.sql.contains("s_region_spoly"))
        let point = Translator.translate(try Checker.parseAndCheck(
            "SELECT obs_id FROM ivoa.obsplan WHERE 1 = CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, -20, 1))",
            catalog: catalog))
        #expect(point.sql.contains("s_point"))
    }

    private static func distance(_ ra1: Double, _ dec1: Double, _ ra2: Double, _ dec2: Double) -> Double {
        let radians = Double.pi / 180
        let a = pow(sin((dec2 - dec1) * radians / 2), 2)
            + cos(dec1 * radians) * cos(dec2 * radians) * pow(sin((ra2 - ra1) * radians / 2), 2)
        return 2 * asin(min(1, a.squareRoot())) / radians
    }
}
