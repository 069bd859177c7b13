import Foundation
import Testing

/// Where the test inputs are, found from this file's path: Tests/VOTableTests/ is two levels below the package.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let referenceDirectory = packageRoot.appendingPathComponent("VOTables", isDirectory: true)
    /// The IVOA schemas and their offline catalog, beside the package (see shared/schemas/README.md).
    static let schemaDirectory = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/schemas", isDirectory: true)
    static let votableSchema = schemaDirectory.appendingPathComponent("VOTable-1.3-ns.xsd")
    static let catalog = schemaDirectory.appendingPathComponent("catalog.xml")

    static func reference(_ name: String) -> URL {
        referenceDirectory.appendingPathComponent(name)
    }
}

/// Compares `actual` with the reference file `name`; with SWIFTTAP_RECORD=1 rewrites the file instead and fails,
/// so that a recording run never passes unnoticed (as swift-argument-parser's snapshot helpers do).
func expectMatchesReference(_ actual: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
{
    let url = TestPaths.reference(name)
    if ProcessInfo.processInfo.environment["SWIFTTAP_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: TestPaths.referenceDirectory, withIntermediateDirectories: true)
        try Data(actual).write(to: url)
        Issue.record("Recorded \(url.path); run again without SWIFTTAP_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    guard let expected = FileManager.default.contents(atPath: url.path) else {
        Issue.record(
            "No reference file \(url.path); run with SWIFTTAP_RECORD=1 to write it",
            sourceLocation: sourceLocation)
        return
    }
    if [UInt8](expected) != actual {
        Issue.record(
            "Output differs from \(name): \(firstDifference(expected: [UInt8](expected), actual: actual))",
            sourceLocation: sourceLocation)
    }
}

/// Names the first differing line of two byte strings.
func firstDifference(expected: [UInt8], actual: [UInt8]) -> String {
    let expectedLines = String(decoding: expected, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = String(decoding: actual, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(expectedLines.count, actualLines.count) {
        let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
        let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
        if want != got {
            return "line \(index + 1): expected \(want.debugDescription), got \(got.debugDescription)"
        }
    }
    return "same lines, different bytes"
}

/// Programs some tests hand the documents to; such a test is skipped, saying why, when its program is missing.
enum ExternalTools {
    static let xmllint = findExecutable("xmllint")
    static let python3 = findExecutable("python3")

    static let hasSchemas =
        FileManager.default.fileExists(atPath: TestPaths.votableSchema.path)
        && FileManager.default.fileExists(atPath: TestPaths.catalog.path)

    /// Whether `python3 -c "import astropy"` succeeds.
    static let hasAstropy: Bool = {
        guard let python3, let result = try? run(python3, ["-c", "import astropy"]) else {
            return false
        }
        return result.status == 0
    }()

    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs a program with stdout and stderr captured together.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func findExecutable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }
}
