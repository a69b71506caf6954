import Foundation
import PasjesTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A short temporary folder under /tmp (Unix socket paths must fit in 108 bytes), removed by `remove()`.
struct TempDir {
    let path: String

    init() throws {
        var template = Array("/tmp/pjsd.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        path = String(cString: made)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

enum Sock {
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let datagram = Int32(SOCK_DGRAM.rawValue)

    /// A sockaddr_un for a path, or for an abstract name when `abstract` (leading NUL).
    static func address(_ name: String, abstract: Bool = false) -> (sockaddr_un, socklen_t) {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let bytes = abstract ? [0] + Array(name.utf8) : Array(name.utf8) + [0]
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        return (storage, socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count))
    }

    static func bind(_ fd: Int32, _ name: String, abstract: Bool = false) throws {
        var (storage, length) = address(name, abstract: abstract)
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        guard rc == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    static func connect(_ fd: Int32, _ name: String) throws {
        var (storage, length) = address(name)
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        guard rc == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// A datagram socket bound to `name`, with a receive timeout so a missing message fails the test.
    static func datagramReceiver(_ name: String, abstract: Bool = false) throws -> Int32 {
        let fd = socket(AF_UNIX, datagram, 0)
        try bind(fd, name, abstract: abstract)
        setTimeout(fd, seconds: 5)
        return fd
    }

    static func setTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// One datagram (or one read), as text; nil on timeout or error.
    static func receive(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    /// Reads until end of file.
    static func readAll(_ fd: Int32) -> String {
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Runs a program to its end and returns its exit status, stdout and stderr.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try Shell.runSeparately([executable] + arguments)
}

/// The first of `candidates` that is an executable file.
func findExecutable(_ candidates: [String]) -> String? {
    candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The repository root: the folder above this file holding Package.swift.
func repositoryRoot(file: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: file)
    while url.pathComponents.count > 1 {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    fatalError("no Package.swift above \(file)")
}

/// CI=true: tools the tests need must be installed (scripts/setup), so missing ones fail, not skip.
let runningInCI = ProcessInfo.processInfo.environment["CI"] == "true"
