import Foundation

/// A folder of one request's uploads (and, for sync queries with uploads, its result), under the data folder so
/// that files can be renamed into a job's folder. Its name is random; nothing in it is named by the client.
package struct SpoolDirectory: Sendable {
    package let path: String

    package static func make(under parent: String) throws(TAPError) -> SpoolDirectory {
        let path = parent + "/" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TAPError(.unavailable, "the service cannot spool uploads; please tell its operators")
        }
        return SpoolDirectory(path: path)
    }

    package func path(for name: String) -> String { path + "/" + name }

    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Spool folders left by a process that stopped mid-request; only old ones, as other processes may share the
    /// data folder.
    package static func sweep(_ parent: String, olderThan age: TimeInterval = 24 * 3600) {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] {
            let path = parent + "/" + name
            let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if let modified, modified < Date() - age { try? manager.removeItem(atPath: path) }
        }
    }
}
