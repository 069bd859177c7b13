import XMLEscaping

/// The UWS 1.1 XML documents (UWS-v1.0-ns.xsd, which 1.1 keeps): a job, the job list, a job's results and
/// parameters. Hrefs are absolute, made from the job list's URL, because pyvo resolves relative ones wrongly and
/// STILTS cannot use them at all.
public enum JobDocument {
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    static let namespaces = "xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" "
        + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""

    /// The job document (UWS 1.1 §2.2.1.1), its elements in the schema's order.
    public static func job(_ job: Job, jobsURL: String) -> String {
        var out = header + "<uws:job \(namespaces) version=\"1.1\">\n"
        out += "  <uws:jobId>\(XMLText.escape(job.id))</uws:jobId>\n"
        if let runID = job.runID { out += "  <uws:runId>\(XMLText.escape(runID))</uws:runId>\n" }
        out += "  " + optional("ownerId", job.owner) + "\n"
        out += "  <uws:phase>\(job.phase.rawValue)</uws:phase>\n"
        out += "  " + optional("quote", job.quote.map(UWSTime.format)) + "\n"
        out += "  <uws:creationTime>\(UWSTime.format(job.creationTime))</uws:creationTime>\n"
        out += "  " + optional("startTime", job.startTime.map(UWSTime.format)) + "\n"
        out += "  " + optional("endTime", job.endTime.map(UWSTime.format)) + "\n"
        out += "  <uws:executionDuration>\(min(job.executionDuration, Int(Int32.max)))</uws:executionDuration>\n"
        out += "  " + optional("destruction", job.destruction.map(UWSTime.format)) + "\n"
        out += parametersElement(job.parameters, indent: "  ", root: false)
        out += resultsElement(job, jobsURL: jobsURL, indent: "  ", root: false)
        if let error = job.error {
            out += "  <uws:errorSummary type=\"\(error.isTransient ? "transient" : "fatal")\" hasDetail=\"true\">"
                + "<uws:message>\(XMLText.escape(error.message))</uws:message></uws:errorSummary>\n"
        }
        return out + "</uws:job>\n"
    }

    /// The job list (UWS 1.1 §2.2.2.1); a jobref's elements have an order of their own.
    public static func jobs(_ jobs: [Job], jobsURL: String) -> String {
        var out = header + "<uws:jobs \(namespaces) version=\"1.1\">\n"
        for job in jobs {
            out += "  <uws:jobref id=\"\(XMLText.attribute(job.id))\" xlink:href=\"\(XMLText.attribute(jobsURL + "/" + job.id))\">"
            out += "<uws:phase>\(job.phase.rawValue)</uws:phase>"
            if let runID = job.runID { out += "<uws:runId>\(XMLText.escape(runID))</uws:runId>" }
            out += optional("ownerId", job.owner)
            out += "<uws:creationTime>\(UWSTime.format(job.creationTime))</uws:creationTime></uws:jobref>\n"
        }
        return out + "</uws:jobs>\n"
    }

    public static func results(_ job: Job, jobsURL: String) -> String {
        header + resultsElement(job, jobsURL: jobsURL, indent: "", root: true)
    }

    public static func parameters(_ job: Job) -> String {
        header + parametersElement(job.parameters, indent: "", root: true)
    }

    /// The URL of a job's result (TAP 1.1 §2.2: `results/result`).
    public static func resultURL(_ job: Job, jobsURL: String) -> String {
        "\(jobsURL)/\(job.id)/results/result"
    }

    static func resultsElement(_ job: Job, jobsURL: String, indent: String, root: Bool) -> String {
        let open = "\(indent)<uws:results" + (root ? " \(namespaces)" : "")
        guard let result = job.result, job.phase == .completed else { return open + "/>\n" }
        return open + ">\n\(indent)  <uws:result id=\"result\" xlink:type=\"simple\" "
            + "xlink:href=\"\(XMLText.attribute(resultURL(job, jobsURL: jobsURL)))\" "
            + "mime-type=\"\(XMLText.attribute(result.mimeType))\" size=\"\(result.size)\"/>\n\(indent)</uws:results>\n"
    }

    static func parametersElement(_ parameters: [JobParameter], indent: String, root: Bool) -> String {
        let open = "\(indent)<uws:parameters" + (root ? " \(namespaces)" : "")
        guard !parameters.isEmpty else { return open + "/>\n" }
        var out = open + ">\n"
        for parameter in parameters {
            out += "\(indent)  <uws:parameter id=\"\(XMLText.attribute(parameter.name))\""
                + (parameter.byReference ? " byReference=\"true\">" : ">")
                + "\(XMLText.escape(parameter.value))</uws:parameter>\n"
        }
        return out + "\(indent)</uws:parameters>\n"
    }

    /// An element that the schema requires but lets be nil.
    static func optional(_ name: String, _ value: String?) -> String {
        guard let value else { return "<uws:\(name) xsi:nil=\"true\"/>" }
        return "<uws:\(name)>\(XMLText.escape(value))</uws:\(name)>"
    }
}
