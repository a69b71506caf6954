import Logging
import PasjesModel
import PasjesProtocol

extension Logger {
    /// One error-level line when a request met `ledger_inconsistent`: the data file holds what
    /// pasjesd never writes (a NULL, a missing account, a negative balance). Nothing was booked;
    /// the line names the table and key so the operator can look, and says what to do.
    func inconsistency(_ error: RPCError, method: String, uid: UInt32? = nil) {
        guard error.reason == Reason.ledgerInconsistent.code else { return }
        self.error("ledger inconsistent: refused, nothing booked; run pasjes verify, restore the newest backup if it finds damage", metadata: [
            "method": "\(method)", "found": "\(error.data?.detail ?? "")", "uid": "\(uid.map(String.init) ?? "-")",
        ])
    }
}
