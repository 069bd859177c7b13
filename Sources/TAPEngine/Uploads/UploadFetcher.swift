import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches `UPLOAD=t,http(s)://…` tables into the spool (TAP 1.1 §2.7.6: the service retrieves them), with the same
/// byte limit as inline uploads and a time limit. Unless the operator allows it, a URL may not lead to a loopback,
/// private or link-local address: a public service must not become a way into the network it runs in.
struct UploadFetcher: Sendable {
    var allowPrivateAddresses: Bool
    var timeout: Int

    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(30)),
            decompression: .enabled(limit: .ratio(100))))
    static let maximumRedirects = 3

    /// Writes the table to `path`; returns its size.
    func fetch(_ url: String, for name: String, to path: String, maximumBytes: Int) async throws(TAPError) -> Int {
        var location = url
        for _ in 0...Self.maximumRedirects {
            guard let parsed = URL(string: location), let scheme = parsed.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
            else { throw failure(name, url, "it is not an http(s) URL") }
            try checkAddress(host, name: name, url: url)
            var request = HTTPClientRequest(url: location)
            request.headers.add(name: "User-Agent", value: "SwiftTAP upload fetcher")
            let response: HTTPClientResponse
            do {
                response = try await Self.client.execute(request, timeout: .seconds(Int64(timeout)))
            } catch {
                throw failure(name, url, "\(error)")
            }
            if (300..<400).contains(response.status.code), let next = response.headers.first(name: "Location") {
                guard let resolved = URL(string: next, relativeTo: parsed)?.absoluteString else {
                    throw failure(name, url, "it redirects to '\(next)', which is not a URL")
                }
                location = resolved
                continue
            }
            guard (200..<300).contains(response.status.code) else {
                throw failure(name, url, "\(response.status.code) \(response.status.reasonPhrase)")
            }
            return try await save(response, for: name, url: url, to: path, maximumBytes: maximumBytes)
        }
        throw failure(name, url, "more than \(Self.maximumRedirects) redirects")
    }

    func save(_ response: HTTPClientResponse, for name: String, url: String, to path: String, maximumBytes: Int)
        async throws(TAPError) -> Int
    {
        let sink: FileSink
        do { sink = try FileSink(path: path) } catch {
            throw TAPError(.unavailable, "the service cannot spool uploads; please tell its operators")
        }
        defer { try? sink.close() }
        var size = 0
        do {
            for try await chunk in response.body {
                size += chunk.readableBytes
                guard size <= maximumBytes else {
                    throw TAPError(
                        .contentTooLarge,
                        "UPLOAD \(name): \(url) holds more than the \(maximumBytes) bytes this service takes in uploads")
                }
                try sink.write(chunk)
            }
        } catch let error as TAPError {
            throw error
        } catch {
            throw failure(name, url, "\(error)")
        }
        return size
    }

    func failure(_ name: String, _ url: String, _ reason: String) -> TAPError {
        TAPError(.badRequest, "UPLOAD \(name): could not retrieve \(url): \(reason)")
    }

    /// Every address the host resolves to must be public (checked before connecting; the connection resolves again).
    func checkAddress(_ host: String, name: String, url: String) throws(TAPError) {
        guard !allowPrivateAddresses else { return }
        let addresses = Self.resolve(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
        guard !addresses.isEmpty else { throw failure(name, url, "its host \(host) is not known") }
        if addresses.contains(where: Self.isPrivate) {
            throw failure(name, url, "its host \(host) is a loopback, private or link-local address")
        }
    }

    static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var entry = list
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let address = info.ai_addr {
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { addresses.append(Array($0)) }
                }
            } else if info.ai_family == AF_INET6, let address = info.ai_addr {
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { addresses.append(Array($0)) }
                }
            }
            entry = info.ai_next
        }
        return addresses
    }

    /// 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16, 0/8, 100.64/10; ::1, ::, fc00::/7, fe80::/10, and IPv4
    /// mapped into IPv6.
    static func isPrivate(_ address: [UInt8]) -> Bool {
        if address.count == 4 {
            let (a, b) = (address[0], address[1])
            return a == 127 || a == 10 || a == 0 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
        }
        guard address.count == 16 else { return true }
        if address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xff, address[11] == 0xff {
            return isPrivate(Array(address[12...]))
        }
        if address[0..<15].allSatisfy({ $0 == 0 }) { return address[15] <= 1 }
        return address[0] & 0xfe == 0xfc || (address[0] == 0xfe && address[1] & 0xc0 == 0x80)
    }
}
