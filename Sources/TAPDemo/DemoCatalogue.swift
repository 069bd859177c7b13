import Foundation
import TAPEngine

/// Deterministic Gaia-like rows for `PublishedTable.sourceCatalogue`, as PostgreSQL COPY text.
///
/// Row `i` depends only on `(seed, i)`, so a loader may generate chunks in parallel and in any order.
/// Sources are uniform on the sphere; about 20 % are "2-parameter solutions" (no parallax or proper
/// motion, mostly faint ones) and about 5 % have no BP/RP photometry.
public struct DemoCatalogue: Sendable, DemoRows {
    public let seed: UInt64
    public let rowCount: Int
    let fields: [Field]
    var typicalRowBytes: Int { 200 }

    /// Columns of `cat.sources` the generator knows how to fill.
    enum Field: String, CaseIterable, Sendable {
        case source_id, ra, dec, ra_error, dec_error, pmra, pmdec, parallax, parallax_error
        case phot_g_mean_mag, phot_bp_mean_mag, phot_rp_mean_mag, ref_epoch
    }

    /// One generated source; optionals are NULL in the table.
    struct Row {
        var sourceID: Int64
        var ra: Double
        var dec: Double
        var raError: Double
        var decError: Double
        var pmra: Double?
        var pmdec: Double?
        var parallax: Double?
        var parallaxError: Double?
        var gMag: Double
        var bpMag: Double?
        var rpMag: Double?
    }

    /// - Parameters:
    ///   - seed: selects the realisation; the same seed always gives the same catalogue.
    ///   - rowCount: number of rows the loader will request (`writeRows` accepts ranges within it).
    public init(seed: UInt64 = 20_261_125, rowCount: Int = 1_000_000) {
        self.seed = seed
        self.rowCount = rowCount
        // The column order comes from the table definition, so the two cannot drift apart.
        fields = PublishedTable.sourceCatalogue.columns.map { column in
            guard let field = Field(rawValue: column.name) else {
                preconditionFailure("DemoCatalogue cannot fill column \(column.name)")
            }
            return field
        }
    }

    // Photometric number counts grow by ~0.35 dex per magnitude; this is the matching exponential rate.
    private static let countSlope = 0.35 * log(10.0)
    private static let magnitudeSpan = 13.0  // G from 8 to 21
    private static let countNormalisation = exp(countSlope * magnitudeSpan) - 1

    func makeRow(_ index: Int) -> Row {
        var rng = SplitMix64(seed: seed, salt: 0xCA7A_1065, row: index)
        // Quantise positions to the 1e-8 deg written out, so that the stored and generated values agree exactly.
        let ra = Double(rng.next() % 36_000_000_000) / 1e8
        let dec = (asin(rng.uniform(-1...1)) * 180 / .pi * 1e8).rounded() / 1e8
        let gMag = 8 + log(1 + rng.unit() * Self.countNormalisation) / Self.countSlope

        // Parallax error as a function of G, roughly the Gaia EDR3 relation, floored at G = 13.
        let z = pow(10, 0.4 * (max(gMag, 13) - 15))
        let sigmaParallax = (40 + 800 * z + 30 * z * z).squareRoot() / 1000 * rng.uniform(0.85...1.2)
        var row = Row(
            sourceID: Int64(index + 1) * 1000 + Int64(rng.below(1000)),
            ra: ra, dec: dec,
            raError: sigmaParallax * rng.uniform(0.7...0.9),
            decError: sigmaParallax * rng.uniform(0.6...0.8),
            gMag: gMag)

        // 2-parameter solutions are mostly faint: 5 % below G=19, 15 % in 19–20, 28 % fainter (~20 % overall).
        let twoParameter = rng.chance(gMag < 19 ? 0.05 : gMag < 20 ? 0.15 : 0.28)
        if !twoParameter {
            let trueParallax = exp(rng.normal(mean: -0.7 - 0.15 * (gMag - 15), sigma: 0.8))
            row.parallax = trueParallax + rng.normal(sigma: sigmaParallax)
            row.parallaxError = sigmaParallax
            row.pmra = rng.normal(sigma: 5) + rng.normal(sigma: 1.3 * sigmaParallax)
            row.pmdec = rng.normal(sigma: 5) + rng.normal(sigma: 1.3 * sigmaParallax)
        }
        if !rng.chance(0.05) {
            let colour = min(max(rng.normal(mean: 1.0, sigma: 0.45), -0.3), 4.5)
            let bp = gMag + 0.05 + 0.45 * colour + rng.normal(sigma: 0.01)
            row.bpMag = bp
            row.rpMag = bp - colour
        }
        return row
    }

    func write(_ field: Field, of row: Row, _ buffer: inout [UInt8]) {
        switch field {
        case .source_id: DemoCopyFormat.appendInt(row.sourceID, &buffer)
        case .ra: DemoCopyFormat.appendFixed(row.ra, decimals: 8, &buffer)
        case .dec: DemoCopyFormat.appendFixed(row.dec, decimals: 8, &buffer)
        case .ra_error: DemoCopyFormat.appendFixed(row.raError, decimals: 4, &buffer)
        case .dec_error: DemoCopyFormat.appendFixed(row.decError, decimals: 4, &buffer)
        case .pmra: Self.writeOptional(row.pmra, decimals: 4, &buffer)
        case .pmdec: Self.writeOptional(row.pmdec, decimals: 4, &buffer)
        case .parallax: Self.writeOptional(row.parallax, decimals: 4, &buffer)
        case .parallax_error: Self.writeOptional(row.parallaxError, decimals: 4, &buffer)
        case .phot_g_mean_mag: DemoCopyFormat.appendFixed(row.gMag, decimals: 4, &buffer)
        case .phot_bp_mean_mag: Self.writeOptional(row.bpMag, decimals: 4, &buffer)
        case .phot_rp_mean_mag: Self.writeOptional(row.rpMag, decimals: 4, &buffer)
        case .ref_epoch: DemoCopyFormat.appendFixed(2016.0, decimals: 1, &buffer)
        }
    }

    private static func writeOptional(_ value: Double?, decimals: Int, _ buffer: inout [UInt8]) {
        if let value {
            DemoCopyFormat.appendFixed(value, decimals: decimals, &buffer)
        } else {
            DemoCopyFormat.appendNull(&buffer)
        }
    }
}
