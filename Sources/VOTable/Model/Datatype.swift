/// The primitive types of a VOTable FIELD's `datatype` attribute (VOTable 1.4 §2.1, table 1).
///
/// A string column is an array of `char` or `unicodeChar` (`arraysize="*"`); the TABLEDATA text is the same for both.
/// Up to VOTable 1.5 `char` holds 7-bit ASCII only, so a column that may hold other characters should be declared
/// `unicodeChar` (astropy warns, W55, about non-ASCII text in a `char` column).
public enum Datatype: String, Sendable, CaseIterable {
    case boolean
    case bit
    case unsignedByte
    case short
    case int
    case long
    case char
    case unicodeChar
    case float
    case double
    case floatComplex
    case doubleComplex
}
