import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One virtual card "on the reader": a TCP connection to vpcd that answers its requests.
///
/// vpcd (inside pcscd) listens; the card connects. Each message is a 2-byte big-endian length and a
/// payload. A 1-byte payload is a control code (0 power off, 1 power on, 2 reset, 4 get ATR: answered
/// with the ATR); a longer one is a command APDU, answered with the response APDU. Closing the
/// connection is how vpcd sees the card lifted off.
final class VPCDConnection: @unchecked Sendable {
    enum ControlCode: UInt8 { case powerOff = 0, powerOn = 1, reset = 2, getATR = 4 }

    /// Longest payload we accept: an extended APDU is at most 65 535 + a few bytes, which the 2-byte length caps anyway.
    static let maximumPayload = 0xFFFF
    /// How long to keep retrying while vpcd's port is not listening yet (pcscd starting up).
    static let connectRetryMilliseconds = 5_000
    static let connectRetryStepMilliseconds = 50

    let card: VirtualCard
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false
    private let ended = DispatchSemaphore(value: 0)

    enum Failure: Error, CustomStringConvertible {
        case badAddress(String)
        case connect(host: String, port: Int, errno: Int32)
        var description: String {
            switch self {
            case .badAddress(let host): "not an IPv4 address: \(host)"
            case .connect(let host, let port, let code): "cannot connect to vpcd at \(host):\(port): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Connects to vpcd ("puts the card on") and starts answering on a background thread.
    init(card: VirtualCard, host: String, port: Int) throws {
        self.card = card
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw Failure.badAddress(host) }
        let deadline = Date().addingTimeInterval(Double(Self.connectRetryMilliseconds) / 1000)
        var socketFD: Int32 = -1
        while true {
            socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if rc == 0 { break }
            let code = errno
            close(socketFD)
            if Date() > deadline { throw Failure.connect(host: host, port: port, errno: code) }
            usleep(useconds_t(Self.connectRetryStepMilliseconds * 1000))
        }
        var one: Int32 = 1
        setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = socketFD
        let thread = Thread { [self] in
            serve()
            ended.signal()
        }
        thread.name = "vpcd-card"
        thread.start()
    }

    /// "Lifts the card": closes the connection; vpcd reports the card removed at its next poll.
    func lift() {
        let shouldClose = lock.withLock {
            if closed { return false }
            closed = true
            return true
        }
        guard shouldClose else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        ended.wait()
        close(fd)
    }

    /// Whether vpcd closed the connection (pcscd stopped) or `lift()` was called; does not block.
    var hasEnded: Bool {
        guard ended.wait(timeout: .now()) == .success else { return false }
        ended.signal()
        return true
    }

    /// Set `PASJES_VCARD_TIMESTAMPS=1` to print `uid-answered <ns>` after each UID answer.
    static let printTimestamps = ProcessInfo.processInfo.environment["PASJES_VCARD_TIMESTAMPS"] == "1"

    private func serve() {
        while let payload = readMessage() {
            if payload.count == 1 {
                switch ControlCode(rawValue: payload[0]) {
                case .getATR: guard writeMessage(card.atr) else { return }
                case .powerOff, .powerOn, .reset, .none: break  // no answer expected
                }
            } else {
                guard writeMessage(card.respond(to: payload)) else { return }
                // For the tap-latency benchmark: when the UID left the card, on the wall clock.
                if Self.printTimestamps && payload.starts(with: [0xFF, 0xCA, 0x00, 0x00]) {
                    var now = timespec()
                    clock_gettime(CLOCK_REALTIME, &now)
                    say("uid-answered \(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))")
                }
            }
        }
    }

    private func readMessage() -> [UInt8]? {
        // vpcd writes a message's length and its body in two sends without TCP_NODELAY: Nagle holds
        // the body until we acknowledge the length, and a delayed ACK would cost 40 ms per APDU
        // (a real reader has no such stall). Quick ACKs are not sticky: asked for before every read.
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, &one, socklen_t(MemoryLayout<Int32>.size))
        guard let header = readExactly(2) else { return nil }
        let length = Int(header[0]) << 8 | Int(header[1])
        guard length > 0, length <= Self.maximumPayload else { return nil }
        return readExactly(length)
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, count - filled) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            filled += n
        }
        return buffer
    }

    private func writeMessage(_ payload: [UInt8]) -> Bool {
        let message = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        var sent = 0
        while sent < message.count {
            let n = message.withUnsafeBytes { send(fd, $0.baseAddress! + sent, message.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }
}
