import Testing
@testable import Literate

@Suite("Info strings")
struct InfoStringTests {
    @Test("The first word is the language and the rest are attributes")
    func languageAndAttributes() throws {
        let (language, attributes) = try parseInfoString(#"swift chunk="Free a chain" file=Driver/Disk.swift"#)
        #expect(language == "swift")
        #expect(attributes == BlockAttributes(file: "Driver/Disk.swift", chunk: "Free a chain"))
    }

    @Test("A language alone gives no attributes")
    func languageOnly() throws {
        let (language, attributes) = try parseInfoString("swift")
        #expect(language == "swift")
        #expect(attributes == BlockAttributes())
    }

    @Test("Quoted values may hold spaces, escaped quotes and backslashes")
    func quoting() throws {
        let (_, attributes) = try parseInfoString(#"swift chunk="Say \"hi\" \\ there" exercise=rw"#)
        #expect(attributes.chunk == #"Say "hi" \ there"#)
        #expect(attributes.exercise == "rw")
    }

    @Test("Malformed attributes are refused with a reason", arguments: [
        ("a key without a value", "swift file", "has no value"),
        ("an unknown key", "swift flie=x.swift", "unknown key 'flie'"),
        ("an unterminated quote", #"swift chunk="Open"#, "no closing quote"),
        ("a key given twice", "swift file=a.swift file=b.swift", "given twice"),
        ("an empty value", "swift file=", "empty value"),
        ("an exercise without a chunk", "swift exercise=init", "exercise= marks a named chunk"),
        ("an attribute in the language's place", "file=a.swift", "must be the language"),
        ("a stray quote", #"swift file=a"b"#, "stray quote"),
        ("text glued to a closing quote", #"swift chunk="a"b"#, "followed by a space"),
    ])
    func malformed(id: String, info: String, expected: String) {
        #expect(throws: InfoStringError.self, "\(id)") { try parseInfoString(info) }
        do {
            _ = try parseInfoString(info)
        } catch {
            #expect(error.detail.contains(expected), "\(id): \(error.detail)")
        }
    }
}
