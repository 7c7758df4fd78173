// "Did you mean …?" for a chunk or exercise name that is used but never defined.
//
// The search is bounded, since a book with a thousand misspellings must still be refused
// at once: only names whose length is within the typo distance are compared, each comparison
// stops as soon as it exceeds that distance, and only the first `maxSearches` distinct
// misspellings get a suggestion.

struct NameSuggester {
    static let maxSearches = 50

    private let candidates: [(name: String, scalars: [Unicode.Scalar])]
    private let searched: Set<String>

    /// - Parameters:
    ///   - names: the defined names.
    ///   - misspelt: the names that will be asked about, in report order (for the bound).
    init(names: [String], misspelt: [String]) {
        candidates = names.sorted().map { ($0, Array($0.lowercased().unicodeScalars)) }
        var searched = Set<String>()
        for name in misspelt where searched.count < Self.maxSearches { searched.insert(name) }
        self.searched = searched
    }

    /// The defined name nearest to `name`, if it is near enough to be a likely typo.
    func closest(to name: String) -> String? {
        guard searched.contains(name) else { return nil }
        let target = Array(name.lowercased().unicodeScalars)
        let limit = max(2, target.count / 4)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            if bound < 0 { break }
            if let distance = editDistance(target, candidate.scalars, atMost: bound) { best = (candidate.name, distance) }
        }
        return best?.name
    }
}

/// Levenshtein distance between `a` and `b`, or nil when it is above `bound`.
/// Only the diagonal band of width 2·bound+1 is computed, and the search stops when a whole
/// row exceeds the bound.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost bound: Int) -> Int? {
    if abs(a.count - b.count) > bound { return nil }
    if a.isEmpty { return b.count }
    let outside = bound + 1
    var previous = (0...b.count).map { $0 <= bound ? $0 : outside }
    var current = [Int](repeating: outside, count: b.count + 1)
    for i in 1...a.count {
        let low = max(1, i - bound), high = min(b.count, i + bound)
        current[0] = i <= bound ? i : outside
        if low > 1 { current[low - 1] = outside }
        var rowMinimum = current[0]
        if low <= high {
            for j in low...high {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1, outside)
                rowMinimum = min(rowMinimum, current[j])
            }
        }
        if high < b.count { current[high + 1] = outside }
        if rowMinimum > bound { return nil }
        swap(&previous, &current)
    }
    return previous[b.count] <= bound ? previous[b.count] : nil
}
