import Foundation

extension Ledger {
    /// The timestamp format of the ledger and the wire: UTC, milliseconds, `Z`.
    public static func wireTimestamp(_ date: Date) -> String { timestamp(date) }

    /// The moment of a timestamp in exactly the ledger's form; nil for anything else.
    public static func date(wireTimestamp text: String) -> Date? {
        milliseconds(timestamp: text).map { Date(timeIntervalSince1970: Double($0) / 1_000) }
    }

    static func timestamp(_ date: Date) -> String { timestamp(milliseconds: milliseconds(date)) }

    /// Whole milliseconds since 1970, rounded down: what a timestamp keeps of a date.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2026-11-24T09:15:02.123Z`. Hand-formatted with `gmtime_r`: Foundation's ISO 8601
    /// formatter costs more than the rest of a booking on Linux.
    static func timestamp(milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        // Before 1970 or after 9999 the 24 bytes below do not fit the time: it keeps the text it
        // always had, which `milliseconds(timestamp:)` refuses, as it always did.
        guard milliseconds >= 0, year <= 9999 else { return interpolated(parts, milliseconds: milliseconds) }
        // The 24 bytes written in place: interpolating padded numbers cost about 7,000
        // instructions, and every command formats its time.
        return String(unsafeUninitializedCapacity: 24) { bytes in
            func put(_ value: Int, width: Int, at offset: Int) {
                var rest = value
                for index in (offset..<offset + width).reversed() {
                    bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, at: 0)
            bytes[4] = UInt8(ascii: "-")
            put(Int(parts.tm_mon) + 1, width: 2, at: 5)
            bytes[7] = UInt8(ascii: "-")
            put(Int(parts.tm_mday), width: 2, at: 8)
            bytes[10] = UInt8(ascii: "T")
            put(Int(parts.tm_hour), width: 2, at: 11)
            bytes[13] = UInt8(ascii: ":")
            put(Int(parts.tm_min), width: 2, at: 14)
            bytes[16] = UInt8(ascii: ":")
            put(Int(parts.tm_sec), width: 2, at: 17)
            bytes[19] = UInt8(ascii: ".")
            put(Int(milliseconds % 1000), width: 3, at: 20)
            bytes[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// The form `timestamp` always wrote, kept for times before 1970 or after 9999.
    private static func interpolated(_ parts: tm, milliseconds: Int64) -> String {
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds % 1000), 3))Z"
    }

    /// The milliseconds of a timestamp in exactly the form `timestamp` writes; nil otherwise.
    static func milliseconds(timestamp text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millisecond = number(20..<23) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        guard seconds != -1 || text.hasPrefix("1969-12-31T23:59:59") else { return nil }
        let milliseconds = Int64(seconds) * 1000 + Int64(millisecond)
        // Round trip: a date such as 02-30 normalises to March and must not be accepted.
        return timestamp(milliseconds: milliseconds) == text ? milliseconds : nil
    }
}
