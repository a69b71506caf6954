import Foundation
import PasjesCore
@testable import PasjesDaemon
import Testing

@Suite struct ActivityConfigurationTests {
    @Test func theActivitiesSectionIsReadAsWritten() throws {
        var configuration = DaemonConfiguration()
        #expect(configuration.activityRules == ActivityRules(cutoffMinutes: 1_440, latePolicy: .release, graceMinutes: 60))
        #expect(configuration.activitySweepSeconds == 60)
        try configuration.apply(toml: """
            [activities]
            cutoff_hours = 48
            late_policy = "charge"
            grace_minutes = 15
            sweep_seconds = 0
            """)
        #expect(configuration.activityRules == ActivityRules(cutoffMinutes: 2_880, latePolicy: .charge, graceMinutes: 15))
        #expect(configuration.activitySweepSeconds == nil, "0 turns the sweep off")
    }

    @Test(arguments: [
        ("[activities]\ncutoff_hours = 9223372036854775807", "cutoff_hours"),
        ("[activities]\ncutoff_hours = -1", "cutoff_hours"),
        ("[activities]\nlate_policy = \"boete\"", "late_policy"),
        ("[activities]\ngrace_minutes = 100000", "grace_minutes"),
        ("[activities]\nsweep_seconds = -5", "sweep_seconds"),
    ])
    func badValuesAreRefusedWithAMessage(toml: String, mentions: String) throws {
        var configuration = DaemonConfiguration()
        #expect {
            try configuration.apply(toml: toml)
        } throws: { error in
            "\(error)".contains(mentions)
        }
    }
}
