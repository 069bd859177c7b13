import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster under tapd's data folder, started and stopped by tapd itself.
///
/// It listens on a unix socket only. PostgreSQL refuses to run as root, so when tapd runs as root the
/// cluster runs as the unprivileged `postgres` user through setpriv. A postmaster left running by a tapd
/// that was killed is adopted; a postmaster.pid left by one that died with its machine is removed.
public final class EmbeddedCluster: Sendable {
    public let dataDirectory: String
    let logger: Logger
    let state = LockedState()

    public static let adminRole = "tapd"
    public static let database = "tap"
    static let port = 5432

    public init(dataDirectory: String, logger: Logger = Logger(label: "tapd.postgres")) {
        self.dataDirectory = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        self.logger = logger
    }

    public struct ClusterError: Error, CustomStringConvertible {
        public var description: String
    }

    var clusterDirectory: String { dataDirectory + "/pg" }
    var logPath: String { dataDirectory + "/postgres.log" }

    /// The socket lives in the cluster folder unless that path is too long for a unix socket (107 bytes).
    var socketDirectory: String {
        let preferred = clusterDirectory
        if preferred.utf8.count + 20 < 100 { return preferred }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in preferred.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "/tmp/.swifttap-\(String(hash, radix: 16))"
    }

    /// The URL of the cluster's admin role, which owns the schemas.
    public var url: DatabaseURL {
        DatabaseURL(user: Self.adminRole, host: socketDirectory, port: Self.port, database: Self.database)
    }

    /// Creates the cluster on first use and starts (or adopts) its postmaster; returns once it accepts
    /// connections.
    public func start() throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let binaries = try PostgresBinaries.locate()
        let runAs = try ClusterUser.current()
        try runAs.ensureReachable(dataDirectory)
        if !FileManager.default.fileExists(atPath: clusterDirectory + "/PG_VERSION") {
            try initialise(binaries: binaries, runAs: runAs)
        }
        if socketDirectory != clusterDirectory {
            try? FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
            try runAs.takeOwnership(of: socketDirectory)
        }
        if let running = PostmasterPID.read(clusterDirectory), running.isAlive {
            if FileManager.default.fileExists(atPath: keepRunningMarker) {
                // Started by `tapd db start` for others to share: use it, leave it running.
                logger.info("using the PostgreSQL kept running on \(clusterDirectory) (pid \(running.pid))")
                state.set(pid: nil, child: nil)
                return
            }
            if let owner = startingTapd, owner != getpid(), processExists(owner) {
                // Another tapd on this folder started it and still runs: share it, and leave stopping it to that one.
                logger.info("using the PostgreSQL that tapd pid \(owner) started on \(clusterDirectory)")
                state.set(pid: nil, child: nil)
                return
            }
            // Left behind by a tapd that was killed: adopt it, and stop it when done.
            logger.info("adopting the PostgreSQL already running on \(clusterDirectory) (pid \(running.pid))")
            try? "\(getpid())\n".write(toFile: ownerMarker, atomically: true, encoding: .utf8)
            state.set(pid: running.pid, child: nil)
        } else {
            try? FileManager.default.removeItem(atPath: keepRunningMarker)
            PostmasterPID.removeStale(clusterDirectory)
            // Each tapd holds up to 16 query connections, 16 streaming ones (libpq) and its job store's.
            let command = runAs.wrap([
                binaries.path("postgres"), "-D", clusterDirectory, "-c", "listen_addresses=",
                "-c", "unix_socket_directories=\(socketDirectory)", "-c", "port=\(Self.port)",
                "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "logging_collector=off",
            ])
            let child = try ChildProcess.spawn(command, logPath: logPath, environment: ["LC_ALL=C"])
            try? "\(getpid())\n".write(toFile: ownerMarker, atomically: true, encoding: .utf8)
            state.set(pid: child.pid, child: child)
        }
        try waitUntilReady()
    }

    /// Marks the running cluster as shared: tapd processes that find it running use it and leave it
    /// running (`tapd db start`), until `tapd db stop`.
    public func keepRunning() throws {
        try Data().write(to: URL(fileURLWithPath: keepRunningMarker))
        state.set(pid: nil, child: nil)
    }

    var keepRunningMarker: String { dataDirectory + "/postgres.keep-running" }

    /// The PID of the tapd that started (or adopted) the running postmaster and will stop it.
    var ownerMarker: String { dataDirectory + "/postgres.owner" }

    private var startingTapd: pid_t? {
        (try? String(contentsOfFile: ownerMarker, encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Stops a postmaster that another tapd process left running on this data folder (`tapd db stop`).
    public func stopDetached() {
        try? FileManager.default.removeItem(atPath: keepRunningMarker)
        guard let running = PostmasterPID.read(clusterDirectory), running.isAlive else { return }
        state.set(pid: running.pid, child: nil)
        stop()
    }

    /// Fast shutdown: running queries are cancelled, data is safe.
    public func stop() {
        guard let pid = state.pid else { return }
        let child = state.child
        state.set(pid: nil, child: nil)
        // Without setpriv (not root) the child is the postmaster; with it, setpriv exec'd into postgres,
        // so the PID is the postmaster's either way.
        kill(pid, SIGINT)
        for _ in 0..<600 {
            if let child, child.hasExited() { return }
            if child == nil && !processExists(pid) { return }
            usleep(50_000)
        }
        logger.warning("PostgreSQL did not stop within 30 s; sending SIGQUIT")
        kill(pid, SIGQUIT)
        _ = child?.wait()
    }

    func initialise(binaries: PostgresBinaries, runAs: ClusterUser) throws {
        logger.info("creating a PostgreSQL cluster in \(clusterDirectory)")
        try? FileManager.default.removeItem(atPath: clusterDirectory)
        try FileManager.default.createDirectory(
            atPath: clusterDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try runAs.takeOwnership(of: clusterDirectory)
        // Byte-order collation keeps LIKE 'abc%' on a btree index; a UTF-8 ctype makes LOWER, UPPER and ILIKE
        // fold non-ASCII letters too.
        let status = try ChildProcess.run(
            runAs.wrap([
                binaries.path("initdb"), "-D", clusterDirectory, "-U", Self.adminRole, "-A", "trust", "-E", "UTF8",
                "--locale=C", "--lc-ctype=C.UTF-8", "--no-instructions",
            ]), logPath: logPath, environment: ["LC_ALL=C"])
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: clusterDirectory)
            throw ClusterError(description: "initdb failed (exit \(status)); see \(logPath)")
        }
        // The database tapd uses is created on first start by SchemaInstaller, which connects to "postgres".
    }

    func waitUntilReady() throws {
        for _ in 0..<1200 {
            if let child = state.child, child.hasExited() {
                state.set(pid: nil, child: nil)
                throw ClusterError(description: "PostgreSQL exited during start-up; see \(logPath)\n" + logTail())
            }
            if let pidFile = PostmasterPID.read(clusterDirectory), pidFile.pid == state.pid, pidFile.isReady {
                return
            }
            usleep(50_000)
        }
        throw ClusterError(description: "PostgreSQL did not become ready within 60 s; see \(logPath)")
    }

    func logTail() -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }

    final class LockedState: @unchecked Sendable {
        private let lock = NSLock()
        private var _pid: pid_t?
        private var _child: ChildProcess?

        var pid: pid_t? { lock.withLock { _pid } }
        var child: ChildProcess? { lock.withLock { _child } }

        func set(pid: pid_t?, child: ChildProcess?) {
            lock.withLock {
                _pid = pid
                _child = child
            }
        }
    }
}
