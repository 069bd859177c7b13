import Foundation

/// A unit string as VOUnits 1.0 writes them (`km/s`, `mas.yr**-1`, `10**-7W`, `Angstrom`), reduced to a scale
/// factor and powers of base dimensions, so IN_UNIT (ADQL 2.1 §2.3.6) can tell whether two units convert and by
/// what factor.
public struct VOUnit: Sendable, Equatable {
    /// Multiply a value in this unit by `factor` to get it in SI base units (radians for angles).
    public var factor: Double
    public var dimensions: [Dimension: Int]

    public enum Dimension: String, Sendable, Hashable {
        case length, mass, time, current, temperature, amount, luminosity, angle, solidAngle
    }

    public struct ParseError: Error, Sendable {
        public var message: String
    }

    /// The factor that converts a value in `self` into `target`, or nil when the two do not measure the same thing.
    public func conversion(to target: VOUnit) -> Double? {
        guard dimensions.filter({ $0.value != 0 }) == target.dimensions.filter({ $0.value != 0 }) else { return nil }
        return factor / target.factor
    }

    public init(factor: Double, dimensions: [Dimension: Int]) {
        self.factor = factor
        self.dimensions = dimensions.filter { $0.value != 0 }
    }

    /// Products with `.`, one `/` (what follows divides), powers with `**` (integers, optionally in parentheses),
    /// a leading numeric factor such as `10**-7` or `1e3`.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw ParseError(message: "an empty unit") }
        var result = VOUnit(factor: 1, dimensions: [:])
        var rest = Substring(trimmed)
        // A leading scale factor glued to the unit: 10**-7W (VOUnits 1.0 §2.6).
        if rest.hasPrefix("10**") {
            let digits = rest.dropFirst(4).prefix { $0.isNumber || $0 == "-" || $0 == "+" }
            if let power = Int(digits), digits.count < rest.count - 4 {
                result.factor = pow(10, Double(power))
                rest = rest.dropFirst(4 + digits.count)
            }
        }
        let divided = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        for (index, part) in divided.enumerated() {
            for factorText in part.split(separator: ".", omittingEmptySubsequences: false) {
                let term = try Self.term(String(factorText), whole: text)
                result = result.multiplied(by: term, power: index == 0 ? 1 : -1)
            }
        }
        self = result
    }

    func multiplied(by other: VOUnit, power: Int) -> VOUnit {
        var dimensions = self.dimensions
        for (dimension, exponent) in other.dimensions { dimensions[dimension, default: 0] += exponent * power }
        return VOUnit(factor: factor * pow(other.factor, Double(power)), dimensions: dimensions)
    }

    static func term(_ text: String, whole: String) throws(ParseError) -> VOUnit {
        var body = text
        var exponent = 1
        if let range = body.range(of: "**") {
            var power = String(body[range.upperBound...])
            if power.hasPrefix("("), power.hasSuffix(")") { power = String(power.dropFirst().dropLast()) }
            guard let value = Int(power) else { throw ParseError(message: "cannot read the power in '\(whole)'") }
            exponent = value
            body = String(body[..<range.lowerBound])
        }
        // A bare number (10 in 10**-7, or 1e3) scales.
        if let number = Double(body) {
            return VOUnit(factor: pow(number, Double(exponent)), dimensions: [:])
        }
        guard let unit = lookup(body) else { throw ParseError(message: "unknown unit '\(body)' in '\(whole)'") }
        return VOUnit(factor: 1, dimensions: [:]).multiplied(by: unit, power: exponent)
    }

    /// A unit symbol, with an SI prefix where the unit takes one.
    static func lookup(_ symbol: String) -> VOUnit? {
        if let unit = units[symbol] { return unit.unit }
        for (prefix, scale) in prefixes where symbol.hasPrefix(prefix) && symbol.count > prefix.count {
            let rest = String(symbol.dropFirst(prefix.count))
            if let unit = units[rest], unit.prefixable {
                return VOUnit(factor: unit.unit.factor * scale, dimensions: unit.unit.dimensions)
            }
        }
        return nil
    }

    static let prefixes: [(String, Double)] = [
        ("da", 1e1), ("y", 1e-24), ("z", 1e-21), ("a", 1e-18), ("f", 1e-15), ("p", 1e-12), ("n", 1e-9), ("u", 1e-6),
        ("m", 1e-3), ("c", 1e-2), ("d", 1e-1), ("h", 1e2), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
        ("P", 1e15), ("E", 1e18), ("Z", 1e21), ("Y", 1e24),
    ]

    /// VOUnits 1.0 §2.4 tables: SI units and the astronomical ones it recognises.
    static let units: [String: (unit: VOUnit, prefixable: Bool)] = {
        func u(_ factor: Double, _ dimensions: [Dimension: Int], prefixable: Bool = true) -> (VOUnit, Bool) {
            (VOUnit(factor: factor, dimensions: dimensions), prefixable)
        }
        let degree = Double.pi / 180
        let second = 1.0
        let year = 365.25 * 86_400.0
        let watt: [Dimension: Int] = [.mass: 1, .length: 2, .time: -3]
        let jansky: [Dimension: Int] = [.mass: 1, .time: -2]
        return [
            "m": u(1, [.length: 1]), "g": u(1e-3, [.mass: 1]), "s": u(second, [.time: 1]),
            "A": u(1, [.current: 1]), "K": u(1, [.temperature: 1]), "mol": u(1, [.amount: 1]),
            "cd": u(1, [.luminosity: 1]), "rad": u(1, [.angle: 1]), "sr": u(1, [.solidAngle: 1]),
            "Hz": u(1, [.time: -1]), "N": u(1, [.mass: 1, .length: 1, .time: -2]),
            "J": u(1, [.mass: 1, .length: 2, .time: -2]), "W": u(1, watt),
            "Pa": u(1, [.mass: 1, .length: -1, .time: -2]), "C": u(1, [.current: 1, .time: 1]),
            "V": u(1, [.mass: 1, .length: 2, .time: -3, .current: -1]), "T": u(1, [.mass: 1, .time: -2, .current: -1]),
            "deg": u(degree, [.angle: 1]), "arcmin": u(degree / 60, [.angle: 1]),
            "arcsec": u(degree / 3600, [.angle: 1]), "mas": u(degree / 3_600_000, [.angle: 1], prefixable: false),
            "uas": u(degree / 3_600_000_000, [.angle: 1], prefixable: false),
            "min": u(60, [.time: 1], prefixable: false), "h": u(3600, [.time: 1], prefixable: false),
            "d": u(86_400, [.time: 1], prefixable: false), "yr": u(year, [.time: 1]), "a": u(year, [.time: 1]),
            "Angstrom": u(1e-10, [.length: 1], prefixable: false), "angstrom": u(1e-10, [.length: 1], prefixable: false),
            "AU": u(1.495_978_707e11, [.length: 1], prefixable: false),
            "au": u(1.495_978_707e11, [.length: 1], prefixable: false),
            "pc": u(3.085_677_581_491_367e16, [.length: 1]), "lyr": u(9.460_730_472_580_8e15, [.length: 1]),
            "Jy": u(1e-26, jansky), "erg": u(1e-7, [.mass: 1, .length: 2, .time: -2], prefixable: false),
            "eV": u(1.602_176_634e-19, [.mass: 1, .length: 2, .time: -2]),
            "solMass": u(1.988_47e30, [.mass: 1], prefixable: false),
            "solRad": u(6.957e8, [.length: 1], prefixable: false), "solLum": u(3.828e26, watt, prefixable: false),
            "ct": u(1, [:]), "count": u(1, [:], prefixable: false), "pix": u(1, [:]), "pixel": u(1, [:]),
        ]
    }()
}
