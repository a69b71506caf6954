import Foundation
import GRDB

/// What the daily check of the live ledger file found (`integrity_check` and the whole journal
/// verify), and how long it took.
public struct LiveCheck: Sendable {
    /// Each problem as one line (`integrity: …`, `row_changed: …`); empty when the file is sound.
    public var problems: [String]
    /// The journal's head the check read: the snapshot it looked at.
    public var seal: JournalSeal?
    /// How long the check took, on the monotonic clock.
    public var milliseconds: Int64
    public var isClean: Bool { problems.isEmpty }
}

extension Ledger {
    /// The most problems a live check names: enough to act on, bounded for the log and the answer.
    static let maxLiveProblems = 10

    /// Runs `integrity_check` and the whole journal verify on the live file, through a connection
    /// of its own opened read-only: one read snapshot, so the counters keep booking meanwhile
    /// (a WAL reader never blocks the writer). Damage inside a record (a changed byte in a sale),
    /// which `quick_check` at start cannot see, is found here.
    ///
    /// Never throws: a file SQLite cannot read, or a value the verify cannot decode, is itself
    /// a finding.
    public func checkLiveFile() -> LiveCheck {
        let started = ContinuousClock.now
        var problems: [String] = []
        var seal: JournalSeal?
        do {
            let report = try Ledger.verifyReadOnly(path: path)
            problems = report.problems.prefix(Ledger.maxLiveProblems).map { "\($0.kind): \($0.message)" }
            if report.problems.count > Ledger.maxLiveProblems {
                problems.append("… \(report.problems.count - Ledger.maxLiveProblems) more")
            }
            seal = report.seal
        } catch let error as DatabaseError {
            problems = ["sqlite: \(error.resultCode): \(error.message ?? "")"]
        } catch {
            // The verify stopped at a value it cannot read: that value is the finding.
            let stopped = LedgerError.wrapping(error)
            problems = ["unreadable: \(stopped.detail ?? stopped.code)"]
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return LiveCheck(problems: problems, seal: seal, milliseconds: milliseconds)
    }
}
