import CSQLite

/// SQLite's process-wide memory statistics, turned off before the process opens its first
/// database.
///
/// Why: Debian builds SQLite with them on and without lookaside memory, so each of the ~420
/// allocations and frees of a charge went through a global mutex and four status counters:
/// about 40 k of a charge's ~920 k instructions (callgrind). Nothing in pasjes reads them
/// (`sqlite3_memory_used`, a soft heap limit, `sqlite3_status`).
///
/// SQLite takes this only before it initialises, at the first open in the process; after that
/// the call is refused (SQLITE_MISUSE) and changes nothing, so a process that opened a database
/// some other way first keeps the statistics, correct and slower. Flipped while another thread
/// allocates, only the counters could be off: each allocation is freed either way.
enum SQLiteMemoryStatistics {
    /// Whether they were turned off in this process (false: SQLite was already initialised).
    static let turnedOff: Bool = pasjes_sqlite3_config_memstatus(0) == SQLITE_OK
}
