import Foundation
import Logging
import PasjesCore

extension LedgerFiles {
    /// A node's replica: the file it has, or a new one from the log's first entry.
    static func openNode(path: String, settings: CentralSettings, start: CentralStart,
                         configuration: DaemonConfiguration, logger: Logger,
                         clock: @escaping @Sendable () -> Date) throws -> Ledger {
        guard !configuration.seedDemo else {
            throw ConfigurationError("--demo en [central] gaan niet samen: een node krijgt alles uit het logboek")
        }
        let ledger = try Ledger.node(at: path, node: settings.node, clock: clock) {
            guard let first = start.firstEntry else {
                throw ConfigurationError("\(path) is leeg en het eerste logboekitem is niet opgehaald")
            }
            return first
        }
        let appliedSeq = try ledger.journalHead()?.seq ?? 0
        logger.notice("ledger open as a node of several locations; writes wait until it has caught up with the log", metadata: [
            "database": "\(path)", "node": "\(settings.node)", "head_office": "\(settings.headOffice)",
            "applied_seq": "\(appliedSeq)"])
        return ledger
    }

    /// Once a node has caught up with the log. The head office stores its config file's
    /// organisation-wide settings in the log (tariffs, solidarity, activity rules; as proposals,
    /// like any write) and lands the due allocations (no other node does); any other node
    /// compares its file with the log, says where they differ, and goes by the log: twelve
    /// config files must not make twelve tariff tables.
    static func settle(configuration: DaemonConfiguration, ledger: Ledger, logger: Logger) throws {
        guard configuration.central?.headOffice != true else {
            try applyTariffs(configuration.tariffs, to: ledger, logger: logger)
            if let solidarity = configuration.solidarity { _ = try ledger.setSolidarity(solidarity) }
            // Always, defaults included: the organisation has one set of rules, not one per file.
            try ledger.setActivityRules(configuration.activityRules)
            let landed = try ledger.landDueAllocations()
            if landed > 0 { logger.notice("announced allocations landed", metadata: ["count": "\(landed)"]) }
            return
        }
        if let tariffs = configuration.tariffs, try ledger.tariffs() != tariffs {
            logger.warning("[tariffs] in the config file differ from the organisation's log; using the log's (change them at the head office)")
        }
        if let solidarity = configuration.solidarity, try ledger.solidarityPolicy() != solidarity {
            logger.warning("[solidarity] in the config file differs from the organisation's log; using the log's (change it at the head office)")
        }
        if configuration.activityRulesInFile, let stored = try ledger.storedActivityRules(), stored != configuration.activityRules {
            logger.warning("[activities] in the config file differ from the organisation's log; using the log's (change them at the head office)",
                           metadata: ["file": "\(configuration.activityRules)", "log": "\(stored)"])
        }
    }
}
