import PasjesMoney
import PasjesProtocol

extension Formatting {
    /// The summary of `budget allocate --all`: how many, how much, and who was skipped why.
    static func allocateAll(_ info: AllocateAllInfo) -> String {
        let total = info.total.formatted(info.unit)
        var lines = [info.dryRun
            ? "\(info.month): \(info.allocated) cliënt(en) toe te kennen, samen \(total) (--dry-run: niets geboekt)."
            : "\(info.month): \(info.allocated) cliënt(en) toegekend, samen \(total)."]
        let skipped = info.skipped.reduce(0) { $0 + $1.count }
        if skipped > 0 { lines.append("Overgeslagen: \(skipped) cliënt(en).") }
        for skip in info.skipped {
            let more = skip.count > skip.examples.count ? ", …" : ""
            lines.append("  \(skip.count) × \(skip.message): \(skip.examples.joined(separator: ", "))\(more)")
        }
        return lines.joined(separator: "\n")
    }
}
