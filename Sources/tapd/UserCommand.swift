import ArgumentParser
import Foundation
import Logging
import TAPDatabase
import TAPEngine

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The service's user accounts (HTTP Basic): a user owns their async jobs.",
        subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user, or change their password; the password is read from standard input.")

        @OptionGroup var options: DatabaseOptions

        @Argument(help: "The user name: letters, digits and . _ @ -, at most 64.")
        var name: String

        func run() async throws {
            guard UserAccounts.isValidName(name) else {
                throw ValidationError("a user name is 1 to 64 letters, digits and . _ @ -")
            }
            guard let password = readLine(strippingNewline: true), !password.isEmpty, !password.utf8.contains(0) else {
                throw ValidationError("give the password on standard input")
            }
            try await withAccounts(options) { try await $0.set(name, password: password) }
            print("User \(name) can now authenticate.")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (their jobs stay theirs).")

        @OptionGroup var options: DatabaseOptions

        @Argument var name: String

        func run() async throws {
            let removed = try await withAccounts(options) { try await $0.remove(name) }
            guard removed else { throw ValidationError("no user named \(name)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            for name in try await withAccounts(options, { try await $0.names() }) { print(name) }
        }
    }
}

private func withAccounts<Result: Sendable>(
    _ options: DatabaseOptions, _ body: @Sendable (UserAccounts) async throws -> Result
) async throws -> Result {
    let logger = Logger(label: "tapd.user")
    let database = try await ServiceDatabase.open(
        url: options.database, dataDirectory: options.dataDir, statementTimeoutSeconds: options.queryTimeout,
        logger: logger)
    defer { database.close() }
    return try await withPostgresClient(database.adminURL, logger: logger, maximumConnections: 1) { client in
        try await body(UserAccounts(client: client, logger: logger))
    }
}
