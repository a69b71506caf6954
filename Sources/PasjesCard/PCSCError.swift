import CPCSCLite

/// A failed pcsc-lite call: the raw `SCARD_*` return code and its stable name.
public struct PCSCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The return code as pcsc-lite defines it (32-bit pattern, e.g. 0x8010001D).
    public let code: UInt32
    /// The pcsc-lite name of the code, e.g. `SCARD_E_NO_SERVICE`; `SCARD_UNKNOWN_0x...` for codes we do not know.
    public var name: String { Self.names[code] ?? "SCARD_UNKNOWN_0x" + String(code, radix: 16, uppercase: true) }
    /// `name (0xCODE)`, what logs and `.serviceDown(reason:)` show.
    public var description: String { "\(name) (0x\(String(code, radix: 16, uppercase: true)))" }

    /// Wraps a raw code.
    public init(code: UInt32) { self.code = code }

    /// Wraps a pcsc-lite `LONG` return value (an `Int` on 64-bit Linux); the daemon's value is 32 bits wide, so truncating is exact.
    public init(returnValue: LONG) { self.code = UInt32(truncatingIfNeeded: returnValue) }

    /// Throws unless `returnValue` is `SCARD_S_SUCCESS`.
    static func check(_ returnValue: LONG) throws(PCSCError) {
        let code = UInt32(truncatingIfNeeded: returnValue)
        if code != successCode { throw PCSCError(code: code) }
    }

    static let successCode: UInt32 = 0

    /// Codes that mean "pcscd is gone or restarting": the monitor drops its context and reconnects with backoff.
    public var meansServiceDown: Bool {
        Self.serviceDownCodes.contains(self)
    }
    static let serviceDownCodes: Set<PCSCError> = [
        .noService, .serviceStopped, .commError, .invalidHandle, .internalError, .shutdown, .noMemory,
    ]

    /// `SCARD_F_INTERNAL_ERROR`
    public static let internalError = PCSCError(code: 0x8010_0001)
    /// `SCARD_E_CANCELLED`: `SCardCancel` woke a blocking call.
    public static let cancelled = PCSCError(code: 0x8010_0002)
    /// `SCARD_E_INVALID_HANDLE`
    public static let invalidHandle = PCSCError(code: 0x8010_0003)
    /// `SCARD_E_INVALID_PARAMETER`
    public static let invalidParameter = PCSCError(code: 0x8010_0004)
    /// `SCARD_E_NO_MEMORY`
    public static let noMemory = PCSCError(code: 0x8010_0006)
    /// `SCARD_E_INSUFFICIENT_BUFFER`
    public static let insufficientBuffer = PCSCError(code: 0x8010_0008)
    /// `SCARD_E_UNKNOWN_READER`: the reader went away between listing and use.
    public static let unknownReader = PCSCError(code: 0x8010_0009)
    /// `SCARD_E_TIMEOUT`: `SCardGetStatusChange` saw no change within its timeout.
    public static let timeout = PCSCError(code: 0x8010_000A)
    /// `SCARD_E_SHARING_VIOLATION`
    public static let sharingViolation = PCSCError(code: 0x8010_000B)
    /// `SCARD_E_NO_SMARTCARD`
    public static let noSmartcard = PCSCError(code: 0x8010_000C)
    /// `SCARD_E_PROTO_MISMATCH`
    public static let protocolMismatch = PCSCError(code: 0x8010_000F)
    /// `SCARD_E_NOT_READY`
    public static let notReady = PCSCError(code: 0x8010_0010)
    /// `SCARD_F_COMM_ERROR`: the socket to pcscd broke.
    public static let commError = PCSCError(code: 0x8010_0013)
    /// `SCARD_E_READER_UNAVAILABLE`
    public static let readerUnavailable = PCSCError(code: 0x8010_0017)
    /// `SCARD_P_SHUTDOWN`
    public static let shutdown = PCSCError(code: 0x8010_0018)
    /// `SCARD_E_NO_SERVICE`: pcscd is not running (or not at `PCSCLITE_CSOCK_NAME`).
    public static let noService = PCSCError(code: 0x8010_001D)
    /// `SCARD_E_SERVICE_STOPPED`: pcscd shut down under us.
    public static let serviceStopped = PCSCError(code: 0x8010_001E)
    /// `SCARD_E_UNSUPPORTED_FEATURE` (pcsc-lite gives it the same value as `SCARD_E_UNEXPECTED`).
    public static let unsupportedFeature = PCSCError(code: 0x8010_001F)
    /// `SCARD_E_NO_READERS_AVAILABLE`: pcscd runs but has no reader; not a failure for the monitor.
    public static let noReadersAvailable = PCSCError(code: 0x8010_002E)
    /// `SCARD_E_COMM_DATA_LOST`
    public static let commDataLost = PCSCError(code: 0x8010_002F)
    /// `SCARD_W_UNRESPONSIVE_CARD`
    public static let unresponsiveCard = PCSCError(code: 0x8010_0066)
    /// `SCARD_W_UNPOWERED_CARD`
    public static let unpoweredCard = PCSCError(code: 0x8010_0067)
    /// `SCARD_W_RESET_CARD`
    public static let resetCard = PCSCError(code: 0x8010_0068)
    /// `SCARD_W_REMOVED_CARD`: the card was pulled away mid-read.
    public static let removedCard = PCSCError(code: 0x8010_0069)

    // Every code pcsc-lite 1.9 defines in pcsclite.h, so logs never show a bare number.
    static let names: [UInt32: String] = [
        0x8010_0001: "SCARD_F_INTERNAL_ERROR",
        0x8010_0002: "SCARD_E_CANCELLED",
        0x8010_0003: "SCARD_E_INVALID_HANDLE",
        0x8010_0004: "SCARD_E_INVALID_PARAMETER",
        0x8010_0005: "SCARD_E_INVALID_TARGET",
        0x8010_0006: "SCARD_E_NO_MEMORY",
        0x8010_0007: "SCARD_F_WAITED_TOO_LONG",
        0x8010_0008: "SCARD_E_INSUFFICIENT_BUFFER",
        0x8010_0009: "SCARD_E_UNKNOWN_READER",
        0x8010_000A: "SCARD_E_TIMEOUT",
        0x8010_000B: "SCARD_E_SHARING_VIOLATION",
        0x8010_000C: "SCARD_E_NO_SMARTCARD",
        0x8010_000D: "SCARD_E_UNKNOWN_CARD",
        0x8010_000E: "SCARD_E_CANT_DISPOSE",
        0x8010_000F: "SCARD_E_PROTO_MISMATCH",
        0x8010_0010: "SCARD_E_NOT_READY",
        0x8010_0011: "SCARD_E_INVALID_VALUE",
        0x8010_0012: "SCARD_E_SYSTEM_CANCELLED",
        0x8010_0013: "SCARD_F_COMM_ERROR",
        0x8010_0014: "SCARD_F_UNKNOWN_ERROR",
        0x8010_0015: "SCARD_E_INVALID_ATR",
        0x8010_0016: "SCARD_E_NOT_TRANSACTED",
        0x8010_0017: "SCARD_E_READER_UNAVAILABLE",
        0x8010_0018: "SCARD_P_SHUTDOWN",
        0x8010_0019: "SCARD_E_PCI_TOO_SMALL",
        0x8010_001A: "SCARD_E_READER_UNSUPPORTED",
        0x8010_001B: "SCARD_E_DUPLICATE_READER",
        0x8010_001C: "SCARD_E_CARD_UNSUPPORTED",
        0x8010_001D: "SCARD_E_NO_SERVICE",
        0x8010_001E: "SCARD_E_SERVICE_STOPPED",
        0x8010_001F: "SCARD_E_UNSUPPORTED_FEATURE",
        0x8010_0020: "SCARD_E_ICC_INSTALLATION",
        0x8010_0021: "SCARD_E_ICC_CREATEORDER",
        0x8010_0023: "SCARD_E_DIR_NOT_FOUND",
        0x8010_0024: "SCARD_E_FILE_NOT_FOUND",
        0x8010_0025: "SCARD_E_NO_DIR",
        0x8010_0026: "SCARD_E_NO_FILE",
        0x8010_0027: "SCARD_E_NO_ACCESS",
        0x8010_0028: "SCARD_E_WRITE_TOO_MANY",
        0x8010_0029: "SCARD_E_BAD_SEEK",
        0x8010_002A: "SCARD_E_INVALID_CHV",
        0x8010_002B: "SCARD_E_UNKNOWN_RES_MNG",
        0x8010_002C: "SCARD_E_NO_SUCH_CERTIFICATE",
        0x8010_002D: "SCARD_E_CERTIFICATE_UNAVAILABLE",
        0x8010_002E: "SCARD_E_NO_READERS_AVAILABLE",
        0x8010_002F: "SCARD_E_COMM_DATA_LOST",
        0x8010_0030: "SCARD_E_NO_KEY_CONTAINER",
        0x8010_0031: "SCARD_E_SERVER_TOO_BUSY",
        0x8010_0065: "SCARD_W_UNSUPPORTED_CARD",
        0x8010_0066: "SCARD_W_UNRESPONSIVE_CARD",
        0x8010_0067: "SCARD_W_UNPOWERED_CARD",
        0x8010_0068: "SCARD_W_RESET_CARD",
        0x8010_0069: "SCARD_W_REMOVED_CARD",
        0x8010_006A: "SCARD_W_SECURITY_VIOLATION",
        0x8010_006B: "SCARD_W_WRONG_CHV",
        0x8010_006C: "SCARD_W_CHV_BLOCKED",
        0x8010_006D: "SCARD_W_EOF",
        0x8010_006E: "SCARD_W_CANCELLED_BY_USER",
        0x8010_006F: "SCARD_W_CARD_NOT_AUTHENTICATED",
    ]
}
