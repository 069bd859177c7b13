import TestSupport

/// The case files of Cases/ beside these tests (see TestSupport's CaseFile for what makes loading strict).
enum CaseFiles {
    static func file(_ name: String) -> CaseFile {
        CaseFile(name, beside: #filePath)
    }
}
