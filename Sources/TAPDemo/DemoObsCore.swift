import Foundation
import TAPEngine

/// Deterministic ESO-archive-like rows for `PublishedTable.obscore`, as PostgreSQL COPY text.
///
/// Row `i` depends only on `(seed, rowCount, i)`. Observation start times increase with `i` (each row owns
/// its own slice of the observing nights 2005-01-01 … 2026-11-24), which makes `obs_id`, derived from the
/// start time to the millisecond, unique without any shared state.
public struct DemoObsCore: Sendable, DemoRows {
    public let seed: UInt64
    public let rowCount: Int
    let fields: [Field]
    var typicalRowBytes: Int { 900 }
    private let targets: [Target]
    private let instruments = DemoInstrument.all
    private let instrumentChoice: SplitMix64.Weighted<Int>
    private let slotMilliseconds: Int64

    /// Columns of `ivoa.obscore` the generator knows how to fill.
    enum Field: String, CaseIterable, Sendable {
        case dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did
        case access_url, access_format, access_estsize, target_name
        case s_ra, s_dec, s_fov, s_region, s_resolution, s_xel1, s_xel2
        case t_min, t_max, t_exptime, t_resolution, t_xel
        case em_min, em_max, em_res_power, em_xel, o_ucd, pol_states, pol_xel
        case facility_name, instrument_name, obs_release_date, data_rights, proposal_id
    }

    struct Target: Sendable {
        var name: String
        var ra: Double
        var dec: Double
    }

    /// One generated dataset; optionals are NULL in the table.
    struct Row {
        var instrument: DemoInstrument
        var setting: DemoInstrument.Setting
        var facility: String
        var calibLevel: Int
        var collection: String
        var obsID: [UInt8]
        var target: Target
        var ra: Double
        var dec: Double
        var fov: Double
        /// Polygon vertices as (ra, dec) pairs in degrees, counter-clockwise as seen from the origin (DALI).
        var region: [(Double, Double)]
        var spatialResolution: Double
        var spatialPixels: (Int, Int)
        var startMilliseconds: Int64  // since MJD 0
        var exposure: Double
        var resolvingPower: Double?
        var spectralPixels: Int
        var sizeKB: Int64
        var releaseMilliseconds: Int64
        var proposalID: [UInt8]

        var tMin: Double { Double(startMilliseconds) / Double(DemoCalendar.millisecondsPerDay) }
        var isProprietary: Bool { releaseMilliseconds > DemoObsCore.nowMilliseconds }
    }

    static let firstNightMJD = DemoCalendar.mjd(year: 2005, month: 1, day: 1)
    static let nightCount = DemoCalendar.mjd(year: 2026, month: 11, day: 24) - firstNightMJD
    /// Night n starts at 23:30 UT on MJD firstNightMJD + n and lasts until 10:00 UT (Paranal twilights).
    static let nightStartOffset: Int64 = 23 * 3_600_000 + 30 * 60_000
    static let nightLength: Int64 = 10 * 3_600_000 + 30 * 60_000
    /// The demo's "today": data released after it is still proprietary.
    static let nowMilliseconds =
        Int64(DemoCalendar.mjd(year: 2026, month: 11, day: 25)) * DemoCalendar.millisecondsPerDay

    /// - Parameters:
    ///   - seed: selects the realisation; the same seed always gives the same table.
    ///   - rowCount: number of rows; it also sets how densely rows fill the 2005–2026 nights.
    public init(seed: UInt64 = 20_261_125, rowCount: Int = 100_000) {
        precondition(rowCount > 0, "rowCount must be positive")
        self.seed = seed
        self.rowCount = rowCount
        fields = PublishedTable.obscore.columns.map { column in
            guard let field = Field(rawValue: column.name) else {
                preconditionFailure("DemoObsCore cannot fill column \(column.name)")
            }
            return field
        }
        targets = (0..<300).map { Self.makeTarget($0, seed: seed) }
        instrumentChoice = .init(instruments.enumerated().map { ($0.offset, $0.element.weight) })
        slotMilliseconds = max(1, Int64(Self.nightCount) * Self.nightLength / Int64(rowCount))
    }

    // Unique by construction: within each catalogue prefix, number ranges of different j do not overlap.
    private static func makeTarget(_ index: Int, seed: UInt64) -> Target {
        var rng = SplitMix64(seed: seed, salt: 0x7A26_E7, row: index)
        let j = index / 6
        let name: String
        switch index % 6 {
        case 0: name = "NGC \(1 + j * 110 + rng.below(110))"
        case 1: name = "HD \(1000 + j * 4500 + rng.below(4500))"
        case 2: name = "M \(1 + j * 2 + rng.below(2))"
        case 3: name = "ESO \(100 + j * 10 + rng.below(10))-\(1 + rng.below(99))"
        case 4: name = "HIP \(1 + j * 2300 + rng.below(2300))"
        default: name = "IC \(1 + j * 100 + rng.below(100))"
        }
        // The southern sky dominates an ESO archive: dec in [-80, +30] degrees, uniform in area.
        let sinDec = rng.uniform(sin(-80 * Double.pi / 180)...sin(30 * Double.pi / 180))
        return Target(name: name, ra: rng.uniform(0...360), dec: asin(sinDec) * 180 / .pi)
    }

    private static let calibLevels = SplitMix64.Weighted([(0, 0.10), (1, 0.35), (2, 0.40), (3, 0.15)])

    func makeRow(_ index: Int) -> Row {
        var rng = SplitMix64(seed: seed, salt: 0x0B5C_0DE, row: index)

        // Row index → a private slice of observing time, so start times are unique to the millisecond.
        let nightTime = Int64(index) * slotMilliseconds + Int64(rng.next() % UInt64(slotMilliseconds))
        let night = nightTime / Self.nightLength
        let start = (Int64(Self.firstNightMJD) + night) * DemoCalendar.millisecondsPerDay + Self.nightStartOffset
            + nightTime % Self.nightLength
        let startMJD = Int(start / DemoCalendar.millisecondsPerDay)

        var instrument = instruments[0]
        for _ in 0..<32 {
            let candidate = instruments[rng.pick(instrumentChoice)]
            if (candidate.firstMJD...candidate.lastMJD).contains(startMJD) {
                instrument = candidate
                break
            }
        }
        let setting = rng.pick(instrument.settings)
        var facility = instrument.facilities[rng.below(instrument.facilities.count)]
        if let move = instrument.movedTo, startMJD >= move.fromMJD { facility = move.facility }
        let calibLevel = rng.pick(Self.calibLevels)

        // Popular targets are observed more often: index skewed towards the start of the list.
        let targetIndex = min(targets.count - 1, Int(Double(targets.count) * pow(rng.unit(), 1.8)))
        let target = targets[targetIndex]

        let field = setting.field ?? instrument.field
        let width = field.width / 3600
        let height = field.height / 3600
        let fov = (width * width + height * height).squareRoot()
        let decLimit = 85 - fov / 2  // no vertex may reach |dec| = 85, so no polygon nears a pole
        let dec = min(max(target.dec + rng.normal(sigma: instrument.dither / 3600), -decLimit), decLimit)
        let ra = Self.wrapRA(target.ra + rng.normal(sigma: instrument.dither / 3600) / cos(dec * .pi / 180))
        let angle = instrument.rotates ? rng.uniform(0...(2 * Double.pi)) : 0
        let region = Self.box(ra: ra, dec: dec, width: width, height: height, angle: angle)

        let exposure = max(1, (rng.logUniform(instrument.exposure) * 10).rounded() / 10)
        let resolvingPower = setting.resolvingPower.map { rng.uniform($0).rounded() }
        let spectralPixels: Int
        if let cube = instrument.cubeSpectralPixels {
            spectralPixels = cube
        } else if let power = resolvingPower {
            // Constant resolving power over the range, 2.5 pixels per resolution element.
            spectralPixels = Int((log(setting.emMaxNM / setting.emMinNM) * power * 2.5).rounded())
        } else {
            spectralPixels = 1
        }
        let spatialPixels = instrument.isSpectrum && calibLevel >= 2 ? (1, 1) : instrument.pixels
        // Raw spectra are detector frames: their spectral axis is folded into the two detector axes.
        let rawSpectrum = instrument.isSpectrum && calibLevel < 2
        let samples = Double(spatialPixels.0) * Double(spatialPixels.1) * Double(rawSpectrum ? 1 : spectralPixels)
        // Raw: 16-bit counts; 1D spectra: wave, flux, error, quality; cubes: data and variance.
        let bytesPerSample: Double =
            calibLevel < 2 ? 2 : instrument.isSpectrum ? 16 : instrument.cubeSpectralPixels != nil ? 8 : 4
        let sizeKB = Int64((samples * bytesPerSample / 1024 * rng.uniform(0.95...1.05)).rounded()) + 20

        let startDate = DemoCalendar.civil(mjd: startMJD)
        let timeOfDay = start - Int64(startMJD) * DemoCalendar.millisecondsPerDay
        let releaseDay = DemoCalendar.mjd(
            year: startDate.year + 1, month: startDate.month,
            day: startDate.month == 2 && startDate.day == 29 ? 28 : startDate.day)
        let release = Int64(releaseDay) * DemoCalendar.millisecondsPerDay + timeOfDay / 1000 * 1000

        var obsID = Array((calibLevel >= 2 ? "ADP." : instrument.name + ".").utf8)
        DemoCalendar.appendTimestamp(milliseconds: start, separator: UInt8(ascii: "T"), withMilliseconds: true, &obsID)

        return Row(
            instrument: instrument, setting: setting, facility: facility, calibLevel: calibLevel,
            collection: Self.collection(instrument: instrument, calibLevel: calibLevel, target: targetIndex),
            obsID: obsID, target: target, ra: ra, dec: dec, fov: fov, region: region,
            spatialResolution: rng.uniform(setting.spatialResolution ?? instrument.spatialResolution),
            spatialPixels: spatialPixels, startMilliseconds: start, exposure: exposure,
            resolvingPower: resolvingPower, spectralPixels: spectralPixels, sizeKB: sizeKB,
            releaseMilliseconds: release,
            proposalID: proposalID(date: startDate, target: targetIndex, instrument: instrument.name))
    }

    private static func collection(instrument: DemoInstrument, calibLevel: Int, target: Int) -> String {
        guard calibLevel >= 2 else { return instrument.name }
        // Survey telescopes publish their reduced products as public-survey collections.
        switch instrument.name {
        case "VIRCAM": return ["VVV", "VHS", "VIKING"][target % 3]
        case "OMEGACAM": return ["KIDS", "ATLAS", "VPHASplus"][target % 3]
        default: return instrument.name
        }
    }

    /// An ESO-style programme ID such as `097.C-0123(A)`; the period (P75 = Apr–Sep 2005) matches the date,
    /// and all observations of one target with one instrument in one period share the programme.
    private func proposalID(date: (year: Int, month: Int, day: Int), target: Int, instrument: String) -> [UInt8] {
        let period = 75 + 2 * (date.year - 2005) + (date.month >= 10 ? 1 : 0) - (date.month < 4 ? 1 : 0)
        var hash = SplitMix64.mix(seed ^ UInt64(period) << 40 ^ UInt64(target) << 16)
        for byte in instrument.utf8 { hash = SplitMix64.mix(hash ^ UInt64(byte)) }
        var bytes: [UInt8] = []
        DemoCopyFormat.appendUnsigned(UInt64(period), minimumDigits: 3, &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.append(hash % 25 == 0 ? UInt8(ascii: "L") : UInt8(ascii: "A") + UInt8(hash % 4))
        bytes.append(UInt8(ascii: "-"))
        DemoCopyFormat.appendUnsigned(1 + (hash >> 8) % 999, minimumDigits: 4, &bytes)
        bytes.append(UInt8(ascii: "("))
        bytes.append(UInt8(ascii: "A") + UInt8((hash >> 32) % 4))
        bytes.append(UInt8(ascii: ")"))
        return bytes
    }

    static func wrapRA(_ ra: Double) -> Double {
        let wrapped = ra.truncatingRemainder(dividingBy: 360)
        return wrapped < 0 ? wrapped + 360 : wrapped
    }

    /// A width × height box (degrees) centred on (ra, dec), rotated by `angle` from north through east,
    /// with RA offsets stretched by 1/cos(dec) at each vertex.
    static func box(ra: Double, dec: Double, width: Double, height: Double, angle: Double) -> [(Double, Double)] {
        // Corners as (east, north) offsets, in DALI's counter-clockwise order seen from the origin.
        let (w, h) = (width / 2, height / 2)
        let corners = [(w, -h), (-w, -h), (-w, h), (w, h)]
        let (sinA, cosA) = (sin(angle), cos(angle))
        return corners.map { east, north in
            let rotatedEast = east * cosA + north * sinA
            let rotatedNorth = north * cosA - east * sinA
            let vertexDec = dec + rotatedNorth
            return (wrapRA(ra + rotatedEast / cos(vertexDec * .pi / 180)), vertexDec)
        }
    }

    func write(_ field: Field, of row: Row, _ buffer: inout [UInt8]) {
        typealias F = DemoCopyFormat
        switch field {
        case .dataproduct_type: F.appendText(row.instrument.productType, &buffer)
        case .calib_level: F.appendInt(row.calibLevel, &buffer)
        case .obs_collection: F.appendText(row.collection, &buffer)
        case .obs_id: F.appendRaw(row.obsID, &buffer)
        case .obs_publisher_did:
            buffer.append(contentsOf: "ivo://eso.org/ID?".utf8)
            F.appendRaw(row.obsID, &buffer)
        case .access_url:
            buffer.append(contentsOf: "https://archive.eso.example/datalink/links?ID=".utf8)
            F.appendRaw(row.obsID, &buffer)
        case .access_format: F.appendText("application/fits", &buffer)
        case .access_estsize: F.appendInt(row.sizeKB, &buffer)
        case .target_name: F.appendText(row.target.name, &buffer)
        case .s_ra: F.appendFixed(row.ra, decimals: 7, &buffer)
        case .s_dec: F.appendFixed(row.dec, decimals: 7, &buffer)
        case .s_fov: F.appendFixed(row.fov, decimals: 7, &buffer)
        case .s_region:
            buffer.append(UInt8(ascii: "{"))
            // A DALI polygon as a PostgreSQL array literal: ra1, dec1, ra2, dec2, ... in degrees.
            for (position, vertex) in row.region.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                F.appendFixed(vertex.0, decimals: 7, &buffer)
                buffer.append(UInt8(ascii: ","))
                F.appendFixed(vertex.1, decimals: 7, &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        case .s_resolution: F.appendFixed(row.spatialResolution, decimals: 3, &buffer)
        case .s_xel1: F.appendInt(row.spatialPixels.0, &buffer)
        case .s_xel2: F.appendInt(row.spatialPixels.1, &buffer)
        case .t_min: F.appendFixed(row.tMin, decimals: 8, &buffer)
        case .t_max: F.appendFixed(row.tMin + row.exposure / 86_400, decimals: 8, &buffer)
        case .t_exptime, .t_resolution: F.appendFixed(row.exposure, decimals: 1, &buffer)
        case .t_xel: F.appendInt(1, &buffer)
        case .em_min: Self.appendNanometres(row.setting.emMinNM, &buffer)
        case .em_max: Self.appendNanometres(row.setting.emMaxNM, &buffer)
        case .em_res_power:
            if let power = row.resolvingPower {
                F.appendFixed(power, decimals: 0, &buffer)
            } else {
                F.appendNull(&buffer)
            }
        case .em_xel: F.appendInt(row.spectralPixels, &buffer)
        case .o_ucd:
            let ucd = row.instrument.productType == "image"
                ? (row.setting.polarization == nil ? "phot.count" : "phot.count;phys.polarization.stokes")
                : "phot.flux.density;em.wl"
            F.appendText(ucd, &buffer)
        case .pol_states:
            if let polarization = row.setting.polarization {
                F.appendText(polarization.states, &buffer)
            } else {
                F.appendNull(&buffer)
            }
        case .pol_xel:
            if let polarization = row.setting.polarization {
                F.appendInt(polarization.count, &buffer)
            } else {
                F.appendNull(&buffer)
            }
        case .facility_name: F.appendText(row.facility, &buffer)
        case .instrument_name: F.appendText(row.instrument.name, &buffer)
        case .obs_release_date:
            DemoCalendar.appendTimestamp(
                milliseconds: row.releaseMilliseconds, separator: UInt8(ascii: " "), withMilliseconds: false, &buffer)
        case .data_rights: F.appendText(row.isProprietary ? "proprietary" : "public", &buffer)
        case .proposal_id: F.appendRaw(row.proposalID, &buffer)
        }
    }

    /// Metres written as nanometres with an exponent (`476.0000e-9`): exact in decimal, and PostgreSQL reads it.
    private static func appendNanometres(_ nanometres: Double, _ buffer: inout [UInt8]) {
        DemoCopyFormat.appendFixed(nanometres, decimals: 4, &buffer)
        buffer.append(contentsOf: "e-9".utf8)
    }
}

/// Proleptic Gregorian calendar arithmetic on MJDs (H. Hinnant's days-from-civil algorithms).
enum DemoCalendar {
    static let millisecondsPerDay: Int64 = 86_400_000
    /// MJD of 1970-01-01, the epoch of Hinnant's day numbers.
    private static let unixEpochMJD = 40_587

    static func mjd(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468 + unixEpochMJD
    }

    static func civil(mjd: Int) -> (year: Int, month: Int, day: Int) {
        let z = mjd - unixEpochMJD + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD<separator>HH:MM:SS[.mmm]` for a time given in milliseconds since MJD 0.
    static func appendTimestamp(
        milliseconds: Int64, separator: UInt8, withMilliseconds: Bool, _ buffer: inout [UInt8]
    ) {
        let day = Int(milliseconds / millisecondsPerDay)
        let rest = UInt64(milliseconds - Int64(day) * millisecondsPerDay)
        let date = civil(mjd: day)
        let parts: [(UInt64, Int, UInt8)] = [
            (UInt64(date.year), 4, UInt8(ascii: "-")), (UInt64(date.month), 2, UInt8(ascii: "-")),
            (UInt64(date.day), 2, separator), (rest / 3_600_000, 2, UInt8(ascii: ":")),
            (rest / 60_000 % 60, 2, UInt8(ascii: ":")), (rest / 1000 % 60, 2, UInt8(ascii: ".")),
        ]
        for (index, (value, width, next)) in parts.enumerated() {
            DemoCopyFormat.appendUnsigned(value, minimumDigits: width, &buffer)
            if index < parts.count - 1 || withMilliseconds { buffer.append(next) }
        }
        if withMilliseconds { DemoCopyFormat.appendUnsigned(rest % 1000, minimumDigits: 3, &buffer) }
    }
}
