import Testing

@testable import VOTable

@Suite("Number formatting")
struct NumberFormattingTests {
    @Test(
        "Integers",
        arguments: [
            (0, "0"), (7, "7"), (-7, "-7"), (10, "10"), (99, "99"), (100, "100"), (-100, "-100"), (12_345, "12345"),
            (1_000_000_007, "1000000007"), (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
        ] as [(Int64, String)])
    func integers(_ value: Int64, _ expected: String) {
        #expect(NumberFormatting.string(value) == expected)
    }

    // 5e-324 and the largest subnormal are spelled by value: as literals they draw an underflow warning.
    static let doubles: [Double] = [
        0.1, 1e-300, -0.0, 0.0, 1.7976931348623157e308, Double.leastNonzeroMagnitude, 123456789.123,
        0.30000000000000004, 1.0, -1.5, 1e16, 1e15, 1e-5, 2.2250738585072014e-308,
        Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), Double.pi, 359.99999999999994, Double(1 << 53) + 2, -123.456,
        6.02214076e23,
    ]

    @Test("Doubles read back bit for bit", arguments: doubles)
    func doubleRoundTrip(_ value: Double) throws {
        let text = NumberFormatting.string(value)
        let parsed = try #require(Double(text), "\(text) does not parse")
        #expect(parsed.bitPattern == value.bitPattern, "\(value) written as \(text)")
        #expect(isVOTableFloatSyntax(text, maxExponentDigits: 3), "\(text)")
    }

    @Test(
        "Doubles are written in the shortest form",
        arguments: [
            (0.1, "0.1"), (-0.0, "-0.0"), (.leastNonzeroMagnitude, "5e-324"), (1e-300, "1e-300"),
            (123456789.123, "123456789.123"), (1.7976931348623157e308, "1.7976931348623157e+308"), (1.0, "1.0"),
            (1e16, "1e+16"),
            (.nan, "NaN"), (-.nan, "NaN"), (.signalingNaN, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
        ] as [(Double, String)])
    func doubleText(_ value: Double, _ expected: String) {
        #expect(NumberFormatting.string(value) == expected)
    }

    @Test("Random doubles read back bit for bit")
    func randomDoubles() {
        var generator = SplitMix64(seed: 42)
        var failures = 0
        for _ in 0..<50_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else {
                continue
            }
            let text = NumberFormatting.string(value)
            if Double(text)?.bitPattern != value.bitPattern || !isVOTableFloatSyntax(text, maxExponentDigits: 3) {
                failures += 1
                Issue.record("\(value.bitPattern) written as \(text)")
                if failures > 5 {
                    return
                }
            }
        }
    }

    @Test(
        "Floats read back bit for bit",
        arguments: [
            Float(0.1), Float(-0.0), Float.greatestFiniteMagnitude, Float.leastNonzeroMagnitude,
            Float.leastNormalMagnitude, Float(3.44), Float(16_777_217), Float(1e-5),
        ])
    func floatRoundTrip(_ value: Float) throws {
        let text = NumberFormatting.string(value)
        let parsed = try #require(Float(text), "\(text) does not parse")
        #expect(parsed.bitPattern == value.bitPattern, "\(value) written as \(text)")
        #expect(isVOTableFloatSyntax(text, maxExponentDigits: 2), "\(text)")
    }

    @Test(
        "Float specials",
        arguments: [
            (Float.nan, "NaN"), (Float.infinity, "+Inf"), (-Float.infinity, "-Inf"), (Float(0.1), "0.1"),
            (Float.greatestFiniteMagnitude, "3.4028235e+38"),
        ] as [(Float, String)])
    func floatText(_ value: Float, _ expected: String) {
        #expect(NumberFormatting.string(value) == expected)
    }

    /// VOTable 1.4 §6: optional sign, a decimal number, optionally `e`/`E`, optional sign and 1 to 2 (float) or
    /// 3 (double) exponent digits.
    private func isVOTableFloatSyntax(_ text: String, maxExponentDigits: Int) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" {
            rest = rest.dropFirst()
        }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.contains(where: { !$0.isEmpty }),
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else {
            return false
        }
        var exponent = rest.dropFirst(mantissa.count)
        if exponent.isEmpty {
            return true
        }
        exponent = exponent.dropFirst()
        if exponent.first == "+" || exponent.first == "-" {
            exponent = exponent.dropFirst()
        }
        return (1...maxExponentDigits).contains(exponent.count) && exponent.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        ("0"..."9").contains(self)
    }
}
