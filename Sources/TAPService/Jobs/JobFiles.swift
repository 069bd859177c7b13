import Foundation

/// Where jobs keep their results: one folder per job under the data folder. A result is written under a
/// temporary name and renamed when complete, so a reader never sees half a file, and a crash leaves at most
/// a temporary file that the job's deletion removes.
struct JobFiles: Sendable {
    let directory: String

    func folder(_ id: String) -> String { directory + "/" + id }
    func result(_ id: String) -> String { folder(id) + "/result.vot" }

    /// A fresh temporary path for one attempt at the result.
    func temporaryResult(_ id: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder(id), withIntermediateDirectories: true)
        return folder(id) + "/result.vot.tmp-\(UInt32.random(in: 0...UInt32.max))"
    }

    func publish(_ temporary: String, as id: String) throws {
        let final = result(id)
        // rename(2) replaces atomically; FileManager.moveItem would refuse an existing target.
        guard rename(temporary, final) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: final])
        }
    }

    func remove(_ id: String) {
        try? FileManager.default.removeItem(atPath: folder(id))
    }

    func removeFile(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
