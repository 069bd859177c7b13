import Foundation
import Logging
import PostgresNIO
import Testing

@testable import TAPService

/// The real PostgreSQL that `make test` starts (scripts/run-tests.sh), loaded with a small demo archive.
enum TestDatabase {
    static let url: DatabaseURL? = ProcessInfo.processInfo.environment["TAPD_TEST_DATABASE_URL"].flatMap {
        try? DatabaseURL(parsing: $0)
    }
    static let available = url != nil
    static let logger = Logger(label: "test")

    static func database() throws -> ServiceDatabase {
        let admin = try #require(url, "TAPD_TEST_DATABASE_URL is not set: run the tests with make test")
        return ServiceDatabase(
            adminURL: admin, queryURL: admin.with(user: SchemaInstaller.queryRole), queryStartupParameters: [],
            cluster: nil)
    }
}
