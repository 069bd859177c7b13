import Foundation

/// Where jobs keep their results: one folder per job under the data folder. A result is written under a
/// temporary name and renamed when complete, so a reader never sees half a file, and a crash leaves at most
/// a temporary file that the job's deletion removes.
package struct JobFiles: Sendable {
    let directory: String

    func folder(_ id: String) -> String { directory + "/" + id }
    package func result(_ id: String) -> String { folder(id) + "/result.vot" }

    /// Where an uploaded table the job keeps is stored: named by the hex of its part name, so the client's text
    /// never becomes a path.
    package func upload(_ id: String, part: String) -> String {
        folder(id) + "/uploads/" + part.utf8.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }

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
