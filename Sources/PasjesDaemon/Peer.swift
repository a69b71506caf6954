#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import PasjesCore

/// What a caller may do. Roles come from Unix groups (`SO_PEERCRED`), never from passwords.
public enum Role: String, Sendable, Comparable {
    /// No pasjes group: may only ask `system.info`.
    case none
    /// Restaurant cashier: charge presented cards, undo own recent sales, read wallets.
    case cashier
    /// Day-activity worker: the same rights at the dagbesteding desk.
    case activities
    /// Administrator: everything.
    case admin

    private var rank: Int {
        switch self {
        case .none: 0
        case .cashier: 1
        case .activities: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// True for roles that serve a counter.
    var servesCounters: Bool { self == .cashier || self == .activities || self == .admin }
}

/// The process on the other end of a connection, as the kernel reports it.
public struct Peer: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var pid: Int32
    public var user: String
    public var groups: [String]
    public var role: Role
    /// The counters this peer may work: every counter for admins, those of `[counter_access]`
    /// that name one of the peer's groups for cashiers and activity workers, none otherwise.
    public var counters: CounterAccess

    /// The name recorded with every booking this peer makes.
    var operatorRecord: Operator { Operator(uid: uid, name: user) }

    /// Whether this peer may charge, reverse and see taps at `counter`.
    func mayWork(_ counter: String) -> Bool { counters.contains(counter) }
}

/// The counters a peer may work.
public enum CounterAccess: Sendable, Equatable {
    case all
    case only(Set<String>)

    func contains(_ counter: String) -> Bool {
        switch self {
        case .all: true
        case .only(let counters): counters.contains(counter)
        }
    }

    /// True when `self` allows nothing that `other` does not (rights only shrank or stayed).
    func isWithin(_ other: CounterAccess) -> Bool {
        switch (self, other) {
        case (_, .all): true
        case (.all, .only): false
        case (.only(let mine), .only(let theirs)): mine.isSubset(of: theirs)
        }
    }
}

/// `struct ucred` of <sys/socket.h>, which Glibc's Swift module hides behind _GNU_SOURCE.
/// Its layout (pid_t, uid_t, gid_t: three 32-bit fields) is fixed kernel ABI.
struct PeerCredentialsValue: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

enum PeerCredentials {
    /// Reads `SO_PEERCRED` from a just-accepted Unix socket channel.
    ///
    /// Done in the channel initializer, before any byte is read: a client that sends a request
    /// and closes at once is still known (and its request still served).
    static func read(_ channel: any Channel) -> EventLoopFuture<PeerCredentialsValue> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ConfigurationError("channel does not expose socket options"))
        }
        return provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
    }

    /// Resolves names and groups from the user database; root is always admin.
    ///
    /// Blocks on NSS (files, LDAP, sssd): call it on a thread pool, never on the cooperative pool.
    static func peer(uid: uid_t, gid: gid_t, pid: pid_t, configuration: DaemonConfiguration) -> Peer {
        let (user, primary) = userName(uid: uid) ?? ("uid\(uid)", gid)
        var groupNames = Set(groupList(user: user, primary: primary).compactMap(groupName(gid:)))
        if let name = groupName(gid: gid) { groupNames.insert(name) }
        let role: Role
        if uid == 0 || !groupNames.isDisjoint(with: configuration.adminGroups) {
            role = .admin
        } else if !groupNames.isDisjoint(with: configuration.cashierGroups) {
            role = .cashier
        } else if !groupNames.isDisjoint(with: configuration.activitiesGroups) {
            role = .activities
        } else {
            role = .none
        }
        let counters: CounterAccess
        switch role {
        case .admin: counters = .all
        case .none: counters = .only([])
        case .cashier, .activities:
            counters = .only(Set(configuration.counterAccess.keys.filter {
                configuration.mayWork(counter: $0, groups: groupNames)
            }))
        }
        return Peer(uid: uid, gid: gid, pid: pid, user: user, groups: groupNames.sorted(), role: role, counters: counters)
    }

    private static func userName(uid: uid_t) -> (String, gid_t)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return (String(cString: entry.pw_name), entry.pw_gid)
    }

    private static func groupList(user: String, primary: gid_t) -> [gid_t] {
        // Bounded: a user in more than 256 groups is treated as in the first 256.
        var count: Int32 = 256
        var groups = [gid_t](repeating: 0, count: Int(count))
        guard getgrouplist(user, primary, &groups, &count) >= 0 else { return [primary] }
        return Array(groups.prefix(Int(count)))
    }

    private static func groupName(gid: gid_t) -> String? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 64 * 1024)
        guard getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return String(cString: entry.gr_name)
    }
}
