#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Socket activation as sd_listen_fds(3) describes it: systemd (or `systemd-socket-activate`)
/// passes already-listening sockets as fds 3, 4, … and sets `LISTEN_PID` to the receiving
/// process's pid and `LISTEN_FDS` to their count (`LISTEN_FDNAMES` optionally names them).
public enum SocketActivation {
    /// `SD_LISTEN_FDS_START`: the first passed descriptor.
    public static let firstDescriptor: Int32 = 3

    /// The most descriptors we accept. pasjesd.socket passes one; a larger `LISTEN_FDS` means a
    /// broken or hostile environment, and is refused rather than trusted.
    public static let maximumDescriptors = 16

    /// The passed descriptors (`3..<3+n`), or `[]` when none were passed to this process.
    ///
    /// Like `sd_listen_fds(1)`: only when `LISTEN_PID` equals `getpid()` (otherwise the variables
    /// were inherited from a parent and are not ours); sets `FD_CLOEXEC` on each descriptor so
    /// children we spawn do not inherit the listening socket; and always unsets `LISTEN_PID`,
    /// `LISTEN_FDS` and `LISTEN_FDNAMES` so children do not see them either. Call it once, early,
    /// before other threads read or write the environment.
    public static func listenFileDescriptors() -> [Int32] {
        let pid = environmentValue("LISTEN_PID")
        let count = environmentValue("LISTEN_FDS")
        unsetenv("LISTEN_PID")
        unsetenv("LISTEN_FDS")
        unsetenv("LISTEN_FDNAMES")
        return takeDescriptors(listenPID: pid, listenFDs: count, currentPID: getpid(), first: firstDescriptor)
    }

    /// How many descriptors the variables announce for `currentPID`: 0 when they are absent,
    /// malformed, for another process, or more than ``maximumDescriptors``.
    static func descriptorCount(listenPID: String?, listenFDs: String?, currentPID: pid_t) -> Int {
        guard let listenPID, let owner = parsePID(listenPID), owner == currentPID else { return 0 }
        guard let listenFDs, let n = parseUnsigned(listenFDs), n > 0, n <= UInt64(maximumDescriptors) else { return 0 }
        return Int(n)
    }

    /// Validates the announced descriptors and marks them close-on-exec. `first` is 3 except in
    /// tests. If any announced descriptor is not open, returns `[]`: a half-valid set would shift
    /// the order the socket unit defines, and the caller then fails loudly instead of serving on
    /// the wrong socket.
    static func takeDescriptors(listenPID: String?, listenFDs: String?, currentPID: pid_t, first: Int32) -> [Int32] {
        let n = descriptorCount(listenPID: listenPID, listenFDs: listenFDs, currentPID: currentPID)
        guard n > 0 else { return [] }
        let fds = (0..<Int32(n)).map { first + $0 }
        for fd in fds {
            let flags = fcntl(fd, F_GETFD)
            guard flags >= 0 else { return [] }
            if flags & FD_CLOEXEC == 0, fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0 { return [] }
        }
        return fds
    }
}
