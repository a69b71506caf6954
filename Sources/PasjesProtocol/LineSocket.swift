#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why talking to pasjesd over its socket failed (not a refusal by the daemon).
public struct ConnectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed, in words (`connect`, `write`, ...).
    public var reason: String
    /// The `errno` of the failing call, or 0 when there is none.
    public var errnoCode: Int32
    /// pasjesd was reached and answered, but with a line longer than `ProtocolLimits.maxLineBytes`:
    /// not "unreachable", and the connection cannot be read any further.
    public var lineTooLong: Bool
    /// A failure with its reason and, when a system call failed, its `errno`.
    public init(_ reason: String, errno: Int32 = 0, lineTooLong: Bool = false) {
        self.reason = reason
        self.errnoCode = errno
        self.lineTooLong = lineTooLong
    }
    /// The reason, followed by the system's text for `errno` when there is one.
    public var description: String {
        errnoCode == 0 ? reason : "\(reason): \(String(cString: strerror(errnoCode)))"
    }
}

/// A blocking, newline-framed connection to a Unix stream socket.
///
/// Used by the command-line client and the cashier front end. Reads are bounded by
/// `ProtocolLimits.maxLineBytes` so a misbehaving peer cannot make us buffer without end.
public final class LineSocket: @unchecked Sendable {
    // One reader thread and one writer at a time: the fd itself is safe for that.
    private let fd: Int32
    private var buffer = [UInt8]()
    private let writeLock = NSLock()

    /// Connects to the socket at `path`.
    public init(path: String) throws(ConnectionError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw ConnectionError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_UNIX, socketType, 0)
        guard descriptor >= 0 else { throw ConnectionError("socket()", errno: errno) }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw ConnectionError("cannot connect to \(path)", errno: code)
        }
        fd = descriptor
    }

    deinit { close(fd) }

    /// Makes reads give up after `milliseconds` (0: wait forever).
    public func setReadTimeout(milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends one line; a newline is appended.
    public func writeLine(_ line: [UInt8]) throws(ConnectionError) {
        var bytes = line
        bytes.append(UInt8(ascii: "\n"))
        try write(bytes)
    }

    /// Sends bytes as they are (no newline added).
    public func write(_ bytes: [UInt8]) throws(ConnectionError) {
        writeLock.lock()
        defer { writeLock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ConnectionError("write to pasjesd failed", errno: errno)
            }
            offset += written
        }
    }

    /// Reads one line without its newline; nil at end of stream.
    public func readLine() throws(ConnectionError) -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            guard buffer.count <= ProtocolLimits.maxLineBytes else {
                throw ConnectionError("line from pasjesd longer than \(ProtocolLimits.maxLineBytes) bytes", lineTooLong: true)
            }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw ConnectionError("timed out waiting for pasjesd") }
                throw ConnectionError("read from pasjesd failed", errno: errno)
            }
            if count == 0 { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Shuts both directions down, waking a thread blocked in `readLine`.
    public func shutdownBoth() {
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }
}
