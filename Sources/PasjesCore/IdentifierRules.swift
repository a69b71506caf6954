extension Ledger {
    /// Rejects a new counter id outside `[a-z0-9_-]` (1–32): the id is part of account codes
    /// (`revenue:bar`), hledger account names and the memoriaal's cost centre, where a space, a
    /// no-break space or a colon (`restaurant:bar` became a sub-account of `restaurant`) breaks them.
    static func validate(counterID id: String) throws(LedgerError) {
        try validate(identifier: id, label: "kassa-id", maxLength: 32,
                     rule: "alleen kleine letters a-z, cijfers, _ en -") { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
    }

    /// Rejects a new product code (already upper-cased) outside `[A-Z0-9_-]` (1–32).
    static func validate(productCode code: String) throws(LedgerError) {
        try validate(identifier: code, label: "productcode", maxLength: 32, rule: "alleen letters A-Z, cijfers, _ en -") {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    /// Rejects a new activity code (already upper-cased) outside `[A-Z0-9_]` (1–24): a session id
    /// is the code, the day and the time joined by `-`, so the code itself has none.
    static func validate(activityCode code: String) throws(LedgerError) {
        try validate(identifier: code, label: "activiteitcode", maxLength: 24, rule: "alleen letters A-Z, cijfers en _") {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// Rejects a location code (already upper-cased) outside `[A-Z0-9-]` (1–16): it becomes a
    /// segment of hledger account names (`omzet:EHV-NOORD:restaurant`), where a colon or space breaks them.
    static func validate(locationCode code: String) throws(LedgerError) {
        try validate(identifier: code, label: "locatiecode", maxLength: 16, rule: "alleen letters A-Z, cijfers en -") {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    /// Ids made before these rules stay valid: only creation checks them, never a lookup or a replay.
    private static func validate(identifier: String, label: String, maxLength: Int, rule: String,
                                 allowed: (Unicode.Scalar) -> Bool) throws(LedgerError) {
        let scalars = identifier.unicodeScalars
        guard !scalars.isEmpty, scalars.count <= maxLength, scalars.allSatisfy(allowed) else {
            throw LedgerError(code: "invalid_input",
                              message: "Ongeldige \(label): 1–\(maxLength) tekens, \(rule) (geen spaties, dubbele punten of andere tekens).",
                              detail: "\(label) '\(identifier)'")
        }
    }
}
