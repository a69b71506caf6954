import Crypto
import Foundation
import Testing
@testable import PasjesCore

/// The ids a command makes (`ExecutionContext.newID`) are part of every journal ever written: a
/// replay must make the very same ones, on any node, in any later version. The stream they come
/// from is therefore fixed, whatever the code that computes it.
@Suite struct CommandIDTests {
    /// The stream as first written: SHA-256 of "origin|sequence|n", then SHA-256 of each digest
    /// in turn, read eight bytes at a time as a big-endian `UInt64` by a generic
    /// `RandomNumberGenerator`, of which `UUIDv7.make(at:using:)` keeps the low byte.
    private struct ReferenceStream: RandomNumberGenerator {
        var bytes: [UInt8]
        var index = 0

        init(seed: String) { bytes = Array(SHA256.hash(data: Data(seed.utf8))) }

        mutating func next() -> UInt64 {
            var value: UInt64 = 0
            for _ in 0..<8 {
                if index == bytes.count {
                    bytes = Array(SHA256.hash(data: bytes))
                    index = 0
                }
                value = (value << 8) | UInt64(bytes[index])
                index += 1
            }
            return value
        }
    }

    /// Every id of a command equals the reference stream's, for origins and sequences of any
    /// length (also multi-byte UTF-8) and many ids per command.
    @Test func idsFollowTheReferenceStream() {
        let origins = ["", "a", "loca", "restaurant-noord", "n-\u{E9}\u{1F950}", String(repeating: "x", count: 100)]
        let sequences: [Int64] = [0, 1, 9, 10, 99, 12_345, Int64(Int32.max), Int64.max]
        for origin in origins {
            for sequence in sequences {
                var context = ExecutionContext(origin: origin, originSeq: sequence, seq: 1, timeMilliseconds: 1_764_000_000_123)
                for n in 1...12 {
                    var stream = ReferenceStream(seed: "\(origin)|\(sequence)|\(n)")
                    let expected = UUIDv7.make(at: context.date, using: &stream)
                    #expect(context.newID() == expected, "\(origin.debugDescription) #\(sequence) id \(n)")
                }
            }
        }
    }

    /// A few ids as the first ledgers journaled them (computed by the code of 2 December 2026):
    /// the reference above could drift with them, these cannot.
    @Test func idsAreThoseOfEarlierJournals() {
        var context = ExecutionContext(origin: "loca", originSeq: 42, seq: 7, timeMilliseconds: 1_764_000_000_123)
        #expect(context.newID() == Self.golden[0])
        #expect(context.newID() == Self.golden[1])
        var other = ExecutionContext(origin: "restaurant-noord", originSeq: 1, seq: 1, timeMilliseconds: 1_780_000_000_999)
        #expect(other.newID() == Self.golden[2])
    }

    private static let golden = [
        "019ab697-e87b-7ab1-ba66-6fdbdee2586d", "019ab697-e87b-7782-9fa2-7ff6f6bab72b", "019e7044-8be7-779a-8b1d-ff08636b3104",
    ]

    /// UUIDv7's layout: the time's 48 bits, version 7, variant 10, lower-case hex 8-4-4-4-12.
    @Test func idsAreWellFormedUUIDv7() {
        var context = ExecutionContext(origin: "loca", originSeq: 3, seq: 3, timeMilliseconds: 1_764_000_000_123)
        // As the id reads the time: the command's date, from its milliseconds, in milliseconds.
        let milliseconds = UInt64(context.date.timeIntervalSince1970 * 1000)
        for _ in 1...50 {
            let id = context.newID()
            let parts = id.split(separator: "-")
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(id)")
            #expect(parts[2].first == "7", "version 7: \(id)")
            #expect("89ab".contains(parts[3].first!), "variant 10: \(id)")
            #expect(UInt64(parts[0] + parts[1], radix: 16) == milliseconds, "the time: \(id)")
        }
    }
}
