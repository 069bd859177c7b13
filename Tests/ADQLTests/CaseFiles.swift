import Foundation

/// Reads table-driven test cases kept in files beside the tests, so adding a case is adding a line.
enum CaseFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")

    static func lines(_ name: String) -> [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    static func rows(_ name: String) -> [[String]] {
        lines(name).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
