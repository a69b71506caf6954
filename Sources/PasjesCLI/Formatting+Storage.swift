import PasjesProtocol

extension Formatting {
    /// The free space of the ledger's disk as `pasjes info` shows it, with a warning when it is
    /// below pasjesd's margin or gone; nil when pasjesd did not say (a role-less caller, an older daemon).
    static func storageLine(_ info: SystemInfo) -> String? {
        guard let free = info.storageFreeBytes else { return nil }
        let margin = info.storageWarnBelowBytes
        let marginText = margin.map { " (waarschuwing onder \(byteSize($0)))" } ?? ""
        // Less than one page of SQLite: no booking fits any more.
        if free < 4_096 {
            return "\(byteSize(free)): VOL, er kan niets worden geboekt; maak ruimte vrij\(marginText)"
        }
        if let margin, free < margin {
            return "\(byteSize(free)): BIJNA VOL, onder de grens van \(byteSize(margin)); maak ruimte vrij"
        }
        return byteSize(free) + marginText
    }

    /// Bytes in decimal units as a Dutch reader writes them (`3,4 GB`, `150 MB`, `12 kB`), rounded
    /// down: free space is never shown as more than there is.
    static func byteSize(_ bytes: Int64) -> String {
        let bytes = max(bytes, 0)
        if bytes >= 1_000_000_000 {
            let tenths = bytes / 100_000_000
            return "\(tenths / 10),\(tenths % 10) GB"
        }
        if bytes >= 1_000_000 { return "\(bytes / 1_000_000) MB" }
        return "\(bytes / 1_000) kB"
    }
}
