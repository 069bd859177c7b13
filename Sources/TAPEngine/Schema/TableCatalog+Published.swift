import ADQL

extension TableCatalog {
    /// The checker's view of the published tables, with the UDF catalogue's functions and an operator's own; each
    /// table's derived columns tell the translator which stored forms (and indexes) serve its geometry.
    public init(published tables: [PublishedTable], operatorFunctions: [UserDefinedFunction] = []) {
        self.init(functions: UDFCatalog.functions + operatorFunctions, tables: tables)
    }

    init(functions: [UserDefinedFunction], tables: [PublishedTable]) {
        self.init(tables: tables.map { table in
            var metadata = TableMetadata(
                schema: table.schema, name: table.name,
                columns: table.columns.map { column in
                    ColumnMetadata(
                        name: column.plainName,
                        type: ValueType(datatype: column.datatype, arraysize: column.arraysize, xtype: column.xtype),
                        unit: column.unit, ucd: column.ucd, utype: column.utype, description: column.description)
                })
            DerivedColumns.apply(table.derivedColumns, to: &metadata)
            return metadata
        }, functions: functions)
    }
}
