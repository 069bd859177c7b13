import Foundation
import Hummingbird
import NIOCore
import TAPEngine

/// Reading a request's form: the query string, plus a POST body that is `application/x-www-form-urlencoded` or
/// `multipart/form-data` (DALI 1.2 §2 asks POST endpoints for both). File parts are spooled to disk as they arrive,
/// within the upload limit, so a large upload never sits in memory.
extension RequestForm {
    static func read(
        _ request: Request, context: some RequestContext, configuration: TAPConfiguration
    ) async throws(TAPError) -> RequestForm {
        var form = RequestForm()
        if let query = request.uri.query { form.parameters.appendForm(Substring(query)) }
        if request.method == .post {
            let type = request.headers[.contentType] ?? ""
            let boundary: String?
            do { boundary = try MultipartForm.boundary(ofContentType: type) } catch {
                throw TAPError(.badRequest, error.message)
            }
            if let boundary {
                try await form.readMultipart(request, boundary: boundary, configuration: configuration)
            } else {
                try await RequestParameters.appendBody(of: request, context: context, to: &form.parameters)
            }
        }
        do {
            try RequestParameters.refuseNUL(form.parameters)
        } catch {
            form.remove()
            throw error
        }
        return form
    }

    mutating func readMultipart(_ request: Request, boundary: String, configuration: TAPConfiguration)
        async throws(TAPError)
    {
        let uploadBytes = configuration.uploadLimits.maximumBytes
        let maximumBytes = uploadBytes + RequestParameters.maximumFormBytes
        // Refused before a byte is read; Hummingbird then drains the body, so the client sees the answer.
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumBytes {
            throw Self.tooLarge(uploadBytes)
        }
        let spool = try SpoolDirectory.make(under: configuration.uploadDirectory)
        let multipart: MultipartForm
        do {
            multipart = try await MultipartForm.read(
                request.body, boundary: boundary, spoolDirectory: spool.path,
                limits: .init(maximumBytes: maximumBytes))
        } catch {
            spool.remove()
            switch error.kind {
            case .tooLarge: throw Self.tooLarge(uploadBytes)
            case .malformed: throw TAPError(.badRequest, error.message)
            case .storageFailed: throw TAPError(.unavailable, "the service cannot spool uploads; please tell its operators")
            }
        }
        self.spool = spool
        var textBytes = 0
        var spooled: [MultipartForm.Part] = []
        for part in multipart.parts {
            switch part.content {
            case .file(let path):
                files[part.name] = path
                if part.filename == nil { spooled.append(part) }
            case .memory:
                textBytes += part.byteCount
                parameters.append(part.name, part.text ?? "")
            }
        }
        // A big part without a filename is an upload if UPLOAD names it, and otherwise a (long) parameter.
        let inline = Set(((try? UploadSpec.parse(parameters.all("UPLOAD"))) ?? []).compactMap { spec -> String? in
            if case .inline(let part) = spec.source { return part.lowercased() }
            return nil
        })
        for part in spooled where !inline.contains(part.name.lowercased()) {
            textBytes += part.byteCount
            guard textBytes <= RequestParameters.maximumFormBytes, let path = files.removeValue(forKey: part.name),
                let bytes = FileManager.default.contents(atPath: path)
            else { break }
            parameters.append(part.name, String(decoding: bytes, as: UTF8.self))
        }
        if textBytes > RequestParameters.maximumFormBytes {
            remove()
            throw TAPError(.badRequest, "the parameters are larger than \(RequestParameters.maximumFormBytes) bytes")
        }
        // The body's limit leaves room for parameters; the files alone must fit the upload limit.
        if multipart.parts.reduce(0, { $0 + ($1.text == nil ? $1.byteCount : 0) }) > uploadBytes {
            remove()
            throw Self.tooLarge(uploadBytes)
        }
    }
}
