// A chapter's lines exactly as cmark counts them, so that a position cmark reports can be
// read back from the source.
//
// CommonMark ends a line at LF, CR or CRLF, and cmark drops a byte-order mark before the first
// line; its columns are 1-based byte offsets into the line after that. libcmark 0.30 has no
// accessor that says whether a code block is fenced, so the parser reads the line at the
// block's position: for a fenced block that is the fence, for an indented block its first line.

/// Byte ranges of a text's lines, terminators excluded.
struct SourceLines {
    let bytes: [UInt8]
    private(set) var ranges: [Range<Int>] = []

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var start = bytes.starts(with: Self.byteOrderMark) ? 3 : 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                ranges.append(start..<index)
                index += byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        ranges.append(start..<bytes.count)
    }

    var count: Int { ranges.count }

    /// Line `line` (1-based) from byte column `column` (1-based) on, or nil outside the text.
    func text(line: Int, fromColumn column: Int) -> ArraySlice<UInt8>? {
        guard line >= 1, line <= ranges.count, column >= 1 else { return nil }
        let range = ranges[line - 1]
        let start = range.lowerBound + column - 1
        return start <= range.upperBound ? bytes[start..<range.upperBound] : nil
    }

    /// The bytes of line `line` before byte column `column`.
    func prefix(line: Int, beforeColumn column: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= ranges.count else { return [] }
        let range = ranges[line - 1]
        return bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + max(column - 1, 0))]
    }

    /// Whether the code block cmark reports at (`line`, `column`) with this info string and
    /// literal is fenced rather than indented.
    ///
    /// An info string is only ever read from a fence. Without one, the block is fenced when its
    /// position holds a bare fence (three or more backticks or tildes) that is not also the
    /// block's first code line: a fenced block's first code line cannot repeat its own fence,
    /// since that line would close it. cmark fills a tab that the indentation only partly used
    /// with spaces, so then up to three leading spaces of the code line are ignored.
    func isFenced(line: Int, column: Int, info: String, literal: String) -> Bool {
        if !info.isEmpty { return true }
        guard let rest = text(line: line, fromColumn: column).map(trimmingTrailingBlanks),
              let fenceByte = rest.first, fenceByte == UInt8(ascii: "`") || fenceByte == UInt8(ascii: "~"),
              rest.count >= 3, rest.allSatisfy({ $0 == fenceByte }) else { return false }
        let firstCodeLine = trimmingTrailingBlanks(literal.utf8.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }[...])
        if firstCodeLine.elementsEqual(rest) { return false }
        if prefix(line: line, beforeColumn: column).contains(UInt8(ascii: "\t")) {
            let spaces = firstCodeLine.prefix { $0 == UInt8(ascii: " ") }.count
            if spaces <= 3, firstCodeLine.dropFirst(spaces).elementsEqual(rest) { return false }
        }
        return true
    }
}

extension SourceLines {
    /// Whether the fenced block opened at (`fenceLine`, `column`) with `codeLines` lines of code
    /// ends with a closing fence. Otherwise it ran to the end of the chapter, list item or quote,
    /// swallowing whatever stood there.
    func isClosed(fenceLine: Int, column: Int, codeLines: Int) -> Bool {
        guard let opening = text(line: fenceLine, fromColumn: column), let fenceByte = opening.first else { return false }
        let length = opening.prefix { $0 == fenceByte }.count
        guard let closing = text(line: fenceLine + codeLines + 1, fromColumn: 1) else { return false }
        let afterContainers = closing.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }
        let run = afterContainers.prefix { $0 == fenceByte }.count
        return run >= length && afterContainers.dropFirst(run).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}

private func trimmingTrailingBlanks<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
    var end = bytes.endIndex
    while end > bytes.startIndex {
        let previous = bytes.index(before: end)
        guard bytes[previous] == UInt8(ascii: " ") || bytes[previous] == UInt8(ascii: "\t") else { break }
        end = previous
    }
    return bytes[bytes.startIndex..<end]
}

/// Splits text into lines the way cmark does (at LF, CR or CRLF), without the terminators.
/// A text ending in a terminator gives a last, empty line.
func splitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current: [UInt8] = []
    var previousWasCR = false
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\n") where previousWasCR:
            previousWasCR = false
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            lines.append(String(decoding: current, as: UTF8.self))
            current.removeAll(keepingCapacity: true)
            previousWasCR = byte == UInt8(ascii: "\r")
        default:
            current.append(byte)
            previousWasCR = false
        }
    }
    lines.append(String(decoding: current, as: UTF8.self))
    return lines
}
