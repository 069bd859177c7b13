import Foundation
import Hummingbird
import TAPEngine

/// Who is asking: HTTP Basic credentials checked against the service's accounts, or nobody (anonymous). Wrong
/// credentials are refused (401) rather than treated as anonymous, so a typo never hides a user's jobs.
/// A verified header is remembered for a few minutes, because bcrypt is slow on purpose.
actor Authenticator {
    let accounts: UserAccounts
    let realm: String
    private var verified: [String: (name: String, until: ContinuousClock.Instant)] = [:]

    init(accounts: UserAccounts, realm: String) {
        self.accounts = accounts
        self.realm = realm
    }

    func caller(_ request: Request) async throws -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        if let entry = verified[header], entry.until > .now { return entry.name }
        guard header.count < 1024, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        else { throw refusal("the Authorization header is not HTTP Basic credentials") }
        let name = String(pair[..<colon])
        let password = String(pair[pair.index(after: colon)...])
        // Names and passwords the accounts table could never hold are refused without asking the database.
        guard UserAccounts.isValidName(name), !password.utf8.contains(0),
            try await accounts.verify(name, password: password)
        else {
            throw refusal("unknown user or wrong password")
        }
        if verified.count > 10_000 { verified = verified.filter { $0.value.until > .now } }
        verified[header] = (name, .now + .seconds(300))
        return name
    }

    func refusal(_ message: String) -> TAPError {
        TAPError(.unauthorized(realm: realm), message)
    }
}
