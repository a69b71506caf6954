import PasjesMoney
import PasjesProtocol

extension Formatting {
    /// The summary of `budget allocate --all`: how many, how much, and who was skipped why.
    static func allocateAll(_ info: AllocateAllInfo) -> String {
        let verb = info.dryRun ? "zou toegekend worden (--dry-run, niets geboekt)" : "toegekend"
        var lines = ["\(info.month): \(info.allocated) cliënt(en) \(verb), samen \(info.total.formatted(info.unit))."]
        let skipped = info.skipped.reduce(0) { $0 + $1.count }
        if skipped > 0 { lines.append("Overgeslagen: \(skipped) cliënt(en).") }
        for skip in info.skipped {
            let more = skip.count > skip.examples.count ? ", …" : ""
            lines.append("  \(skip.count) × \(skip.message): \(skip.examples.joined(separator: ", "))\(more)")
        }
        return lines.joined(separator: "\n")
    }
}
