// A bounded stress run, and the 16-bit ring-index wrap under load.
import Testing
import TestSupport
@testable import Kernel

@Suite("Stress", .serialized, .needsWholeDriver)
struct StressTests {
    @Test("Eight processes under every completion policy: every byte verified, descriptors exhausted, IOERR panics")
    func boundedStress() throws {
        var options = StressOptions()
        options.procs = 8
        options.requests = 4_000
        options.policyMilliseconds = 5
        options.timeout = 120
        let report = try runStress(options)
        print(report)
        #expect(report.passed, "\(report)")
        #expect(report.mismatches == 0)
        #expect(report.policiesUsed.count == 6)     // QEMU's, in order, 2 per interrupt, reversed, random, delayed
        #expect(report.maxDescriptorsInUse == 6)
        #expect(report.descriptorSleeps > 0)
        #expect(report.ioErrorPanic == "virtio_disk_intr status")
    }

    @Test("More than 65,536 disk requests wrap the 16-bit ring indices without a hang or a mismatch")
    func indexWrap() throws {
        var options = StressOptions()
        options.procs = 4
        options.requests = 34_000
        options.writePercent = 100
        options.policyMilliseconds = 0
        options.injectIOError = false
        options.timeout = 300
        let report = try runStress(options)
        print(report)
        #expect(report.passed, "\(report)")
        #expect(report.diskRequests > 65_536)
        #expect(Int(report.finalUsedIndex) == report.diskRequests % 65_536)
    }
}
