// TAP_SCHEMA as defined by TAP 1.1 (REC 2019-09-27) §4.1–4.4: column names, order and not-null flags are
// those of the spec tables; "string" columns are stored as text, "integer" columns as integer.

extension PublishedTable {
    /// The five standard TAP_SCHEMA tables of TAP 1.1 §4, in the order they must be created and filled
    /// (each later one refers to earlier ones).
    ///
    /// `columns.datatype` holds VOTable datatypes, together with `arraysize` and `xtype` (TAP 1.1 §4.3, "Columns").
    public static let tapSchemaTables: [PublishedTable] = [tsSchemas, tsTables, tsColumns, tsKeys, tsKeyColumns]

    static let tapSchemaDescription = "Metadata of the tables this service publishes (TAP 1.1 §4)"

    private static let tsSchemas = PublishedTable(
        schema: "TAP_SCHEMA", name: "schemas", description: "Description of the schemas in this tableset",
        columns: [
            tsString("schema_name", "Schema name, used to qualify table names", indexed: true, nullable: false),
            tsString("utype", "Data model utype of the schema"),
            tsString("description", "Brief description of the schema"),
            tsInteger("schema_index", "Recommended sort order when listing schemas (ascending)"),
        ],
        indexDDL: ["ALTER TABLE {table} ADD PRIMARY KEY (schema_name)"],
        schemaDescription: tapSchemaDescription
    )

    private static let tsTables = PublishedTable(
        schema: "TAP_SCHEMA", name: "tables", description: "Description of the tables in this tableset",
        columns: [
            tsString("schema_name", "Name of the schema containing the table", nullable: false),
            tsString("table_name", "Fully qualified table name, as used in queries", indexed: true, nullable: false),
            tsString("table_type", "One of: table, view", nullable: false),
            tsString("utype", "Data model utype of the table"),
            tsString("description", "Brief description of the table"),
            tsInteger("table_index", "Recommended sort order when listing tables (ascending)"),
        ],
        indexDDL: ["ALTER TABLE {table} ADD PRIMARY KEY (table_name)"],
        schemaDescription: tapSchemaDescription
    )

    private static let tsColumns = PublishedTable(
        schema: "TAP_SCHEMA", name: "columns", description: "Description of the columns in this tableset",
        columns: [
            tsString("table_name", "Fully qualified name of the table containing the column", indexed: true,
                     nullable: false),
            tsString("column_name", "Column name", nullable: false),
            tsString("datatype", "VOTable datatype of the column", nullable: false),
            tsString("arraysize", "VOTable arraysize of the column; NULL for scalars"),
            tsString("xtype", "VOTable/DALI xtype of the column (e.g. timestamp, point, polygon)"),
            tsInteger("\"size\"", "Deprecated (TAP 1.0): integer length equivalent to arraysize; NULL for scalars"),
            tsString("description", "Brief description of the column"),
            tsString("utype", "Data model utype of the column"),
            tsString("unit", "Unit of the column values, in VOUnit syntax"),
            tsString("ucd", "Unified Content Descriptor of the column"),
            tsInteger("indexed", "1 if the column is indexed, 0 otherwise", nullable: false),
            tsInteger("principal", "1 if the column is a core part of the table content, 0 otherwise",
                      nullable: false),
            tsInteger("std", "1 if the column is defined by an IVOA standard, 0 otherwise", nullable: false),
            tsInteger("column_index", "Recommended sort order when listing columns (ascending)"),
        ],
        indexDDL: ["ALTER TABLE {table} ADD PRIMARY KEY (table_name, column_name)"],
        schemaDescription: tapSchemaDescription
    )

    private static let tsKeys = PublishedTable(
        schema: "TAP_SCHEMA", name: "keys", description: "Foreign keys relating tables in this tableset",
        columns: [
            tsString("key_id", "Unique key identifier, joins with key_columns", indexed: true, nullable: false),
            tsString("from_table", "Fully qualified name of the table holding the foreign key", nullable: false),
            tsString("target_table", "Fully qualified name of the table the key refers to", nullable: false),
            tsString("description", "Brief description of the key"),
            tsString("utype", "Data model utype of the key"),
        ],
        indexDDL: ["ALTER TABLE {table} ADD PRIMARY KEY (key_id)"],
        schemaDescription: tapSchemaDescription
    )

    private static let tsKeyColumns = PublishedTable(
        schema: "TAP_SCHEMA", name: "key_columns", description: "Columns making up the foreign keys in keys",
        columns: [
            tsString("key_id", "Key identifier from TAP_SCHEMA.keys", indexed: true, nullable: false),
            tsString("from_column", "Column name in the from_table", nullable: false),
            tsString("target_column", "Column name in the target_table", nullable: false),
        ],
        indexDDL: ["ALTER TABLE {table} ADD PRIMARY KEY (key_id, from_column)"],
        schemaDescription: tapSchemaDescription
    )

    // Every TAP_SCHEMA column is standard and, the tables being small, principal.
    private static func tsString(
        _ name: String, _ description: String, indexed: Bool = false, nullable: Bool = true
    ) -> PublishedColumn {
        PublishedColumn(
            name, sqlType: "text", datatype: "char", arraysize: "*", description: description,
            principal: true, indexed: indexed, std: true, nullable: nullable)
    }

    private static func tsInteger(
        _ name: String, _ description: String, nullable: Bool = true
    ) -> PublishedColumn {
        PublishedColumn(
            name, sqlType: "integer", datatype: "int", description: description,
            principal: true, std: true, nullable: nullable)
    }
}
