// The benchmark's yardstick and memory probe.
import Testing
@testable import Kernel

@Suite("Benchmark yardsticks")
struct RoundTripTests {
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
}
