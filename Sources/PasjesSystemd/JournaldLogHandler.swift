#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A swift-log handler that writes one line per message to stderr, fit for journald.
///
/// When journald is attached to stderr (`$JOURNAL_STREAM` names stderr's device and inode, see
/// systemd.exec(5)), each line starts with the sd-daemon(3) priority prefix `<N>` and carries no
/// timestamp, because journald records both itself:
///
///     <6>pasjesd: charged amount=350 card=04A2…
///
/// Otherwise (a terminal, a file, a test) each line has a UTC timestamp and the level name:
///
///     2026-11-24T09:15:02Z info pasjesd: charged amount=350 card=04A2…
///
/// Metadata follows as `key=value`, sorted by key; values with spaces, quotes or `=` are quoted.
/// Newlines and other control characters inside the message or metadata are escaped (`\n`,
/// `\r`, `\t`, `\xNN`), so one message is always one line and a value cannot forge a log line.
/// Each line goes out in a single `write(2)`, so concurrent loggers do not interleave mid-line.
public struct JournaldLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    /// The logger's label, printed before the message.
    public let label: String

    let fileDescriptor: Int32
    /// True: `<N>` prefix, no timestamp. False: timestamp and level name.
    let journal: Bool
    let clock: @Sendable () -> Int

    /// A handler writing to stderr, in journal format when journald is attached to stderr.
    public init(label: String, level: Logger.Level = .info,
                metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.init(label: label, level: level, metadataProvider: metadataProvider,
                  fileDescriptor: STDERR_FILENO, journal: Self.isStderrConnectedToJournal())
    }

    /// For tests: any descriptor (a pipe), a chosen format and a fixed clock (seconds since 1970).
    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil,
         fileDescriptor: Int32, journal: Bool,
         clock: @escaping @Sendable () -> Int = { Int(time(nil)) }) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.fileDescriptor = fileDescriptor
        self.journal = journal
        self.clock = clock
    }

    /// Installs this handler for every `Logger` of the process (`LoggingSystem.bootstrap`, which
    /// may be called once) with `level`, and returns a logger labelled `label` for the caller.
    @discardableResult
    public static func bootstrap(label: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { loggerLabel in
            JournaldLogHandler(label: loggerLabel, level: level)
        }
        return Logger(label: label)
    }

    /// True when `$JOURNAL_STREAM` (`device:inode`) matches `fstat(2)` of stderr. Checking the inode
    /// and not only the variable's presence matters: a child whose stderr was redirected (to a
    /// file, a pipe, a terminal) still inherits the variable.
    public static func isStderrConnectedToJournal() -> Bool {
        isJournalStream(environmentValue("JOURNAL_STREAM"), fileDescriptor: STDERR_FILENO)
    }

    static func isJournalStream(_ value: String?, fileDescriptor: Int32) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = parseUnsigned(String(parts[0])),
              let inode = parseUnsigned(String(parts[1]))
        else { return false }
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        if let error = event.error, merged["error"] == nil {
            merged["error"] = .string(String(describing: error))
        }
        write(line: format(level: event.level, message: event.message.description, metadata: merged))
    }

    /// The complete line, newline included.
    func format(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        // A critical line that carries `alert` is journald's priority 1 (alert): swift-log stops
        // at critical, and damage found in the ledger is what an operator must act on at once.
        let alert = level == .critical && metadata[Self.alertKey] != nil
        var line = journal
            ? "<\(alert ? 1 : Self.priority(level))>"
            : "\(Self.timestamp(clock())) \(alert ? "alert" : level.rawValue) "
        line += Self.escape(label)
        line += ": "
        line += Self.escape(message)
        for key in metadata.keys.sorted() {
            line += " "
            line += Self.escape(key)
            line += "="
            line += Self.quote(Self.render(metadata[key]!))
        }
        line += "\n"
        return line
    }

    /// The metadata key that raises a critical line to priority 1 (alert), e.g. `alert=ledger_damaged`.
    public static let alertKey = "alert"

    /// sd-daemon(3) / syslog(3) priorities: 0 emerg … 7 debug. swift-log has no emerg or alert.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// `2026-11-24T09:15:02Z` for seconds since 1970, UTC, without Foundation's formatters.
    static func timestamp(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let values): "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.keys.sorted().map { "\($0):\(render(entries[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// Escapes control characters so the text stays on one line and cannot inject escape codes.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += hex.count == 1 ? "\\x0\(hex)" : "\\x\(hex)"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Quotes a metadata value when it would otherwise be ambiguous (empty, spaces, quotes, `=`).
    static func quote(_ value: String) -> String {
        let escaped = escape(value)
        let needsQuotes = escaped.isEmpty || escaped.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" })
        guard needsQuotes else { return escaped }
        return "\"" + escaped.replacingOccurrences("\\\"", for: "\"") + "\""
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
    }

    /// One `write(2)` per line (looping only if the kernel takes less, or on EINTR). Errors are
    /// dropped: there is nowhere left to report a failing stderr.
    private func write(line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc_write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

private extension String {
    func replacingOccurrences(_ replacement: String, for target: Character) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(fd, buffer, count)
    #elseif canImport(Musl)
    Musl.write(fd, buffer, count)
    #else
    Glibc.write(fd, buffer, count)
    #endif
}
