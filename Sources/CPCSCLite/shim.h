#ifndef PASJES_CPCSCLITE_SHIM_H
#define PASJES_CPCSCLITE_SHIM_H
// The real pcsc-lite headers: never hand-copy its structs (DWORD is unsigned long on 64-bit Linux).
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <PCSC/pcsclite.h>
#include <PCSC/reader.h>
#endif
