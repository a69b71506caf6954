#ifndef PASJES_CSQLITE_SHIM_H
#define PASJES_CSQLITE_SHIM_H
// The system's SQLite, the library GRDB links too: one connection, two ways to step it.
#include <sqlite3.h>
#endif
