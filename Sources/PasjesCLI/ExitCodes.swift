#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PasjesModel
import PasjesProtocol

/// The exit statuses of `pasjes`: scripts branch on them.
public enum ExitStatus: Int32, Sendable {
    /// Done.
    case ok = 0
    /// The daemon (or the import check) refused; the reason is on stderr.
    case refused = 1
    /// The command line was wrong.
    case usage = 2
    /// pasjesd could not be reached.
    case unreachable = 3
}

/// A failure with the status to exit with and the Dutch text for stderr.
public struct CLIFailure: Error, Equatable, Sendable {
    /// The exit status.
    public var status: ExitStatus
    /// What to print on stderr (may span lines).
    public var message: String

    /// Makes a failure.
    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A command-line mistake found after parsing (a bad amount, a bad month).
    public static func usage(_ message: String) -> CLIFailure { CLIFailure(.usage, message) }

    /// pasjesd cannot be reached at `socketPath`, or (`lineTooLong`) it answered with a line
    /// longer than the protocol allows.
    public static func unreachable(_ socketPath: String, _ error: ConnectionError) -> CLIFailure {
        if error.lineTooLong { return replyTooLong }
        return CLIFailure(.unreachable, "pasjesd is niet bereikbaar op \(socketPath): \(SystemErrorText.dutch(error))")
    }
}

extension CLIFailure {
    /// An answer longer than one protocol line: pasjesd was reached, it said too much at once.
    static let replyTooLong = CLIFailure(.refused, "\(Reason.replyTooLarge.message) (meer dan \(ProtocolLimits.maxLineBytes) "
        + "bytes op één regel; zijn pasjes en pasjesd van dezelfde versie?)")
}

/// Turns any error a command throws into an exit status and a message.
public enum ExitCodes {
    /// The status and stderr text for `error`; nil text means argument-parser prints it itself.
    public static func outcome(for error: any Error) -> (status: Int32, message: String?) {
        switch error {
        case let failure as CLIFailure where failure.status == .usage:
            return (failure.status.rawValue, failure.message.hasPrefix("Fout: ") ? failure.message : "Fout: \(failure.message)")
        case let failure as CLIFailure:
            return (failure.status.rawValue, failure.message)
        case let refusal as RPCError:
            return (ExitStatus.refused.rawValue, refusalText(refusal))
        case let connection as ConnectionError where connection.lineTooLong:
            return (ExitStatus.refused.rawValue, CLIFailure.replyTooLong.message)
        case let connection as ConnectionError:
            return (ExitStatus.unreachable.rawValue, "pasjesd is niet bereikbaar: \(SystemErrorText.dutch(connection))")
        case is DecodingError:
            return (ExitStatus.refused.rawValue, "Onverwacht antwoord van pasjesd: \(error)")
        default:
            let code = PasjesCommand.exitCode(for: error).rawValue
            // argument-parser says 64 (EX_USAGE) for usage mistakes; pasjes promises 2.
            if code == 64 {
                return (ExitStatus.usage.rawValue, ArgumentParserDutch.translate(PasjesCommand.fullMessage(for: error)))
            }
            return (code, nil)
        }
    }

    /// `Geweigerd: <Dutch message> (<reason>)`, plus the detail in Dutch on its own line when there is one.
    public static func refusalText(_ refusal: RPCError) -> String {
        RefusalText.text(refusal)
    }
}
