import ADQL

/// ADQL geometry (ADQL 2.1 §2.4) on pgsphere. Positions are degrees in ADQL and radians in pgsphere.
/// Predicates are written in the operator form GiST indexes serve (`point <@ circle`), and POINT(ra, dec) of
/// a table's indexed position becomes that table's derived point column.
extension Translator {
    /// The pgsphere value of a geometry expression.
    mutating func sphere(_ node: Expression) -> String {
        switch node.kind {
        case .parenthesized(let inner):
            return sphere(inner)
        case .column:
            let resolved = checked.columns[node.range.start]
            let reference = expression(node)
            if let storage = resolved?.column.geometryStorageName, let resolved {
                return quoteIdentifier(checked.tables[resolved.tableIndex].correlation, storage)
            }
            return Self.sphere(fromDALI: reference, resolved?.column.type ?? .polygon)
        case .cast:
            return Self.sphere(fromDALI: expression(node), checked.type(of: node))
        case .function(let name, let arguments, _):
            let args = Self.droppingCoordinateSystem(arguments)
            switch name.name.uppercased() {
            case "POINT":
                if let derived = derivedPoint(args[0], args[1]) { return derived }
                return spoint(args[0], args[1])
            case "CIRCLE":
                let center = args.count == 2 ? sphere(args[0]) : spoint(args[0], args[1])
                return "scircle(" + center + ", radians(" + expression(args[args.count - 1]) + "))"
            case "BOX", "POLYGON":
                return "tap_util.spoly_from_degrees(" + dali(node) + ")"
            case "CENTROID":
                return centroid(args[0])
            case "REGION":
                return sphere(region(node))
            case _ where BuiltinFunctions.syntax(of: name.name) == nil:
                // A user-defined function's geometry comes back in its DALI form.
                return Self.sphere(fromDALI: expression(node), checked.type(of: node))
            default:
                return expression(node)
            }
        default:
            return expression(node)
        }
    }

    /// The geometry a REGION call's STC-S names, as the checker read it.
    func region(_ node: Expression) -> Expression {
        guard let region = checked.regions[node.range] else { preconditionFailure("unchecked REGION") }
        return region
    }

    /// The pgsphere value of a geometry in its DALI form (arrays of degrees).
    static func sphere(fromDALI value: String, _ type: ValueType) -> String {
        switch type {
        case .point: return "tap_util.spoint_from_degrees(" + value + ")"
        case .circle: return "tap_util.scircle_from_degrees(" + value + ")"
        default: return "tap_util.spoly_from_degrees(" + value + ")"
        }
    }

    /// A circle's centre; a polygon's centroid from its DALI vertices (pgsphere has none).
    mutating func centroid(_ geometry: Expression) -> String {
        if [.polygon, .region].contains(checked.type(of: geometry)) {
            return "tap_util.spoly_centroid(" + dali(geometry) + ")"
        }
        return "center(" + sphere(geometry) + ")"
    }

    /// The DALI form (DALI 1.1 §3.3: arrays of degrees) of a geometry in the select list.
    mutating func dali(_ node: Expression) -> String {
        switch node.kind {
        case .parenthesized(let inner):
            return dali(inner)
        case .column:
            return expression(node)
        case .function(let name, let arguments, _):
            let args = Self.droppingCoordinateSystem(arguments)
            switch name.name.uppercased() {
            case "POINT":
                return doubles(args.map { expression($0) })
            case "CIRCLE" where args.count == 3:
                return doubles(args.map { expression($0) })
            case "CIRCLE":
                let center = sphere(args[0])
                return doubles(["degrees(long(\(center)))", "degrees(lat(\(center)))", expression(args[1])])
            case "POLYGON" where args.allSatisfy({ checked.type(of: $0) == .point }):
                return "(" + args.map { dali($0) }.joined(separator: " || ") + ")"
            case "POLYGON":
                return doubles(args.map { expression($0) })
            case "BOX":
                return box(args)
            case "REGION":
                return dali(region(node))
            case "CENTROID":
                let center = centroid(args[0])
                return doubles(["degrees(long(\(center)))", "degrees(lat(\(center)))"])
            default:
                return expression(node)
            }
        default:
            return expression(node)
        }
    }

    /// BOX(ra, dec, width, height): the polygon of its corners, edges along lines of constant coordinate.
    mutating func box(_ args: [Expression]) -> String {
        let (ra, dec): (String, String)
        var rest = args[...]
        if args.count == 3 {
            let center = sphere(args[0])
            (ra, dec) = ("degrees(long(\(center)))", "degrees(lat(\(center)))")
            rest = args[1...]
        } else {
            (ra, dec) = (expression(args[0]), expression(args[1]))
            rest = args[2...]
        }
        let halfWidth = "(" + expression(rest[rest.startIndex]) + ") / 2.0"
        let halfHeight = "(" + expression(rest[rest.startIndex + 1]) + ") / 2.0"
        let corners = [("-", "-"), ("+", "-"), ("+", "+"), ("-", "+")].flatMap { signs in
            ["(\(ra)) \(signs.0) \(halfWidth)", "(\(dec)) \(signs.1) \(halfHeight)"]
        }
        return doubles(corners)
    }

    /// The number-valued geometry functions, and CONTAINS/INTERSECTS as the 0 or 1 ADQL defines.
    mutating func geometryFunction(_ name: String, _ arguments: [Expression]) -> String? {
        let args = Self.droppingCoordinateSystem(arguments)
        switch name {
        case "CONTAINS", "INTERSECTS":
            return "(CASE WHEN " + geometryPredicate(name, args) + " THEN 1 ELSE 0 END)"
        case "DISTANCE" where args.count == 4:
            return "degrees(" + spoint(args[0], args[1]) + " <-> " + spoint(args[2], args[3]) + ")"
        case "DISTANCE":
            return "degrees(" + sphere(args[0]) + " <-> " + sphere(args[1]) + ")"
        case "AREA" where [.polygon, .region].contains(checked.type(of: args[0])):
            return "tap_util.spoly_area_degrees(" + dali(args[0]) + ")"
        case "AREA":
            // steradians to square degrees
            return "(area(" + sphere(args[0]) + ") * (180.0 / pi()) * (180.0 / pi()))"
        case "COORD1":
            return "degrees(long(" + sphere(args[0]) + "))"
        case "COORD2":
            return "degrees(lat(" + sphere(args[0]) + "))"
        case "COORDSYS":
            return bind(.text("ICRS"))
        case "POINT", "CIRCLE", "BOX", "POLYGON", "CENTROID":
            return "CAST(" + dali(Expression(.function(name: Identifier(name), arguments: arguments, distinct: false),
                                             range: SourceRange(start: 0, end: 0))) + " AS double precision[])"
        default:
            return nil
        }
    }

    /// CONTAINS(a, b) or INTERSECTS(a, b) as a boolean pgsphere predicate.
    mutating func geometryPredicate(_ name: String, _ args: [Expression]) -> String {
        let left = sphere(args[0])
        let right = sphere(args[1])
        if name == "CONTAINS" { return "(" + left + " <@ " + right + ")" }
        if checked.type(of: args[0]) == .point { return "(" + left + " <@ " + right + ")" }
        if checked.type(of: args[1]) == .point { return "(" + right + " <@ " + left + ")" }
        return "(" + left + " && " + right + ")"
    }

    /// `CONTAINS(...) = 1` and its variants, written as the bare predicate so an index can serve it.
    mutating func geometryComparison(_ op: ComparisonOperator, _ left: Expression, _ right: Expression) -> String? {
        func predicate(_ node: Expression) -> (String, [Expression])? {
            guard case .function(let name, let arguments, _) = node.kind else { return nil }
            let upper = name.name.uppercased()
            guard upper == "CONTAINS" || upper == "INTERSECTS" else { return nil }
            return (upper, Self.droppingCoordinateSystem(arguments))
        }
        func flag(_ node: Expression) -> Bool? {
            guard case .literal(.integer(let digits)) = node.kind else { return nil }
            return digits == "1" ? true : digits == "0" ? false : nil
        }
        guard op == .equal || op == .notEqual else { return nil }
        guard let ((name, args), value) = predicate(left).flatMap({ p in flag(right).map { (p, $0) } })
            ?? predicate(right).flatMap({ p in flag(left).map { (p, $0) } })
        else { return nil }
        let test = geometryPredicate(name, args)
        return (value == (op == .equal)) ? test : "(NOT " + test + ")"
    }

    /// `DISTANCE(p, q) < r` (or `r > DISTANCE(p, q)`), the ADQL way of writing cones and crossmatches, in the
    /// form a GiST index serves: `point <@ scircle(centre, r)`. For a crossmatch of two indexed positions the
    /// second position's table is probed. Measured on the demo archive, this beats q3c_join for both cones
    /// (0.13 against 0.31 ms) and crossmatches (92 against 102 ms for 10,000 positions): BENCHMARKS.md.
    mutating func distanceComparison(_ op: ComparisonOperator, _ left: Expression, _ right: Expression) -> String? {
        let (distance, radius): (Expression, Expression)
        switch op {
        case .less, .lessOrEqual: (distance, radius) = (left, right)
        case .greater, .greaterOrEqual: (distance, radius) = (right, left)
        default: return nil
        }
        guard case .function(let name, let arguments, _) = distance.kind, name.name.equalsIgnoringASCIICase("DISTANCE"),
            !Self.mentionsColumns(radius)
        else { return nil }
        let points: (Expression, Expression)
        if arguments.count == 4 {
            let first = Expression(.function(name: Identifier("POINT"), arguments: Array(arguments[0..<2]), distinct: false),
                                   range: arguments[0].range.union(arguments[1].range))
            let second = Expression(.function(name: Identifier("POINT"), arguments: Array(arguments[2..<4]), distinct: false),
                                    range: arguments[2].range.union(arguments[3].range))
            points = (first, second)
        } else {
            points = (arguments[0], arguments[1])
        }
        let first = pointColumns(points.0)
        let second = pointColumns(points.1)
        if let first, let second, first.table != second.table {
            return "(" + second.point + " <@ scircle(" + first.point + ", radians(" + expression(radius) + ")))"
        }
        if let indexed = first ?? second {
            let other = first == nil ? points.0 : points.1
            guard !Self.mentionsColumns(other) else { return nil }
            return "(" + indexed.point + " <@ scircle(" + sphere(other) + ", radians(" + expression(radius) + ")))"
        }
        return nil
    }

    /// A POINT of a table's indexed position: its table and its derived point column, in SQL.
    func pointColumns(_ node: Expression) -> (table: Int, point: String)? {
        guard case .function(let name, let arguments, _) = node.kind, name.name.equalsIgnoringASCIICase("POINT") else {
            return nil
        }
        let args = Self.droppingCoordinateSystem(arguments)
        guard args.count == 2, let point = derivedPoint(args[0], args[1]),
            let ra = checked.columns[args[0].range.start]
        else { return nil }
        return (ra.tableIndex, point)
    }

    static func mentionsColumns(_ node: Expression) -> Bool {
        switch node.kind {
        case .column, .subquery, .exists, .inSubquery: return true
        case .literal, .countAll: return false
        case .unary(_, let a), .not(let a), .isNull(let a, _), .parenthesized(let a), .cast(let a, _):
            return mentionsColumns(a)
        case .binary(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b),
            .like(let a, let b, _, _):
            return mentionsColumns(a) || mentionsColumns(b)
        case .between(let a, let b, let c, _): return [a, b, c].contains(where: mentionsColumns)
        case .inList(let a, let list, _): return mentionsColumns(a) || list.contains(where: mentionsColumns)
        case .function(_, let arguments, _): return arguments.contains(where: mentionsColumns)
        }
    }

    /// POINT(t.ra, t.dec) on the coordinates a table also keeps as an indexed point.
    func derivedPoint(_ ra: Expression, _ dec: Expression) -> String? {
        guard case .column = ra.kind, case .column = dec.kind,
            let first = checked.columns[ra.range.start], let second = checked.columns[dec.range.start],
            first.tableIndex == second.tableIndex
        else { return nil }
        let table = checked.tables[first.tableIndex]
        guard let point = table.metadata.derivedPoints.first(where: {
            $0.ra == first.column.name && $0.dec == second.column.name
        }) else { return nil }
        return quoteIdentifier(table.correlation, point.storageName)
    }

    mutating func spoint(_ ra: Expression, _ dec: Expression) -> String {
        "spoint(radians(" + expression(ra) + "), radians(" + expression(dec) + "))"
    }

    func doubles(_ values: [String]) -> String {
        "ARRAY[" + values.map { "CAST(" + $0 + " AS double precision)" }.joined(separator: ", ") + "]"
    }

    /// The coordinate system string is optional and informative only: everything here is ICRS.
    static func droppingCoordinateSystem(_ arguments: [Expression]) -> [Expression] {
        guard let first = arguments.first, case .literal(.string) = first.kind else { return arguments }
        return Array(arguments.dropFirst())
    }
}
