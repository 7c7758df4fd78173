// The diagrams: `book-diagrams` runs the scenarios on the emulator with the reference driver,
// and the drawings show what it read from guest RAM and the trace.
@testable import BookRender
import DiagramFormat
import Foundation
import TestSupport
import Testing

@Suite(.serialized, .needsWholeDriver) struct DiagramTests {
    static let results: Result<[String: ScenarioResult], Error> = Result {
        try DiagramSource(executable: builtExecutable("book-diagrams")).run(["one-read", "descriptors-run-out"])
    }

    @Test func oneReadMovesTheIndicesAsTheSpecSays() throws {
        let moments = try #require(try Self.results.get()["one-read"]).moments
        let initialized = try #require(moments["initialized"]), submitted = try #require(moments["submitted"])
        let completed = try #require(moments["completed"]), woken = try #require(moments["woken"])
        #expect(initialized.ready && initialized.size == 8 && initialized.availableIndex == 0 && initialized.chains.isEmpty)
        #expect(submitted.availableIndex == 1 && submitted.usedIndex == 0)
        #expect(submitted.chains.count == 1 && submitted.chains[0].count == 3)
        let chain = submitted.chains[0]
        #expect(submitted.descriptors[chain[0]].length == 16)          // the request header
        #expect(submitted.descriptors[chain[1]].length == 1024)        // the block
        #expect(submitted.descriptors[chain[2]].length == 1)           // the status byte
        #expect(submitted.descriptors[chain[1]].flags & 2 != 0)        // a read: the device writes the data
        #expect(completed.usedIndex == 1 && completed.used[0].id == UInt32(chain[0]) && completed.deviceUsedIndex == 1)
        #expect(woken.chains.isEmpty && woken.descriptors.allSatisfy { $0.address == 0 })   // free_desc zeroed the chain
    }

    @Test func aThirdReadWaitsWhenTheDescriptorsRunOut() throws {
        let exhausted = try #require(try Self.results.get()["descriptors-run-out"]?.moments["exhausted"])
        #expect(exhausted.availableIndex == 2 && exhausted.chains.count == 2)
        #expect(exhausted.descriptors.filter { $0.address != 0 }.count == 6)
    }

    @Test func theJourneyRunsFromTheProcessThroughTheDeviceBackToTheProcess() throws {
        let steps = try #require(try Self.results.get()["one-read"]?.journey).sorted { $0.time < $1.time }
        #expect(steps.first?.lane == "process" && steps.last?.lane == "process")
        let lanes = steps.map(\.lane)
        for lane in ["driver", "device", "interrupt"] { #expect(lanes.contains(lane)) }
        #expect(lanes.firstIndex(of: "device")! < lanes.firstIndex(of: "interrupt")!)
    }

    @Test func drawingsHaveAltTextAndOneArrowPerLink() throws {
        let submitted = try #require(try Self.results.get()["one-read"]?.moments["completed"])
        let svg = RingsDrawing(state: submitted, caption: "The rings <after> one read", id: "d1").svg
        #expect(svg.contains("<title id=\"d1-title\">The rings &lt;after&gt; one read</title>"))
        #expect(svg.contains("aria-labelledby=\"d1-title\""))
        // One arrow from the available ring to the head, two NEXT links, one from the used ring.
        #expect(svg.components(separatedBy: "class=\"arrow chain\"").count - 1 == 3)
        #expect(svg.components(separatedBy: "class=\"arrow used\"").count - 1 == 1)
        let journey = try #require(try Self.results.get()["one-read"]?.journey)
        let drawing = JourneyDrawing(steps: journey, caption: "One read", id: "d2").svg
        #expect(drawing.components(separatedBy: "<circle").count - 1 == journey.count)
    }
}
