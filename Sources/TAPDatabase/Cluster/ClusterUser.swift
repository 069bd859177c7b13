import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The account the cluster runs as: tapd's own, or `postgres` when tapd runs as root.
struct ClusterUser {
    /// nil when tapd is not root and the cluster runs as tapd's own user.
    let account: (name: String, uid: uid_t, gid: gid_t)?

    static func current() throws -> ClusterUser {
        guard geteuid() == 0 else { return ClusterUser(account: nil) }
        let name = ProcessInfo.processInfo.environment["TAPD_PG_USER"] ?? "postgres"
        guard let entry = getpwnam(name) else {
            throw EmbeddedCluster.ClusterError(
                description: "tapd runs as root, and PostgreSQL must not: no user '\(name)' to run it as "
                    + "(install postgresql-15, which creates it, or set TAPD_PG_USER)")
        }
        return ClusterUser(account: (name, entry.pointee.pw_uid, entry.pointee.pw_gid))
    }

    func wrap(_ command: [String]) -> [String] {
        guard let account else { return command }
        return ["/usr/bin/setpriv", "--reuid=\(account.uid)", "--regid=\(account.gid)", "--init-groups", "--"]
            + command
    }

    func takeOwnership(of path: String) throws {
        guard let account else { return }
        guard chown(path, account.uid, account.gid) == 0 else {
            throw EmbeddedCluster.ClusterError(description: "cannot hand \(path) to \(account.name)")
        }
        chmod(path, 0o700)
    }

    /// The cluster user must be able to pass through every folder above the data folder. When the clone
    /// lives under a private home (/root is 0700), grant search permission only (o+x, no listing).
    func ensureReachable(_ directory: String) throws {
        guard account != nil else { return }
        var path = ""
        for component in directory.split(separator: "/") {
            path += "/" + component
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IXOTH == 0 {
                chmod(path, info.st_mode & 0o7777 | S_IXOTH)
            }
        }
    }
}
