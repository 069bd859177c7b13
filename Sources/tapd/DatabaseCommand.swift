import ArgumentParser
import Logging
import TAPDatabase
import TAPEngine

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The embedded PostgreSQL cluster.", subcommands: [URLCommand.self, Start.self, Stop.self])

    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print the connection URL of the embedded cluster (for psql, benchmarks, operators).")

        @Option(help: "The folder of tapd's own data.")
        var dataDir: String = ".tapdata"

        @Flag(help: "The URL of the read-only role that runs user queries instead of the owner's.")
        var query = false

        func run() {
            let url = EmbeddedCluster(dataDirectory: dataDir).url
            print(query ? url.with(user: SchemaInstaller.queryRole) : url)
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the embedded cluster and bring its schema up to date, and leave it running "
                + "(for test runs and operators; `tapd db stop` stops it).")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let database = try await ServiceDatabase.open(
                url: nil, dataDirectory: options.dataDir, statementTimeoutSeconds: options.queryTimeout,
                logger: Logger(label: "tapd.db"))
            try database.cluster?.keepRunning()
            print(database.adminURL)
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an embedded cluster left running.")

        @Option(help: "The folder of tapd's own data.")
        var dataDir: String = ".tapdata"

        func run() {
            EmbeddedCluster(dataDirectory: dataDir).stopDetached()
        }
    }
}
