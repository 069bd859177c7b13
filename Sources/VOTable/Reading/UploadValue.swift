/// One decoded cell of an uploaded table (nil in a row means NULL).
///
/// The case follows the FIELD's `datatype` and `arraysize` (see `UploadReader`), never the cell's content: every
/// non-null cell of a column has the same case, so the caller can choose a database type from the header alone.
public enum UploadValue: Sendable, Equatable {
    /// A `boolean`, or a scalar `bit`.
    case boolean(Bool)
    /// A scalar `unsignedByte`, `short`, `int` or `long`.
    case integer(Int64)
    /// A scalar `float` or `double`; NaN and ±Infinity are values, not nulls (VOTable 1.4 §5.5).
    case real(Double)
    /// A `char` or `unicodeChar` cell (whatever its arraysize), a `bit` array as "0101…", or a `boolean` array as
    /// one character per element: T, F, or ? for a null element.
    case text(String)
    /// An array of `unsignedByte`, `short`, `int` or `long`, multi-dimensional ones flattened (first index fastest).
    case integers([Int64])
    /// An array of `float` or `double`, or a `floatComplex` / `doubleComplex` scalar or array as re, im pairs.
    case reals([Double])
}
