import ArgumentParser
import Foundation
import PasjesProtocol

/// `pasjes activity create|schedule|list|sessions|book|cancel|checkin|roster|close`
struct ActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity", abstract: "Dagbesteding: activiteiten, planning, boeken, aanmelden, lijsten.",
        subcommands: [ActivityCreate.self, ActivitySchedule.self, ActivityList.self, ActivitySessions.self,
                      ActivityBook.self, ActivityCancel.self, ActivityCheckIn.self, ActivityRoster.self,
                      ActivityClose.self])
}

private let sessionHelp = ArgumentHelp("Bijeenkomst, bijvoorbeeld SCHILDER-20261201-1000.", valueName: "bijeenkomst")

/// `pasjes activity create SCHILDER --name "Schilderles" --price 12,50 --capacity 8 --place Atelier`
struct ActivityCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Maak een activiteit aan (prijs 0: basisaanbod, gratis).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Code: letters, cijfers of _ (hoogstens 24).", valueName: "code")) var code: String
    @Option(help: ArgumentHelp("Naam.", valueName: "naam")) var name: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Prijs per bijeenkomst, bijvoorbeeld 12,50 (0: gratis).",
                                                        valueName: "prijs"))
    var price: String
    @Option(help: ArgumentHelp("Categorie: dagbesteding of welzijn.", valueName: "categorie")) var category = "dagbesteding"
    @Option(help: ArgumentHelp("Plaatsen per bijeenkomst (1–500).", valueName: "aantal")) var capacity: Int
    @Option(help: ArgumentHelp("Waar.", valueName: "plaats")) var place: String?
    @Option(help: ArgumentHelp("Duur in minuten (5–720, standaard 120).", valueName: "minuten")) var duration: Int?
    @Option(help: ArgumentHelp("Kassa waar de omzet en de aanmeldingen horen (standaard dagbesteding).", valueName: "kassa"))
    var counter: String?
    @Flag(inversion: .prefixedNo, help: "Beïnvloedbaar door de cliënt (nee: basisaanbod, alleen gratis).")
    var influenceable = true
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging.") var idempotencyKey: String?

    func validate() throws {
        try AmountText.refuseNegative(price, option: "--price")
        guard ["dagbesteding", "welzijn"].contains(category) else {
            throw ValidationError("--category: dagbesteding of welzijn, niet '\(category)'")
        }
    }

    func run() throws {
        let daemon = try global.connect()
        let trimmed = price.trimmingCharacters(in: .whitespaces)
        let amount = ["0", "0,00", "0.00"].contains(trimmed) ? .zero : try daemon.amount(price, option: "--price")
        let params = ActivityCreateParams(
            idempotencyKey: idempotencyKey, code: code, name: name, category: ProductCategory(rawValue: category) ?? .dagbesteding,
            price: amount, influenceable: influenceable, capacity: capacity, place: place, durationMinutes: duration,
            counter: counter)
        try daemon.run(.activityCreate, params, as: ActivityInfo.self) { ActivityText.activities([$0]) }
    }
}

/// `pasjes activity schedule SCHILDER --day 2026-12-01 --time 10:00 --until 2027-02-23`
struct ActivitySchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Plan een bijeenkomst, of wekelijks tot en met --until (tijden in Nederland).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Activiteitcode.", valueName: "code")) var code: String
    @Option(help: ArgumentHelp("Eerste dag, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "dag")) var day: String
    @Option(help: ArgumentHelp("Begintijd, UU:MM.", valueName: "tijd")) var time: String
    @Option(help: ArgumentHelp("Elke week tot en met deze dag, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "dag")) var until: String?
    @Option(help: ArgumentHelp("Plaatsen, als het anders is dan bij de activiteit.", valueName: "aantal")) var capacity: Int?
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging.") var idempotencyKey: String?

    mutating func validate() throws {
        day = try DayText.iso(day, option: "--day")
        until = try until.map { try DayText.iso($0, option: "--until") }
    }

    func run() throws {
        let params = ActivityScheduleParams(idempotencyKey: idempotencyKey, activity: code, day: day, time: time,
                                            until: until, capacity: capacity)
        try global.connect().run(.activitySchedule, params, as: SessionListResult.self) { result in
            ActivityText.sessions(result.sessions) + ActivityText.skipped(result.skipped ?? [], time: time)
        }
    }
}

/// `pasjes activity list`
struct ActivityList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Toon de activiteiten.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.connect().run(.activityList, NoParams(), as: ActivityListResult.self) {
            ActivityText.activities($0.activities)
        }
    }
}

/// `pasjes activity sessions --from 2026-12-01 --to 2026-12-07`
struct ActivitySessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "Toon de bijeenkomsten van een periode (standaard vandaag).")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Eerste dag, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "dag")) var from: String?
    @Option(help: ArgumentHelp("Laatste dag, DD-MM-JJJJ of JJJJ-MM-DD.", valueName: "dag")) var to: String?

    mutating func validate() throws {
        from = try from.map { try DayText.iso($0, option: "--from") }
        to = try to.map { try DayText.iso($0, option: "--to") }
    }

    func run() throws {
        let daemon = try global.connect()
        let today = try daemon.today()
        // Pages of at most 100 (one protocol line each): read them all, up to 5,000 sessions.
        var all: [SessionInfo] = []
        var offset: Int? = 0
        while let next = offset, all.count < 5_000 {
            let page = try daemon.call(.activitySessions, ActivitySessionsParams(from: from ?? today, to: to ?? from ?? today,
                                                                               offset: next), as: SessionListResult.self)
            all += page.sessions
            offset = page.next
        }
        if daemon.json {
            Output.printJSON(encoding: SessionListResult(sessions: all))
        } else {
            Output.print(ActivityText.sessions(all))
        }
    }
}

/// `pasjes activity book 1001 SCHILDER-20261201-1000`
struct ActivityBook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book", abstract: "Boek een plaats (het bedrag wordt vastgehouden), of zet op de wachtlijst.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "cliënt")) var clientNumber: String
    @Argument(help: sessionHelp) var session: String
    @Flag(help: "Niet op de wachtlijst als het vol is.") var noWait = false
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func run() throws {
        let params = ActivityBookingParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), session: session,
                                           clientNumber: clientNumber, waitIfFull: !noWait)
        try global.connect().run(.activityBook, params, as: BookingInfo.self) { ActivityText.booking($0) }
    }
}

/// `pasjes activity checkin 1001 SCHILDER-20261201-1000`
struct ActivityCheckIn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin", abstract: "Meld een cliënt aan bij de bijeenkomst: het vastgehouden bedrag wordt afgerekend.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Cliëntnummer.", valueName: "cliënt")) var clientNumber: String
    @Argument(help: sessionHelp) var session: String
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func run() throws {
        let params = ActivityBookingParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), session: session,
                                           clientNumber: clientNumber)
        try global.connect().run(.activityCheckIn, params, as: BookingInfo.self) { ActivityText.booking($0) }
    }
}

/// `pasjes activity cancel SCHILDER-20261201-1000 [--client 1001] [--reason …]`
struct ActivityCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Meld een cliënt af (--client), of annuleer de hele bijeenkomst (iedereen krijgt het bedrag terug).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: sessionHelp) var session: String
    @Option(name: .customLong("client"), help: ArgumentHelp("Cliëntnummer: alleen deze cliënt afmelden.", valueName: "cliënt"))
    var clientNumber: String?
    @Option(name: [.customLong("reason"), .customLong("reden")], help: "Waarom de bijeenkomst niet doorgaat.")
    var reason: String?
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func run() throws {
        let params = ActivityBookingParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), session: session,
                                           clientNumber: clientNumber, reason: reason)
        try global.connect().run(.activityCancel, params, as: ActivityCancelResult.self) { ActivityText.cancellation($0) }
    }
}

/// `pasjes activity roster SCHILDER-20261201-1000`
struct ActivityRoster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster", abstract: "Toon de deelnemerslijst: aanwezig, geboekt, wachtlijst.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: sessionHelp) var session: String

    func run() throws {
        let daemon = try global.connect()
        let roster = try daemon.allPages(.activityRoster, as: RosterResult.self, next: \.next, params: {
            ActivitySessionParams(session: session, offset: $0)
        }, join: { $0.entries += $1.entries })
        Output.print(json: daemon.json, roster) { ActivityText.roster($0) }
    }
}

/// `pasjes activity close SCHILDER-20261201-1000`
struct ActivityClose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Sluit een bijeenkomst af: wie niet kwam volgens het beleid, de wachtlijst vrij.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: sessionHelp) var session: String
    @Option(name: .customLong("idempotency-key"), help: "Sleutel voor een herhaalde poging (standaard: nieuw).")
    var idempotencyKey: String?

    func run() throws {
        let params = ActivitySessionParams(idempotencyKey: IdempotencyKey.make(idempotencyKey), session: session)
        try global.connect().run(.activityClose, params, as: ActivityCancelResult.self) { ActivityText.cancellation($0) }
    }
}

/// Dutch text for day activities.
enum ActivityText {
    static func bookingState(_ state: BookingState) -> String {
        switch state {
        case .booked: "geboekt"
        case .waiting: "wachtlijst"
        case .attended: "aanwezig"
        case .cancelled: "afgemeld"
        case .charged: "afgerekend (niet gekomen)"
        case .released: "vrijgegeven"
        }
    }

    static func sessionState(_ state: SessionState) -> String {
        switch state {
        case .open: "open"
        case .cancelled: "geannuleerd"
        case .closed: "afgesloten"
        }
    }

    static func activities(_ activities: [ActivityInfo]) -> String {
        var table = Table([.init("Code"), .init("Naam"), .init("Categorie"), .init("Prijs", .right),
                           .init("Plaatsen", .right), .init("Plaats"), .init("Duur", .right), .init("Kassa")])
        for activity in activities {
            table.add([activity.code, activity.name, activity.category.rawValue,
                       activity.price.minorUnits == 0 ? "gratis" : activity.price.formatted(activity.unit),
                       String(activity.capacity), activity.place, "\(activity.durationMinutes) min", activity.counter])
        }
        return table.render(ifEmpty: "Geen activiteiten.")
    }

    static func sessions(_ sessions: [SessionInfo]) -> String {
        var table = Table([.init("Bijeenkomst"), .init("Activiteit"), .init("Dag"), .init("Tijd"), .init("Plaats"),
                           .init("Geboekt", .right), .init("Aanwezig", .right), .init("Wachtlijst", .right),
                           .init("Vrij", .right), .init("Status")])
        for session in sessions {
            table.add([session.id, session.activityName, session.day, "\(session.startTime)–\(session.endTime)",
                       session.place, String(session.booked), String(session.attended), String(session.waiting),
                       String(session.free), sessionState(session.state)])
        }
        return table.render(ifEmpty: "Geen bijeenkomsten.")
    }

    /// The days a weekly series left out, in Dutch: nobody expects 02:30 to be missing.
    static func skipped(_ days: [String], time: String) -> String {
        guard !days.isEmpty else { return "" }
        // yyyy-MM-dd as dd-MM-yyyy, as Dutch letters write a day.
        let dutch = days.map { $0.split(separator: "-").reversed().joined(separator: "-") }.joined(separator: ", ")
        return "\nOvergeslagen: \(dutch) (\(time) bestaat die nacht niet: de klok gaat van 02:00 naar 03:00)."
    }

    static func booking(_ booking: BookingInfo) -> String {
        let unit = booking.unit
        var fields = Fields()
        fields.add("Bijeenkomst", "\(booking.session) \(booking.activityName)"
                   + (booking.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : ""))
        fields.add("Cliënt", "\(booking.clientNumber) \(booking.clientName)")
        var state = bookingState(booking.state)
        if let position = booking.position { state += ", plaats \(position)" }
        if booking.alreadyPresent { state += " (was al aangemeld, niets nieuw geboekt)" }
        fields.add("Status", state)
        if booking.held.minorUnits + booking.heldOwn.minorUnits > 0 {
            let own = booking.heldOwn.minorUnits > 0 ? " + \(booking.heldOwn.formatted(unit)) eigen bijdrage" : ""
            fields.add("Vastgehouden", booking.held.formatted(unit) + own)
        }
        if let sale = booking.saleId { fields.add("Verkoop", sale) }
        fields.add("Saldo", "\(booking.balance.formatted(unit))  \(Formatting.light(booking.light))")
        fields.add("Beschikbaar", booking.available.formatted(unit))
        fields.add("Vrije plaatsen", String(booking.free))
        return fields.render()
    }

    static func cancellation(_ result: ActivityCancelResult) -> String {
        let unit = result.unit
        var fields = Fields()
        fields.add("Bijeenkomst", result.session + (result.replayed ? " (herhaald verzoek, niets nieuw geboekt)" : ""))
        if let number = result.clientNumber, let state = result.state {
            fields.add("Cliënt", number)
            fields.add("Status", bookingState(state) + (result.late == true ? " (na de termijn)" : ""))
        } else {
            fields.add("Status bijeenkomst", sessionState(result.sessionState))
        }
        fields.add("Vrijgegeven", result.released.formatted(unit))
        if result.charged.minorUnits > 0 { fields.add("Afgerekend", result.charged.formatted(unit)) }
        for change in result.changes {
            fields.add(change.state == .booked ? "Van de wachtlijst" : "Cliënt \(change.clientNumber)",
                       change.state == .booked ? change.clientNumber : bookingState(change.state))
        }
        return fields.render()
    }

    static func roster(_ roster: RosterResult) -> String {
        let session = roster.session
        var table = Table([.init("Cliënt"), .init("Naam"), .init("Status"), .init("Vastgehouden", .right)])
        for entry in roster.entries {
            var state = bookingState(entry.state)
            if let position = entry.position { state += " \(position)" }
            if let absence = entry.absence { state += ", afwezig (\(absence.dutch))" }
            table.add([entry.clientNumber, entry.clientName, state,
                       entry.held.minorUnits > 0 ? entry.held.formatted(session.unit) : ""])
        }
        let header = "\(session.id)  \(session.activityName)  \(session.day) \(session.startTime)–\(session.endTime)  "
            + "\(sessionState(session.state)); \(session.booked) geboekt, \(session.attended) aanwezig, "
            + "\(session.waiting) op de wachtlijst, \(session.free) vrij van \(session.capacity)"
        return header + "\n" + table.render(ifEmpty: "Nog niemand op de lijst.")
    }
}
