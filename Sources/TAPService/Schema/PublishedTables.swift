extension PublishedTable {
    /// Every table the service publishes, in creation order: data tables first, then TAP_SCHEMA.
    public static let published: [PublishedTable] = [obscore, obsPlan, sourceCatalogue] + tapSchemaTables
}
