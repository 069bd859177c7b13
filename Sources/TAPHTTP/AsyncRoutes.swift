import Foundation
import Hummingbird
import TAPEngine
import UWS
import VOTable

/// `/async` (TAP 1.1 §2.2, UWS 1.1 §2.2): each handler reads its parameters, calls AsyncJobs and answers
/// with the document or the 303 the standard asks for. Redirects are absolute, from the configured base URL.
struct AsyncRoutes: Sendable {
    let jobs: AsyncJobs
    let authenticator: Authenticator
    let configuration: TAPConfiguration

    var jobsURL: String { configuration.baseURL + "/async" }

    func register(on group: RouterGroup<TAPRequestContext>) {
        group.get("async") { request, context in try await list(request, context) }
        group.post("async") { request, context in try await create(request, context) }
        group.get("async/{id}") { request, context in try await show(request, context) }
        group.delete("async/{id}") { request, context in
            try await jobs.delete(try id(context), caller: try await caller(request))
            return redirect(to: jobsURL)
        }
        group.post("async/{id}") { request, context in
            let parameters = try await RequestParameters.read(request, context: context, configuration: configuration)
            guard parameters["ACTION"]?.uppercased() == "DELETE" else {
                throw TAPError(.badRequest, "POST to a job takes ACTION=DELETE only; parameters go to its /parameters")
            }
            try await jobs.delete(try id(context), caller: try await caller(request))
            return redirect(to: jobsURL)
        }
        group.get("async/{id}/phase") { request, context in
            text(try await job(request, context).phase.rawValue)
        }
        group.post("async/{id}/phase") { request, context in
            let parameters = try await RequestParameters.read(request, context: context, configuration: configuration)
            guard let phase = parameters["PHASE"] else { throw TAPError(.badRequest, "missing parameter PHASE (RUN or ABORT)") }
            let id = try id(context)
            try await jobs.changePhase(id, caller: try await caller(request), to: phase)
            return redirect(to: jobsURL + "/" + id)
        }
        group.get("async/{id}/executionduration") { request, context in
            text(String(try await job(request, context).executionDuration))
        }
        group.post("async/{id}/executionduration") { request, context in
            try await change("EXECUTIONDURATION", request, context) { try await jobs.setExecutionDuration($0, caller: $1, $2) }
        }
        group.get("async/{id}/destruction") { request, context in
            text(try await job(request, context).destruction.map(UWSTime.format) ?? "")
        }
        group.post("async/{id}/destruction") { request, context in
            try await change("DESTRUCTION", request, context) { try await jobs.setDestruction($0, caller: $1, $2) }
        }
        group.get("async/{id}/quote") { request, context in
            text(try await job(request, context).quote.map(UWSTime.format) ?? "")
        }
        group.get("async/{id}/owner") { request, context in
            text(try await job(request, context).owner ?? "")
        }
        group.get("async/{id}/error") { request, context in
            let job = try await job(request, context)
            guard let error = job.error, job.phase == .error || job.phase == .aborted else {
                throw TAPError(.notFound, "job \(job.id) has no error")
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/x-votable+xml"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: DALIErrorDocument.render(message: error.message))))
        }
        group.get("async/{id}/parameters") { request, context in
            uwsXML(JobDocument.parameters(try await job(request, context)))
        }
        group.post("async/{id}/parameters") { request, context in
            let form = try await RequestForm.read(request, context: context, configuration: configuration)
            defer { form.remove() }
            let id = try id(context)
            try await jobs.setParameters(id, caller: try await caller(request), form)
            return redirect(to: jobsURL + "/" + id)
        }
        group.get("async/{id}/parameters/{name}") { request, context in
            let job = try await job(request, context)
            let name = context.parameters.get("name") ?? ""
            guard job.parameters.contains(where: { $0.byReference && $0.name == name }) else {
                throw TAPError(.notFound, "job \(job.id) keeps no upload named \(name)")
            }
            let body = try await FileIO().loadFile(path: jobs.files.upload(job.id, part: name), context: context)
            var headers = HTTPFields()
            headers[.contentType] = "application/octet-stream"
            return Response(status: .ok, headers: headers, body: body)
        }
        group.get("async/{id}/results") { request, context in
            uwsXML(JobDocument.results(try await job(request, context), jobsURL: jobsURL))
        }
        group.get("async/{id}/results/result") { request, context in
            let job = try await job(request, context)
            guard job.phase == .completed, let result = job.result else {
                throw TAPError(.notFound, "job \(job.id) has no result: it is \(job.phase.rawValue)")
            }
            let body = try await FileIO().loadFile(path: jobs.files.result(job.id), context: context)
            var headers = HTTPFields()
            headers[.contentType] = result.mimeType
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    func list(_ request: Request, _ context: TAPRequestContext) async throws -> Response {
        let parameters = try await RequestParameters.read(request, context: context, configuration: configuration)
        let filter: JobListFilter
        do {
            filter = try JobListFilter(parameters: parameters.pairs)
        } catch {
            throw TAPError(.badRequest, error.description)
        }
        return uwsXML(JobDocument.jobs(try await jobs.list(caller: try await caller(request), filter: filter), jobsURL: jobsURL))
    }

    func create(_ request: Request, _ context: TAPRequestContext) async throws -> Response {
        let form = try await RequestForm.read(request, context: context, configuration: configuration)
        defer { form.remove() }
        let job = try await jobs.create(form, owner: try await caller(request))
        return redirect(to: jobsURL + "/" + job.id)
    }

    func show(_ request: Request, _ context: TAPRequestContext) async throws -> Response {
        // Parameter names in any case (DALI 1.1 §3.1), as everywhere else.
        let query = try await RequestParameters.read(request, context: context, configuration: configuration)
        let id = try id(context)
        guard let waitText = query["WAIT"] else {
            return uwsXML(JobDocument.job(try await jobs.job(id, caller: try await caller(request)), jobsURL: jobsURL))
        }
        guard let wait = Int(waitText) else { throw TAPError(.badRequest, "WAIT must be a whole number of seconds") }
        var phase: ExecutionPhase?
        if let text = query["PHASE"] {
            guard let value = ExecutionPhase(rawValue: text) else {
                throw TAPError(.badRequest, "PHASE=\(text) is not a UWS phase")
            }
            phase = value
        }
        let job = try await jobs.job(id, caller: try await caller(request), wait: wait, phase: phase)
        return uwsXML(JobDocument.job(job, jobsURL: jobsURL))
    }

    func job(_ request: Request, _ context: TAPRequestContext) async throws -> Job {
        try await jobs.job(try id(context), caller: try await caller(request))
    }

    func id(_ context: TAPRequestContext) throws(TAPError) -> String {
        guard let id = context.parameters.get("id") else { throw TAPError(.notFound, "no job") }
        return id
    }

    func caller(_ request: Request) async throws -> String? {
        try await authenticator.caller(request)
    }

    /// POST of one job property: its one parameter, the change, and a 303 back to the job.
    func change(
        _ name: String, _ request: Request, _ context: TAPRequestContext,
        _ apply: (String, String?, String) async throws -> Void
    ) async throws -> Response {
        let parameters = try await RequestParameters.read(request, context: context, configuration: configuration)
        guard let value = parameters[name] else { throw TAPError(.badRequest, "missing parameter \(name)") }
        let id = try id(context)
        try await apply(id, try await caller(request), value)
        return redirect(to: jobsURL + "/" + id)
    }

    func redirect(to url: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = url
        return Response(status: .seeOther, headers: headers)
    }

    func text(_ value: String) -> Response {
        document(value, type: "text/plain; charset=utf-8")
    }

    func uwsXML(_ text: String) -> Response {
        document(text, type: "application/xml; charset=utf-8")
    }
}
