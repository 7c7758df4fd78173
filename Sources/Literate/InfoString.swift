// The info string of a fenced code block: a language, then attributes.
//
//     ```swift chunk="Allocate three descriptors" exercise=alloc3_desc
//
// The first word stays the language so Git hosts still highlight the chapter. Each attribute
// is `key=value`, where a value containing spaces is written in double quotes (`\"` and `\\`
// escape inside them). Which keys a block may carry depends on its language (code, `exercise`
// or `diagram`); unknown keys are errors, so a typo never silently drops a chunk.

/// The attributes the tangler understands on a code block.
public struct BlockAttributes: Hashable, Sendable {
    /// Path under Sources/ this block (or the chunk it names) is written to.
    public var file: String?
    /// Name of the chunk this block defines or continues.
    public var chunk: String?
    /// Exercise this chunk is the solution region of (see the exercises chapters).
    public var exercise: String?

    public init(file: String? = nil, chunk: String? = nil, exercise: String? = nil) {
        self.file = file
        self.chunk = chunk
        self.exercise = exercise
    }

    static let keys: Set<String> = ["file", "chunk", "exercise"]
}

/// An info string split into its language and its `key=value` pairs, each key at most once.
struct InfoString {
    var language: String
    var values: [String: String]

    /// Splits `info`, accepting only the keys `knownKeys(language)` returns.
    init(_ info: String, knownKeys: (String) -> Set<String>) throws(InfoStringError) {
        var scanner = Substring(info)
        skipSpaces(&scanner)
        language = String(scanner.prefix { !$0.isWhitespace })
        scanner = scanner.dropFirst(language.count)
        if language.contains("=") || language.contains("\"") {
            throw InfoStringError("the first word of the info string must be the language, not '\(language)'")
        }
        let keys = knownKeys(language)
        values = [:]
        while true {
            skipSpaces(&scanner)
            if scanner.isEmpty { break }
            let key = String(scanner.prefix { $0 != "=" && !$0.isWhitespace })
            scanner = scanner.dropFirst(key.count)
            guard scanner.first == "=" else {
                throw InfoStringError("'\(key)' has no value; write \(key)=VALUE")
            }
            scanner = scanner.dropFirst()
            guard keys.contains(key) else {
                let known = keys.sorted().joined(separator: ", ")
                throw InfoStringError("unknown key '\(key)' (known keys: \(known))")
            }
            let value: String
            if scanner.first == "\"" {
                value = try readQuoted(&scanner, key: key)
            } else {
                value = String(scanner.prefix { !$0.isWhitespace })
                scanner = scanner.dropFirst(value.count)
                if value.contains("\"") {
                    throw InfoStringError("value of '\(key)' has a stray quote; quote the whole value")
                }
            }
            if value.isEmpty { throw InfoStringError("'\(key)' has an empty value") }
            if values[key] != nil { throw InfoStringError("'\(key)' is given twice") }
            values[key] = value
        }
    }
}

/// Splits a code block's info string into its language and attributes.
///
/// - Returns: the language (empty if the string is blank) and the attributes.
/// - Throws: a message describing the first malformed attribute.
func parseInfoString(_ info: String) throws(InfoStringError) -> (language: String, attributes: BlockAttributes) {
    let parsed = try InfoString(info) { _ in BlockAttributes.keys }
    let values = parsed.values
    if let chunk = values["chunk"], chunk.contains("<<") || chunk.contains(">>") {
        throw InfoStringError("chunk name '\(chunk)' contains '<<' or '>>', so no reference could name it")
    }
    if values["exercise"] != nil && values["chunk"] == nil {
        throw InfoStringError("exercise= marks a named chunk; add chunk=\"...\"")
    }
    return (parsed.language, BlockAttributes(file: values["file"], chunk: values["chunk"], exercise: values["exercise"]))
}

struct InfoStringError: Error {
    var detail: String
    init(_ detail: String) { self.detail = detail }
}

private func skipSpaces(_ s: inout Substring) {
    s = s.drop { $0.isWhitespace }
}

private func readQuoted(_ s: inout Substring, key: String) throws(InfoStringError) -> String {
    s = s.dropFirst()  // the opening quote
    var value = ""
    while let c = s.first {
        s = s.dropFirst()
        switch c {
        case "\"":
            if let next = s.first, !next.isWhitespace {
                throw InfoStringError("value of '\(key)' must be followed by a space")
            }
            return value
        case "\\":
            guard let escaped = s.first else { break }
            s = s.dropFirst()
            value.append(escaped)
        default:
            value.append(c)
        }
    }
    throw InfoStringError("value of '\(key)' has no closing quote")
}
