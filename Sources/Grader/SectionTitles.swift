// The words a feedback link says: "chapter 17, “Acknowledge first”" rather than the section's
// path and anchor. Read from the instructor edition's chapters, the same ones the hidden tests
// cite, so every section a test names has its title.

import Foundation
import Literate

/// Every chapter and section of the book at `root`, keyed as tests cite them
/// (`Chapters/17-intr.md` and `Chapters/17-intr.md#acknowledge-first`). A book that cannot be
/// read gives no titles, and the links then say the section itself.
public func sectionTitles(root: URL) -> [String: String] {
    guard let book = try? Book.load(root: root) else { return [:] }
    var titles: [String: String] = [:]
    for chapter in book.chapters {
        let name = (chapter.path as NSString).lastPathComponent
        let number = Int(name.prefix { $0.isNumber })
        let words = number.map { "chapter \($0)" } ?? name
        let key = Book.chaptersFolder + "/" + name
        for heading in chapter.headings {
            var title = plain(heading.text)
            if heading.level == 1, let number, title.hasPrefix("\(number). ") {
                title.removeFirst("\(number). ".count)   // the number is already in the words
            }
            titles[heading.level == 1 ? key : key + "#" + heading.anchor] = "\(words), “\(title)”"
        }
    }
    return titles
}

/// A heading's text without its code and emphasis marks, as a reader sees it.
private func plain(_ text: String) -> String {
    text.filter { $0 != "`" && $0 != "*" }
}
