@testable import PasjesDaemon
import PasjesProtocol
import Testing

/// Each method is declared once, next to its feature; these are the rights the README promises.
@Suite struct RouteTests {
    @Test func everyMethodHasExactlyOneRoute() {
        #expect(Set(Dispatcher.routes.keys) == Set(Method.allCases))
    }

    @Test func leastRolesAndBookingsAreAsDocumented() {
        let cashier: Set<Method> = [.productList, .counterList, .walletGet, .subscribe, .saleCharge, .saleReverse,
                                    .activityList, .activitySessions, .activityBook, .activityCancel, .activityCheckIn,
                                    .activityRoster]
        // Planning and closing sessions: activity workers (cashiers share the rank, the handler refuses them).
        let activities: Set<Method> = [.activitySchedule, .activityClose]
        for method in Method.allCases {
            let expected: Role = method == .systemInfo ? .none : cashier.contains(method) ? .cashier
                : activities.contains(method) ? .activities : .admin
            #expect(Dispatcher.requiredRole(method) == expected, "\(method.rawValue)")
        }
        let books: Set<Method> = [.clientCreate, .clientUpdate, .cardLink, .cardIssue, .cardBlock, .cardReplace, .productCreate,
                                  .productUpdate, .counterCreate, .counterSetLocation, .budgetAllocate, .budgetAllocateAll, .budgetReverse, .saleCharge, .saleReverse, .saleSettleRisk, .monthClose, .clientContact,
                                  .arrangementAdd, .arrangementEnd, .clientAbsence, .budgetGrant, .budgetGrantReverse,
                                  .activityCreate, .activitySchedule, .activityBook, .activityCancel, .activityCheckIn,
                                  .activityClose, .importCommit]
        for method in Method.allCases { #expect(Dispatcher.isWrite(method) == books.contains(method), "\(method.rawValue)") }
    }
}
