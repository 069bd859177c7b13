import TAPEngine

/// The demo archive as an operator's archive would be described: its own tables beside the standard ones, and its
/// worked examples. `tapd demo load` publishes both through the doors any archive uses (the schema installer,
/// the example store); nothing else in the service knows of them.
public enum DemoArchive {
    /// The demo's own tables (ivoa.obscore and ivoa.obsplan are every service's).
    public static let tables: [PublishedTable] = [.sourceCatalogue]

    /// Every table a demo server has, in creation order.
    public static var allTables: [PublishedTable] { PublishedTable.standard(with: tables) }

    /// Chosen so that each returns rows on the demo data.
    public static let examples: [TAPExample] = TAPExample.demo
}
