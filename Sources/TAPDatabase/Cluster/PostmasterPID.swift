import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL's postmaster.pid: line 1 is the PID, line 8 the status ("ready" once it accepts connections).
struct PostmasterPID {
    let pid: pid_t
    let status: String

    static func read(_ clusterDirectory: String) -> PostmasterPID? {
        guard let text = try? String(contentsOfFile: clusterDirectory + "/postmaster.pid", encoding: .utf8) else {
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        let status = lines.count > 7 ? lines[7].trimmingCharacters(in: .whitespaces) : ""
        return PostmasterPID(pid: pid, status: status)
    }

    var isReady: Bool { status == "ready" }

    /// Alive and really a postgres process: after a reboot the PID may belong to something else.
    var isAlive: Bool {
        guard processExists(pid) else { return false }
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        return comm.hasPrefix("postgres")
    }

    static func removeStale(_ clusterDirectory: String) {
        let path = clusterDirectory + "/postmaster.pid"
        if FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
