// What `book-diagrams` prints and `workbook render` draws: the rings at named moments of a
// scenario and a request's journey, as JSON. One definition for both sides of the pipe.

/// One entry of the descriptor table, as read from guest RAM.
public struct DescriptorEntry: Codable, Sendable {
    public var index: Int
    public var address: UInt64
    public var length: UInt32
    public var flags: UInt16
    public var next: UInt16

    public init(index: Int, address: UInt64, length: UInt32, flags: UInt16, next: UInt16) {
        self.index = index
        self.address = address
        self.length = length
        self.flags = flags
        self.next = next
    }
}

/// One element of the used ring.
public struct UsedEntry: Codable, Sendable {
    public var id: UInt32
    public var length: UInt32

    public init(id: UInt32, length: UInt32) {
        self.id = id
        self.length = length
    }
}

/// The three parts of the queue at one moment, read at the addresses the device was given.
public struct RingState: Codable, Sendable {
    public var size = 0
    public var ready = false
    public var descriptorTable: UInt64 = 0
    public var availableRing: UInt64 = 0
    public var usedRing: UInt64 = 0
    public var descriptors: [DescriptorEntry] = []
    public var availableFlags: UInt16 = 0
    public var availableIndex: UInt16 = 0
    public var available: [UInt16] = []
    public var usedFlags: UInt16 = 0
    public var usedIndex: UInt16 = 0
    public var used: [UsedEntry] = []
    /// The device's own indices: how far it read the available ring, and its `used.idx`.
    public var deviceLastAvailable: UInt16 = 0
    public var deviceUsedIndex: UInt16 = 0
    /// Heads the device has taken and not completed.
    public var inFlight: [UInt16] = []
    /// Each chain the available ring names, as descriptor indices following NEXT.
    public var chains: [[Int]] = []

    public init() {}
}

/// One step of a request's journey: which actor (`process`, `driver`, `device`, `interrupt`)
/// did what, and when (µs since the machine started).
public struct JourneyStep: Codable, Sendable {
    public var lane: String
    public var time: Double
    public var text: String

    public init(lane: String, time: Double, text: String) {
        self.lane = lane
        self.time = time
        self.text = text
    }
}

/// What one scenario showed: its moments by name, and the journey when it has one.
public struct ScenarioResult: Codable, Sendable {
    public var moments: [String: RingState]
    public var journey: [JourneyStep]?

    public init(moments: [String: RingState], journey: [JourneyStep]?) {
        self.moments = moments
        self.journey = journey
    }
}
