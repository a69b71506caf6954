#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The one way the CLI writes files: into a folder that only we may change, each file through a
/// new temporary file (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0640) renamed into place.
///
/// A symlink planted under a file's name is replaced, never followed (`--out` once overwrote a
/// root-owned 0600 file through one), and statements and exports hold names, contacts and
/// purchases: not for everyone to read.
struct OutputFolder {
    /// Owner reads and writes, the group (the administrators) reads, others nothing.
    static let fileMode: mode_t = 0o640
    let url: URL

    /// The folder at `path`; refused when it is missing or when others may write in it (unless
    /// it is sticky and ours, as a private `/tmp`-like folder): they could swap a file after we
    /// wrote it, before the PDF step reads it.
    init(_ path: String) throws {
        url = URL(fileURLWithPath: path)
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CLIFailure(.usage, "Kan niet schrijven in \(path): dat is geen bestaande map.")
        }
        let othersWrite = info.st_mode & S_IWOTH != 0
        let stickyAndOurs = info.st_mode & S_ISVTX != 0 && info.st_uid == geteuid()
        if othersWrite && !stickyAndOurs {
            throw CLIFailure(.usage, "Kan niet schrijven in \(path): de map is beschrijfbaar voor anderen. "
                                 + "Kies een eigen map, of maak hem alleen voor u beschrijfbaar (chmod o-w).")
        }
    }

    /// Writes `bytes` as the file `name` in the folder, replacing what was there.
    @discardableResult
    func write(_ bytes: [UInt8], as name: String) throws -> URL {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw CLIFailure(.refused, "Onverwachte bestandsnaam van pasjesd: '\(name)'.")
        }
        let target = url.appendingPathComponent(name)
        let temporary = url.appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, Self.fileMode)
        guard fd >= 0 else { throw Self.failure(target, errno) }
        // The mode exactly, whatever the umask.
        var failed = fchmod(fd, Self.fileMode) == 0 ? 0 : errno
        var offset = 0
        while failed == 0 && offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno != EINTR { failed = errno }
            } else {
                offset += written
            }
        }
        if failed == 0 && fsync(fd) != 0 { failed = errno }
        close(fd)
        if failed == 0 && rename(temporary.path, target.path) != 0 { failed = errno }
        guard failed == 0 else {
            unlink(temporary.path)
            throw Self.failure(target, failed)
        }
        return target
    }

    /// Moves `file`, made in `staging()` by a helper that writes by name, into place as `name`.
    @discardableResult
    func publish(_ file: URL, as name: String) throws -> URL {
        let target = url.appendingPathComponent(name)
        guard chmod(file.path, Self.fileMode) == 0, rename(file.path, target.path) == 0 else {
            throw Self.failure(target, errno)
        }
        return target
    }

    /// A new private folder (0700) in this one, for a helper that writes files by name
    /// (WeasyPrint): nobody else can plant anything in it. The caller removes it.
    func staging() throws -> URL {
        var template = Array(url.appendingPathComponent(".pasjes-XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else { throw Self.failure(url, errno) }
        return URL(fileURLWithPath: String(cString: made))
    }

    private static func failure(_ file: URL, _ code: Int32) -> CLIFailure {
        CLIFailure(.usage, "Kan \(file.path) niet schrijven: \(SystemErrorText.dutch(code)).")
    }
}
