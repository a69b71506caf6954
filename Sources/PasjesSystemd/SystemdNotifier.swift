#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Talks to the service manager over `$NOTIFY_SOCKET`, as sd_notify(3) describes: each state change
/// is one datagram of newline-separated `VARIABLE=value` assignments, sent with `sendto(2)` on an
/// `AF_UNIX`/`SOCK_DGRAM` socket. Without libsystemd.
///
/// A value type holding only the address: every ``notify(_:)`` opens, sends and closes its own
/// socket, so the notifier can be shared between tasks and threads freely. Notifications are rare
/// (readiness, status, a watchdog ping every few seconds), so the extra `socket(2)` costs nothing.
///
/// With `NotifyAccess=main` (pasjesd.service) systemd accepts datagrams only from the main process:
/// send from the daemon itself, not from a helper child.
public struct SystemdNotifier: Sendable, Equatable {
    /// Where the datagrams go.
    public enum Address: Sendable, Equatable {
        /// A socket file, e.g. `/run/systemd/notify`.
        case path(String)
        /// A Linux abstract-namespace socket: `$NOTIFY_SOCKET` starts with `@`; the name here is
        /// without the `@` (on the wire the `@` becomes a leading NUL byte).
        case abstract(String)
    }

    public let address: Address

    /// Largest `sun_path` (108 bytes on Linux).
    static let maxPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    /// Parses a `$NOTIFY_SOCKET` value: an absolute path or `@name`. Anything else (empty, relative,
    /// `vsock:` addresses, too long for `sun_path`) gives nil, as sd_notify(3) ignores it too.
    public init?(socket: String) {
        if socket.hasPrefix("@") {
            let name = String(socket.dropFirst())
            // Leading NUL + name must fit; the abstract name is not NUL-terminated.
            guard !name.isEmpty, name.utf8.count + 1 <= Self.maxPathBytes else { return nil }
            address = .abstract(name)
        } else if socket.hasPrefix("/") {
            // Path + terminating NUL must fit.
            guard socket.utf8.count + 1 <= Self.maxPathBytes else { return nil }
            address = .path(socket)
        } else {
            return nil
        }
    }

    /// The notifier for `$NOTIFY_SOCKET`, or nil when the variable is unset or unusable (not started
    /// by systemd, or `Type=` is not `notify`): then the daemon simply skips notifications.
    /// The variable is left in place: the daemon notifies more than once (READY, WATCHDOG, STOPPING).
    public static func fromEnvironment() -> SystemdNotifier? {
        environmentValue("NOTIFY_SOCKET").flatMap { SystemdNotifier(socket: $0) }
    }

    /// Sends `state` (one or more `VARIABLE=value` lines) as a single datagram.
    public func notify(_ state: String) throws {
        let fd = socket(AF_UNIX, Self.datagramType, 0)
        guard fd >= 0 else { throw SystemdError(call: "socket", errno: errno) }
        defer { close(fd) }

        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let nameBytes: [UInt8]
        switch address {
        case .path(let path): nameBytes = Array(path.utf8) + [0]
        case .abstract(let name): nameBytes = [0] + Array(name.utf8)
        }
        guard nameBytes.count <= Self.maxPathBytes else { throw SystemdError(call: "sockaddr_un", errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: nameBytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + nameBytes.count)

        let payload = Array(state.utf8)
        let sent: Int = payload.withUnsafeBytes { buffer in
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    var result: Int
                    repeat {
                        result = sendto(fd, buffer.baseAddress, buffer.count, Self.noSignal, address, length)
                    } while result < 0 && errno == EINTR
                    return result
                }
            }
        }
        guard sent >= 0 else { throw SystemdError(call: "sendto", errno: errno) }
        // A datagram is all or nothing; a short count would mean a truncated message.
        guard sent == payload.count else { throw SystemdError(call: "sendto", errno: EMSGSIZE) }
    }

    /// `READY=1`: start-up finished (ledger open, socket listening). systemd then starts the
    /// units ordered after pasjesd and `systemctl start` returns.
    public func ready() throws { try notify("READY=1") }

    /// `STOPPING=1`: shutdown began; systemd shows "deactivating" instead of a failure.
    public func stopping() throws { try notify("STOPPING=1") }

    /// `WATCHDOG=1`: keep-alive ping; send at half of ``watchdogInterval()``.
    public func watchdog() throws { try notify("WATCHDOG=1") }

    /// `STATUS=…`: one line shown by `systemctl status`. Newlines would start a new assignment in
    /// the protocol, so they become spaces.
    public func status(_ text: String) throws {
        let line = String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        try notify("STATUS=\(line)")
    }

    /// The watchdog interval from `$WATCHDOG_USEC` (set by `WatchdogSec=`), or nil when the watchdog
    /// is off. When `$WATCHDOG_PID` is set it must equal our pid: otherwise the variables were
    /// inherited from a parent and the watchdog is not ours. Ping at half the interval.
    public static func watchdogInterval() -> Duration? {
        watchdogInterval(usec: environmentValue("WATCHDOG_USEC"),
                         pid: environmentValue("WATCHDOG_PID"),
                         currentPID: getpid())
    }

    /// The parsing behind ``watchdogInterval()``, separate so tests need not touch the environment.
    static func watchdogInterval(usec: String?, pid: String?, currentPID: pid_t) -> Duration? {
        if let pid {
            guard let owner = parsePID(pid), owner == currentPID else { return nil }
        }
        guard let usec, let value = parseUnsigned(usec), value > 0, let micro = Int64(exactly: value) else {
            return nil
        }
        return .microseconds(micro)
    }

    #if canImport(Darwin)
    static let datagramType = SOCK_DGRAM
    static let noSignal: Int32 = 0
    #else
    // CLOEXEC: the socket lives only during this call, but a concurrent fork+exec must not inherit it.
    static let datagramType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    // A datagram socket cannot raise SIGPIPE, but be explicit like libsystemd.
    static let noSignal = Int32(MSG_NOSIGNAL)
    #endif
}
