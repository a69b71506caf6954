#ifndef PASJES_CNCURSES_SHIM_H
#define PASJES_CNCURSES_SHIM_H
// Wide-character ncurses: UTF-8 names ("Daniëlle", "Çelik") need the w-variants.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

// Swift does not import ncurses' attribute macros (NCURSES_BITS) nor can it read the mutable
// global `stdscr` under strict concurrency; these helpers give them a function shape.
static inline attr_t pasjes_attr_bold(void) { return A_BOLD; }
static inline attr_t pasjes_attr_reverse(void) { return A_REVERSE; }
static inline attr_t pasjes_attr_dim(void) { return A_DIM; }
static inline attr_t pasjes_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t pasjes_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
static inline WINDOW *pasjes_stdscr(void) { return stdscr; }
#endif
