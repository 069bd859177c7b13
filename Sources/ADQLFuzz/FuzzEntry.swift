import ADQL

/// libFuzzer entry point: `swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING --product ADQLFuzz`.
/// Without FUZZING it builds a replay tool that parses each file given on the command line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Parser.parse(text)
    return 0
}

#if !FUZZING
import Foundation

@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            data.withUnsafeBytes { bytes in
                _ = fuzzOneInput(bytes.bindMemory(to: UInt8.self).baseAddress!, bytes.count)
            }
        }
    }
}
#endif
