import ArgumentParser

@main
struct Tapd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tapd",
        abstract: "SwiftTAP: an IVOA TAP 1.1 service over PostgreSQL.",
        subcommands: [Serve.self, Database.self, Demo.self, User.self, Parse.self, Translate.self])
}

/// Where the data lives; shared by every subcommand that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The folder of tapd's own data: the embedded PostgreSQL cluster and job results.")
    var dataDir: String = ".tapdata"

    @Option(help: "A PostgreSQL URL (postgres://user:password@host:port/db) to use instead of the embedded cluster.")
    var database: String?

    @Option(help: "Seconds a user query may run before the database cancels it.")
    var queryTimeout: Int = 3600
}
