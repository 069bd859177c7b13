/// "Did you mean": the closest published name by edit distance, when it is close enough to be a typo.
enum Suggestion {
    static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased().utf8)
        let threshold = max(2, target.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            // The distance is at least the difference in length; skipping hopeless candidates also keeps a
            // megabyte-long unknown name from costing seconds of CPU.
            guard abs(candidate.utf8.count - target.count) <= threshold else { continue }
            let distance = editDistance(target, Array(candidate.lowercased().utf8))
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        return distance <= threshold ? candidate : nil
    }

    static func hint(for name: String, among candidates: [String]) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
