/// One worked query of the service's examples document (`/examples`: DALI 1.1 §2.3 with TAP 1.1's `query` and
/// `table` properties): what a user of this archive would ask, in a few words and in ADQL.
public struct TAPExample: Sendable, Equatable {
    /// A part of the service an example needs that is not there in every build. An example requiring a feature
    /// the service lacks is kept here, but not served (`ExamplesDocument` filters on it).
    public enum Feature: String, Sendable, CaseIterable, Decodable {
        /// Table uploads (TAP 1.1 §2.7.6: `UPLOAD`, the `TAP_UPLOAD` schema).
        case uploads
        /// The ObsLocTAP observation plan table `ivoa.obsplan`.
        case obsLocTAP

        /// The features this service has: `/examples` serves the examples requiring nothing else. Add a feature
        /// here when it lands, and its examples are served (and run by ExamplesTests).
        public static let implemented: Set<Feature> = [.uploads, .obsLocTAP]
    }

    /// The fragment identifier (`/examples#id`): an XML Name, unique in the document.
    public var id: String
    /// A short label, plain text (DALI's `name` property).
    public var name: String
    /// Prose for the user: what the query answers and how; plain text, paragraphs separated by blank lines.
    public var description: String
    /// The ADQL text, laid out for reading and editing (TAP's `query` property).
    public var query: String
    /// Qualified names of the published tables the query is about (TAP's `table` property).
    public var tables: [String]
    /// Features the service must have for the query to run.
    public var requires: Set<Feature>

    public init(
        id: String, name: String, description: String, query: String, tables: [String], requires: Set<Feature> = []
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.query = query
        self.tables = tables
        self.requires = requires
    }

    /// Whether a service offering `features` can run the query.
    public func isRunnable(with features: Set<Feature>) -> Bool {
        requires.isSubset(of: features)
    }
}

/// An operator's examples file (`tapd serve --examples FILE`): a JSON array of objects with the fields above;
/// `requires` may be left out.
extension TAPExample: Decodable {
    enum CodingKeys: String, CodingKey {
        case id, name, description, query, tables, requires
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            description: try container.decode(String.self, forKey: .description),
            query: try container.decode(String.self, forKey: .query),
            tables: try container.decodeIfPresent([String].self, forKey: .tables) ?? [],
            requires: try container.decodeIfPresent(Set<Feature>.self, forKey: .requires) ?? [])
    }
}
