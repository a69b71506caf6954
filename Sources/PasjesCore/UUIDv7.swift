import Foundation
import PasjesMoney

/// Makes UUIDv7 identifiers (RFC 9562): 48 bits of Unix milliseconds, then random bits.
///
/// A transfer's identity is made where the sale happens, so transfers from many counters can
/// later be merged in one central store without clashes; the time prefix keeps them sortable.
public enum UUIDv7 {
    /// A new UUIDv7 string in lower-case canonical form.
    public static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: date, using: &generator)
    }

    /// A new UUIDv7 with the given random source (for reproducible tests).
    public static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> String {
        var random = [UInt8](repeating: 0, count: randomByteCount)
        for index in random.indices { random[index] = UInt8.random(in: 0...255, using: &generator) }
        return make(at: date, randomBytes: random)
    }

    /// The random bytes a UUIDv7 is made of (6 of its 16 bits are then the version and variant).
    static let randomByteCount = 10

    /// A UUIDv7 of `date` and the given `randomBytes` (`randomByteCount` of them).
    static func make(at date: Date, randomBytes random: [UInt8]) -> String {
        precondition(random.count == randomByteCount, "a UUIDv7 takes \(randomByteCount) random bytes")
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index))))
        }
        for index in 0..<randomByteCount { bytes[6 + index] = random[index] }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        // 8-4-4-4-12 hex digits, written straight into one buffer (a string per group cost
        // more than the id's digest).
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                buffer[position] = digits.utf8Start[Int(byte >> 4)]
                buffer[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}
