// The benchmark's yardstick and memory probe.
import Testing
import TestSupport
@testable import Kernel

@Suite("Benchmark", .serialized)
struct BenchmarkTests {
    @Test("The thread round trip completes and reports a positive rate")
    func roundTrip() {
        let rate = measureRoundTrips(count: 2000)
        print("round trips/s:", Int(rate))
        #expect(rate > 100 && rate.isFinite)
    }

    @Test("Peak resident memory is reported in bytes")
    func peakMemory() {
        #expect(peakResidentBytes() > 1 << 20)
    }

    @Test("The full-stack benchmark misses on every bread and reports a rate for each measurement", .needsWholeDriver)
    func fullStack() throws {
        let report = try runBenchmark(requests: 800)
        print(report)
        #expect(report.rates.map(\.processes) == [1, 8, 1, 8])
        #expect(report.rates.allSatisfy { $0.perSecond > 0 })
        #expect(report.breadMisses == report.breadRequests)
        #expect(report.peakResident < 256 << 20)
        #expect(report.description.contains("× round trip"))
    }
}
