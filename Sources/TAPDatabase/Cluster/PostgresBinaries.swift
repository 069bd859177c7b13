import Foundation

/// Where the PostgreSQL server programs are: `TAPD_PG_BINDIR`, else the newest Debian installation.
struct PostgresBinaries {
    let directory: String

    static func locate() throws -> PostgresBinaries {
        if let configured = ProcessInfo.processInfo.environment["TAPD_PG_BINDIR"] {
            return PostgresBinaries(directory: configured)
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let newest = versions.compactMap(Int.init).sorted().reversed().first {
            FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/postgres")
        }
        guard let newest else {
            throw EmbeddedCluster.ClusterError(
                description: "no PostgreSQL server found under \(root); install postgresql-15 or pass --database")
        }
        return PostgresBinaries(directory: "\(root)/\(newest)/bin")
    }

    func path(_ program: String) -> String { directory + "/" + program }
}
