import PasjesCLI

/// The `pasjes` executable: all commands live in PasjesCLI so they can be tested.
@main
enum PasjesMain {
    static func main() {
        PasjesCommand.runMain()
    }
}
