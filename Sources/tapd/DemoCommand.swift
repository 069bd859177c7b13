import ArgumentParser
import Foundation
import Logging
import TAPDemo
import TAPEngine

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The demo archive: deterministic ObsCore and catalogue data, generated here.",
        subcommands: [Load.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the demo data (skipped when it is already there, unless --force).")

        @OptionGroup var options: DatabaseOptions

        @Flag(help: "Reload even when the demo data is already there.")
        var force = false

        @Option(help: "ObsCore rows to generate.")
        var obscoreRows = 100_000

        @Option(help: "Catalogue rows to generate.")
        var catalogueRows = 1_000_000

        func run() async throws {
            let logger = Logger(label: "tapd.demo")
            // The demo's tables and examples go through the doors any archive's do.
            let database = try await ServiceDatabase.open(
                url: options.database, dataDirectory: options.dataDir,
                statementTimeoutSeconds: options.queryTimeout, tables: DemoArchive.allTables, logger: logger)
            defer { database.close() }
            try await database.publishExamples(DemoArchive.examples, logger: logger)
            let loader = DemoLoader(obsCoreRows: obscoreRows, catalogueRows: catalogueRows)
            let loaded = try await loader.isLoaded(database.adminURL, logger: logger)
            if loaded && !force {
                print("The demo data is already loaded (use --force to reload).")
                return
            }
            let start = ContinuousClock.now
            try await loader.load(database.adminURL, logger: logger)
            print("Loaded \(obscoreRows) ObsCore rows and \(catalogueRows) catalogue rows in \(ContinuousClock.now - start).")
        }
    }
}
