#ifndef PASJES_CNCURSES_SHIM_H
#define PASJES_CNCURSES_SHIM_H
// Wide-character ncurses: UTF-8 names ("Daniëlle", "Çelik") need the w-variants.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#endif
