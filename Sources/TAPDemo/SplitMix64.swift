import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough for demo data. Its whole state is
/// one word, so a generator can be derived cheaply per row, which is what makes rows independent of
/// the order in which chunks are generated.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// The second value of the last Box–Muller pair.
    private var spareNormal: Double?

    init(seed: UInt64) {
        state = seed
    }

    /// A generator for `row` of a stream identified by `seed` and `salt`. Row indexes are hashed before
    /// use: seeding with `seed ^ row * gamma` directly would make row i+1 replay row i shifted by one draw.
    init(seed: UInt64, salt: UInt64, row: Int) {
        state = Self.mix(seed &+ Self.mix(UInt64(bitPattern: Int64(row)) ^ salt))
    }

    /// The SplitMix64 output function, usable on its own as a 64-bit hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [range.lowerBound, range.upperBound).
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Log-uniform in the range (both bounds > 0): as many values per decade, as for exposure times.
    mutating func logUniform(_ range: ClosedRange<Double>) -> Double {
        exp(uniform(log(range.lowerBound)...log(range.upperBound)))
    }

    /// Uniform integer in 0..<bound (bound > 0); the modulo bias is irrelevant for demo data.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// Normal deviate by the Box–Muller transform; the second value of each pair is kept for the next call.
    mutating func normal(mean: Double = 0, sigma: Double = 1) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return mean + sigma * spare
        }
        let u1 = 1 - unit()  // (0, 1], so log stays finite
        let u2 = unit()
        let radius = (-2 * log(u1)).squareRoot()
        spareNormal = radius * sin(2 * Double.pi * u2)
        return mean + sigma * radius * cos(2 * Double.pi * u2)
    }

    /// One element of `choices`, each with probability proportional to its weight.
    mutating func pick<Element>(_ choices: Weighted<Element>) -> Element {
        choices.pick(unit())
    }

    /// Elements with weights, prepared once so that a pick is a scan over cumulative weights.
    struct Weighted<Element: Sendable>: Sendable {
        let elements: [Element]
        private let cumulative: [Double]

        init(_ weighted: [(Element, Double)]) {
            precondition(!weighted.isEmpty, "no choices")
            elements = weighted.map(\.0)
            var total = 0.0
            var sums: [Double] = []
            for (_, weight) in weighted {
                precondition(weight >= 0, "negative weight")
                total += weight
                sums.append(total)
            }
            precondition(total > 0, "weights sum to zero")
            cumulative = sums.map { $0 / total }
        }

        /// The element whose cumulative-weight interval contains `u` in [0, 1).
        func pick(_ u: Double) -> Element {
            for (index, limit) in cumulative.enumerated() where u < limit {
                return elements[index]
            }
            return elements[elements.count - 1]
        }
    }
}
