import Foundation
import PasjesTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on loopback between a node and PostgreSQL, whose line a test can stall (every
/// connection accepted and never answered: a central that hangs) or cut (every connection
/// closed, new ones refused: a central that is gone), and restore.
final class TCPProxy: @unchecked Sendable {
    enum Mode: Int { case pass = 0, stall = 1, cut = 2 }

    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let mode = Atomic<Int>(Mode.pass.rawValue)
    private let closed = Atomic<Bool>(false)
    /// Sockets of live connections (both ends), shut down on `cut` and `stop`.
    private let open = Mutex<Set<Int32>>([])
    /// Sockets of connections that end when either end next sends (`dropOnNextRequest`).
    private let doomed = Mutex<Set<Int32>>([])

    /// A free TCP port on loopback (bound and released: the kernel hands out a fresh one).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestError("bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Listens on a free loopback port and forwards to `upstreamPort` on loopback.
    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw TestError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// Forwards again (connections stalled meanwhile carry on, if their ends are still there).
    func pass() { mode.store(Mode.pass.rawValue, ordering: .releasing) }
    /// Accepts and never answers: nothing is forwarded in either direction.
    func stall() { mode.store(Mode.stall.rawValue, ordering: .releasing) }
    /// Closes every connection and every new one at once.
    func cut() {
        mode.store(Mode.cut.rawValue, ordering: .releasing)
        closeAll()
    }

    /// The connections open now end when next used, the bytes unforwarded (a server process
    /// that went away while the connection sat idle: its client's next request ends it); new
    /// ones pass.
    func dropOnNextRequest() {
        // Marked while `open` is held, for the same reason as in `closeAll` (the lock order is
        // `open`, then `doomed`; a pump never holds both).
        open.withLock { current in doomed.withLock { $0.formUnion(current) } }
    }

    func stop() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Shut down, not closed: the accept loop closes it when it wakes (see `Link`).
        shutdown(listener, Int32(SHUT_RDWR))
        closeAll()
    }

    /// Ends every connection. Its sockets are shut down, which wakes both its pumps; the pumps
    /// close them (see `Link`).
    private func closeAll() {
        // Under the lock: a pump takes its sockets out of `open` before it closes them, so none
        // shut down here can be a number already closed and handed to another socket.
        open.withLock { set in
            for fd in set { shutdown(fd, Int32(SHUT_RDWR)) }
            set.removeAll()
        }
    }

    /// The two sockets of one connection, closed by the second of its two pumps to end.
    ///
    /// Why not at once: a closed descriptor's number is handed to the next socket this process
    /// opens (a test's PostgreSQL client, an in-process daemon), and a pump still polling the old
    /// number then reads that socket's bytes: NIO's event loop found it readable and empty, and
    /// its debug build stopped the whole test run on an assertion. A socket shut down keeps its
    /// number until closed, and wakes whoever polls it.
    private final class Link: Sendable {
        let client: Int32
        let upstream: Int32
        private let pumpsLeft = Atomic<Int>(2)

        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }

        /// One pump is done: the second closes both sockets.
        func pumpEnded() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(upstream, Int32(SHUT_RDWR))
            if pumpsLeft.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                close(client)
                close(upstream)
            }
        }
    }

    private var currentMode: Mode { Mode(rawValue: mode.load(ordering: .acquiring)) ?? .pass }

    private func acceptLoop() {
        defer { close(listener) }
        while !closed.load(ordering: .acquiring) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if closed.load(ordering: .acquiring) { return }
                continue
            }
            if currentMode == .cut { close(client); continue }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(upstreamPort).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(client); close(upstream); continue }
            open.withLock { $0.formUnion([client, upstream]) }
            let link = Link(client: client, upstream: upstream)
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, link: link) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, link: link) }
        }
    }

    /// Copies bytes one way until either end closes; holds them while stalled.
    private func pump(from source: Int32, to target: Int32, link: Link) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        defer {
            open.withLock { $0.remove(source); $0.remove(target) }
            doomed.withLock { $0.remove(source); $0.remove(target) }
            link.pumpEnded()
        }
        while !closed.load(ordering: .acquiring) {
            switch currentMode {
            case .cut: return
            case .stall:
                usleep(20_000)
                continue
            case .pass: break
            }
            var poller = pollfd(fd: source, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready < 0 { return }
            if ready == 0 { continue }
            // Stalled between poll and read: leave the bytes where they are.
            guard currentMode == .pass else { continue }
            let count = read(source, &buffer, buffer.count)
            if count <= 0 { return }
            if doomed.withLock({ $0.contains(source) }) { return }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { write(target, $0.baseAddress! + sent, count - sent) }
                if written <= 0 { return }
                sent += written
            }
        }
    }
}
