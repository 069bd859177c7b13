/// How the rows are serialised inside DATA (VOTable 1.4 §5).
///
/// Only TABLEDATA exists so far; BINARY and BINARY2 (a base64 STREAM) will be further cases, which is why
/// `VOTableDocument.header` and `trailer` take the serialization: it decides the elements they open and close.
public enum Serialization: Sendable, Equatable {
    /// Rows as XML `TR`/`TD` elements (VOTable 1.4 §5.1).
    case tabledata
}
