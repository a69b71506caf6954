import GRDB
import PasjesCore
import Testing

/// A full disk is told apart from other storage failures: the cashier hears `storage_full`.
@Suite struct StorageErrorTests {
    @Test func sqliteFullIsStorageFullAndOtherDatabaseErrorsStayDatabaseError() {
        let full = LedgerError.wrapping(DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full"))
        #expect(full == LedgerError.storageFull)
        #expect(full.code == "storage_full")
        #expect(full.message == "De schijf van de kassacomputer is vol: er is niets geboekt. Waarschuw de beheerder.")
        #expect(full.detail?.contains("disk is full") == true, "the log keeps SQLite's words")
        #expect(LedgerError.database(DatabaseError(resultCode: .SQLITE_FULL)) == LedgerError.storageFull)
        for other in [ResultCode.SQLITE_IOERR, .SQLITE_CONSTRAINT, .SQLITE_BUSY, .SQLITE_CORRUPT] {
            #expect(LedgerError.wrapping(DatabaseError(resultCode: other)) == LedgerError.databaseError, "\(other)")
        }
        #expect(Reason.byCode["storage_full"]?.message == full.message)
    }
}
