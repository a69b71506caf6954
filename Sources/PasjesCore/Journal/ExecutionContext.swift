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
    /// The command's canonical JSON as its entry holds it, when it is an entry applied again:
    /// a part of it serves instead of encoding that part again (`SaleCharge.requestJSON(in:)`).
    var journaledCommand: String?
    /// The canonical JSON of the command's request, once the command wrote it for its
    /// idempotency key's hash: its journal entry is written around it
    /// (`LedgerCommand.canonicalJSON(aroundRequest:)`), instead of encoding it a second time.
    var requestJSON: String?

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
        return UUIDv7.make(at: date, randomBytes: IDStream.randomBytes(origin: origin, originSeq: originSeq, n: idsMade))
    }
}

/// The bits of a command's ids: a byte stream from SHA-256 of "origin|sequence|n", then of each
/// digest in turn.
///
/// The ids of every journal ever written depend on exactly this stream, as it was first read:
/// a generic `RandomNumberGenerator` gave `UUIDv7.make(at:using:)` one big-endian `UInt64` of
/// eight stream bytes per random byte, of which it kept the low one, so an id holds stream bytes
/// 7, 15, …, 79 (three digests). Those ten are taken here straight from the digests; what cost
/// was the rest (the seed string, an array per digest, a generic call and eight shifts per
/// byte). `CommandIDTests` hold it to the stream as first written and to ids of earlier journals.
private enum IDStream {
    /// The ten random bytes of the `n`-th id of command `originSeq` of `origin`.
    static func randomBytes(origin: String, originSeq: Int64, n: UInt32) -> [UInt8] {
        var seed = HashInput(capacity: origin.utf8.count + 32)
        seed.append(origin)
        seed.append(byte: UInt8(ascii: "|"))
        if originSeq >= 0 { seed.append(decimal: Int(originSeq)) } else { seed.append(String(originSeq)) }
        seed.append(byte: UInt8(ascii: "|"))
        seed.append(decimal: Int(n))
        var random = [UInt8]()
        random.reserveCapacity(UUIDv7.randomByteCount)
        // Stream bytes 7, 15, 23, 31 of the first digest, 39 … 63 of the second, 71 and 79 of the third.
        let first = seed.sha256()
        first.withUnsafeBytes { for index in stride(from: 7, to: 32, by: 8) { random.append($0[index]) } }
        let second = first.withUnsafeBytes { SHA256.hash(data: $0) }
        second.withUnsafeBytes { for index in stride(from: 7, to: 32, by: 8) { random.append($0[index]) } }
        let third = second.withUnsafeBytes { SHA256.hash(data: $0) }
        third.withUnsafeBytes { for index in stride(from: 7, to: 16, by: 8) { random.append($0[index]) } }
        assert(random.count == UUIDv7.randomByteCount)
        return random
    }
}
