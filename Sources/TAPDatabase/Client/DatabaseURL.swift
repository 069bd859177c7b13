import Foundation
import PostgresNIO

/// A PostgreSQL connection URL (`postgres://user:password@host:port/database?host=/socket/dir`), as libpq
/// writes them, so the same string works for tapd, psql and benchmarks.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    /// A host name, or the directory of a unix socket when it starts with "/".
    public var host: String
    public var port: Int
    public var database: String
    public var requireTLS: Bool

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String,
                requireTLS: Bool = false) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.requireTLS = requireTLS
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else { throw ParseError(description: "not a postgres:// URL: \(text)") }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        self.user = components.user ?? query["user"] ?? "postgres"
        self.password = components.password ?? query["password"]
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"] ?? "/var/run/postgresql"
        self.host = host
        self.port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? (query["dbname"] ?? user) : path
        self.requireTLS = query["sslmode"] == "require" || query["sslmode"] == "verify-full"
    }

    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// libpq's form; a socket directory goes in the `host` parameter.
    public var description: String {
        let allowed = CharacterSet.urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/"))
        var credentials = user.addingPercentEncoding(withAllowedCharacters: allowed) ?? user
        if let password {
            credentials += ":" + (password.addingPercentEncoding(withAllowedCharacters: allowed) ?? password)
        }
        if isUnixSocket {
            let socket = host.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? host
            return "postgresql://\(credentials)@/\(database)?host=\(socket)&port=\(port)"
        }
        return "postgresql://\(credentials)@\(host):\(port)/\(database)"
    }

    /// libpq's keyword/value form, with GUCs to set at connection start (`options='-c name=value'`).
    public func conninfo(settings: [(String, String)] = [], applicationName: String = "tapd") -> String {
        func quoted(_ value: String) -> String {
            "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        var parts = [
            "host=" + quoted(host), "port=\(port)", "user=" + quoted(user), "dbname=" + quoted(database),
            "application_name=" + quoted(applicationName), "sslmode=" + (requireTLS ? "require" : "prefer"),
            // A host that drops packets would otherwise hold a stream's thread for the system's TCP timeout
            // (about two minutes); ten seconds, as the pools' wait for a connection.
            "connect_timeout=10",
        ]
        if let password { parts.append("password=" + quoted(password)) }
        if !settings.isEmpty {
            // Inside options a space separates arguments: one in a value is escaped with a backslash.
            let options = settings.map { "-c \($0.0)=" + $0.1.replacingOccurrences(of: " ", with: "\\ ") }
            parts.append("options=" + quoted(options.joined(separator: " ")))
        }
        return parts.joined(separator: " ")
    }

    /// The same server as another role or database.
    public func with(user: String? = nil, database: String? = nil) -> DatabaseURL {
        var copy = self
        if let user {
            copy.user = user
            copy.password = nil
        }
        if let database { copy.database = database }
        return copy
    }

    package func clientConfiguration() -> PostgresClient.Configuration {
        if isUnixSocket {
            return PostgresClient.Configuration(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
    }

    /// For a single connection of its own (the job listener).
    package func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if isUnixSocket {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(try .init(configuration: .makeClientConfiguration())) : .disable)
    }
}
