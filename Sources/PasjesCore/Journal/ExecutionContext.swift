import Crypto
import Foundation
import PasjesMoney

/// Everything a command may take from outside itself while it books: the time, its place in
/// the journal and fresh identifiers. Fixed before the command runs and written to the journal,
/// so a replay of the entry books exactly the same rows (same times, same ids).
struct ExecutionContext: Sendable {
    /// The node that first executed the command.
    var origin: String
    /// The command's sequence number on its origin node (1, 2, …, no gaps).
    var originSeq: Int64
    /// The command's position in this ledger's journal.
    var seq: Int64
    /// Whole milliseconds since 1970: the journal keeps milliseconds, so the replay must too.
    var timeMilliseconds: Int64 {
        didSet { timeText = Ledger.timestamp(milliseconds: timeMilliseconds) }
    }
    /// The time as stored, formatted once: every row a command writes carries it.
    private(set) var timeText: String
    /// True when the command is an entry applied again (from the organisation's log, or a
    /// rebuild), not decided here now: a sale then never refuses (see `ChargeDecision.applied`).
    var replaying = false
    /// How many identifiers this command has made so far.
    private var idsMade: UInt32 = 0
    /// What the command's first statement read besides its place in the journal (see
    /// `CommandStart`); each part serves until what it describes may have changed.
    var start = CommandStart()

    init(origin: String, originSeq: Int64, seq: Int64, timeMilliseconds: Int64) {
        self.origin = origin
        self.originSeq = originSeq
        self.seq = seq
        self.timeMilliseconds = timeMilliseconds
        self.timeText = Ledger.timestamp(milliseconds: timeMilliseconds)
    }

    var date: Date { Date(timeIntervalSince1970: Double(timeMilliseconds) / 1000) }

    /// The next UUIDv7 of this command: its time, then bits from SHA-256(origin, sequence, n).
    ///
    /// Why not random: `verify` rebuilds every table from the journal and compares them byte for
    /// byte; random ids would differ on every rebuild. Origin and sequence are unique across
    /// nodes, so the ids still never clash when journals from many locations meet.
    mutating func newID() -> String {
        idsMade += 1
        var generator = DigestRandom(seed: "\(origin)|\(originSeq)|\(idsMade)")
        return UUIDv7.make(at: date, using: &generator)
    }
}

/// A byte stream from SHA-256 of a seed: deterministic "random" bits for `newID`.
///
/// `UUIDv7.make` takes one byte from each `next()` (the low byte of a big-endian UInt64 of the
/// stream), so an id reads stream bytes 7, 15, …, 79: three digests (the seed's, then a digest
/// of the digest, twice). The ids of every journal ever written depend on exactly this stream,
/// so it is kept as it is; what costs was the rest (an array per digest, eight shifts per byte):
/// the three digests are taken once, into one fixed buffer.
private struct DigestRandom: RandomNumberGenerator {
    private var bytes: [UInt8]
    private var index = 0

    init(seed: String) {
        var seedHasher = SHA256()
        seedHasher.update(text: seed)
        let first = seedHasher.finalize()
        let second = first.withUnsafeBytes { SHA256.hash(data: $0) }
        let third = second.withUnsafeBytes { SHA256.hash(data: $0) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(96)
        bytes.append(contentsOf: first)
        bytes.append(contentsOf: second)
        bytes.append(contentsOf: third)
        self.bytes = bytes
    }

    mutating func next() -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 {
            if index == bytes.count {
                // Past the 96 bytes an id needs: go on as the original stream did.
                bytes = Array(SHA256.hash(data: bytes.suffix(32)))
                index = 0
            }
            value = (value << 8) | UInt64(bytes[index])
            index += 1
        }
        return value
    }
}
