import ADQL
import ADQLToPostgres
import ArgumentParser
import Foundation
import TAPDemo

/// Reads a query from the argument or standard input.
struct QueryInput: ParsableArguments {
    @Argument(help: "The ADQL query; read from standard input when absent.")
    var query: String?

    func text() -> String {
        if let query { return query }
        return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an ADQL query against the published tables; print `line:column: message` per problem.")

    @OptionGroup var input: QueryInput

    func run() throws {
        let source = input.text()
        do {
            _ = try Checker.parseAndCheck(source, catalog: TableCatalog(published: DemoArchive.allTables))
            print("ok")
        } catch {
            FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the PostgreSQL statement and binds of a query.")

    @OptionGroup var input: QueryInput

    @Option(help: "The row limit to apply, as MAXREC+1 would.")
    var rowLimit: Int64?

    func run() throws {
        let source = input.text()
        do {
            let checked = try Checker.parseAndCheck(source, catalog: TableCatalog(published: DemoArchive.allTables))
            let statement = Translator.translate(checked, limits: .init(rowLimit: rowLimit))
            print(statement.sql)
            for (index, value) in statement.binds.enumerated() { print("$\(index + 1) = \(value)") }
        } catch {
            FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
