/// An INFO element: a named string value with optional text content (VOTable 1.4 §4.8).
///
/// DALI 1.1 §4.4.3 suggests e.g. `standardID` and `citation` (the latter with `ucd="meta.bib"`); TAP 1.1 §3.1 e.g.
/// `QUERY` echoing the query.
public struct Info: Sendable, Equatable {
    /// The `name` attribute (XML token; required).
    public var name: String
    /// The `value` attribute (required, may be empty).
    public var value: String
    /// The element's text, if any.
    public var content: String?
    /// The `ucd` attribute, e.g. `meta.bib` for a citation.
    public var ucd: String?

    /// Creates an INFO element.
    public init(name: String, value: String, content: String? = nil, ucd: String? = nil) {
        self.name = name
        self.value = value
        self.content = content
        self.ucd = ucd
    }
}
