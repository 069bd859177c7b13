import Foundation
import UWS

/// A job's inline uploads (UWS 1.1 §2.2.3.1.1): the tables a creation or parameter POST carried are kept in the
/// job's folder until it is destroyed, and the job lists each as a by-reference parameter whose URL serves it.
/// The runner reads the stored files; URL uploads are fetched when the job runs.
struct JobUploads: Sendable {
    let files: JobFiles
    let configuration: TAPConfiguration

    /// Stores the parts the request's UPLOADs name; returns the parameters that refer to them. `existing` are the
    /// job's parameters so far: limits count the whole job.
    func store(_ form: RequestForm, job id: String, existing: [JobParameter]) throws(TAPError) -> [JobParameter] {
        let specs = try form.uploads()
        let earlier = try UploadSpec.parse(existing.filter { $0.name.uppercased() == "UPLOAD" }.map(\.value))
        let limits = configuration.uploadLimits
        try QueryUploads.checkCount(earlier + specs, limits: limits)
        var bytes = existing.filter(\.byReference).reduce(0) { $0 + QueryUploads.size(of: files.upload(id, part: $1.name)) }
        var stored: [JobParameter] = []
        for spec in specs {
            guard case .inline(let part) = spec.source else { continue }
            guard let (name, path) = form.files.first(where: { $0.key == part })
                ?? form.files.first(where: { $0.key.lowercased() == part.lowercased() })
            else {
                throw TAPError(
                    .badRequest,
                    "UPLOAD \(spec.name): the request has no part named \(part); send the table as a "
                        + "multipart/form-data part of that name in the same request")
            }
            guard !RequestForm.isParameterName(name), name.utf8.count <= 100 else {
                throw TAPError(.badRequest, "UPLOAD \(spec.name): name the part something other than \(name)")
            }
            bytes += QueryUploads.size(of: path)
            guard bytes <= limits.maximumBytes else { throw RequestForm.tooLarge(limits.maximumBytes) }
            try move(path, to: files.upload(id, part: name))
            stored.append(JobParameter(name, url(of: name, job: id), byReference: true))
        }
        return stored
    }

    func url(of part: String, job id: String) -> String {
        let encoded = part.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? part
        return configuration.baseURL + "/async/" + id + "/parameters/" + encoded
    }

    func move(_ path: String, to destination: String) throws(TAPError) {
        do {
            let folder = (destination as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: destination)
            try FileManager.default.moveItem(atPath: path, toPath: destination)
        } catch {
            throw TAPError(.unavailable, "the service cannot store uploads; please tell its operators")
        }
    }

    /// The stored uploads of a job, by part name, for its run.
    func storedFiles(of job: Job) -> [String: String] {
        Dictionary(
            job.parameters.filter(\.byReference).map { ($0.name, files.upload(job.id, part: $0.name)) },
            uniquingKeysWith: { _, last in last })
    }
}
