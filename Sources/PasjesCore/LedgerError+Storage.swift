import GRDB
import PasjesModel

extension LedgerError {
    public static let storageFull = LedgerError(.storageFull)

    /// A database error as a ledger error. A full disk (SQLITE_FULL: a write to the WAL or the
    /// file found no space, and SQLite rolled the transaction back) is `storage_full`, a fault the
    /// operator can fix by freeing space; every other database error stays `database_error`.
    public static func database(_ error: DatabaseError) -> LedgerError {
        let detail = "\(error.resultCode): \(error.message ?? "")"
        return error.resultCode == .SQLITE_FULL ? storageFull.with(detail) : databaseError.with(detail)
    }
}
