extension Reason {
    // Imports staged on the server and booked all at once
    public static let importInvalid = Reason(
        "import_invalid", "De import heeft foute regels: er is niets geïmporteerd. Vraag de lijst op met import.check.")
    public static let importUnknown = Reason("import_unknown", "Deze import is onbekend of verlopen; begin opnieuw.")
    public static let importTooLarge = Reason("import_too_large", "Deze import is te groot; splits het bestand.")
    public static let possibleDuplicate = Reason(
        "possible_duplicate", "Mogelijk bestaat deze bewoner al (zelfde naam op dezelfde locatie). Ga door met --toch.")

    /// The reasons of imports and duplicate residents, in `Reason.all`.
    static let importReasons: [Reason] = [importInvalid, importUnknown, importTooLarge, possibleDuplicate]
}
