import Foundation
import GRDB
import PasjesModel

/// `ledger_inconsistent`: the data file holds what the ledger never writes (a NULL where a value
/// belongs, a missing account, a balance other than what was booked), e.g. after an edit behind
/// the daemon's back. The booking is refused and rolled back and the daemon stays up; the detail
/// names the table and key, so an operator knows where to look (`pasjes verify` names the rest).
extension LedgerError {
    /// The vocabulary's `ledger_inconsistent`, without a detail.
    public static let ledgerInconsistent = LedgerError(.ledgerInconsistent)

    /// What is wrong in Dutch for the screen (`what`), table and key for the log.
    static func inconsistent(_ what: String, table: String, key: String) -> LedgerError {
        LedgerError(code: Reason.ledgerInconsistent.code,
                    message: "De administratie klopt niet: \(what). Neem contact op met de beheerder; er is niets geboekt.",
                    detail: "table \(table), \(key)")
    }

    /// A value GRDB could not decode (NULL where a value belongs, a value of another type):
    /// GRDB's non-optional subscripts would trap on it, its throwing decoders end up here.
    static func inconsistent(_ error: RowDecodingError) -> LedgerError {
        var text = String(describing: error)
        // The row's values are left out: they may hold a resident's name, and the column, the
        // query and its arguments are what an operator needs to find the row.
        if let row = text.range(of: "row: ") {
            let end = text.range(of: "sql: `", range: row.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
            text.removeSubrange(row.lowerBound..<end)
        }
        let sql = text.range(of: "sql: `").map { String(text[$0.upperBound...]) } ?? ""
        let table = table(readBy: sql)
        return undecodable(table: table, detail: "table \(table ?? "?"): \(text.prefix(600))")
    }

    /// A stored value that does not decode (a NULL where a value belongs, a value of another
    /// type) in `table` (nil: not known); `detail` for the log.
    static func undecodable(table: String?, detail: String) -> LedgerError {
        let place = table.map { "in tabel \($0)" } ?? "in het grootboek"
        return LedgerError(code: Reason.ledgerInconsistent.code,
                           message: "De administratie klopt niet: een gegeven \(place) ontbreekt of is ongeldig. "
                               + "Neem contact op met de beheerder; er is niets geboekt.",
                           detail: detail)
    }

    /// The first table a query reads FROM, to name where a value was found.
    static func table(readBy sql: String) -> String? {
        sql.firstMatch(of: /(?i)\bFROM\s+([A-Za-z_]+)/).map { String($0.1) }
    }

    /// A stored JSON value (a kept result, a policy) that no longer decodes.
    static func inconsistent(_ error: DecodingError) -> LedgerError {
        let context: DecodingError.Context? = switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): c
        @unknown default: nil
        }
        let path = context?.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") ?? ""
        return LedgerError(code: Reason.ledgerInconsistent.code,
                           message: "De administratie klopt niet: een opgeslagen gegeven is niet meer te lezen. "
                               + "Neem contact op met de beheerder; er is niets geboekt.",
                           detail: "stored JSON at '\(path)': \(context?.debugDescription ?? "\(error)")")
    }

    /// Errors a read of the data file can raise that say the file is inconsistent, as
    /// `ledger_inconsistent`; nil for any other error.
    static func inconsistency(_ error: any Error) -> LedgerError? {
        switch error {
        case let decoding as RowDecodingError: inconsistent(decoding)
        case let decoding as DecodingError: inconsistent(decoding)
        default: nil
        }
    }
}

extension LedgerError {
    /// `ledger_damaged`: the backup run's check of the live file found damage. No copy is made:
    /// it would carry the damage and push a good copy out of the newest kept. The message names
    /// what was found and how to restore the newest copy; the detail holds every finding.
    public static func ledgerDamaged(database: String, problems: [String], newestBackup: String?) -> LedgerError {
        LedgerError(code: Reason.ledgerDamaged.code,
                    message: "Het grootboek \(database) is beschadigd (\(problems.first ?? "onbekend")). "
                        + "Er is geen nieuwe kopie gemaakt. " + Ledger.restoreAdvice(database: database, newestBackup: newestBackup),
                    detail: String(problems.joined(separator: " | ").prefix(2_000)))
    }
}

extension Ledger {
    /// What an operator does about a damaged ledger, in Dutch: the newest copy and the commands.
    public static func restoreAdvice(database: String, newestBackup: String?) -> String {
        guard let newestBackup else {
            return "Er staat geen reservekopie in de map voor kopieën: zet de nieuwste kopie van buiten deze computer terug "
                + "met pasjes-ledger restore KOPIE --database \(database) (README: 'Backups and the restore drill'), "
                + "en bewaar het beschadigde bestand voor onderzoek."
        }
        return "Zet de nieuwste reservekopie terug: systemctl stop pasjesd.socket pasjesd && "
            + "pasjes-ledger restore \(newestBackup) --database \(database) && systemctl start pasjesd.socket pasjesd; "
            + "het beschadigde bestand blijft ernaast bewaard voor onderzoek (README: 'Backups and the restore drill')."
    }
}
