extension PublishedTable {
    /// The tables every SwiftTAP service has, in creation order: the IVOA data models, then TAP_SCHEMA. An
    /// archive's own tables come between them (`standard(with:)`); what a server publishes is what TAP_SCHEMA says.
    public static let standard: [PublishedTable] = standard(with: [])

    /// The standard tables with an archive's `own` between the data models and TAP_SCHEMA.
    public static func standard(with own: [PublishedTable]) -> [PublishedTable] {
        [obscore, obsPlan] + own + tapSchemaTables
    }

    static let ivoaSchemaDescription =
        "IVOA standard data models: the ObsCore table of this archive's observations and its ObsLocTAP observation plan"
}
