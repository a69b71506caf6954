#ifndef PASJES_CSQLITE_SHIM_H
#define PASJES_CSQLITE_SHIM_H
// The system's SQLite, the library GRDB links too: one connection, two ways to step it.
#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call: its one use here, spelled out.
// SQLite's memory statistics on (1) or off (0); SQLITE_MISUSE once SQLite is initialised.
static inline int pasjes_sqlite3_config_memstatus(int on) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, on);
}
#endif
