/// A value expression or search condition. ADQL's grammar separates the two, but both nest inside each other
/// (a comparison inside CASE, a subquery inside a comparison), so one tree with one range per node serves both.
public struct Expression: Sendable, Hashable {
    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    public indirect enum Kind: Sendable, Hashable {
        case column(QualifiedName)
        case literal(Literal)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case comparison(ComparisonOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)
        case between(Expression, low: Expression, high: Expression, negated: Bool)
        case like(Expression, pattern: Expression, negated: Bool, caseInsensitive: Bool)
        case inList(Expression, [Expression], negated: Bool)
        case isNull(Expression, negated: Bool)
        /// A function call: built-in math, geometry, user-defined, or an aggregate (`distinct` applies to
        /// aggregates only).
        case function(name: Identifier, arguments: [Expression], distinct: Bool)
        /// `COUNT(*)`
        case countAll
        /// A scalar subquery `(SELECT ...)`.
        case subquery(Query)
        case exists(Query)
        case inSubquery(Expression, Query, negated: Bool)
        /// `CAST(value AS type)` (ADQL 2.1 §2.3.5).
        case cast(Expression, CastType)
        case parenthesized(Expression)
    }
}

public enum Literal: Sendable, Hashable {
    /// Digits as written, so that a value too large for Int64 is reported, not wrapped.
    case integer(String)
    case hexInteger(String)
    case decimal(String)
    case approximate(String)
    case string(String)
    case null
}

public enum UnaryOperator: String, Sendable, Hashable {
    case plus = "+", minus = "-"
}

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", concatenate = "||"
}

public enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=", notEqual = "<>", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
}

/// The targets of CAST (ADQL 2.1 <cast_target>).
public enum CastType: Sendable, Hashable {
    case smallint, integer, bigint, real, doublePrecision, timestamp
    case char(length: Int?)
    case varchar(length: Int?)
    case point, circle, polygon
}
