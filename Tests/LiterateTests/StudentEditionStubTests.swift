// The student edition's transform of the chapters: stubs made from a reference, and chapters
// that keep only the student parts of their solution regions.

import Testing
@testable import Literate

@Suite("Stubs and student chapters")
struct StudentEditionStubTests {
    static let chapter = """
        # 16. Requests: one at a time

        ```swift file=Driver/RW.swift
        extension Disk {
            <<Submit a request>>
        }
        ```

        ```swift chunk="Submit a request" exercise=rw
        /// Reads a block.
        ///
        /// - Returns: how many bytes moved.
        public func rw(_ b: Buf,
                       write: Bool) -> Int {
            let secret = 42
            <<Build the chain>>
            <<Notify>>
        }
        ```

        <!-- workbook: solution rw -->

        Write `let chain = secret + 1`, then notify.

        ```swift chunk="Build the chain"
        let chain = secret + 1
        <<Check the chain>>
        ```

        ```swift chunk="Check the chain"
        precondition(chain > 0)
        ```

        ```swift chunk="Notify"
        notify(chain)
        ```

        <!-- workbook: student -->

        Build the chain the device reads, then tell it.

        <!-- workbook: end solution -->

        ## After

        The end.

        """

    func parsed() throws -> [Chapter] {
        [try ChapterParser.parse(source: Self.chapter, path: "Chapters/16-rw.md")]
    }

    @Test("An exercise is numbered in reading order, with its file and the anchor of its heading")
    func exerciseFound() throws {
        let exercises = StudentEdition.exercises(in: try parsed())
        #expect(exercises.map(\.name) == ["rw"])
        let rw = try #require(exercises.first)
        #expect(rw.number == 1 && rw.file == "Driver/RW.swift" && rw.folder == "Exercises/1-rw")
        #expect(rw.anchor == "16-requests-one-at-a-time")
        #expect(rw.notImplementedMessage
                == "exercise 1 (rw) is not implemented yet — read Chapters/16-rw.md#16-requests-one-at-a-time and Exercises/1-rw/README.md")
    }

    @Test("The stub keeps the doc comment and a signature over two lines, outlines the chunks with their nesting, and panics")
    func stub() throws {
        let chapters = try parsed()
        let rw = try #require(StudentEdition.exercises(in: chapters).first)
        #expect(StudentEdition.stub(for: rw, in: chapters) == [
            "/// Reads a block.",
            "///",
            "/// - Returns: how many bytes moved.",
            "public func rw(_ b: Buf,",
            "               write: Bool) -> Int {",
            "    // TODO: Build the chain",
            "      // TODO: Check the chain",
            "    // TODO: Notify",
            "    platform.panic(\"\(rw.notImplementedMessage)\")",
            "}",
        ])
    }

    @Test("The student chapter holds the stub and only the student part of the solution region, and still tangles")
    func studentChapter() throws {
        let chapters = try parsed()
        let rw = try #require(StudentEdition.exercises(in: chapters).first)
        let text = StudentEdition.studentText(of: chapters[0], exercises: [rw],
                                              stubs: ["rw": StudentEdition.stub(for: rw, in: chapters)])
        #expect(!text.contains("secret"))
        #expect(!text.contains("workbook:"))
        #expect(text.contains("Build the chain the device reads, then tell it.\n\n## After"))
        #expect(text.contains("    // TODO: Notify\n"))
        let student = try ChapterParser.parse(source: text, path: "Chapters/16-rw.md")
        let files = try Tangler.tangle([student]).files
        #expect(files.count == 1)
        #expect(files[0].contents.contains("platform.panic(\"exercise 1 (rw) is not implemented yet"))
    }

    @Test("Anchors follow GitHub: lower case, punctuation dropped, spaces to hyphens, underscores kept")
    func anchors() {
        #expect(headingAnchor("13. virtio_disk_init: bringing the device up") == "13-virtio_disk_init-bringing-the-device-up")
        #expect(headingAnchor("Hand-over (and `b.disk`)") == "hand-over-and-bdisk")
    }
}
