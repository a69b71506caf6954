/// `pasjes --socket X month report` as well as `pasjes month report --socket X`: argument-parser
/// only knows a subcommand's options after its name, so the global options typed first move
/// behind the subcommand before parsing.
enum LeadingGlobalOptions {
    /// `arguments` with the global options in front of the first subcommand moved behind it
    /// (before a `--`, so they stay options).
    static func moved(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--json" || first.hasPrefix("--socket=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else if first == "--socket", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        return Array(rest[..<end]) + leading + Array(rest[end...])
    }
}
