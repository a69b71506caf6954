#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call, with the `errno` it left. Thrown by ``SystemdNotifier/notify(_:)``.
public struct SystemdError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `"sendto"`.
    public let call: String
    /// The `errno` value the call left (0 when the failure is not an errno, e.g. an address too long).
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        errno == 0 ? "\(call) failed" : "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Reads one environment variable straight from the process environment (`getenv`), so the value
/// always reflects the latest `setenv`/`unsetenv`, unlike a snapshot.
func environmentValue(_ name: String) -> String? {
    guard let raw = getenv(name) else { return nil }
    return String(cString: raw)
}

/// Parses a decimal process id the way systemd's `parse_pid` does: digits only, > 0.
func parsePID(_ text: String) -> pid_t? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
          let value = pid_t(text), value > 0
    else { return nil }
    return value
}

/// Parses an unsigned decimal number: digits only, no sign, no spaces.
func parseUnsigned(_ text: String) -> UInt64? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
        return nil
    }
    return UInt64(text)
}
