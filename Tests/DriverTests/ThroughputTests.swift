// End-to-end request rate against the host's own yardstick: a mutex + condition variable
// round trip between two threads, measured in the same process, at the same moment.
import Driver
import KernelSupport
import Machine
import TestRig
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Round trips per second of a two-thread ping-pong over one mutex and condition variable.
func pingPongRate(rounds: Int) -> Double {
    final class Table: @unchecked Sendable {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        var turn = 0
        init() { pthread_mutex_init(mutex, nil); pthread_cond_init(cond, nil) }
    }
    let table = Table()
    func player(_ me: Int) -> KernelThread {
        KernelThread("ping") {
            for _ in 0..<rounds {
                pthread_mutex_lock(table.mutex)
                while table.turn != me { pthread_cond_wait(table.cond, table.mutex) }
                table.turn = 1 - me
                pthread_cond_signal(table.cond)
                pthread_mutex_unlock(table.mutex)
            }
        }
    }
    let start = Monitor.now()
    let a = player(0), b = player(1)
    _ = a.join(timeout: 60); _ = b.join(timeout: 60)
    return Double(rounds) / (Double(Monitor.now() - start) / 1e9)
}

/// ThreadSanitizer slows every memory access by an order of magnitude; rates mean nothing then.
let runningUnderThreadSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil

@Suite("Throughput", .serialized)
struct ThroughputTests {
    @Test("One requester's 1 KiB reads: requests per second against a thread round trip")
    func readRate() {
        let rig = Rig(configure: { $0.traceEnabled = false })
        let count = 4000
        let b = rig.buffer(block: 0)
        _ = rig.read(block: 0)   // warm up
        let elapsed = Box<UInt64>(0)
        let outcome = rig.run(timeout: 120) { [disk = rig.disk] in
            let start = Monitor.now()
            for i in 0..<count {
                b.blockno = UInt32(i % 2000)
                disk.rw(b, write: false)
            }
            elapsed.value = Monitor.now() - start
        }
        #expect(outcome == .finished)
        let rate = Double(count) / (Double(elapsed.value) / 1e9)
        let yardstick = pingPongRate(rounds: 20_000)
        print("driver: \(Int(rate)) requests/s; thread round trip: \(Int(yardstick))/s; ratio \(rate / yardstick)")
        // The target is 0.6 of a round trip at the ~21,000/s this machine class measures under load;
        // the in-process yardstick is often much faster on an idle host, so the floor takes the
        // smaller of the two. This is a smoke test run in parallel with the rest of the suite in a
        // debug build, so the floor is a quarter of the target; the benchmark (chapter 92)
        // measures the real figure.
        let floor = 0.15 * min(yardstick, 21_000)
        if !runningUnderThreadSanitizer {
            #expect(rate > floor, "far below a thread round trip: \(Int(rate))/s vs \(Int(yardstick))/s")
        }
    }
}
