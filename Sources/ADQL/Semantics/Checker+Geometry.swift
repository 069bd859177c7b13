extension Checker {
    /// ADQL 2.1 §2.4: coordinates are numbers, a coordinate system is an optional leading string literal,
    /// predicates and measures take geometries. What the grammar cannot tell apart is checked here.
    mutating func checkGeometryArguments(_ name: String, _ arguments: [Expression], _ types: [ValueType]) {
        func requireGeometry(_ index: Int, _ allowed: [ValueType]) {
            guard index < types.count, types[index] != .unknown else { return }
            // A published REGION column (ObsCore's s_region) holds polygons.
            if !allowed.contains(types[index] == .region ? .polygon : types[index]) {
                errors.append(ADQLError(
                    .typeMismatch, "argument \(index + 1) of \(name) must be a \(Self.describe(allowed))",
                    at: arguments[index].range))
            }
        }
        func requireNumbers(_ indices: Range<Int>) {
            for index in indices where index < types.count && !types[index].isNumeric {
                errors.append(ADQLError(
                    .typeMismatch, "argument \(index + 1) of \(name) must be a number", at: arguments[index].range))
            }
        }
        let coordinateSystem = arguments.first.map(Self.isStringLiteral) ?? false
        let start = coordinateSystem ? 1 : 0
        // With the optional coordinate system taken off, what is left must be one of the constructor's forms.
        let left = types.count - start
        if let allowed = Self.constructorForms[name], !allowed.contains(left) {
            errors.append(ADQLError(
                .wrongArgumentCount,
                "\(name) takes " + (name == "POINT" ? "two coordinates" : name == "CIRCLE"
                    ? "a centre (two coordinates or a POINT) and a radius"
                    : "a centre (two coordinates or a POINT), a width and a height")
                    + (coordinateSystem ? " after the coordinate system" : ""),
                at: arguments[0].range.union(arguments[arguments.count - 1].range)))
            return
        }
        if name == "POLYGON" && left < 3 {
            errors.append(ADQLError(
                .wrongArgumentCount, "POLYGON takes at least three vertices",
                at: arguments[0].range.union(arguments[arguments.count - 1].range)))
            return
        }
        switch name {
        case "POINT":
            requireNumbers(start..<types.count)
        case "CIRCLE":
            if types.count - start == 2 {
                requireGeometry(start, [.point])
                requireNumbers(start + 1..<types.count)
            } else {
                requireNumbers(start..<types.count)
            }
        case "BOX":
            if types.count - start == 3 {
                requireGeometry(start, [.point])
                requireNumbers(start + 1..<types.count)
            } else {
                requireNumbers(start..<types.count)
            }
        case "POLYGON":
            if types[start...].allSatisfy({ $0 == .point }) {
                break
            }
            requireNumbers(start..<types.count)
            if (types.count - start) % 2 != 0 || types.count - start < 6 {
                errors.append(ADQLError(
                    .wrongArgumentCount, "POLYGON takes at least three vertices as pairs of coordinates",
                    at: arguments[start].range.union(arguments[arguments.count - 1].range)))
            }
        case "CONTAINS":
            requireGeometry(0, [.point, .circle, .polygon])
            requireGeometry(1, [.circle, .polygon])
        case "INTERSECTS":
            requireGeometry(0, [.point, .circle, .polygon])
            requireGeometry(1, [.point, .circle, .polygon])
        case "DISTANCE":
            if types.count == 2 {
                requireGeometry(0, [.point])
                requireGeometry(1, [.point])
            } else {
                requireNumbers(0..<4)
            }
        case "AREA":
            requireGeometry(0, [.circle, .polygon])
        case "CENTROID":
            requireGeometry(0, [.circle, .polygon])
        case "COORD1", "COORD2":
            requireGeometry(0, [.point])
        case "COORDSYS":
            requireGeometry(0, [.point, .circle, .polygon])
        default:
            break
        }
    }

    static func isStringLiteral(_ expression: Expression) -> Bool {
        if case .literal(.string) = expression.kind { return true }
        return false
    }

    /// How many arguments each constructor takes after its optional coordinate system.
    static let constructorForms: [String: [Int]] = ["POINT": [2], "CIRCLE": [2, 3], "BOX": [3, 4]]

    static func describe(_ types: [ValueType]) -> String {
        let names: [(ValueType, String)] = [(.point, "POINT"), (.circle, "CIRCLE"), (.polygon, "POLYGON or BOX")]
        return names.filter { types.contains($0.0) }.map(\.1).joined(separator: " or ")
    }
}
