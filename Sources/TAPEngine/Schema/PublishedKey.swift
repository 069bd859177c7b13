/// A foreign key between published tables, for TAP_SCHEMA.keys and key_columns (TAP 1.1 §4.4–4.5): clients
/// (TOPCAT's join helper, taplint) read the relations from there.
public struct PublishedKey: Sendable, Equatable {
    /// Unique among the keys; TAP leaves its form to the service.
    public var id: String
    public var fromTable: String
    public var targetTable: String
    /// Pairs of (from_column, target_column).
    public var columns: [(from: String, target: String)]
    public var description: String

    public static func == (a: PublishedKey, b: PublishedKey) -> Bool {
        a.id == b.id && a.fromTable == b.fromTable && a.targetTable == b.targetTable
            && a.columns.map(\.from) == b.columns.map(\.from) && a.columns.map(\.target) == b.columns.map(\.target)
    }
}

extension PublishedKey {
    /// The keys of the published tables: TAP_SCHEMA's own relations (TAP 1.1 §4 names them).
    public static let published: [PublishedKey] = [
        PublishedKey(
            id: "TAP_SCHEMA.tables-schemas", fromTable: "TAP_SCHEMA.tables", targetTable: "TAP_SCHEMA.schemas",
            columns: [("schema_name", "schema_name")], description: "The schema a table belongs to"),
        PublishedKey(
            id: "TAP_SCHEMA.columns-tables", fromTable: "TAP_SCHEMA.columns", targetTable: "TAP_SCHEMA.tables",
            columns: [("table_name", "table_name")], description: "The table a column belongs to"),
        PublishedKey(
            id: "TAP_SCHEMA.keys-from_table", fromTable: "TAP_SCHEMA.keys", targetTable: "TAP_SCHEMA.tables",
            columns: [("from_table", "table_name")], description: "The table holding a foreign key"),
        PublishedKey(
            id: "TAP_SCHEMA.keys-target_table", fromTable: "TAP_SCHEMA.keys", targetTable: "TAP_SCHEMA.tables",
            columns: [("target_table", "table_name")], description: "The table a foreign key refers to"),
        PublishedKey(
            id: "TAP_SCHEMA.key_columns-keys", fromTable: "TAP_SCHEMA.key_columns", targetTable: "TAP_SCHEMA.keys",
            columns: [("key_id", "key_id")], description: "The key a column pair belongs to"),
    ]
}
