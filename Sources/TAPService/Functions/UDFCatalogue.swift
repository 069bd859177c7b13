import ADQL

/// The functions of the IVOA UDF catalogue (ivoa-std/udf-catalogue) that this service offers: their ADQL
/// declarations here, their PostgreSQL implementations in `sql`, installed into the schema `tap_udf`.
enum UDFCatalogue {
    static let functions: [UserDefinedFunction] = []

    /// Idempotent statements creating the implementations (CREATE OR REPLACE).
    static let sql: [String] = []
}
