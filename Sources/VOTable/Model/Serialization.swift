/// How the rows are serialised inside DATA (VOTable 1.4 §5): it decides the elements `VOTableDocument.header` and
/// `trailer` open and close, and which `RowEncoder` writes the rows.
public enum Serialization: Sendable, Equatable, CaseIterable {
    /// Rows as XML `TR`/`TD` elements (VOTable 1.4 §5.1).
    case tabledata
    /// Rows as binary records in a base64 STREAM, nulls by the FIELD's VALUES null or NaN (§5.4).
    case binary
    /// As BINARY, with a null flag per cell before each row (§5.5): what TOPCAT and pyvo read fastest.
    case binary2
}
