// Reads a rendered site back: every page's links and anchors, so tests can check them all.
import Foundation

struct RenderedSite {
    let folder: URL
    /// Page file name → its HTML.
    let pages: [String: String]

    init(_ folder: URL) throws {
        self.folder = folder
        var pages: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".html") {
            pages[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        self.pages = pages
    }

    /// Every value of `attribute="…"` in `html`.
    static func values(of attribute: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        let marker = " \(attribute)=\""
        while let start = rest.range(of: marker) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            found.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return found
    }

    /// Each internal link (href or src) that names a missing file or a missing anchor, as
    /// "page: link"; external links (with a scheme) are listed separately.
    func brokenLinks() -> (broken: [String], external: [String]) {
        let anchors = pages.mapValues { Set(Self.values(of: "id", in: $0)) }
        var broken: [String] = [], external: [String] = []
        for (page, html) in pages.sorted(by: { $0.key < $1.key }) {
            for link in Self.values(of: "href", in: html) + Self.values(of: "src", in: html) {
                if link.contains(":") { external.append("\(page): \(link)"); continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : parts[0]
                let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path)
                if !exists { broken.append("\(page): \(link) (no file \(target))"); continue }
                if parts.count > 1, !(anchors[target]?.contains(parts[1]) ?? false) {
                    broken.append("\(page): \(link) (no anchor \(parts[1]) in \(target))")
                }
            }
        }
        return (broken, external)
    }

    /// Ids that appear more than once on one page.
    func duplicateIDs() -> [String] {
        pages.flatMap { page, html -> [String] in
            var seen = Set<String>()
            return Self.values(of: "id", in: html).filter { !seen.insert($0).inserted }.map { "\(page): \($0)" }
        }
    }
}
