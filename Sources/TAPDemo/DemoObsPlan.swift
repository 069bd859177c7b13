import Foundation
import TAPEngine

/// Deterministic rows for `PublishedTable.obsPlan` (ObsLocTAP), as PostgreSQL COPY text: the demo observatory's
/// observing log around the demo's "today" (`DemoObsCore.nowMilliseconds`, 2026-11-25 00:00 UT).
///
/// - The first `pastCount` rows are the most recent observations of `ivoa.obscore`, one each, in time order:
///   same `obs_id`, instrument, facility, target, pointing, footprint, `t_min`, `t_max` and `t_exptime`, so a
///   client can go from the plan to the archived data with the observation identifier. Most were Performed;
///   every thirteenth was Aborted (the partial exposure was still archived, as raw frames of aborted exposures
///   are). The planned exposure `t_plan_exptime` usually equals the executed one.
/// - The remaining rows are future observations on the nights after "today", in time order: the next ~two
///   months are Scheduled (a few Unscheduled again), later ones only Planned, and some Planned ones have no
///   time slot yet (NULL `t_min`, `t_max`). A few track solar-system targets, and some have a hidden target
///   (NULL name, position and footprint, generic instrument setting), as ObsLocTAP §3.2 describes.
///
/// `t_planning` always precedes `t_min` and "today". Row `i` depends only on `(seed, obsCore, i)`.
public struct DemoObsPlan: Sendable, DemoRows {
    public let seed: UInt64
    public let obsCore: DemoObsCore
    public let rowCount: Int
    /// Rows taken from ObsCore's latest observations (Performed or Aborted); the rest are in the future.
    public let pastCount: Int
    public var futureCount: Int { rowCount - pastCount }
    let fields: [Field]
    var typicalRowBytes: Int { 700 }
    private let instruments: [DemoInstrument]
    private let instrumentChoice: SplitMix64.Weighted<Int>
    private let slotMilliseconds: Int64

    /// Columns of `ivoa.obsplan` the generator knows how to fill.
    enum Field: String, CaseIterable, Sendable {
        case t_planning, target_name, obs_id, obs_collection, s_ra, s_dec, s_fov, s_region, s_resolution
        case t_min, t_max, t_exptime, t_resolution, em_min, em_max, em_res_power, o_ucd, pol_states, pol_xel
        case facility_name, instrument_name, t_plan_exptime, category, priority, execution_status, tracking_type
    }

    /// One generated observation; optionals are NULL in the table.
    struct Row {
        var status: String
        var planningMilliseconds: Int64  // since MJD 0
        var obsID: [UInt8]
        var targetName: String?
        var collection: String
        var position: (ra: Double, dec: Double)?
        var fov: Double
        var region: [(Double, Double)]?
        var spatialResolution: Double
        var startMilliseconds: Int64?  // nil: no time slot yet
        /// Executed exposure for past rows, expected exposure for future ones (seconds).
        var exposure: Double
        var plannedExposure: Double
        var emMinNM: Double
        var emMaxNM: Double
        var resolvingPower: Double?
        var observableUCD: String
        var polarization: (states: String, count: Int)?
        var facility: String
        var instrument: String
        var category: String
        var priority: Int
        var tracking: String

        var tMin: Double? { startMilliseconds.map { Double($0) / Double(DemoCalendar.millisecondsPerDay) } }
        var tMax: Double? { tMin.map { $0 + exposure / 86_400 } }
        var tPlanning: Double { Double(planningMilliseconds) / Double(DemoCalendar.millisecondsPerDay) }
    }

    /// The demo's "today" as an MJD day number (61369 = 2026-11-25).
    static let todayMJD = Int(DemoObsCore.nowMilliseconds / DemoCalendar.millisecondsPerDay)
    /// Future rows fill the nights of the next half year; the first 35% of them (~two months) are scheduled.
    static let futureNights = 180
    static let scheduledFraction = 0.35

    /// The obsplan size for an ObsCore size: one planned or performed observation per 20 archived datasets, at
    /// least 50 so that every status is present.
    public static func rowCount(obsCoreRows: Int) -> Int { max(50, obsCoreRows / 20) }

    /// - Parameters:
    ///   - seed: selects the realisation of the future part; the past part follows `obsCore`.
    ///   - obsCore: the archive whose latest observations make the performed part.
    ///   - rowCount: number of rows; by default `rowCount(obsCoreRows:)` of the archive.
    public init(seed: UInt64 = 20_261_125, obsCore: DemoObsCore, rowCount: Int? = nil) {
        let rows = rowCount ?? Self.rowCount(obsCoreRows: obsCore.rowCount)
        precondition(rows > 0, "rowCount must be positive")
        self.seed = seed
        self.obsCore = obsCore
        self.rowCount = rows
        pastCount = min(Int((Double(rows) * 0.6).rounded()), obsCore.rowCount, rows - 1)
        fields = PublishedTable.obsPlan.columns.map { column in
            guard let field = Field(rawValue: column.name) else {
                preconditionFailure("DemoObsPlan cannot fill column \(column.name)")
            }
            return field
        }
        // Only instruments still in operation can be scheduled (NACO was decommissioned).
        instruments = DemoInstrument.all.filter { ($0.firstMJD...$0.lastMJD).contains(Self.todayMJD) }
        instrumentChoice = .init(instruments.enumerated().map { ($0.offset, $0.element.weight) })
        let future = max(1, rows - pastCount)
        slotMilliseconds = max(1, Int64(Self.futureNights) * DemoObsCore.nightLength / Int64(future))
    }

    func makeRow(_ index: Int) -> Row {
        index < pastCount ? makePastRow(index) : makeFutureRow(index - pastCount)
    }

    private static let categories = SplitMix64.Weighted([
        ("Other", 0.70), ("Window", 0.15), ("Fixed", 0.10), ("Coordinated", 0.05),
    ])
    /// ESO-like ranks A, B, C as priorities 2, 1, 0.
    private static let priorities = SplitMix64.Weighted([(2, 0.25), (1, 0.45), (0, 0.30)])
    private static let millisecondsPerDay = Double(DemoCalendar.millisecondsPerDay)

    /// An observation of the archive: ObsCore row `obsCore.rowCount - pastCount + index`.
    private func makePastRow(_ index: Int) -> Row {
        let archived = obsCore.makeRow(obsCore.rowCount - pastCount + index)
        var rng = SplitMix64(seed: seed, salt: 0x0B5_9A57, row: index)
        let aborted = index % 13 == 6
        var planned = archived.exposure
        if aborted {
            // Stopped part-way: the plan asked for more than was exposed.
            planned = (archived.exposure / rng.uniform(0.15...0.85)).rounded(.up)
        } else if rng.chance(0.12) {
            // Executed with a different exposure than planned (conditions, or a refined plan).
            planned = max(1, (archived.exposure * rng.uniform(0.8...1.25)).rounded())
        }
        // Entered into (or last changed in) the plan between half a day and three months before execution.
        let planning = archived.startMilliseconds - Int64(rng.uniform(0.5...90) * Self.millisecondsPerDay)
        let setting = archived.setting
        return Row(
            status: aborted ? "Aborted" : "Performed", planningMilliseconds: planning, obsID: archived.obsID,
            targetName: archived.target.name, collection: archived.collection,
            position: (archived.ra, archived.dec), fov: archived.fov, region: archived.region,
            spatialResolution: archived.spatialResolution, startMilliseconds: archived.startMilliseconds,
            exposure: archived.exposure, plannedExposure: planned, emMinNM: setting.emMinNM,
            emMaxNM: setting.emMaxNM, resolvingPower: archived.resolvingPower,
            observableUCD: Self.observableUCD(archived.instrument, setting), polarization: setting.polarization,
            facility: archived.facility, instrument: archived.instrument.name,
            category: rng.pick(Self.categories), priority: rng.pick(Self.priorities), tracking: "Sidereal")
    }

    /// Solar-system targets with a representative ecliptic longitude (degrees) for the planning period.
    private static let movingTargets: [(name: String, longitude: Double)] = [
        ("Jupiter", 105), ("Saturn", 3), ("Uranus", 60), ("Neptune", 1), ("Mars", 200), ("Europa", 105),
        ("Titan", 3), ("(1) Ceres", 290), ("(4) Vesta", 250), ("(433) Eros", 140),
        ("67P/Churyumov-Gerasimenko", 170), ("3I/ATLAS", 215),
    ]

    /// A future observation on the nights after "today"; `index` counts from the first future row.
    private func makeFutureRow(_ index: Int) -> Row {
        var rng = SplitMix64(seed: seed, salt: 0x0B5_F07E, row: index)
        let futureCount = max(1, self.futureCount)

        // Row index → its own slice of the coming nights, so start times increase with the index.
        let nightTime = Int64(index) * slotMilliseconds + Int64(rng.next() % UInt64(slotMilliseconds))
        let night = nightTime / DemoObsCore.nightLength
        let start = (Int64(Self.todayMJD) + night) * DemoCalendar.millisecondsPerDay + DemoObsCore.nightStartOffset
            + nightTime % DemoObsCore.nightLength
        let scheduledPart = Double(index) < Double(futureCount) * Self.scheduledFraction
        let status: String
        let planningAge: ClosedRange<Double>  // days before "today"
        if scheduledPart {
            status = index % 10 == 3 ? "Unscheduled" : "Scheduled"
            planningAge = index % 10 == 3 ? 0.01...7 : 0.02...45
        } else {
            status = "Planned"
            planningAge = 1...240
        }
        let hasSlot = status != "Planned" || index % 5 != 2
        let planning = DemoObsCore.nowMilliseconds - Int64(rng.uniform(planningAge) * Self.millisecondsPerDay)

        let instrument = instruments[rng.pick(instrumentChoice)]
        let setting = rng.pick(instrument.settings)
        var facility = instrument.facilities[rng.below(instrument.facilities.count)]
        if let move = instrument.movedTo, Self.todayMJD >= move.fromMJD { facility = move.facility }

        // ObsLocTAP §3.2: a hidden target has no name, position or footprint, and only a generic setting.
        let hidden = rng.chance(0.05)
        let moving = !hidden && rng.chance(0.03)
        let targetName: String?
        var position: (ra: Double, dec: Double)?
        let field = hidden ? instrument.field : (setting.field ?? instrument.field)
        let (width, height) = (field.width / 3600, field.height / 3600)
        let fov = (width * width + height * height).squareRoot()
        var region: [(Double, Double)]?
        if hidden {
            targetName = nil
        } else if moving {
            // A representative position on the ecliptic (§3.1: tracking_type Solar-system-object-tracking).
            let target = Self.movingTargets[rng.below(Self.movingTargets.count)]
            let lambda = (target.longitude + rng.uniform(-3...3)) * .pi / 180
            let epsilon = 23.4393 * Double.pi / 180
            let ra = atan2(sin(lambda) * cos(epsilon), cos(lambda)) * 180 / .pi
            let dec = asin(sin(epsilon) * sin(lambda)) * 180 / .pi
            targetName = target.name
            position = (DemoObsCore.wrapRA(ra), dec)
        } else {
            let target = obsCore.makeRow(rng.below(obsCore.rowCount)).target
            let decLimit = 85 - fov / 2
            let dec = min(max(target.dec + rng.normal(sigma: instrument.dither / 3600), -decLimit), decLimit)
            let ra = DemoObsCore.wrapRA(
                target.ra + rng.normal(sigma: instrument.dither / 3600) / cos(dec * .pi / 180))
            targetName = target.name
            position = (ra, dec)
        }
        if let position {
            // A planned observation has no position angle yet: its footprint is drawn unrotated.
            let angle = instrument.rotates && status != "Planned" ? rng.uniform(0...(2 * Double.pi)) : 0
            region = DemoObsCore.box(ra: position.ra, dec: position.dec, width: width, height: height, angle: angle)
        }

        let drawn = rng.logUniform(instrument.exposure)
        let exposure = max(1, drawn >= 100 ? (drawn / 10).rounded() * 10 : drawn.rounded())
        let settings = instrument.settings.elements
        let resolution = hidden
            ? instrument.spatialResolution : (setting.spatialResolution ?? instrument.spatialResolution)

        var obsID = Array((instrument.name + ".OB").utf8)
        DemoCopyFormat.appendUnsigned(UInt64(2_000_000 + index * 17 + rng.below(17)), minimumDigits: 7, &obsID)

        return Row(
            status: status, planningMilliseconds: planning, obsID: obsID, targetName: targetName,
            collection: instrument.name, position: position, fov: fov, region: region,
            spatialResolution: hidden
                ? (resolution.lowerBound + resolution.upperBound) / 2 : rng.uniform(resolution),
            startMilliseconds: hasSlot ? start : nil, exposure: exposure, plannedExposure: exposure,
            emMinNM: hidden ? settings.map(\.emMinNM).min()! : setting.emMinNM,
            emMaxNM: hidden ? settings.map(\.emMaxNM).max()! : setting.emMaxNM,
            resolvingPower: hidden ? nil : setting.resolvingPower.map { rng.uniform($0).rounded() },
            observableUCD: Self.observableUCD(instrument, hidden ? nil : setting),
            polarization: hidden ? nil : setting.polarization, facility: facility, instrument: instrument.name,
            category: moving ? "Fixed" : rng.pick(Self.categories), priority: rng.pick(Self.priorities),
            tracking: moving ? "Solar-system-object-tracking" : "Sidereal")
    }

    /// The observable as ivoa.obscore gives it for the same instrument and setting.
    private static func observableUCD(_ instrument: DemoInstrument, _ setting: DemoInstrument.Setting?) -> String {
        guard instrument.productType == "image" else { return "phot.flux.density;em.wl" }
        return setting?.polarization == nil ? "phot.count" : "phot.count;phys.polarization.stokes"
    }

    func write(_ field: Field, of row: Row, _ buffer: inout [UInt8]) {
        typealias F = DemoCopyFormat
        func fixed(_ value: Double?, _ decimals: Int) {
            if let value { F.appendFixed(value, decimals: decimals, &buffer) } else { F.appendNull(&buffer) }
        }
        func text(_ value: String?) {
            if let value { F.appendText(value, &buffer) } else { F.appendNull(&buffer) }
        }
        switch field {
        case .t_planning: fixed(row.tPlanning, 8)
        case .target_name: text(row.targetName)
        case .obs_id: F.appendRaw(row.obsID, &buffer)
        case .obs_collection: text(row.collection)
        case .s_ra: fixed(row.position?.ra, 7)
        case .s_dec: fixed(row.position?.dec, 7)
        case .s_fov: fixed(row.fov, 7)
        case .s_region:
            guard let region = row.region else { return F.appendNull(&buffer) }
            // A DALI polygon as a PostgreSQL array literal, as in ivoa.obscore.
            buffer.append(UInt8(ascii: "{"))
            for (position, vertex) in region.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                F.appendFixed(vertex.0, decimals: 7, &buffer)
                buffer.append(UInt8(ascii: ","))
                F.appendFixed(vertex.1, decimals: 7, &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        case .s_resolution: fixed(row.spatialResolution, 3)
        case .t_min: fixed(row.tMin, 8)
        case .t_max: fixed(row.tMax, 8)
        case .t_exptime, .t_resolution: fixed(row.exposure, 1)
        case .em_min: Self.appendNanometres(row.emMinNM, &buffer)
        case .em_max: Self.appendNanometres(row.emMaxNM, &buffer)
        case .em_res_power: fixed(row.resolvingPower, 0)
        case .o_ucd: text(row.observableUCD)
        case .pol_states: text(row.polarization?.states)
        case .pol_xel:
            if let polarization = row.polarization {
                F.appendInt(polarization.count, &buffer)
            } else {
                F.appendNull(&buffer)
            }
        case .facility_name: text(row.facility)
        case .instrument_name: text(row.instrument)
        case .t_plan_exptime: fixed(row.plannedExposure, 1)
        case .category: text(row.category)
        case .priority: F.appendInt(row.priority, &buffer)
        case .execution_status: text(row.status)
        case .tracking_type: text(row.tracking)
        }
    }

    /// Metres written as nanometres with an exponent, exactly as ivoa.obscore writes them.
    private static func appendNanometres(_ nanometres: Double, _ buffer: inout [UInt8]) {
        DemoCopyFormat.appendFixed(nanometres, decimals: 4, &buffer)
        buffer.append(contentsOf: "e-9".utf8)
    }
}
