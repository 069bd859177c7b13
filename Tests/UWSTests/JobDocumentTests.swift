import Foundation
import Testing

@testable import UWS

/// The documents' shape; the end-to-end suite validates the server's documents against the UWS schema.
@Suite struct JobDocumentTests {
    static let created = UWSTime.parse("2026-11-25T12:00:00Z")!

    @Test func pendingJobHasEveryRequiredElementInOrder() {
        let job = Job(
            id: "abc", phase: .pending, creationTime: Self.created, executionDuration: 60,
            parameters: [JobParameter("QUERY", "SELECT a < b & c")])
        let document = JobDocument.job(job, jobsURL: "http://h/tap/async")
        let order = ["jobId", "ownerId", "phase", "quote", "creationTime", "startTime", "endTime",
                     "executionDuration", "destruction", "parameters", "results"]
        let positions = order.map { document.range(of: "<uws:\($0)")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(document.contains("<uws:ownerId xsi:nil=\"true\"/>"))
        #expect(document.contains("<uws:startTime xsi:nil=\"true\"/>"))
        #expect(document.contains(">SELECT a &lt; b &amp; c</uws:parameter>"))
        #expect(document.contains("<uws:results/>"))
        #expect(!document.contains("runId") && !document.contains("errorSummary"))
    }

    /// The job documents escape as the VOTable writer does (one escaper, XMLEscaping): a carriage return kept as a
    /// reference, a control character no XML may hold replaced, quotes and line breaks in attributes kept.
    @Test func escapesLikeEveryOtherDocument() {
        let job = Job(
            id: "abc", phase: .pending, creationTime: Self.created, executionDuration: 60,
            parameters: [JobParameter("QUERY", "a\r\nb\u{1}c"), JobParameter("x\"y", "1")])
        let document = JobDocument.job(job, jobsURL: "http://h/tap/async")
        #expect(document.contains(">a&#13;\nb?c</uws:parameter>"))
        #expect(document.contains("<uws:parameter id=\"x&quot;y\""))
    }

    @Test func resultHrefIsAbsoluteAndOnlyWhenCompleted() {
        var job = Job(
            id: "abc", runID: "r1", phase: .executing, creationTime: Self.created, executionDuration: 60,
            result: JobResult(mimeType: "application/x-votable+xml", size: 42))
        #expect(!JobDocument.job(job, jobsURL: "http://h/tap/async").contains("<uws:result "))
        job.phase = .completed
        let document = JobDocument.job(job, jobsURL: "http://h/tap/async")
        #expect(document.contains(
            "<uws:result id=\"result\" xlink:type=\"simple\" xlink:href=\"http://h/tap/async/abc/results/result\" "
                + "mime-type=\"application/x-votable+xml\" size=\"42\"/>"))
        #expect(document.contains("<uws:runId>r1</uws:runId>"))
    }

    @Test func jobrefsKeepTheirOwnOrder() {
        let job = Job(id: "abc", owner: "ann", runID: "r", phase: .queued, creationTime: Self.created, executionDuration: 1)
        #expect(JobDocument.jobs([job], jobsURL: "http://h/tap/async").contains(
            "<uws:jobref id=\"abc\" xlink:href=\"http://h/tap/async/abc\"><uws:phase>QUEUED</uws:phase>"
                + "<uws:runId>r</uws:runId><uws:ownerId>ann</uws:ownerId>"
                + "<uws:creationTime>2026-11-25T12:00:00.000Z</uws:creationTime></uws:jobref>"))
    }

    @Test func errorSummaryFollowsResults() {
        let job = Job(
            id: "abc", phase: .error, creationTime: Self.created, executionDuration: 1,
            error: JobError(message: "1:8: no column named 'x'"))
        let document = JobDocument.job(job, jobsURL: "u")
        #expect(document.contains(
            "<uws:results/>\n  <uws:errorSummary type=\"fatal\" hasDetail=\"true\"><uws:message>1:8: no column named 'x'"))
    }
}
