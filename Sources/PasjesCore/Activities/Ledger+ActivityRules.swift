import GRDB

/// `activityRules.set`: the organisation's activity rules, stored in the log by the head office.
struct ActivityRulesSet: LedgerCommand {
    static let kind = "activityRules.set"
    var rules: ActivityRules

    func apply(to ledger: Ledger, in db: Database) throws -> ActivityRules {
        try ledger.bookActivityRules(rules, in: db)
    }
}

extension Ledger {
    /// Stores the organisation's activity rules (the head office's config, in central mode).
    /// Setting what is set already books nothing.
    @discardableResult
    public func setActivityRules(_ rules: ActivityRules) throws -> ActivityRules {
        try rules.validate()
        if try storedActivityRules() == rules { return rules }
        return try execute(ActivityRulesSet(rules: rules))
    }

    /// The activity rules stored in the ledger; nil until `setActivityRules` stored some.
    public func storedActivityRules() throws -> ActivityRules? {
        try read { db in try storedActivityRules(in: db) }
    }

    func bookActivityRules(_ rules: ActivityRules, in db: Database) throws -> ActivityRules {
        try rules.validate()
        // `IS NOT`: the same rules again update no row, so nothing is journaled.
        try db.execute(sql: """
            INSERT INTO activity_rules (id, cutoff_minutes, late_policy, grace_minutes) VALUES (1, ?1, ?2, ?3)
            ON CONFLICT (id) DO UPDATE SET cutoff_minutes = ?1, late_policy = ?2, grace_minutes = ?3
            WHERE cutoff_minutes IS NOT ?1 OR late_policy IS NOT ?2 OR grace_minutes IS NOT ?3
            """, arguments: [rules.cutoffMinutes, rules.latePolicy.rawValue, rules.graceMinutes])
        return rules
    }

    func storedActivityRules(in db: Database) throws -> ActivityRules? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT cutoff_minutes, late_policy, grace_minutes FROM activity_rules WHERE id = 1
            """)) else { return nil }
        guard let policy = LatePolicy(rawValue: try row.decode(forColumn: "late_policy")) else {
            throw LedgerError.databaseError.with("activity_rules.late_policy unknown")
        }
        return ActivityRules(cutoffMinutes: try row.decode(forColumn: "cutoff_minutes"), latePolicy: policy,
                             graceMinutes: try row.decode(forColumn: "grace_minutes"))
    }
}
